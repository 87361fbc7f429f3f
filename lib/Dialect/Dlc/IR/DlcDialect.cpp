//===- DlcDialect.cpp - The dlc dialect -----------------------------------===//
//
// Registers the dlc ops and attributes and verifies the dialect's argument
// attribute `dlc.param`, which marks the trainable parameters of a step.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/Dlc/IR/DlcDialect.h"
#include "dlc/Dialect/Dlc/IR/DlcOps.h"

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
  if (attr.getName() != getParamAttrName())
    return op->emitError() << "unknown dlc argument attribute '"
                           << attr.getName().getValue() << "'; expected '"
                           << getParamAttrName() << "'";
  if (!isa<UnitAttr>(attr.getValue()))
    return op->emitError() << "'" << getParamAttrName()
                           << "' must be a unit attribute, got "
                           << attr.getValue();
  Type type = op->getRegion(regionIndex).getArgument(argIndex).getType();
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape() ||
      !isa<FloatType>(tensor.getElementType()))
    return op->emitError() << "'" << getParamAttrName() << "' argument #"
                           << argIndex
                           << " must be a statically shaped floating-point "
                              "tensor, got "
                           << type;
  return success();
}
