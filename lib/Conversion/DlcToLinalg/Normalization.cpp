//===- Normalization.cpp - Lower dlc normalizations to linalg -------------===//
//
// Softmax, layer norm and batch norm: reductions over the normalized axes,
// combined back with the full tensor element by element (Emitter::withReduced).
// Softmax subtracts the maximum first; the norms use the biased variance, as
// PyTorch does, and batch norm also returns the batch's mean and variance.
// `moments` is exported to the norms' gradients (Gradients.cpp).
//
//===----------------------------------------------------------------------===//

#include "PatternDlcToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

namespace mlir::dlc::to_linalg {

static SmallVector<Value> lower(Emitter &e, SoftmaxOp op,
                                SoftmaxOp::Adaptor adaptor) {
  Value x = adaptor.getInput();
  int64_t axis = op.getAxis();
  Value max = e.reduceMax(x, axis);
  Value exps = e.withReduced(x, max, axis, [](Emitter &b, ValueRange a) {
    return Value(math::ExpOp::create(b, arith::SubFOp::create(b, a[0], a[1])));
  });
  Value sum = e.reduceSum(exps, axis);
  // exp(x - max) once more rather than read `exps`, which then has one
  // reader, the sum, and fuses into it: no f32 tensor of the input's size
  // is stored (the same operations, so the same values).
  unsigned rank = Emitter::typeOf(x).getRank();
  AffineMap stats = e.dropDims(rank, axis);
  return {e.map(Emitter::typeOf(x), {x, max, sum},
                {e.getMultiDimIdentityMap(rank), stats, stats},
                [](Emitter &b, ValueRange a) -> Value {
                  Value exp = math::ExpOp::create(
                      b, arith::SubFOp::create(b, a[0], a[1]));
                  return arith::DivFOp::create(b, exp, a[2]);
                })};
}

std::pair<Value, Value> moments(Emitter &e, Value x, ArrayRef<int64_t> axes) {
  double inv = 1.0 / countOf(Emitter::typeOf(x), axes);
  Value mean = e.scale(e.reduceSum(x, axes), inv);
  Value sq = e.withReduced(x, mean, axes, [](Emitter &b, ValueRange a) {
    Value d = arith::SubFOp::create(b, a[0], a[1]);
    return Value(arith::MulFOp::create(b, d, d));
  });
  Value var = e.scale(e.reduceSum(sq, axes), inv);
  return {mean, var};
}

/// (x - mean) / sqrt(var + eps) * weight + bias, with mean and var reduced
/// over `axes` and weight and bias read through `paramMap`.
static Value normalize(Emitter &e, Value x, Value mean, Value var, Value weight,
                       Value bias, ArrayRef<int64_t> axes, AffineMap paramMap,
                       double epsilon) {
  RankedTensorType type = Emitter::typeOf(x);
  unsigned rank = type.getRank();
  AffineMap id = e.getMultiDimIdentityMap(rank);
  AffineMap stats = e.dropDims(rank, axes);
  return e.map(type, {x, mean, var, weight, bias},
               {id, stats, stats, paramMap, paramMap},
               [&](Emitter &b, ValueRange a) -> Value {
                 Type t = a[0].getType();
                 Value centered = arith::SubFOp::create(b, a[0], a[1]);
                 Value rstd = math::RsqrtOp::create(
                     b, arith::AddFOp::create(b, a[2], b.constant(t, epsilon)));
                 Value y = arith::MulFOp::create(b, centered, rstd);
                 return arith::AddFOp::create(
                     b, arith::MulFOp::create(b, y, a[3]), a[4]);
               });
}

static SmallVector<Value> lower(Emitter &e, LayerNormOp op,
                                LayerNormOp::Adaptor adaptor) {
  Value x = adaptor.getInput();
  unsigned rank = Emitter::typeOf(x).getRank();
  unsigned k = Emitter::typeOf(adaptor.getWeight()).getRank();
  SmallVector<int64_t> axes =
      llvm::to_vector(llvm::seq<int64_t>(rank - k, rank));
  auto [mean, var] = moments(e, x, axes);
  AffineMap paramMap =
      e.dropDims(rank, llvm::to_vector(llvm::seq<int64_t>(0, rank - k)));
  return {normalize(e, x, mean, var, adaptor.getWeight(), adaptor.getBias(),
                    axes, paramMap, op.getEpsilon().convertToDouble())};
}

static SmallVector<Value> lower(Emitter &e, BatchNormOp op,
                                BatchNormOp::Adaptor adaptor) {
  Value x = adaptor.getInput();
  unsigned rank = Emitter::typeOf(x).getRank();
  SmallVector<int64_t> axes = {0};
  for (unsigned d = 2; d < rank; ++d)
    axes.push_back(d);
  auto [mean, var] = moments(e, x, axes);
  AffineMap paramMap = e.dropDims(rank, axes);
  Value y = normalize(e, x, mean, var, adaptor.getWeight(), adaptor.getBias(),
                      axes, paramMap, op.getEpsilon().convertToDouble());
  return {y, mean, var};
}

void populateDlcNormalizationToLinalgPatterns(RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<LowerOp<BatchNormOp>, LowerOp<LayerNormOp>, LowerOp<SoftmaxOp>>(
      ctx);
}

} // namespace mlir::dlc::to_linalg
