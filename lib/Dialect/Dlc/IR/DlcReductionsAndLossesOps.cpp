//===- DlcReductionsAndLossesOps.cpp - reductions and losses --------------===//
//
// Shape rules of the reductions and losses (DlcReductionsAndLossesOps.td):
// the axes of reduce_sum and reduce_mean and the operand shapes of
// cross_entropy and mse_loss (whose result is rank 0); also the bound that
// cross_entropy puts on its labels.
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

template <typename Adaptor>
static LogicalResult inferReduce(std::optional<Location> loc, Adaptor adaptor,
                                 SmallVectorImpl<Type> &results) {
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
  results.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

LogicalResult ReduceSumOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &results) {
  return inferReduce(loc, adaptor, results);
}

LogicalResult ReduceMeanOp::inferReturnTypes(MLIRContext *,
                                             std::optional<Location> loc,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &results) {
  return inferReduce(loc, adaptor, results);
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
  results.push_back(RankedTensorType::get({}, input.getElementType()));
  return success();
}
