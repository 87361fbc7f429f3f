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
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

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
  StringRef name = attr.getName().getValue();
  if (name == getInitAttrName()) {
    auto init = dyn_cast<StringAttr>(attr.getValue());
    if (!init || init.getValue() != "zeros")
      return op->emitError() << "'" << name << "' on argument #" << argIndex
                             << " must be \"zeros\", got " << attr.getValue();
    if (auto func = dyn_cast<FunctionOpInterface>(op);
        func && !func.getArgAttr(argIndex, getParamAttrName()))
      return op->emitError()
             << "'" << name << "' on argument #" << argIndex
             << ", which is not a '" << getParamAttrName()
             << "': only trainable parameters are initialised by the step's "
                "tools";
    return success();
  }
  // Bufferization turns results into out-parameters, and their marks with
  // them: an out-parameter says which argument it holds the next value of.
  if (name == getUpdatesAttrName()) {
    if (!isa<IntegerAttr>(attr.getValue()))
      return op->emitError()
             << "'" << name << "' on argument #" << argIndex
             << " must be the index of an argument, got " << attr.getValue();
    return success();
  }
  if (name != getParamAttrName() && name != getFrozenAttrName() &&
      name != getOptimizerStateAttrName() && name != getStepAttrName() &&
      name != getStepStateAttrName())
    return op->emitError() << "unknown dlc argument attribute '" << name
                           << "'; expected '" << getParamAttrName() << "', '"
                           << getFrozenAttrName() << "', '"
                           << getOptimizerStateAttrName() << "', '"
                           << getStepStateAttrName() << "', '"
                           << getStepAttrName() << "', '"
                           << getUpdatesAttrName() << "' or '"
                           << getInitAttrName() << "'";
  if (!isa<UnitAttr>(attr.getValue()))
    return op->emitError() << "'" << name << "' must be a unit attribute, got "
                           << attr.getValue();
  if (name == getStepAttrName()) {
    auto shaped = dyn_cast<ShapedType>(
        op->getRegion(regionIndex).getArgument(argIndex).getType());
    if (isa<LLVM::LLVMDialect>(op->getDialect()) ||
        (shaped && shaped.hasRank() && shaped.getRank() == 0 &&
         isa<FloatType>(shaped.getElementType())))
      return success();
    return op->emitError()
           << "'" << name << "' argument #" << argIndex
           << " must be a rank-0 floating-point tensor, got "
           << op->getRegion(regionIndex).getArgument(argIndex).getType();
  }
  // An argument is one of: trained, frozen, optimizer state, step state.
  const StringRef kinds[] = {getParamAttrName(), getFrozenAttrName(),
                             getOptimizerStateAttrName(),
                             getStepStateAttrName()};
  if (auto func = dyn_cast<FunctionOpInterface>(op))
    for (StringRef other : kinds)
      if (other < name && func.getArgAttr(argIndex, other))
        return op->emitError()
               << "argument #" << argIndex << " is both '" << other << "' and '"
               << name << "'; an argument is trained, frozen, optimizer "
               << "state or step state";
  Type type = op->getRegion(regionIndex).getArgument(argIndex).getType();
  // A parameter stays marked through bufferization, where it becomes a memref,
  // and through lowering to LLVM functions, whose arguments are pointers.
  if (isa<LLVM::LLVMDialect>(op->getDialect()))
    return success();
  auto shaped = dyn_cast<ShapedType>(type);
  if (!shaped || !isa<RankedTensorType, MemRefType>(shaped) ||
      !shaped.hasStaticShape() || !isa<FloatType>(shaped.getElementType()))
    return op->emitError() << "'" << name << "' argument #" << argIndex
                           << " must be a statically shaped floating-point "
                              "tensor or memref, got "
                           << type;
  return success();
}

LogicalResult DlcDialect::verifyRegionResultAttribute(Operation *op,
                                                      unsigned regionIndex,
                                                      unsigned resultIndex,
                                                      NamedAttribute attr) {
  StringRef name = attr.getName().getValue();
  if (name == getOptimizerStateAttrName() || name == getStepStateAttrName()) {
    if (!isa<UnitAttr>(attr.getValue()))
      return op->emitError()
             << "'" << name << "' must be a unit attribute, got "
             << attr.getValue();
    return success();
  }
  if (name == getParamAttrName() || name == getFrozenAttrName() ||
      name == getInitAttrName() || name == getStepAttrName())
    return op->emitError()
           << "'" << name << "' on result #" << resultIndex << " of @"
           << SymbolTable::getSymbolName(op).getValue()
           << "; it marks parameters, which are function arguments";
  if (name != getUpdatesAttrName())
    return op->emitError() << "unknown dlc result attribute '" << name
                           << "'; expected '" << getOptimizerStateAttrName()
                           << "', '" << getStepStateAttrName() << "' or '"
                           << getUpdatesAttrName() << "'";
  auto index = dyn_cast<IntegerAttr>(attr.getValue());
  auto func = dyn_cast<FunctionOpInterface>(op);
  if (!index || !func)
    return op->emitError() << "'" << name << "' on result #" << resultIndex
                           << " must be the index of an argument, got "
                           << attr.getValue();
  int64_t arg = index.getInt();
  if (arg < 0 || arg >= static_cast<int64_t>(func.getNumArguments()))
    return op->emitError() << "'" << name << "' on result #" << resultIndex
                           << " names argument #" << arg << ", but @"
                           << SymbolTable::getSymbolName(op).getValue()
                           << " has " << func.getNumArguments();
  // Lowered, a result may be an out-parameter or a pointer.
  if (isa<LLVM::LLVMDialect>(op->getDialect()) ||
      resultIndex >= func.getNumResults())
    return success();
  Type argType = func.getArgumentTypes()[arg];
  Type resultType = func.getResultTypes()[resultIndex];
  if (argType != resultType)
    return op->emitError() << "result #" << resultIndex << " of type "
                           << resultType << " updates argument #" << arg
                           << " of type " << argType
                           << "; a next value has its argument's type";
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
  if (name == getRebuiltAttrName()) {
    auto layer = dyn_cast<IntegerAttr>(attr.getValue());
    if (!layer || layer.getInt() < 0)
      return op->emitError() << "'" << name
                             << "' must be a non-negative integer (the "
                                "coupling's layer)";
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
