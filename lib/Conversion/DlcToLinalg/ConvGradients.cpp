//===- ConvGradients.cpp - Lower dlc convolution gradients ----------------===//
//
// The convolution gradients, conv2d_weight_grad and conv2d_input_grad, as
// linalg.generic over channel groups. The weight gradient is one reduction over
// the batch and the output positions, accumulated in f64 for f32. The input
// gradient is, with unit strides, a convolution of the padded output gradient
// with the flipped kernel (affine reads, so the GPU pipeline tiles it as a
// product), otherwise a gather of the output positions whose windows read each
// input position, and for a pointwise convolution a product with the
// transposed weight. f16 and bf16 operands stay narrow and accumulate in f32,
// as in the forward convolution (Contractions.cpp).
//
//===----------------------------------------------------------------------===//

#include "PatternDlcToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace mlir::dlc::to_linalg {

/// `a * b` in `type`, f16/bf16 factors extended to it first.
static Value multiplyIn(Emitter &e, Type type, Value a, Value b) {
  auto extend = [&](Value v) -> Value {
    return v.getType() == type ? v : arith::ExtFOp::create(e, type, v);
  };
  return arith::MulFOp::create(e, extend(a), extend(b));
}

static SmallVector<Value> lower(Emitter &e, Conv2DWeightGradOp op,
                                Conv2DWeightGradOp::Adaptor adaptor) {
  MLIRContext *ctx = e.getContext();
  Value x = e.padSpatial(adaptor.getInput(), op.getPadding(), 0.0);
  RankedTensorType xt = Emitter::typeOf(x);
  RankedTensorType dyt = Emitter::typeOf(adaptor.getGrad());
  RankedTensorType wt = op.getType();
  int64_t g = op.getGroups(), n = xt.getDimSize(0), c = xt.getDimSize(1);
  int64_t f = dyt.getDimSize(1);
  ArrayRef<int64_t> s = op.getStrides(), d = op.getDilation();
  Value xg = e.reshape(x, {n, g, c / g, xt.getDimSize(2), xt.getDimSize(3)});
  Value dyg = e.reshape(adaptor.getGrad(),
                        {n, g, f / g, dyt.getDimSize(2), dyt.getDimSize(3)});
  Type acc = accumulatorType(e, wt.getElementType());
  Value init =
      e.full({g, f / g, c / g, wt.getDimSize(2), wt.getDimSize(3)}, acc, 0.0);
  // Loops (g, fo, c, kh, kw | n, oh, ow).
  auto dim = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  AffineMap dyMap =
      AffineMap::get(8, 0, {dim(5), dim(0), dim(1), dim(6), dim(7)}, ctx);
  AffineMap xMap =
      AffineMap::get(8, 0,
                     {dim(5), dim(0), dim(2), dim(6) * s[0] + dim(3) * d[0],
                      dim(7) * s[1] + dim(4) * d[1]},
                     ctx);
  AffineMap outMap =
      AffineMap::get(8, 0, {dim(0), dim(1), dim(2), dim(3), dim(4)}, ctx);
  // A sum over the whole batch: accumulated in f64 for f32.
  Value grad = accumulate(e, init, {dyg, xg}, {dyMap, xMap}, outMap, 5, 8,
                          [&](Emitter &b, ValueRange a) -> Value {
                            return multiplyIn(b, acc, a[0], a[1]);
                          });
  return {e.convertTo(e.reshape(grad, wt.getShape()), wt.getElementType())};
}

