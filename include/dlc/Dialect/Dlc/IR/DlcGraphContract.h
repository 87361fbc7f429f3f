//===- DlcGraphContract.h - What a dlc graph may contain --------*- C++ -*-===//
//
// The graph contract: the shape of a step that dlc's graph passes, its memory
// analysis and its runner rely on, stated once as a function that refuses,
// with a diagnostic at the offending place, any function that breaks it.
// Passes and tools call it on the functions they are given before they trust
// them, so that hostile input is refused instead of crashing, hanging or
// silently giving a wrong result.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_IR_DLCGRAPHCONTRACT_H
#define DLC_DIALECT_DLC_IR_DLCGRAPHCONTRACT_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <optional>

namespace mlir::dlc {

/// Checks that `func` is a dlc graph, a step as the graph passes (autodiff,
/// remat, the memory report), the runner and the tensor stages of the
/// pipelines expect it, before `dlc-to-linalg` lowers it:
///
/// * it has a body, and the body is one block: its op order is the schedule,
///   so there is no control flow between blocks;
/// * no op in it has regions (no `scf.if`, `scf.for`, `scf.execute_region`,
///   `linalg.generic`...): ops of the block are the unit of scheduling,
///   liveness and differentiation;
/// * no op in it is a call (`CallOpInterface`: `func.call`,
///   `func.call_indirect`): a step is one function, which also rules out
///   recursion;
/// * `dlc.param` marks arguments only, never a result (the dialect's
///   verifier checks that, on results and ops, and the type of the
///   arguments it marks);
/// * every argument and every result is a ranked, statically shaped tensor
///   of integer or floating-point elements, and so is every op result of a
///   shaped type (a memref, vector, unranked or dynamically shaped tensor is
///   refused); op results that are not shaped, such as an `index` or `f32`
///   scalar from an `arith` op, are allowed;
/// * each of those tensors has a byte size, its element count times its
///   element's size in whole bytes, that fits in int64 (at most 2^63 - 1
///   bytes), so that byte counts computed from it cannot wrap.
///
/// Ops of any dialect are otherwise allowed: which ops a pass can handle
/// (differentiate, lower) is that pass's business. Reports the first
/// violation found, at the function for the body, its signature and its
/// result attributes and at the op for an op, and fails; succeeds silently.
LogicalResult verifyGraphContract(func::FuncOp func);

/// The bytes a value of `type` occupies: its element count times its
/// element's size in whole bytes. None when `type` is not a ranked,
/// statically shaped tensor of integer or floating-point elements or when
/// the product overflows int64.
std::optional<int64_t> getTensorBytes(Type type);

} // namespace mlir::dlc

#endif // DLC_DIALECT_DLC_IR_DLCGRAPHCONTRACT_H
