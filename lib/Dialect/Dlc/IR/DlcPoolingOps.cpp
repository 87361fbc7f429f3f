//===- DlcPoolingOps.cpp - dlc pooling ops --------------------------------===//
//
// Shape rules of the pooling ops (DlcPoolingOps.td): the window rules shared
// by max_pool2d and avg_pool2d, which their gradient ops reuse
// (DlcGradientOps.cpp), and global_avg_pool2d.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/Dlc/IR/DlcOps.h"

#include "ShapeRules.h"

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::detail;

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

template <typename Adaptor>
static LogicalResult inferPool2D(std::optional<Location> loc, Adaptor adaptor,
                                 SmallVectorImpl<Type> &results) {
  RankedTensorType input = tensorOf(adaptor.getInput());
  if (!input)
    return failure();
  if (failed(verifyRank(loc, input, "input", 4, "NCHW")))
    return failure();
  ArrayRef<int64_t> kernel = adaptor.getKernelSize();
  ArrayRef<int64_t> strides = adaptor.getStrides();
  ArrayRef<int64_t> padding = adaptor.getPadding();
  if (failed(verifyPair(loc, kernel, "kernel_size", 1)) ||
      failed(verifyPair(loc, strides, "strides", 1)) ||
      failed(verifyPair(loc, padding, "padding", 0)))
    return failure();
  SmallVector<int64_t> shape = {input.getDimSize(0), input.getDimSize(1)};
  for (int d = 0; d < 2; ++d) {
    if (padding[d] > kernel[d] / 2)
      return emitOptionalError(loc, "'padding' ", shapeStr(padding),
                               " must be at most half of 'kernel_size' ",
                               shapeStr(kernel));
    std::optional<int64_t> out =
        windowOutputSize(input.getDimSize(2 + d), kernel[d], strides[d],
                         padding[d], /*dilation=*/1);
    if (!out)
      return emitOptionalError(loc, "'padding' overflows");
    if (*out < 1)
      return emitOptionalError(loc, "the ", kernel[d],
                               "-wide window does not fit the padded input "
                               "along ",
                               d == 0 ? "height" : "width");
    shape.push_back(*out);
  }
  results.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

LogicalResult MaxPool2DOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &results) {
  return inferPool2D(loc, adaptor, results);
}

LogicalResult AvgPool2DOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &results) {
  return inferPool2D(loc, adaptor, results);
}

LogicalResult
GlobalAvgPool2DOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                    Adaptor adaptor,
                                    SmallVectorImpl<Type> &results) {
  RankedTensorType input = tensorOf(adaptor.getInput());
  if (!input || failed(verifyRank(loc, input, "input", 4, "NCHW")))
    return failure();
  results.push_back(RankedTensorType::get(
      {input.getDimSize(0), input.getDimSize(1)}, input.getElementType()));
  return success();
}
