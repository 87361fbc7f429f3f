//===- DlcReductionsAndLossesOps.cpp - reductions and losses --------------===//
//
// Shape rules of the reductions and losses (DlcReductionsAndLossesOps.td):
// the axes of reduce_sum and reduce_mean and the operand shapes of
// cross_entropy and mse_loss (whose result is rank 0); also the bound that
// cross_entropy puts on its labels. Empty tensors are valid where the result
// has a value (a sum over nothing is 0, an empty result computes nothing) and
// refused where it has none: a mean over no elements, and cross-entropy with
// no classes, whose labels can lie nowhere.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/Dlc/IR/DlcOps.h"

#include "ShapeRules.h"

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::detail;

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

static bool hasZeroDim(ArrayRef<int64_t> shape) {
  return llvm::is_contained(shape, 0);
}

/// Shape rule of both reductions. A mean (`isMean`) over axes that hold no
/// elements would be 0/0 in every element of a non-empty result (PyTorch
/// gives NaN), so it is refused; a sum over them is 0, as in PyTorch.
template <typename Adaptor>
static LogicalResult inferReduce(std::optional<Location> loc, Adaptor adaptor,
                                 SmallVectorImpl<Type> &results, bool isMean) {
  RankedTensorType input = tensorOf(adaptor.getInput());
  if (!input)
    return failure();
  ArrayRef<int64_t> axes = adaptor.getAxes();
  int64_t rank = input.getRank();
  if (axes.empty())
    return emitOptionalError(loc, "'axes' must name at least one axis");
  for (auto [i, axis] : llvm::enumerate(axes))
    if (axis < 0 || axis >= rank || (i > 0 && axes[i - 1] >= axis))
      return emitOptionalError(loc, "'axes' ", shapeStr(axes),
                               " must be strictly increasing and within "
                               "[0, ",
                               rank, ")");
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank; ++d) {
    if (!llvm::is_contained(axes, d))
      shape.push_back(input.getDimSize(d));
    else if (adaptor.getKeepDims())
      shape.push_back(1);
  }
  bool emptyAxes = llvm::any_of(
      axes, [&](int64_t axis) { return input.getDimSize(axis) == 0; });
  if (isMean && emptyAxes && !hasZeroDim(shape))
    return emitOptionalError(
        loc, "'axes' ", shapeStr(axes), " of 'input' ",
        shapeStr(input.getShape()),
        " hold no elements: each element of the result ", shapeStr(shape),
        " would be a mean of 0 elements, which is undefined; reduce only "
        "non-empty axes (reduce_sum over an empty axis gives 0)");
  results.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

LogicalResult ReduceSumOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &results) {
  return inferReduce(loc, adaptor, results, /*isMean=*/false);
}

LogicalResult ReduceMeanOp::inferReturnTypes(MLIRContext *,
                                             std::optional<Location> loc,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &results) {
  return inferReduce(loc, adaptor, results, /*isMean=*/true);
}

//===----------------------------------------------------------------------===//
// Losses
//===----------------------------------------------------------------------===//

LogicalResult CrossEntropyOp::inferReturnTypes(MLIRContext *,
                                               std::optional<Location> loc,
                                               Adaptor adaptor,
                                               SmallVectorImpl<Type> &results) {
  RankedTensorType logits = tensorOf(adaptor.getLogits());
  RankedTensorType labels = tensorOf(adaptor.getLabels());
  if (!logits || !labels)
    return failure();
  if (failed(verifyRank(loc, logits, "logits", 2, "[N, C]")) ||
      failed(verifyRank(loc, labels, "labels", 1, "[N]")))
    return failure();
  if (labels.getDimSize(0) != logits.getDimSize(0))
    return emitOptionalError(loc, "'labels' ", shapeStr(labels.getShape()),
                             " must hold one label per row of 'logits' ",
                             shapeStr(logits.getShape()));
  // PyTorch raises for a label with no class to name and returns NaN for the
  // mean over an empty batch; neither has a value to compute.
  if (logits.getDimSize(1) == 0)
    return emitOptionalError(
        loc, "'logits' ", shapeStr(logits.getShape()),
        " has no classes (C = 0), so no label can lie in [0, C); "
        "cross_entropy needs at least one class");
  if (logits.getDimSize(0) == 0)
    return emitOptionalError(
        loc, "'logits' ", shapeStr(logits.getShape()),
        " has an empty batch (N = 0), whose mean loss is undefined; "
        "cross_entropy needs at least one row");
  results.push_back(RankedTensorType::get({}, logits.getElementType()));
  return success();
}

std::optional<int64_t>
CrossEntropyOp::getIntegerOperandBound(OpOperand &operand) {
  if (&operand != &getLabelsMutable())
    return std::nullopt;
  return getLogits().getType().getDimSize(1);
}

LogicalResult MseLossOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &results) {
  RankedTensorType input = tensorOf(adaptor.getInput());
  RankedTensorType target = tensorOf(adaptor.getTarget());
  if (!input || !target)
    return failure();
  if (input != target)
    return emitOptionalError(loc, "'input' ", input, " and 'target' ", target,
                             " must have the same type");
  if (hasZeroDim(input.getShape()))
    return emitOptionalError(loc, "'input' ", shapeStr(input.getShape()),
                             " has no elements, and the mean squared error "
                             "of 0 elements is undefined; mse_loss needs at "
                             "least one element");
  results.push_back(RankedTensorType::get({}, input.getElementType()));
  return success();
}
