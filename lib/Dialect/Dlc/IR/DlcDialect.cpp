//===- DlcDialect.cpp - The dlc dialect -----------------------------------===//
//
// Registers the dlc ops and attributes and verifies the dialect's argument
// attribute `dlc.param`, which marks the trainable parameters of a step.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/Dlc/IR/DlcDialect.h"
#include "dlc/Dialect/Dlc/IR/DlcOps.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
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