static SmallVector<Value> lower(Emitter &e, Conv2DInputGradOp op,
                                Conv2DInputGradOp::Adaptor adaptor) {
  MLIRContext *ctx = e.getContext();
  RankedTensorType xt = op.getType();
  RankedTensorType dyt = Emitter::typeOf(adaptor.getGrad());
  RankedTensorType wt = Emitter::typeOf(adaptor.getWeight());
  ArrayRef<int64_t> s = op.getStrides(), d = op.getDilation(),
                    pad = op.getPadding();
  int64_t g = op.getGroups(), n = xt.getDimSize(0), c = xt.getDimSize(1);
  int64_t h = xt.getDimSize(2), w = xt.getDimSize(3);
  int64_t f = dyt.getDimSize(1), oh = dyt.getDimSize(2), ow = dyt.getDimSize(3);
  int64_t kh = wt.getDimSize(2), kw = wt.getDimSize(3);
  if (isPointwise(wt, s, pad, g)) {
    // dx[n] = W^T . dy[n], [C, F] . [F, H*W], summed over f in order as
    // below.
    Value wT = e.transpose(e.reshape(adaptor.getWeight(), {f, c}), {1, 0});
    Value product =
        emitSharedLhsMatmul(e, wT, e.reshape(adaptor.getGrad(), {n, f, h * w}));
    return {
        e.convertTo(e.reshape(product, xt.getShape()), xt.getElementType())};
  }
  Value wg = e.reshape(adaptor.getWeight(), {g, f / g, c / g, kh, kw});
  // Each input position sums F/G * KH * KW terms, as many as a forward
  // output: accumulated in f32 like the forward convolution.
  Type acc = accumulatorType(e, xt.getElementType());
  Value init = e.full({n, g, c / g, h, w}, acc, 0.0);
  // Loops (n, g, c, h, w | fo, kh, kw) over the unpadded input.
  auto dim = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  AffineMap outMap =
      AffineMap::get(8, 0, {dim(0), dim(1), dim(2), dim(3), dim(4)}, ctx);
  AffineMap wMap =
      AffineMap::get(8, 0, {dim(1), dim(5), dim(2), dim(6), dim(7)}, ctx);
  // Output-gradient padding that turns the gradient into a convolution.
  int64_t qh = (kh - 1) * d[0] - pad[0], qw = (kw - 1) * d[1] - pad[1];
  Value grad;
  if (s[0] == 1 && s[1] == 1 && qh >= 0 && qw >= 0) {
    // With unit strides the gradient is a convolution of the output gradient,
    // padded by the dilated kernel's extent less one less the forward
    // padding, with the flipped kernel: position (h, w) reads tap (kh, kw)
    // of the weight and dy at (h + (KH-1-kh) d, w + (KW-1-kw) d), the same
    // terms in the same order as the gather below. Plain affine reads, so
    // the GPU pipeline tiles it as a product.
    Value dyp = e.padSpatial(adaptor.getGrad(), {qh, qw}, 0.0);
    RankedTensorType dypt = Emitter::typeOf(dyp);
    dyp = e.reshape(dyp, {n, g, f / g, dypt.getDimSize(2), dypt.getDimSize(3)});
    AffineMap dyMap = AffineMap::get(8, 0,
                                     {dim(0), dim(1), dim(5),
                                      dim(3) + (kh - 1 - dim(6)) * d[0],
                                      dim(4) + (kw - 1 - dim(7)) * d[1]},
                                     ctx);
    grad = accumulate(
        e, init, {dyp, wg}, {dyMap, wMap}, outMap, 5, 8,
        [&](Emitter &b, ValueRange a) -> Value {
          return multiplyIn(b, acc, a[0], a[1]);
        },
        /*widen=*/false);
  } else {
    Value dyg = e.reshape(adaptor.getGrad(), {n, g, f / g, oh, ow});
    // Every input position gathers the output positions whose window read
    // it through tap (kh, kw).
    grad = accumulate(
        e, init, {wg}, {wMap}, outMap, 5, 8,
        [&](Emitter &b, ValueRange a) -> Value {
          Type index = b.getIndexType();
          auto cst = [&](int64_t v) { return b.constant(index, v); };
          Value valid;
          SmallVector<Value> at = {linalg::IndexOp::create(b, 0),
                                   linalg::IndexOp::create(b, 1),
                                   linalg::IndexOp::create(b, 5)};
          for (int k = 0; k < 2; ++k) {
            // o = (padded position - tap * dilation) / stride, when exact
            // and in range.
            Value num = arith::SubIOp::create(
                b,
                arith::AddIOp::create(b, linalg::IndexOp::create(b, 3 + k),
                                      cst(pad[k])),
                arith::MulIOp::create(b, linalg::IndexOp::create(b, 6 + k),
                                      cst(d[k])));
            auto [ok, o] = windowOrigin(b, num, s[k], k == 0 ? oh : ow);
            valid = valid ? Value(arith::AndIOp::create(b, valid, ok)) : ok;
            at.push_back(o);
          }
          Value dy = tensor::ExtractOp::create(b, dyg, at);
          return arith::SelectOp::create(b, valid, multiplyIn(b, acc, dy, a[0]),
                                         b.constant(acc, 0.0));
        },
        /*widen=*/false);
  }
  return {e.convertTo(e.reshape(grad, xt.getShape()), xt.getElementType())};
}

void populateDlcConvGradientsToLinalgPatterns(RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<LowerOp<Conv2DInputGradOp>, LowerOp<Conv2DWeightGradOp>>(ctx);
}

} // namespace mlir::dlc::to_linalg
