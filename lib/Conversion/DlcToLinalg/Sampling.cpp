//===- Sampling.cpp - Lower the WTA-CRS ops to linalg ---------------------===//
//
// dlc.stop_gradient is its input; dlc.sampled_linear's forward is
// dlc.linear's; dlc.row_norms is a sum of squares. dlc.wta_crs_sample is
// written without sorting, as reductions that linalg (and so both back
// ends) has: each row's rank by decreasing score is the number of rows that
// precede it (O(n^2) comparisons, one parallel loop over the rows), the top
// sums T(c) and the deterministic rows come from the ranks, and each draw
// inverts the cumulative sum of the rest by counting the rows at or below
// its target. Counts are summed in f64, which holds them exactly.
//
//===----------------------------------------------------------------------===//

#include "PatternDlcToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <limits>

namespace mlir::dlc::to_linalg {

static SmallVector<Value> lower(Emitter &e, StopGradientOp op,
                                StopGradientOp::Adaptor adaptor) {
  return {adaptor.getInput()};
}

static SmallVector<Value> lower(Emitter &e, SampledLinearOp op,
                                SampledLinearOp::Adaptor adaptor) {
  // The forward is the plain layer, lowered by dlc.linear's pattern.
  return {LinearOp::create(e, adaptor.getInput(), adaptor.getWeight(),
                           adaptor.getBias())
              .getResult()};
}

static SmallVector<Value> lower(Emitter &e, RowNormsOp op,
                                RowNormsOp::Adaptor adaptor) {
  Value x = adaptor.getInput();
  RankedTensorType type = Emitter::typeOf(x);
  unsigned rank = type.getRank();
  Type acc = type.getElementType().isF64() ? e.getF64Type() : e.getF32Type();
  SmallVector<int64_t> shape(type.getShape().drop_back());
  Value squares = accumulate(
      e, e.full(shape, acc, 0.0), x, e.getMultiDimIdentityMap(rank),
      e.dropDims(rank, {rank - 1}), rank - 1, rank,
      [&](Emitter &b, ValueRange a) -> Value {
        Value v = a[0].getType() == acc
                      ? a[0]
                      : arith::ExtFOp::create(b, acc, a[0]).getResult();
        return arith::MulFOp::create(b, v, v);
      },
      /*widen=*/false);
  return {e.convertTo(e.map(squares,
                            [](Emitter &b, ValueRange a) -> Value {
                              return math::SqrtOp::create(b, a[0]);
                            }),
                      e.getF32Type())};
}

namespace {

/// Builders of the sampler's generics.
struct Sampler {
  Emitter &e;
  Type f64 = e.getF64Type();

  /// The loop index `d` of the enclosing generic as f64.
  static Value indexF64(Emitter &b, unsigned d) {
    Value i = linalg::IndexOp::create(b, d);
    return arith::UIToFPOp::create(
        b, b.getF64Type(), arith::IndexCastOp::create(b, b.getI64Type(), i));
  }
  /// Map of a 2-d loop nest (a, b) to the one loop `d`, or to nothing.
  AffineMap dim(unsigned d) {
    return AffineMap::get(2, 0, e.getAffineDimExpr(d), e.getContext());
  }
  AffineMap none(unsigned loops) {
    return AffineMap::get(loops, 0, {}, e.getContext());
  }

  /// sum over the second loop of `body`, for each index of the first:
  /// a [rows] f64 tensor.
  Value sumOver(int64_t rows, ValueRange inputs, ArrayRef<AffineMap> maps,
                function_ref<Value(Emitter &, ValueRange)> body) {
    return accumulate(e, e.full({rows}, f64, 0.0), inputs, maps, dim(0),
                      /*parallel=*/1, /*loops=*/2, body, /*widen=*/false);
  }

  /// A rank-0 reduction of the [m] tensor `v` by `combine` from `identity`.
  Value reduce(Value v, double identity,
               function_ref<Value(Emitter &, Value, Value)> combine) {
    return e.reduce(v, {0}, identity, combine);
  }

