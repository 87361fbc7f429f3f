//===- PoolGradients.cpp - Lower dlc pooling gradients --------------------===//
//
// The pooling gradients, max_pool2d_grad and avg_pool2d_grad. Every position
// of the padded input gathers from the windows that cover it
// (`sumOverCoveringWindows`), so no scatter is needed: for max pooling the
// gradient of the windows that selected it (the first strict maximum in
// row-major order, found by a pass of its own), for average pooling each
// window's gradient shared out over the window's divisor as the forward
// pooling counts it.
//
//===----------------------------------------------------------------------===//

#include "PatternDlcToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

#include <cmath>

namespace mlir::dlc::to_linalg {

using utils::IteratorType;

/// The transpose of pooling's window gathering: for every position of the
/// padded input (`inType` grown by `pad`), the sum over the windows that
/// cover it of `term(window, tap)`, where `window` indexes the `[N, C, OH,
/// OW]` output and `tap` is the position's flat index inside that window.
/// Returns the unpadded `inType` tensor.
static Value sumOverCoveringWindows(
    Emitter &e, RankedTensorType inType, ArrayRef<int64_t> outShape,
    ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides, ArrayRef<int64_t> pad,
    function_ref<Value(Emitter &, ArrayRef<Value>, Value)> term) {
  MLIRContext *ctx = e.getContext();
  int64_t n = inType.getDimSize(0), c = inType.getDimSize(1);
  SmallVector<int64_t> padded = {n, c, inType.getDimSize(2) + 2 * pad[0],
                                 inType.getDimSize(3) + 2 * pad[1]};
  Value init = e.full(padded, inType.getElementType(), 0.0);
  // Loops (n, c, hp, wp | kh, kw); as for the pooling named ops, an unread
  // window operand gives the (kh, kw) loops their extent.
  auto dim = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  AffineMap outMap =
      AffineMap::get(6, 0, {dim(0), dim(1), dim(2), dim(3)}, ctx);
  AffineMap windowMap = AffineMap::get(6, 0, {dim(4), dim(5)}, ctx);
  Value window = tensor::EmptyOp::create(e, kernel, inType.getElementType());
  Value sum = accumulate(
      e, init, {window}, {windowMap}, outMap, 4, 6,
      [&](Emitter &b, ValueRange) -> Value {
        Type index = b.getIndexType();
        auto cst = [&](int64_t v) { return b.constant(index, v); };
        Value valid;
        SmallVector<Value> window = {linalg::IndexOp::create(b, 0),
                                     linalg::IndexOp::create(b, 1)};
        for (int k = 0; k < 2; ++k) {
          // o = (position - tap) / stride, when exact and in range.
          Value num =
              arith::SubIOp::create(b, linalg::IndexOp::create(b, 2 + k),
                                    linalg::IndexOp::create(b, 4 + k));
          auto [ok, o] = windowOrigin(b, num, strides[k], outShape[2 + k]);
          valid = valid ? Value(arith::AndIOp::create(b, valid, ok)) : ok;
          window.push_back(o);
        }
        Value tap = arith::AddIOp::create(
            b,
            arith::MulIOp::create(b, linalg::IndexOp::create(b, 4),
                                  cst(kernel[1])),
            linalg::IndexOp::create(b, 5));
        Value value = term(b, window, tap);
        return arith::SelectOp::create(b, valid, value,
                                       b.constant(value.getType(), 0.0));
      });
  if (pad[0] == 0 && pad[1] == 0)
    return sum;
  return tensor::ExtractSliceOp::create(
      e, inType, sum, getAsIndexOpFoldResult(ctx, {0, 0, pad[0], pad[1]}),
      getAsIndexOpFoldResult(ctx, inType.getShape()),
      getAsIndexOpFoldResult(ctx, {1, 1, 1, 1}));
}

static SmallVector<Value> lower(Emitter &e, MaxPool2DGradOp op,
                                MaxPool2DGradOp::Adaptor adaptor) {
  MLIRContext *ctx = e.getContext();
  ArrayRef<int64_t> kernel = op.getKernelSize(), strides = op.getStrides(),
                    pad = op.getPadding();
  Value dy = adaptor.getGrad();
  RankedTensorType dyType = Emitter::typeOf(dy);
  Value x = e.padSpatial(adaptor.getInput(), pad, -INFINITY);
  Type et = dyType.getElementType();
  // The selected tap of every window: the first strict maximum in row-major
  // order, -1 when nothing beats -inf. Loops (n, c, oh, ow | kh, kw).
  auto dim = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  AffineMap xMap = AffineMap::get(6, 0,
                                  {dim(0), dim(1), dim(2) * strides[0] + dim(4),
                                   dim(3) * strides[1] + dim(5)},
                                  ctx);
  AffineMap outMap =
      AffineMap::get(6, 0, {dim(0), dim(1), dim(2), dim(3)}, ctx);
  SmallVector<IteratorType> iterators(4, IteratorType::parallel);
  iterators.append(2, IteratorType::reduction);
  Value best = e.full(dyType.getShape(), et, -INFINITY);
  Value noTap = e.full(dyType.getShape(), e.getI64Type(), -1);
  Value window = tensor::EmptyOp::create(e, kernel, et);
  AffineMap windowMap = AffineMap::get(6, 0, {dim(4), dim(5)}, ctx);
  Value taps =
      linalg::GenericOp::create(
          e, TypeRange{best.getType(), noTap.getType()}, ValueRange{x, window},
          ValueRange{best, noTap}, {xMap, windowMap, outMap, outMap}, iterators,
          [&](OpBuilder &ob, Location loc, ValueRange args) {
            Emitter b(loc, ob);
            Value tap = arith::IndexCastOp::create(
                b, b.getI64Type(),
                arith::AddIOp::create(
                    b,
                    arith::MulIOp::create(
                        b, linalg::IndexOp::create(b, 4),
                        b.constant(b.getIndexType(), kernel[1])),
                    linalg::IndexOp::create(b, 5)));
            Value better = arith::CmpFOp::create(b, arith::CmpFPredicate::OGT,
                                                 args[0], args[2]);
            linalg::YieldOp::create(
                b,
                ValueRange{arith::SelectOp::create(b, better, args[0], args[2]),
                           arith::SelectOp::create(b, better, tap, args[3])});
          })
          .getResult(1);
  return {sumOverCoveringWindows(
      e, op.getType(), dyType.getShape(), kernel, strides, pad,
      [&](Emitter &b, ArrayRef<Value> window, Value tap) -> Value {
        Value selected = tensor::ExtractOp::create(b, taps, window);
        Value hit = arith::CmpIOp::create(
            b, arith::CmpIPredicate::eq, selected,
            arith::IndexCastOp::create(b, b.getI64Type(), tap));
        Value g = tensor::ExtractOp::create(b, dy, window);
        return arith::SelectOp::create(b, hit, g, b.constant(et, 0.0));
      })};
}

static SmallVector<Value> lower(Emitter &e, AvgPool2DGradOp op,
                                AvgPool2DGradOp::Adaptor adaptor) {
  ArrayRef<int64_t> kernel = op.getKernelSize(), strides = op.getStrides(),
                    pad = op.getPadding();
  RankedTensorType inType = op.getType();
  Value dy = adaptor.getGrad();
  // Spread each window's gradient evenly over its divisor.
  Value share = op.getCountIncludePad()
                    ? e.scale(dy, 1.0 / (kernel[0] * kernel[1]))
                    : divideByCoveredCount(e, dy, inType.getShape(), kernel,
                                           strides, pad);
  return {sumOverCoveringWindows(
      e, inType, Emitter::typeOf(dy).getShape(), kernel, strides, pad,
      [&](Emitter &b, ArrayRef<Value> window, Value) -> Value {
        return tensor::ExtractOp::create(b, share, window);
      })};
}

void populateDlcPoolGradientsToLinalgPatterns(RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<LowerOp<AvgPool2DGradOp>, LowerOp<MaxPool2DGradOp>>(ctx);
}

} // namespace mlir::dlc::to_linalg
