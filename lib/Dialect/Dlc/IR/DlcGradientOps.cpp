//===- DlcGradientOps.cpp - dlc gradient ops ------------------------------===//
//
// Shape rules and verifiers of the gradient ops (DlcGradientOps.td). Most
// check themselves against the shape rules of the forward op they
// differentiate, so a gradient op is valid exactly when the forward op with
// its attributes would be; that includes what the forward op refuses of
// empty tensors (cross-entropy without classes or rows, an empty embedding
// table with indices to look up).
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/Dlc/IR/DlcOps.h"

#include "ShapeRules.h"

#include "mlir/IR/BuiltinAttributes.h"

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::detail;

//===----------------------------------------------------------------------===//
// Gradient ops
//===----------------------------------------------------------------------===//

LogicalResult CrossEntropyGradOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &results) {
  RankedTensorType logits = tensorOf(adaptor.getLogits());
  RankedTensorType labels = tensorOf(adaptor.getLabels());
  RankedTensorType grad = tensorOf(adaptor.getGrad());
  if (!logits || !labels || !grad)
    return failure();
  if (failed(verifyRank(loc, logits, "logits", 2, "[N, C]")) ||
      failed(verifyRank(loc, labels, "labels", 1, "[N]")) ||
      failed(verifySameElementType(loc, {logits, grad}, {"logits", "grad"})))
    return failure();
  if (labels.getDimSize(0) != logits.getDimSize(0))
    return emitOptionalError(loc, "'labels' ", shapeStr(labels.getShape()),
                             " must hold one label per row of 'logits' ",
                             shapeStr(logits.getShape()));
  SmallVector<Value> operands = {adaptor.getLogits(), adaptor.getLabels()};
  CrossEntropyOp::Adaptor forward(operands);
  SmallVector<Type> forwardTypes;
  if (failed(CrossEntropyOp::inferReturnTypes(context, loc, forward,
                                              forwardTypes)))
    return failure();
  results.push_back(logits);
  return success();
}

std::optional<int64_t>
CrossEntropyGradOp::getIntegerOperandBound(OpOperand &operand) {
  if (&operand != &getLabelsMutable())
    return std::nullopt;
  return getLogits().getType().getDimSize(1);
}

LogicalResult SliceGradOp::verify() {
  RankedTensorType grad = getGrad().getType(), result = getType();
  if (grad.getElementType() != result.getElementType())
    return emitOpError("result element type ")
           << result.getElementType() << " differs from the gradient's "
           << grad.getElementType();
  // The result is the input that a slice with these attributes would read.
  SmallVector<Type> inferred;
  SliceOp::Properties props;
  props.offsets = DenseI64ArrayAttr::get(getContext(), getOffsets());
  props.sizes = DenseI64ArrayAttr::get(getContext(), grad.getShape());
  props.strides = DenseI64ArrayAttr::get(getContext(), getStrides());
  Value input = getResult();
  SliceOp::Adaptor adaptor(ValueRange(input), nullptr, props);
  return SliceOp::inferReturnTypes(getContext(), getLoc(), adaptor, inferred);
}

LogicalResult
LayerNormGradOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                  Adaptor adaptor,
                                  SmallVectorImpl<Type> &results) {
  RankedTensorType grad = tensorOf(adaptor.getGrad());
  RankedTensorType input = tensorOf(adaptor.getInput());
  RankedTensorType weight = tensorOf(adaptor.getWeight());
  if (!grad || !input || !weight)
    return failure();
  if (failed(verifySameElementType(loc, {input, grad, weight},
                                   {"input", "grad", "weight"})))
    return failure();
  if (grad != input)
    return emitOptionalError(loc, "'grad' ", shapeStr(grad.getShape()),
                             " must have the shape of 'input' ",
                             shapeStr(input.getShape()));
  if (failed(verifyNormalizedShape(loc, input, weight)))
    return failure();
  results.append({input, weight, weight});
  return success();
}

