//===- DlcOps.h - dlc operations --------------------------------*- C++ -*-===//
//
// Declares the operations of the dlc dialect, generated from DlcOps.td.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_IR_DLCOPS_H
#define DLC_DIALECT_DLC_IR_DLCOPS_H

#include "dlc/Dialect/Dlc/IR/DlcAttrs.h"
#include "dlc/Dialect/Dlc/IR/DlcDialect.h"
#include "dlc/Dialect/Dlc/IR/DlcInterfaces.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace mlir::dlc {
namespace detail {
LogicalResult verifyStrictAttributes(Operation *op);
} // namespace detail

/// Op trait: every discardable attribute carries a dialect prefix
/// (`dlc.offset`, `bufferization.x`); an unprefixed one is reported as unknown.
template <typename ConcreteType>
class StrictAttributes
    : public OpTrait::TraitBase<ConcreteType, StrictAttributes> {
public:
  static LogicalResult verifyTrait(Operation *op) {
    return detail::verifyStrictAttributes(op);
  }
};

/// An arith.constant of the floating-point tensor `type` with every element
/// `value`: the seeds, scales and zeros of gradient code.
Value createFloatSplat(OpBuilder &b, Location loc, RankedTensorType type,
                       double value);

/// Checks that the result types of `op` are the `inferred` ones, and names
/// the first that differs.
LogicalResult verifyInferredResults(Operation *op, TypeRange inferred);
} // namespace mlir::dlc

#define GET_OP_CLASSES
#include "dlc/Dialect/Dlc/IR/DlcOps.h.inc"

#endif // DLC_DIALECT_DLC_IR_DLCOPS_H
