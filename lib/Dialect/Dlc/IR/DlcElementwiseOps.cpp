//===- DlcElementwiseOps.cpp - dlc elementwise ops ------------------------===//
//
// Shape rules, verifiers and folders of the elementwise ops
// (DlcElementwiseOps.td): NumPy broadcasting for the binary ops,
// dropout's probability check and its fold at probability 0, and convert's
// shape check and folds. The other unary ops need no C++: their result type
// is their input type.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/Dlc/IR/DlcOps.h"

#include "ShapeRules.h"

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::detail;

//===----------------------------------------------------------------------===//
// Elementwise ops
//===----------------------------------------------------------------------===//

/// NumPy broadcasting of two shapes.
static LogicalResult inferBroadcast(std::optional<Location> loc,
                                    RankedTensorType lhs, RankedTensorType rhs,
                                    SmallVectorImpl<Type> &results) {
  if (!lhs || !rhs)
    return failure();
  if (failed(verifySameElementType(loc, {lhs, rhs}, {"lhs", "rhs"})))
    return failure();
  int64_t rank = std::max(lhs.getRank(), rhs.getRank());
  SmallVector<int64_t> shape(rank);
  for (int64_t i = 1; i <= rank; ++i) {
    int64_t a = i <= lhs.getRank() ? lhs.getDimSize(lhs.getRank() - i) : 1;
    int64_t b = i <= rhs.getRank() ? rhs.getDimSize(rhs.getRank() - i) : 1;
    if (a != b && a != 1 && b != 1)
      return emitOptionalError(
          loc, "shapes ", shapeStr(lhs.getShape()), " and ",
          shapeStr(rhs.getShape()), " do not broadcast: sizes ", a, " and ", b,
          " meet in dimension ", rank - i, " of the result");
    shape[rank - i] = a == 1 ? b : a;
  }
  results.push_back(RankedTensorType::get(shape, lhs.getElementType()));
  return success();
}

#define DLC_BINARY_INFER(OP)                                                   \
  LogicalResult OP::inferReturnTypes(                                          \
      MLIRContext *, std::optional<Location> loc, Adaptor adaptor,             \
      SmallVectorImpl<Type> &results) {                                        \
    return inferBroadcast(loc, tensorOf(adaptor.getLhs()),                     \
                          tensorOf(adaptor.getRhs()), results);                \
  }
DLC_BINARY_INFER(AddOp)
DLC_BINARY_INFER(SubOp)
DLC_BINARY_INFER(MulOp)
DLC_BINARY_INFER(DivOp)
#undef DLC_BINARY_INFER

//===----------------------------------------------------------------------===//
// DropoutOp
//===----------------------------------------------------------------------===//

LogicalResult DropoutOp::verify() {
  double p = getProbability().convertToDouble();
  if (!(p < 1.0))
    return emitOpError("'probability' must be in [0, 1), got ") << p;
  return success();
}

OpFoldResult DropoutOp::fold(FoldAdaptor) {
  // Nothing is dropped and nothing is scaled.
  if (getProbability().isZero())
    return getInput();
  return {};
}

LogicalResult ConvertOp::verify() {
  auto input = cast<RankedTensorType>(getInput().getType());
  auto result = cast<RankedTensorType>(getResult().getType());
  if (input.getShape() != result.getShape())
    return emitOpError("changes the shape from ")
           << shapeStr(input.getShape()) << " to "
           << shapeStr(result.getShape())
           << "; it converts elements only (reshape with dlc.reshape)";
  return success();
}

OpFoldResult ConvertOp::fold(FoldAdaptor) {
  // A conversion to the same type is the identity; one that undoes the
  // previous widening gives back the value it widened.
  if (getInput().getType() == getType())
    return getInput();
  if (auto previous = getInput().getDefiningOp<ConvertOp>()) {
    Value source = previous.getInput();
    auto sourceType = cast<RankedTensorType>(source.getType());
    auto middle = cast<RankedTensorType>(previous.getType());
    if (source.getType() == getType() &&
        middle.getElementType().getIntOrFloatBitWidth() >
            sourceType.getElementType().getIntOrFloatBitWidth())
      return source;
  }
  return {};
}
