//===- DlcSamplingOps.cpp - dlc activation sampling ops -------------------===//
//
// Shape rules and verifiers of the WTA-CRS ops (DlcSamplingOps.td); the
// vector-Jacobian product of dlc.sampled_linear is with the others in
// DlcOpsVJP.cpp.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/Dlc/IR/DlcOps.h"

#include "ShapeRules.h"

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::detail;

//===----------------------------------------------------------------------===//
// RowNormsOp
//===----------------------------------------------------------------------===//

LogicalResult RowNormsOp::inferReturnTypes(MLIRContext *context,
                                           std::optional<Location> loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &results) {
  RankedTensorType input = tensorOf(adaptor.getInput());
  if (!input)
    return failure();
  if (input.getRank() < 1)
    return emitOptionalError(loc, "'input' must have rank at least 1");
  results.push_back(RankedTensorType::get(input.getShape().drop_back(),
                                          Float32Type::get(context)));
  return success();
}

//===----------------------------------------------------------------------===//
// WtaCrsSampleOp
//===----------------------------------------------------------------------===//

LogicalResult WtaCrsSampleOp::verify() {
  RankedTensorType scores = getScores().getType();
  if (scores.getRank() != 1)
    return emitOpError("'scores' must be [n], got ")
           << shapeStr(scores.getShape());
  int64_t n = scores.getDimSize(0);
  RankedTensorType indices = getIndices().getType();
  RankedTensorType scales = getScales().getType();
  if (indices.getRank() != 1 || scales.getShape() != indices.getShape())
    return emitOpError("'indices' and 'scales' must both be [k], got ")
           << shapeStr(indices.getShape()) << " and "
           << shapeStr(scales.getShape());
  int64_t k = indices.getDimSize(0);
  if (k < 1 || k > n)
    return emitOpError("samples k = ")
           << k << " rows of n = " << n << "; it must be from 1 to n";
  if (getCount().getType().getRank() != 0)
    return emitOpError("'count' must be a rank-0 tensor, got ")
           << shapeStr(getCount().getType().getShape());
  return success();
}

//===----------------------------------------------------------------------===//
// SampledLinearOp
//===----------------------------------------------------------------------===//

LogicalResult SampledLinearOp::verify() {
  RankedTensorType input = getInput().getType();
  RankedTensorType weight = getWeight().getType();
  RankedTensorType bias =
      getBias() ? cast<RankedTensorType>(getBias().getType()) : nullptr;
  FailureOr<RankedTensorType> result =
      inferLinearResult(getLoc(), input, weight, bias);
  if (failed(result))
    return failure();
  if (*result != getType())
    return emitOpError("result must be ")
           << *result << " (as dlc.linear gives), got " << getType();
  int64_t in = weight.getDimSize(1);
  int64_t rows = input.getNumElements() / std::max<int64_t>(in, 1);
  RankedTensorType kept = getKept().getType();
  if (kept.getRank() != 2 || kept.getDimSize(1) != in ||
      kept.getElementType() != input.getElementType())
    return emitOpError("'kept' must be [k, ")
           << in << "] of " << input.getElementType()
           << " (rows of 'input'), got " << kept;
  int64_t k = kept.getDimSize(0);
  if (k > rows)
    return emitOpError("keeps k = ")
           << k << " rows of the n = " << rows << " of 'input'";
  for (auto [name, v] : {std::pair<StringRef, Value>{"indices", getIndices()},
                         {"scales", getScales()}}) {
    auto t = cast<RankedTensorType>(v.getType());
    if (t.getRank() != 1 || t.getDimSize(0) != k)
      return emitOpError("'")
             << name << "' must be [" << k << "], one per kept row, got "
             << shapeStr(t.getShape());
  }
  RankedTensorType norms = getNorms().getType();
  if (norms.getRank() != 1 || norms.getDimSize(0) != rows)
    return emitOpError("'norms' must be [")
           << rows << "], one per row of 'input', got "
           << shapeStr(norms.getShape());
  return success();
}