LogicalResult
BatchNormGradOp::inferReturnTypes(MLIRContext *context,
                                  std::optional<Location> loc, Adaptor adaptor,
                                  SmallVectorImpl<Type> &results) {
  RankedTensorType grad = tensorOf(adaptor.getGrad());
  RankedTensorType input = tensorOf(adaptor.getInput());
  if (!grad || !input)
    return failure();
  if (grad != input)
    return emitOptionalError(loc, "'grad' ", shapeStr(grad.getShape()),
                             " must have the shape of 'input' ",
                             shapeStr(input.getShape()));
  // The forward op's rules check the input and the weight (passed again as
  // the bias, which has the weight's shape).
  SmallVector<Value> operands = {adaptor.getInput(), adaptor.getWeight(),
                                 adaptor.getWeight()};
  BatchNormOp::Adaptor forward(operands, nullptr, BatchNormOp::Properties());
  SmallVector<Type> forwardTypes;
  if (failed(
          BatchNormOp::inferReturnTypes(context, loc, forward, forwardTypes)))
    return failure();
  results.append({input, forwardTypes[1], forwardTypes[1]});
  return success();
}

/// Checks that conv2d(input, weight) with the op's attributes has the type of
/// `grad`: the gradient ops' shapes are those of the convolution they undo.
template <typename GradOp>
static LogicalResult verifyConvGrad(GradOp op, Value input, Value weight) {
  SmallVector<Value> operands = {input, weight};
  Conv2DOp::Properties props;
  props.strides = op.getStridesAttr();
  props.padding = op.getPaddingAttr();
  props.dilation = op.getDilationAttr();
  props.groups = op.getGroupsAttr();
  Conv2DOp::Adaptor adaptor(operands, nullptr, props);
  SmallVector<Type> inferred;
  if (failed(Conv2DOp::inferReturnTypes(op.getContext(), op.getLoc(), adaptor,
                                        inferred)))
    return failure();
  if (inferred[0] != op.getGrad().getType())
    return op.emitOpError("'grad' has type ")
           << op.getGrad().getType()
           << " but the convolution it differentiates gives " << inferred[0];
  return success();
}

LogicalResult Conv2DInputGradOp::verify() {
  return verifyConvGrad(*this, getResult(), getWeight());
}

LogicalResult Conv2DWeightGradOp::verify() {
  return verifyConvGrad(*this, getInput(), getResult());
}

/// Checks that pooling `input` with the op's window attributes gives the type
/// of `grad`.
template <typename GradOp>
static LogicalResult verifyPoolGrad(GradOp op, Value input) {
  SmallVector<Value> operands = {input};
  MaxPool2DOp::Properties props;
  props.kernel_size = op.getKernelSizeAttr();
  props.strides = op.getStridesAttr();
  props.padding = op.getPaddingAttr();
  MaxPool2DOp::Adaptor adaptor(operands, nullptr, props);
  SmallVector<Type> inferred;
  if (failed(MaxPool2DOp::inferReturnTypes(op.getContext(), op.getLoc(),
                                           adaptor, inferred)))
    return failure();
  if (inferred[0] != op.getGrad().getType())
    return op.emitOpError("'grad' has type ")
           << op.getGrad().getType()
           << " but the pooling it differentiates gives " << inferred[0];
  return success();
}

LogicalResult MaxPool2DGradOp::verify() {
  return verifyPoolGrad(*this, getInput());
}

LogicalResult AvgPool2DGradOp::verify() {
  return verifyPoolGrad(*this, getResult());
}

LogicalResult EmbeddingGradOp::verify() {
  RankedTensorType grad = getGrad().getType(), result = getType();
  RankedTensorType indices = getIndices().getType();
  if (result.getRank() != 2)
    return emitOpError("result must be the [V, D] table, got ")
           << shapeStr(result.getShape());
  SmallVector<int64_t> expected(indices.getShape());
  expected.push_back(result.getDimSize(1));
  if (grad.getShape() != ArrayRef<int64_t>(expected) ||
      grad.getElementType() != result.getElementType())
    return emitOpError("'grad' ")
           << grad << " must be the embedding's result for indices "
           << shapeStr(indices.getShape()) << " and table " << result
           << ", i.e. " << shapeStr(expected);
  // The table (this op's result) must hold the rows the indices name.
  SmallVector<Value> operands = {getResult(), getIndices()};
  EmbeddingOp::Adaptor forward(operands);
  SmallVector<Type> inferred;
  return EmbeddingOp::inferReturnTypes(getContext(), getLoc(), forward,
                                       inferred);
}

std::optional<int64_t>
EmbeddingGradOp::getIntegerOperandBound(OpOperand &operand) {
  if (&operand != &getIndicesMutable())
    return std::nullopt;
  return getType().getDimSize(0);
}
