//===- Gradients.cpp - Lower the other dlc gradient ops -------------------===//
//
// The gradient ops of the elementwise, loss, normalization and data-movement
// families: relu_grad, cross_entropy_grad, gelu_grad, slice_grad,
// layer_norm_grad, batch_norm_grad and embedding_grad. The gradients of the
// windowed ops, convolution and pooling, have files of their own
// (ConvGradients.cpp, PoolGradients.cpp, as their tests do): they share the
// transposed window arithmetic that none of these need, and they are most of
// the gradient lowerings' length. embedding_grad needs no scatter: it sorts the
// positions by row with counting sums (`sumOver`), then every table element
// sums its row's positions in position order, the same sums in the same order
// as adding the gradients into the table one position after another.
//
//===----------------------------------------------------------------------===//

#include "PatternDlcToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

#include <cmath>

namespace mlir::dlc::to_linalg {

static SmallVector<Value> lower(Emitter &e, ReluGradOp op,
                                ReluGradOp::Adaptor adaptor) {
  return {e.map(op.getType(), {adaptor.getGrad(), adaptor.getInput()}, {},
                [](Emitter &b, ValueRange a) -> Value {
                  Type t = a[0].getType();
                  Value positive = arith::CmpFOp::create(
                      b, arith::CmpFPredicate::OGT, a[1], b.constant(t, 0.0));
                  return arith::SelectOp::create(b, positive, a[0],
                                                 b.constant(t, 0.0));
                })};
}

static SmallVector<Value> lower(Emitter &e, CrossEntropyGradOp op,
                                CrossEntropyGradOp::Adaptor adaptor) {
  Value logits = adaptor.getLogits();
  RankedTensorType type = op.getType();
  int64_t n = type.getDimSize(0), classes = type.getDimSize(1);
  // (softmax(logits) - onehot(labels)) * grad / N
  Value max = e.reduceMax(logits, {1});
  Value exps = e.withReduced(logits, max, {1}, [](Emitter &b, ValueRange a) {
    return Value(math::ExpOp::create(b, arith::SubFOp::create(b, a[0], a[1])));
  });
  Value sum = e.reduceSum(exps, {1});
  MLIRContext *ctx = e.getContext();
  AffineMap id = e.getMultiDimIdentityMap(2);
  AffineMap row = AffineMap::get(2, 0, e.getAffineDimExpr(0), ctx);
  AffineMap scalar = AffineMap::get(2, 0, {}, ctx);
  // exp(logits - max) once more rather than read `exps`, which then fuses
  // into the sum: no f32 tensor of the logits' size is stored (a language
  // model's logits are the step's largest tensor).
  return {e.map(type,
                {logits, max, sum, adaptor.getLabels(), adaptor.getGrad()},
                {id, row, row, row, scalar},
                [&](Emitter &b, ValueRange a) -> Value {
                  Type t = a[0].getType();
                  Value exp = math::ExpOp::create(
                      b, arith::SubFOp::create(b, a[0], a[1]));
                  Value p = arith::DivFOp::create(b, exp, a[2]);
                  Value label = b.clampIndex(a[3], classes);
                  Value isLabel =
                      arith::CmpIOp::create(b, arith::CmpIPredicate::eq, label,
                                            linalg::IndexOp::create(b, 1));
                  Value target = arith::SelectOp::create(
                      b, isLabel, b.constant(t, 1.0), b.constant(t, 0.0));
                  Value scale =
                      arith::MulFOp::create(b, a[4], b.constant(t, 1.0 / n));
                  return arith::MulFOp::create(
                      b, arith::SubFOp::create(b, p, target), scale);
                })};
}

static SmallVector<Value> lower(Emitter &e, GeluGradOp op,
                                GeluGradOp::Adaptor adaptor) {
  bool tanhForm = op.getApproximate() == GeluApproximation::tanh;
  return {e.map(
      op.getType(), {adaptor.getGrad(), adaptor.getInput()}, {},
      [&](Emitter &b, ValueRange a) -> Value {
        Type t = a[0].getType();
        Value x = a[1];
        auto c = [&](double v) { return b.constant(t, v); };
        auto mulf = [&](Value p, Value q) -> Value {
          return arith::MulFOp::create(b, p, q);
        };
        auto addf = [&](Value p, Value q) -> Value {
          return arith::AddFOp::create(b, p, q);
        };
        Value slope;
        if (tanhForm) {
          // d/dx 0.5 x (1 + tanh(u)), u = k (x + 0.044715 x^3).
          double k = std::sqrt(2.0 / M_PI);
          Value x2 = mulf(x, x);
          Value u = mulf(c(k), addf(x, mulf(c(0.044715), mulf(x2, x))));
          Value th = math::TanhOp::create(b, u);
          Value du = mulf(c(k), addf(c(1.0), mulf(c(3 * 0.044715), x2)));
          Value sech2 = arith::SubFOp::create(b, c(1.0), mulf(th, th));
          slope = addf(mulf(c(0.5), addf(c(1.0), th)),
                       mulf(mulf(c(0.5), x), mulf(sech2, du)));
        } else {
          // Phi(x) + x phi(x).
          Value cdf =
              mulf(c(0.5),
                   addf(c(1.0), math::ErfOp::create(b, mulf(x, c(M_SQRT1_2)))));
          Value pdf = mulf(c(1.0 / std::sqrt(2.0 * M_PI)),
                           math::ExpOp::create(b, mulf(c(-0.5), mulf(x, x))));
          slope = addf(cdf, mulf(x, pdf));
        }
        return mulf(a[0], slope);
      })};
}

static SmallVector<Value> lower(Emitter &e, SliceGradOp op,
                                SliceGradOp::Adaptor adaptor) {
  RankedTensorType type = op.getType();
  MLIRContext *ctx = e.getContext();
  Value zeros = e.full(type.getShape(), type.getElementType(), 0.0);
  return {tensor::InsertSliceOp::create(
      e, adaptor.getGrad(), zeros, getAsIndexOpFoldResult(ctx, op.getOffsets()),
      getAsIndexOpFoldResult(ctx,
                             Emitter::typeOf(adaptor.getGrad()).getShape()),
      getAsIndexOpFoldResult(ctx, op.getStrides()))};
}

/// The gradients of a normalization y = x̂ w + b with x̂ normalized over
/// `normAxes` and w, b indexed by the dimensions outside `paramAxes`:
/// dx = rstd (g - mean(g) - x̂ mean(g x̂)) with g = dy w and means over
/// `normAxes`; dw = sum(dy x̂) and db = sum(dy) over `paramAxes`.
static SmallVector<Value> normalizationGrad(Emitter &e, Value dy, Value x,
                                            Value w, ArrayRef<int64_t> normAxes,
                                            ArrayRef<int64_t> paramAxes,
                                            double eps) {
  RankedTensorType type = Emitter::typeOf(x);
  unsigned rank = type.getRank();
  double inv = 1.0 / countOf(type, normAxes);
  auto [mean, var] = moments(e, x, normAxes);
  AffineMap id = e.getMultiDimIdentityMap(rank);
  AffineMap stats = e.dropDims(rank, normAxes);
  AffineMap param = e.dropDims(rank, paramAxes);
  auto rstdOf = [&](Emitter &b, Value v) -> Value {
    Type t = v.getType();
    return math::RsqrtOp::create(
        b, arith::AddFOp::create(b, v, b.constant(t, eps)));
  };
  auto product = [](Emitter &b, ValueRange a) {
    return Value(arith::MulFOp::create(b, a[0], a[1]));
  };
  Value xhat = e.map(type, {x, mean, var}, {id, stats, stats},
                     [&](Emitter &b, ValueRange a) -> Value {
                       Value c = arith::SubFOp::create(b, a[0], a[1]);
                       return arith::MulFOp::create(b, c, rstdOf(b, a[2]));
                     });
  Value gw = e.map(type, {dy, w}, {id, param}, product);
  Value gwx = e.map(type, {gw, xhat}, {}, product);
  Value m1 = e.scale(e.reduceSum(gw, normAxes), inv);
  Value m2 = e.scale(e.reduceSum(gwx, normAxes), inv);
  Value dx = e.map(type, {gw, m1, xhat, m2, var}, {id, stats, id, stats, stats},
                   [&](Emitter &b, ValueRange a) -> Value {
                     Value t = arith::SubFOp::create(b, a[0], a[1]);
                     t = arith::SubFOp::create(
                         b, t, arith::MulFOp::create(b, a[2], a[3]));
                     return arith::MulFOp::create(b, t, rstdOf(b, a[4]));
                   });
  Value gx = e.map(type, {dy, xhat}, {}, product);
  Value dw = paramAxes.empty() ? gx : e.reduceSum(gx, paramAxes);
  Value db = paramAxes.empty() ? dy : e.reduceSum(dy, paramAxes);
  return {dx, dw, db};
}

static SmallVector<Value> lower(Emitter &e, LayerNormGradOp op,
                                LayerNormGradOp::Adaptor adaptor) {
  unsigned rank = Emitter::typeOf(adaptor.getInput()).getRank();
  unsigned k = Emitter::typeOf(adaptor.getWeight()).getRank();
  auto normalized = llvm::to_vector(llvm::seq<int64_t>(rank - k, rank));
  auto leading = llvm::to_vector(llvm::seq<int64_t>(0, rank - k));
  return normalizationGrad(e, adaptor.getGrad(), adaptor.getInput(),
                           adaptor.getWeight(), normalized, leading,
                           op.getEpsilon().convertToDouble());
}

static SmallVector<Value> lower(Emitter &e, BatchNormGradOp op,
                                BatchNormGradOp::Adaptor adaptor) {
  unsigned rank = Emitter::typeOf(adaptor.getInput()).getRank();
  SmallVector<int64_t> axes = {0};
  for (unsigned d = 2; d < rank; ++d)
    axes.push_back(d);
  return normalizationGrad(e, adaptor.getGrad(), adaptor.getInput(),
                           adaptor.getWeight(), axes, axes,
                           op.getEpsilon().convertToDouble());
}

/// For each of `outputs` elements o, the i64 sum over the positions q of
/// `values` of `term(b, o, q, values[q])`. The positions are summed in
/// `parts` contiguous runs first (loops (o, part | j), q = part * run + j),
/// then the runs' sums: integer sums, so the result is the same, and a GPU
/// gets outputs x parts threads instead of one per output (these sums
/// compare every output with every position: 4096^2 for the ranks of a
/// BERT batch's tokens).
static Value sumOver(Emitter &e, int64_t outputs, Value values,
                     function_ref<Value(Emitter &, Value, Value, Value)> term) {
  Type i64 = e.getI64Type();
  MLIRContext *ctx = e.getContext();
  int64_t length = Emitter::typeOf(values).getDimSize(0);
  // Runs of at least 64 positions, until there are 2^17 partial sums.
  constexpr int64_t kMinRun = 64, kEnoughSums = 131072;
  int64_t parts = 1;
  while (length % (parts * 2) == 0 && length / (parts * 2) >= kMinRun &&
         outputs * parts < kEnoughSums)
    parts *= 2;
  int64_t run = length / parts;
  auto dim = [&](unsigned i) { return e.getAffineDimExpr(i); };
  Value init = e.full({outputs, parts}, i64, 0);
  // The values as [parts, run], read at (part, j).
  Value runs = e.reshape(values, {parts, run});
  SmallVector<AffineMap> maps = {AffineMap::get(3, 0, {dim(1), dim(2)}, ctx),
                                 AffineMap::get(3, 0, {dim(0), dim(1)}, ctx)};
  SmallVector<utils::IteratorType> iterators = {utils::IteratorType::parallel,
                                                utils::IteratorType::parallel,
                                                utils::IteratorType::reduction};
  Value partial =
      linalg::GenericOp::create(
          e, TypeRange{init.getType()}, ValueRange{runs}, ValueRange{init},
          maps, iterators,
          [&](OpBuilder &ob, Location loc, ValueRange args) {
            Emitter b(loc, ob);
            Value q = arith::AddIOp::create(
                b,
                arith::MulIOp::create(b, linalg::IndexOp::create(b, 1),
                                      b.constant(b.getIndexType(), run)),
                linalg::IndexOp::create(b, 2));
            Value t = term(b, linalg::IndexOp::create(b, 0), q, args[0]);
            linalg::YieldOp::create(
                b, ValueRange{arith::AddIOp::create(b, args[1], t)});
          })
          .getResult(0);
  if (parts == 1)
    return e.reshape(partial, {outputs});
  return e.reduce(partial, {1}, 0.0, [](Emitter &b, Value acc, Value x) {
    return arith::AddIOp::create(b, acc, x);
  });
}

/// 1 where `condition` holds, else 0, as i64.
static Value oneIf(Emitter &b, Value condition) {
  return arith::ExtUIOp::create(b, b.getI64Type(), condition);
}

static SmallVector<Value> lower(Emitter &e, EmbeddingGradOp op,
                                EmbeddingGradOp::Adaptor adaptor) {
  RankedTensorType table = op.getType();
  int64_t vocab = table.getDimSize(0), dim = table.getDimSize(1);
  RankedTensorType idsType = Emitter::typeOf(adaptor.getIndices());
  int64_t n = idsType.getNumElements();
  Type i64 = e.getI64Type(), index = e.getIndexType();
  Value grad = e.reshape(adaptor.getGrad(), {n, dim});
  Value ids = e.reshape(adaptor.getIndices(), {n});
  // Row ids as i64, clamped into the table as the forward gather does.
  Value rows = e.map(RankedTensorType::get({n}, i64), ids, {},
                     [&](Emitter &b, ValueRange a) -> Value {
                       return arith::IndexCastOp::create(
                           b, i64, b.clampIndex(a[0], vocab));
                     });
  auto rowOf = [&](Emitter &b, Value position) -> Value {
    return tensor::ExtractOp::create(b, rows, position);
  };
  // The positions sorted by row, stably: position p goes to rank p, the
  // number of positions q with a smaller row, or the same row and q < p.
  Value rank =
      sumOver(e, n, rows, [&](Emitter &b, Value p, Value q, Value rq) -> Value {
        Value rp = rowOf(b, p);
        Value less =
            arith::CmpIOp::create(b, arith::CmpIPredicate::slt, rq, rp);
        Value same = arith::CmpIOp::create(b, arith::CmpIPredicate::eq, rq, rp);
        Value before =
            arith::CmpIOp::create(b, arith::CmpIPredicate::ult, q, p);
        return oneIf(b, arith::OrIOp::create(
                            b, less, arith::AndIOp::create(b, same, before)));
      });
  // order[s] = the position of rank s (a gather, so each element is written
  // by one iteration and no scatter is needed).
  Value order =
      sumOver(e, n, rank, [&](Emitter &b, Value s, Value q, Value rq) -> Value {
        Value hit =
            arith::CmpIOp::create(b, arith::CmpIPredicate::eq, rq,
                                  arith::IndexCastOp::create(b, i64, s));
        return arith::SelectOp::create(
            b, hit, arith::IndexCastOp::create(b, i64, q), b.constant(i64, 0));
      });
  // Where each row's positions start in that order: the count of smaller
  // rows, for every row and one past the last (which is n), so that row v's
  // positions are ranks [start[v], start[v + 1]).
  Value start = sumOver(
      e, vocab + 1, rows, [&](Emitter &b, Value v, Value, Value rq) -> Value {
        return oneIf(
            b, arith::CmpIOp::create(b, arith::CmpIPredicate::slt, rq,
                                     arith::IndexCastOp::create(b, i64, v)));
      });
  // start[first], ..., start[first + vocab - 1].
  auto bounds = [&](int64_t first) -> Value {
    MLIRContext *ctx = e.getContext();
    return tensor::ExtractSliceOp::create(
        e, RankedTensorType::get({vocab}, i64), start,
        getAsIndexOpFoldResult(ctx, ArrayRef<int64_t>(first)),
        getAsIndexOpFoldResult(ctx, ArrayRef<int64_t>(vocab)),
        getAsIndexOpFoldResult(ctx, ArrayRef<int64_t>(1)));
  };
  // Each element of the table sums its row's positions in position order,
  // from zero: the same sums, in the same order, as adding the positions'
  // gradients into the table one position after another. Every element is
  // independent, so the GPU runs one thread per element; a row without
  // positions reads nothing but its two bounds.
  Type et = table.getElementType();
  AffineMap byRow = AffineMap::get(2, 0, e.getAffineDimExpr(0), e.getContext());
  Value result =
      e.map(table, {bounds(0), bounds(1)}, {byRow, byRow},
            [&](Emitter &b, ValueRange a) -> Value {
              Value column = linalg::IndexOp::create(b, 1);
              Value first = arith::IndexCastOp::create(b, index, a[0]);
              Value end = arith::IndexCastOp::create(b, index, a[1]);
              auto loop = scf::ForOp::create(
                  b, first, end, b.constant(index, 1),
                  ValueRange{b.constant(et, 0.0)},
                  [&](OpBuilder &ob, Location loc, Value s, ValueRange sum) {
                    Emitter w(loc, ob);
                    Value p = arith::IndexCastOp::create(
                        w, index, tensor::ExtractOp::create(w, order, s));
                    Value g = tensor::ExtractOp::create(w, grad,
                                                        ValueRange{p, column});
                    scf::YieldOp::create(
                        w, ValueRange{arith::AddFOp::create(w, sum[0], g)});
                  });
              return loop.getResult(0);
            });
  return {result};
}

void populateDlcGradientsToLinalgPatterns(RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  patterns
      .add<LowerOp<BatchNormGradOp>, LowerOp<CrossEntropyGradOp>,
           LowerOp<EmbeddingGradOp>, LowerOp<GeluGradOp>,
           LowerOp<LayerNormGradOp>, LowerOp<ReluGradOp>, LowerOp<SliceGradOp>>(
          ctx);
}

} // namespace mlir::dlc::to_linalg
