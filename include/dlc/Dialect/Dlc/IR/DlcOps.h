//===- DlcOps.h - dlc operations --------------------------------*- C++ -*-===//
//
// Declares the operations of the dlc dialect, generated from DlcOps.td.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_IR_DLCOPS_H
#define DLC_DIALECT_DLC_IR_DLCOPS_H

#include "dlc/Dialect/Dlc/IR/DlcAttrs.h"
#include "dlc/Dialect/Dlc/IR/DlcDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace mlir::dlc {
/// Checks that the result types of `op` are the `inferred` ones, and names
/// the first that differs.
LogicalResult verifyInferredResults(Operation *op, TypeRange inferred);
} // namespace mlir::dlc

#define GET_OP_CLASSES
#include "dlc/Dialect/Dlc/IR/DlcOps.h.inc"

#endif // DLC_DIALECT_DLC_IR_DLCOPS_H
