//===- Pooling.cpp - Lower dlc pooling to linalg --------------------------===//
//
// Max, average and global average pooling. The windowed ones become
// linalg.pooling_nchw_max and linalg.pooling_nchw_sum over an explicitly padded
// input (-inf for max, 0 for the sum); an average that excludes the padding
// divides each window by the number of input elements it covers, which
// `divideByCoveredCount` computes and the pooling gradients (PoolGradients.cpp)
// reuse to share out a window's gradient.
//
//===----------------------------------------------------------------------===//

#include "PatternDlcToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cmath>

namespace mlir::dlc::to_linalg {

template <typename PoolOp>
static Value emitPool(Emitter &e, Value input, RankedTensorType resultType,
                      ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
                      double initValue) {
  Type et = resultType.getElementType();
  Value window = tensor::EmptyOp::create(e, kernel, et);
  Value init = e.full(resultType.getShape(), et, initValue);
  return PoolOp::create(e, TypeRange{resultType}, ValueRange{input, window},
                        ValueRange{init}, e.getI64VectorAttr(strides),
                        e.getI64VectorAttr({1, 1}))
      .getResult(0);
}

static SmallVector<Value> lower(Emitter &e, MaxPool2DOp op,
                                MaxPool2DOp::Adaptor adaptor) {
  Value input = e.padSpatial(adaptor.getInput(), op.getPadding(), -INFINITY);
  return {emitPool<linalg::PoolingNchwMaxOp>(
      e, input, op.getType(), op.getKernelSize(), op.getStrides(), -INFINITY)};
}

Value divideByCoveredCount(Emitter &e, Value windows, ArrayRef<int64_t> inShape,
                           ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
                           ArrayRef<int64_t> pad) {
  return e.map(windows, [&](Emitter &b, ValueRange a) -> Value {
    Type index = b.getIndexType();
    auto cst = [&](int64_t v) { return b.constant(index, v); };
    Value count = cst(1);
    for (int d = 0; d < 2; ++d) {
      Value o = linalg::IndexOp::create(b, 2 + d);
      Value start = arith::SubIOp::create(
          b, arith::MulIOp::create(b, o, cst(strides[d])), cst(pad[d]));
      Value end = arith::MinSIOp::create(
          b, arith::AddIOp::create(b, start, cst(kernel[d])),
          cst(inShape[2 + d]));
      start = arith::MaxSIOp::create(b, start, cst(0));
      count =
          arith::MulIOp::create(b, count, arith::SubIOp::create(b, end, start));
    }
    Value countF = arith::SIToFPOp::create(
        b, a[0].getType(),
        arith::IndexCastOp::create(b, b.getI64Type(), count));
    return arith::DivFOp::create(b, a[0], countF);
  });
}

static SmallVector<Value> lower(Emitter &e, AvgPool2DOp op,
                                AvgPool2DOp::Adaptor adaptor) {
  ArrayRef<int64_t> kernel = op.getKernelSize(), strides = op.getStrides(),
                    pad = op.getPadding();
  Value input = e.padSpatial(adaptor.getInput(), pad, 0.0);
  RankedTensorType type = op.getType();
  Value sum =
      emitPool<linalg::PoolingNchwSumOp>(e, input, type, kernel, strides, 0.0);
  if (op.getCountIncludePad())
    return {e.scale(sum, 1.0 / (kernel[0] * kernel[1]))};
  return {divideByCoveredCount(e, sum,
                               Emitter::typeOf(adaptor.getInput()).getShape(),
                               kernel, strides, pad)};
}

static SmallVector<Value> lower(Emitter &e, GlobalAvgPool2DOp,
                                GlobalAvgPool2DOp::Adaptor adaptor) {
  Value x = adaptor.getInput();
  double inv = 1.0 / countOf(Emitter::typeOf(x), {2, 3});
  return {e.scale(e.reduceSum(x, {2, 3}), inv)};
}

void populateDlcPoolingToLinalgPatterns(RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<LowerOp<AvgPool2DOp>, LowerOp<GlobalAvgPool2DOp>,
               LowerOp<MaxPool2DOp>>(ctx);
}

} // namespace mlir::dlc::to_linalg
