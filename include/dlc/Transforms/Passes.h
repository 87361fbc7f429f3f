//===- Passes.h - dlc graph transformations ---------------------*- C++ -*-===//
//
// Declares the graph transformation passes (Passes.td).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TRANSFORMS_PASSES_H
#define DLC_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir {
namespace arith {
class ArithDialect;
} // namespace arith
namespace memref {
class MemRefDialect;
} // namespace memref
} // namespace mlir

namespace mlir::dlc {

class DlcDialect;

#define GEN_PASS_DECL
#define GEN_PASS_REGISTRATION
#include "dlc/Transforms/Passes.h.inc"

} // namespace mlir::dlc

#endif // DLC_TRANSFORMS_PASSES_H