  /// An elementwise map over [size] of `inputs` read through `maps` (a
  /// rank-0 input broadcast).
  Value map(int64_t size, Type et, ValueRange inputs, ArrayRef<AffineMap> maps,
            Emitter::BodyFn body) {
    return e.map(RankedTensorType::get(
                     size ? ArrayRef<int64_t>{size} : ArrayRef<int64_t>{}, et),
                 inputs, maps, body);
  }
};

} // namespace

static SmallVector<Value> lower(Emitter &e, WtaCrsSampleOp op,
                                WtaCrsSampleOp::Adaptor adaptor) {
  int64_t n = op.getScores().getType().getDimSize(0);
  int64_t k = op.getIndices().getType().getDimSize(0);
  Sampler s{e};
  Type f64 = e.getF64Type(), i64 = e.getI64Type();
  AffineMap id1 = e.getMultiDimIdentityMap(1), scalar1 = s.none(1);
  auto add = [](Emitter &b, Value acc, Value x) -> Value {
    return arith::AddFOp::create(b, acc, x);
  };
  auto minimum = [](Emitter &b, Value acc, Value x) -> Value {
    return arith::MinimumFOp::create(b, acc, x);
  };

  // w: the scores as f64, negative and NaN as 0, all 1 when none is
  // positive; S their sum.
  Value w0 = e.map(RankedTensorType::get({n}, f64), adaptor.getScores(), {},
                   [&](Emitter &b, ValueRange a) -> Value {
                     Value x = arith::ExtFOp::create(b, f64, a[0]);
                     Value positive = arith::CmpFOp::create(
                         b, arith::CmpFPredicate::OGT, x, b.constant(f64, 0.0));
                     return arith::SelectOp::create(b, positive, x,
                                                    b.constant(f64, 0.0));
                   });
  Value s0 = s.reduce(w0, 0.0, add);
  Value w = s.map(
      n, f64, {w0, s0}, {id1, scalar1}, [&](Emitter &b, ValueRange a) -> Value {
        Value any = arith::CmpFOp::create(b, arith::CmpFPredicate::OGT, a[1],
                                          b.constant(f64, 0.0));
        return arith::SelectOp::create(b, any, a[0], b.constant(f64, 1.0));
      });
  Value total = s.reduce(w, 0.0, add);

  // rank_i: the rows before row i by decreasing w, ties by index.
  Value rank = s.sumOver(
      n, {w, w}, {s.dim(0), s.dim(1)}, [&](Emitter &b, ValueRange a) -> Value {
        Value i = Sampler::indexF64(b, 0), j = Sampler::indexF64(b, 1);
        Value greater =
            arith::CmpFOp::create(b, arith::CmpFPredicate::OGT, a[1], a[0]);
        Value tie = arith::AndIOp::create(
            b, arith::CmpFOp::create(b, arith::CmpFPredicate::OEQ, a[1], a[0]),
            arith::CmpFOp::create(b, arith::CmpFPredicate::OLT, j, i));
        return arith::SelectOp::create(b, arith::OrIOp::create(b, greater, tie),
                                       b.constant(f64, 1.0),
                                       b.constant(f64, 0.0));
      });

  // T(c) for c in [0, k]: the sum of the top c; V(c) the variance bound.
  Value top = s.sumOver(
      k + 1, {rank, w}, {s.dim(1), s.dim(1)},
      [&](Emitter &b, ValueRange a) -> Value {
        Value c = Sampler::indexF64(b, 0);
        Value in = arith::CmpFOp::create(b, arith::CmpFPredicate::OLT, a[0], c);
        return arith::SelectOp::create(b, in, a[1], b.constant(f64, 0.0));
      });
  double inf = std::numeric_limits<double>::infinity();
  Value bound = s.map(
      k + 1, f64, {top, total}, {id1, scalar1},
      [&](Emitter &b, ValueRange a) -> Value {
        Value c = Sampler::indexF64(b, 0);
        Value rest = arith::MaximumFOp::create(
            b, arith::SubFOp::create(b, a[1], a[0]), b.constant(f64, 0.0));
        Value slots = arith::SubFOp::create(b, b.constant(f64, double(k)), c);
        Value sampled = arith::DivFOp::create(
            b, arith::MulFOp::create(b, rest, rest), slots);
        Value none = arith::CmpFOp::create(b, arith::CmpFPredicate::OLE, rest,
                                           b.constant(f64, 0.0));
        Value last = arith::SelectOp::create(b, none, b.constant(f64, 0.0),
                                             b.constant(f64, inf));
        Value isLast = arith::CmpFOp::create(b, arith::CmpFPredicate::OEQ, c,
                                             b.constant(f64, double(k)));
        return arith::SelectOp::create(b, isLast, last, sampled);
      });
  Value least = s.reduce(bound, inf, minimum);
  // The first c that reaches it.
  Value firstAtLeast =
      s.map(k + 1, f64, {bound, least}, {id1, scalar1},
            [&](Emitter &b, ValueRange a) -> Value {
              Value at = arith::CmpFOp::create(b, arith::CmpFPredicate::OEQ,
                                               a[0], a[1]);
              return arith::SelectOp::create(b, at, Sampler::indexF64(b, 0),
                                             b.constant(f64, inf));
            });
  Value count = s.reduce(firstAtLeast, inf, minimum);

  // The rest: its weights, their cumulative sum in index order, its total R
  // (the cumulative sum's last element) and its last row with weight.
  Value rest = s.map(
      n, f64, {w, rank, count}, {id1, id1, scalar1},
      [&](Emitter &b, ValueRange a) -> Value {
        Value kept =
            arith::CmpFOp::create(b, arith::CmpFPredicate::OLT, a[1], a[2]);
        return arith::SelectOp::create(b, kept, b.constant(f64, 0.0), a[0]);
      });
  Value cumulative =
      s.sumOver(n, {rest}, {s.dim(1)}, [&](Emitter &b, ValueRange a) -> Value {
        Value in = arith::CmpFOp::create(b, arith::CmpFPredicate::OLE,
                                         Sampler::indexF64(b, 1),
                                         Sampler::indexF64(b, 0));
        return arith::SelectOp::create(b, in, a[0], b.constant(f64, 0.0));
      });
  Value lastIndex = e.constant(e.getIndexType(), n - 1);
  Value restTotal = s.map(0, f64, {}, {}, [&](Emitter &b, ValueRange) -> Value {
    return tensor::ExtractOp::create(b, cumulative, ValueRange{lastIndex});
  });
  Value lastWeighted = s.reduce(
      s.map(n, f64, {rest}, {id1},
            [&](Emitter &b, ValueRange a) -> Value {
              Value has = arith::CmpFOp::create(b, arith::CmpFPredicate::OGT,
                                                a[0], b.constant(f64, 0.0));
              return arith::SelectOp::create(b, has, Sampler::indexF64(b, 0),
                                             b.constant(f64, 0.0));
            }),
      0.0, [](Emitter &b, Value acc, Value x) -> Value {
        return arith::MaximumFOp::create(b, acc, x);
      });

  // Slot r: the row of rank r, and the draw's target u_r * R.
  Value ranked =
      s.sumOver(k, {rank}, {s.dim(1)}, [&](Emitter &b, ValueRange a) -> Value {
        Value at = arith::CmpFOp::create(b, arith::CmpFPredicate::OEQ, a[0],
                                         Sampler::indexF64(b, 0));
        return arith::SelectOp::create(b, at, Sampler::indexF64(b, 1),
                                       b.constant(f64, 0.0));
      });
  int64_t seed = op.getSeed();
  Value target = s.map(
      k, f64, {restTotal}, {scalar1}, [&](Emitter &b, ValueRange a) -> Value {
        Value r =
            arith::IndexCastOp::create(b, i64, linalg::IndexOp::create(b, 0));
        Value z = b.hash64(b.constant(i64, seed), r);
        Value bits = arith::ShRUIOp::create(b, z, b.constant(i64, 11));
        Value u =
            arith::MulFOp::create(b, arith::UIToFPOp::create(b, f64, bits),
                                  b.constant(f64, 1.0 / 9007199254740992.0));
        return arith::MulFOp::create(b, u, a[0]);
      });
  Value below =
      s.sumOver(k, {target, cumulative}, {s.dim(0), s.dim(1)},
                [&](Emitter &b, ValueRange a) -> Value {
                  Value in = arith::CmpFOp::create(b, arith::CmpFPredicate::OLE,
                                                   a[1], a[0]);
                  return arith::SelectOp::create(b, in, b.constant(f64, 1.0),
                                                 b.constant(f64, 0.0));
                });

  // indices[r] and scales[r].
  auto positive = [&](Emitter &b, Value v) {
    return arith::CmpFOp::create(b, arith::CmpFPredicate::OGT, v,
                                 b.constant(f64, 0.0));
  };
  Value chosen =
      s.map(k, f64, {ranked, below, count, restTotal, lastWeighted},
            {id1, id1, scalar1, scalar1, scalar1},
            [&](Emitter &b, ValueRange a) -> Value {
              Value r = Sampler::indexF64(b, 0);
              Value deterministic =
                  arith::CmpFOp::create(b, arith::CmpFPredicate::OLT, r, a[2]);
              Value drawn = arith::MinimumFOp::create(b, a[1], a[4]);
              drawn = arith::SelectOp::create(b, positive(b, a[3]), drawn,
                                              b.constant(f64, 0.0));
              return arith::SelectOp::create(b, deterministic, a[0], drawn);
            });
  Value indices =
      s.map(k, i64, {chosen}, {id1}, [&](Emitter &b, ValueRange a) -> Value {
        return arith::FPToSIOp::create(b, b.getI64Type(), a[0]);
      });
  Value scales =
      s.map(k, e.getF32Type(), {chosen, count, restTotal},
            {id1, scalar1, scalar1}, [&](Emitter &b, ValueRange a) -> Value {
              Value r = Sampler::indexF64(b, 0);
              Value deterministic =
                  arith::CmpFOp::create(b, arith::CmpFPredicate::OLT, r, a[1]);
              Value row = arith::IndexCastOp::create(
                  b, b.getIndexType(),
                  arith::FPToSIOp::create(b, b.getI64Type(), a[0]));
              Value weight = tensor::ExtractOp::create(b, w, ValueRange{row});
              Value slots =
                  arith::SubFOp::create(b, b.constant(f64, double(k)), a[1]);
              Value scale = arith::DivFOp::create(
                  b, a[2], arith::MulFOp::create(b, slots, weight));
              scale = arith::SelectOp::create(b, positive(b, a[2]), scale,
                                              b.constant(f64, 0.0));
              scale = arith::SelectOp::create(b, deterministic,
                                              b.constant(f64, 1.0), scale);
              return arith::TruncFOp::create(b, b.getF32Type(), scale);
            });
  Value countI64 =
      s.map(0, i64, {count}, {AffineMap::get(0, 0, {}, e.getContext())},
            [&](Emitter &b, ValueRange a) -> Value {
              return arith::FPToSIOp::create(b, b.getI64Type(), a[0]);
            });
  return {indices, scales, countI64};
}

void populateDlcSamplingToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerOp<RowNormsOp>, LowerOp<SampledLinearOp>,
               LowerOp<StopGradientOp>, LowerOp<WtaCrsSampleOp>>(
      patterns.getContext());
}

} // namespace mlir::dlc::to_linalg
