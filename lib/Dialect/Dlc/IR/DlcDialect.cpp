//===- DlcDialect.cpp - The dlc dialect -----------------------------------===//
//
// Registers the dlc ops and attributes and verifies the dialect's argument
// attribute `dlc.param`, which marks the trainable parameters of a step.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/Dlc/IR/DlcDialect.h"
#include "dlc/Dialect/Dlc/IR/DlcMemoryPlan.h"
#include "dlc/Dialect/Dlc/IR/DlcOps.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinTypes.h"

using namespace mlir;
using namespace mlir::dlc;

#include "dlc/Dialect/Dlc/IR/DlcDialect.cpp.inc"

void DlcDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dlc/Dialect/Dlc/IR/DlcOps.cpp.inc"
      >();
}

LogicalResult DlcDialect::verifyRegionArgAttribute(Operation *op,
                                                   unsigned regionIndex,
                                                   unsigned argIndex,
                                                   NamedAttribute attr) {
  if (attr.getName() != getParamAttrName() &&
      attr.getName() != getOptimizerStateAttrName())
    return op->emitError() << "unknown dlc argument attribute '"
                           << attr.getName().getValue() << "'; expected '"
                           << getParamAttrName() << "' or '"
                           << getOptimizerStateAttrName() << "'";
  if (!isa<UnitAttr>(attr.getValue()))
    return op->emitError() << "'" << attr.getName().getValue()
                           << "' must be a unit attribute, got "
                           << attr.getValue();
  Type type = op->getRegion(regionIndex).getArgument(argIndex).getType();
  // A parameter stays marked through bufferization, where it becomes a memref,
  // and through lowering to LLVM functions, whose arguments are pointers.
  if (isa<LLVM::LLVMDialect>(op->getDialect()))
    return success();
  auto shaped = dyn_cast<ShapedType>(type);
  if (!shaped || !isa<RankedTensorType, MemRefType>(shaped) ||
      !shaped.hasStaticShape() || !isa<FloatType>(shaped.getElementType()))
    return op->emitError() << "'" << attr.getName().getValue() << "' argument #"
                           << argIndex
                           << " must be a statically shaped floating-point "
                              "tensor or memref, got "
                           << type;
  return success();
}

LogicalResult DlcDialect::verifyOperationAttribute(Operation *op,
                                                   NamedAttribute attr) {
  StringRef name = attr.getName().getValue();
  if (name == getArenaAttrName()) {
    auto alloc = dyn_cast<memref::AllocOp>(op);
    if (!alloc)
      return success(); // Lowered further, the mark is only a record.
    MemRefType type = alloc.getType();
    if (!isa<UnitAttr>(attr.getValue()) || type.getRank() != 1 ||
        !type.hasStaticShape() || !type.getElementType().isInteger(8))
      return op->emitError() << "'" << name
                             << "' must be a unit attribute on a memref.alloc "
                                "of a static 1-D i8 memref";
    return success();
  }
  if (name == getRecomputedAttrName()) {
    if (!isa<UnitAttr>(attr.getValue()))
      return op->emitError() << "'" << name << "' must be a unit attribute";
    return success();
  }
  if (name == getCheckpointAttrName()) {
    if (!isa<UnitAttr>(attr.getValue()))
      return op->emitError() << "'" << name << "' must be a unit attribute";
    if (op->getNumResults() == 0)
      return op->emitError() << "'" << name
                             << "' marks an op whose results are kept; this "
                                "op has none";
    return success();
  }
  if (name == getBufferAttrName()) {
    if (!isa<IntegerAttr>(attr.getValue()))
      return op->emitError() << "'" << name << "' must be an integer";
    return success();
  }
  if (name == getArenaSizeAttrName() || name == getArenaLowerBoundAttrName()) {
    auto value = dyn_cast<IntegerAttr>(attr.getValue());
    if (!value || value.getInt() < 0)
      return op->emitError()
             << "'" << name << "' must be a non-negative integer";
    // The plan is checked while the function is still in func and memref
    // form; lowered further, the attribute only records the figure.
    auto func = dyn_cast<func::FuncOp>(op);
    if (func && name == getArenaSizeAttrName())
      return verifyArenaPlan(func, value.getInt());
    return success();
  }
  return op->emitError() << "unknown dlc attribute '" << name << "'";
}
