//===- DlcLinearAlgebraOps.cpp - dlc linear algebra ops -------------------===//
//
// Shape rules of the contractions (DlcLinearAlgebraOps.td): matmul, linear
// and conv2d. The gradient ops of conv2d check themselves against these rules
// (DlcGradientOps.cpp).
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/Dlc/IR/DlcOps.h"

#include "ShapeRules.h"

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::detail;

//===----------------------------------------------------------------------===//
// MatmulOp
//===----------------------------------------------------------------------===//

LogicalResult MatmulOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  RankedTensorType lhs = tensorOf(adaptor.getLhs());
  RankedTensorType rhs = tensorOf(adaptor.getRhs());
  if (!lhs || !rhs)
    return failure();
  if (failed(verifySameElementType(loc, {lhs, rhs}, {"lhs", "rhs"})))
    return failure();
  if (lhs.getRank() < 2)
    return emitOptionalError(loc, "'lhs' must have rank at least 2, got ",
                             shapeStr(lhs.getShape()));
  if (lhs.getRank() != rhs.getRank())
    return emitOptionalError(loc, "operands must have the same rank, got ",
                             shapeStr(lhs.getShape()), " and ",
                             shapeStr(rhs.getShape()));
  int64_t rank = lhs.getRank();
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank - 2; ++d) {
    if (lhs.getDimSize(d) != rhs.getDimSize(d))
      return emitOptionalError(loc, "batch dimension ", d, " differs: 'lhs' ",
                               shapeStr(lhs.getShape()), " vs 'rhs' ",
                               shapeStr(rhs.getShape()));
    shape.push_back(lhs.getDimSize(d));
  }
  bool tl = adaptor.getTransposeLhs(), tr = adaptor.getTransposeRhs();
  int64_t m = lhs.getDimSize(rank - (tl ? 1 : 2));
  int64_t kl = lhs.getDimSize(rank - (tl ? 2 : 1));
  int64_t kr = rhs.getDimSize(rank - (tr ? 1 : 2));
  int64_t n = rhs.getDimSize(rank - (tr ? 2 : 1));
  if (kl != kr)
    return emitOptionalError(
        loc, "contraction sizes differ: 'lhs' ", shapeStr(lhs.getShape()),
        (tl ? " (transposed)" : ""), " has K = ", kl, ", 'rhs' ",
        shapeStr(rhs.getShape()), (tr ? " (transposed)" : ""), " has K = ", kr);
  shape.append({m, n});
  results.push_back(RankedTensorType::get(shape, lhs.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// LinearOp
//===----------------------------------------------------------------------===//

FailureOr<RankedTensorType> mlir::dlc::detail::inferLinearResult(
    std::optional<Location> loc, RankedTensorType input,
    RankedTensorType weight, RankedTensorType bias) {
  if (failed(verifySameElementType(loc, {input, weight, bias},
                                   {"input", "weight", "bias"})))
    return failure();
  if (input.getRank() < 1)
    return emitOptionalError(loc, "'input' must have rank at least 1");
  if (failed(verifyRank(loc, weight, "weight", 2, "[out, in]")))
    return failure();
  int64_t in = input.getShape().back();
  if (weight.getDimSize(1) != in)
    return emitOptionalError(loc, "'weight' ", shapeStr(weight.getShape()),
                             " must be [out, in] with in = ", in,
                             ", the last dimension of 'input' ",
                             shapeStr(input.getShape()));
  int64_t out = weight.getDimSize(0);
  if (bias && (bias.getRank() != 1 || bias.getDimSize(0) != out))
    return emitOptionalError(loc, "'bias' must be [", out, "], got ",
                             shapeStr(bias.getShape()));
  SmallVector<int64_t> shape(input.getShape());
  shape.back() = out;
  return RankedTensorType::get(shape, input.getElementType());
}

LogicalResult LinearOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  RankedTensorType input = tensorOf(adaptor.getInput());
  RankedTensorType weight = tensorOf(adaptor.getWeight());
  RankedTensorType bias = tensorOf(adaptor.getBias());
  if (!input || !weight || (adaptor.getBias() && !bias))
    return failure();
  FailureOr<RankedTensorType> result =
      inferLinearResult(loc, input, weight, bias);
  if (failed(result))
    return failure();
  results.push_back(*result);
  return success();
}

//===----------------------------------------------------------------------===//
// Conv2DOp
//===----------------------------------------------------------------------===//

LogicalResult Conv2DOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  RankedTensorType input = tensorOf(adaptor.getInput());
  RankedTensorType weight = tensorOf(adaptor.getWeight());
  RankedTensorType bias = tensorOf(adaptor.getBias());
  if (!input || !weight || (adaptor.getBias() && !bias))
    return failure();
  if (failed(verifySameElementType(loc, {input, weight, bias},
                                   {"input", "weight", "bias"})) ||
      failed(verifyRank(loc, input, "input", 4, "NCHW")) ||
      failed(verifyRank(loc, weight, "weight", 4, "FCHW")))
    return failure();
  ArrayRef<int64_t> strides = adaptor.getStrides();
  ArrayRef<int64_t> padding = adaptor.getPadding();
  ArrayRef<int64_t> dilation = adaptor.getDilation();
  if (failed(verifyPair(loc, strides, "strides", 1)) ||
      failed(verifyPair(loc, padding, "padding", 0)) ||
      failed(verifyPair(loc, dilation, "dilation", 1)))
    return failure();
  int64_t groups = adaptor.getGroups();
  int64_t c = input.getDimSize(1), f = weight.getDimSize(0);
  if (groups < 1 || c % groups != 0 || f % groups != 0)
    return emitOptionalError(loc, "'groups' = ", groups,
                             " must be positive and divide both the input "
                             "channels (",
                             c, ") and the output channels (", f, ")");
  if (weight.getDimSize(1) * groups != c)
    return emitOptionalError(
        loc, "'weight' ", shapeStr(weight.getShape()),
        " must have C / groups = ", c / groups, " input channels, for input ",
        shapeStr(input.getShape()), " and groups = ", groups);
  if (bias && (bias.getRank() != 1 || bias.getDimSize(0) != f))
    return emitOptionalError(loc, "'bias' must be [", f, "], got ",
                             shapeStr(bias.getShape()));
  SmallVector<int64_t> shape = {input.getDimSize(0), f};
  for (int d = 0; d < 2; ++d) {
    std::optional<int64_t> out =
        windowOutputSize(input.getDimSize(2 + d), weight.getDimSize(2 + d),
                         strides[d], padding[d], dilation[d]);
    if (!out)
      return emitOptionalError(loc, "'padding' or 'dilation' overflows");
    if (*out < 1)
      return emitOptionalError(loc, "the ", weight.getDimSize(2 + d),
                               "-wide filter (dilation ", dilation[d],
                               ") does not fit the padded input along ",
                               d == 0 ? "height" : "width");
    shape.push_back(*out);
  }
  results.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}
