//===- DlcNormalizationOps.cpp - dlc normalization ops --------------------===//
//
// Shape rules and verifiers of the normalizations (DlcNormalizationOps.td):
// softmax's axis, and the weight and bias shapes of layer_norm and
// batch_norm, which their gradient ops reuse (DlcGradientOps.cpp).
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/Dlc/IR/DlcOps.h"

#include "ShapeRules.h"

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::detail;

//===----------------------------------------------------------------------===//
// SoftmaxOp
//===----------------------------------------------------------------------===//

LogicalResult SoftmaxOp::verify() {
  int64_t rank = getInput().getType().getRank();
  if (static_cast<int64_t>(getAxis()) >= rank)
    return emitOpError("'axis' = ")
           << getAxis() << " is out of range for an input of rank " << rank;
  return success();
}

//===----------------------------------------------------------------------===//
// LayerNormOp
//===----------------------------------------------------------------------===//

LogicalResult LayerNormOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &results) {
  RankedTensorType input = tensorOf(adaptor.getInput());
  RankedTensorType weight = tensorOf(adaptor.getWeight());
  RankedTensorType bias = tensorOf(adaptor.getBias());
  if (!input || !weight || !bias)
    return failure();
  if (failed(verifySameElementType(loc, {input, weight, bias},
                                   {"input", "weight", "bias"})))
    return failure();
  if (weight.getShape() != bias.getShape())
    return emitOptionalError(loc, "'weight' ", shapeStr(weight.getShape()),
                             " and 'bias' ", shapeStr(bias.getShape()),
                             " must have the same shape");
  if (failed(verifyNormalizedShape(loc, input, weight)))
    return failure();
  results.push_back(input);
  return success();
}

//===----------------------------------------------------------------------===//
// BatchNormOp
//===----------------------------------------------------------------------===//

LogicalResult BatchNormOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &results) {
  RankedTensorType input = tensorOf(adaptor.getInput());
  RankedTensorType weight = tensorOf(adaptor.getWeight());
  RankedTensorType bias = tensorOf(adaptor.getBias());
  if (!input || !weight || !bias)
    return failure();
  if (failed(verifySameElementType(loc, {input, weight, bias},
                                   {"input", "weight", "bias"})))
    return failure();
  if (input.getRank() < 2)
    return emitOptionalError(loc,
                             "'input' must have rank at least 2 ([N, C, ...]), "
                             "got ",
                             shapeStr(input.getShape()));
  int64_t c = input.getDimSize(1);
  for (auto [type, name] :
       {std::make_pair(weight, "weight"), std::make_pair(bias, "bias")})
    if (type.getRank() != 1 || type.getDimSize(0) != c)
      return emitOptionalError(loc, "'", name, "' must be [", c,
                               "], one value per channel of input ",
                               shapeStr(input.getShape()), ", got ",
                               shapeStr(type.getShape()));
  auto stats = RankedTensorType::get({c}, input.getElementType());
  results.append({input, stats, stats});
  return success();
}
