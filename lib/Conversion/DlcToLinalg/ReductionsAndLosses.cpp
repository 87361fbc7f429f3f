//===- ReductionsAndLosses.cpp - Lower dlc reductions and losses ----------===//
//
// The reductions, reduce_sum and reduce_mean, and the losses, cross_entropy
// and mse_loss: sums over axes through Emitter::reduceSum (accumulated in f64
// for f32), scaled by the count for means. Cross-entropy is each row's
// log-sum-exp, with the maximum subtracted first, less the logit of its label,
// the label clamped into range.
//
//===----------------------------------------------------------------------===//

#include "PatternDlcToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace mlir::dlc::to_linalg {

template <typename DlcOp>
static SmallVector<Value> lowerReduce(Emitter &e, DlcOp op, Value input,
                                      bool mean) {
  ArrayRef<int64_t> axes = op.getAxes();
  Value r = e.reduceSum(input, axes);
  if (mean)
    r = e.scale(r, 1.0 / countOf(Emitter::typeOf(input), axes));
  return {e.reshape(r, op.getType().getShape())};
}

static SmallVector<Value> lower(Emitter &e, ReduceSumOp op,
                                ReduceSumOp::Adaptor adaptor) {
  return lowerReduce(e, op, adaptor.getInput(), /*mean=*/false);
}

static SmallVector<Value> lower(Emitter &e, ReduceMeanOp op,
                                ReduceMeanOp::Adaptor adaptor) {
  return lowerReduce(e, op, adaptor.getInput(), /*mean=*/true);
}

static SmallVector<Value> lower(Emitter &e, CrossEntropyOp,
                                CrossEntropyOp::Adaptor adaptor) {
  Value logits = adaptor.getLogits();
  RankedTensorType type = Emitter::typeOf(logits);
  int64_t n = type.getDimSize(0), classes = type.getDimSize(1);
  Type et = type.getElementType();
  // Per row: logsumexp(logits) - logits[label], with the maximum subtracted.
  Value max = e.reduceMax(logits, {1});
  Value exps = e.withReduced(logits, max, {1}, [](Emitter &b, ValueRange a) {
    return Value(math::ExpOp::create(b, arith::SubFOp::create(b, a[0], a[1])));
  });
  Value sum = e.reduceSum(exps, {1});
  auto rowType = RankedTensorType::get({n}, et);
  Value perRow =
      e.map(rowType, {max, sum, adaptor.getLabels()}, {},
            [&](Emitter &b, ValueRange a) -> Value {
              Value row = linalg::IndexOp::create(b, 0);
              Value label = b.clampIndex(a[2], classes);
              Value picked =
                  tensor::ExtractOp::create(b, logits, ValueRange{row, label});
              Value lse =
                  arith::AddFOp::create(b, math::LogOp::create(b, a[1]), a[0]);
              return arith::SubFOp::create(b, lse, picked);
            });
  return {e.scale(e.reduceSum(perRow, {0}), 1.0 / n)};
}

static SmallVector<Value> lower(Emitter &e, MseLossOp,
                                MseLossOp::Adaptor adaptor) {
  Value x = adaptor.getInput();
  RankedTensorType type = Emitter::typeOf(x);
  Value sq = e.map(type, {x, adaptor.getTarget()}, {},
                   [](Emitter &b, ValueRange a) -> Value {
                     Value d = arith::SubFOp::create(b, a[0], a[1]);
                     return arith::MulFOp::create(b, d, d);
                   });
  auto all = llvm::to_vector(llvm::seq<int64_t>(0, type.getRank()));
  return {e.scale(e.reduceSum(sq, all), 1.0 / type.getNumElements())};
}

void populateDlcReductionsAndLossesToLinalgPatterns(
    RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<LowerOp<CrossEntropyOp>, LowerOp<MseLossOp>,
               LowerOp<ReduceMeanOp>, LowerOp<ReduceSumOp>>(ctx);
}

} // namespace mlir::dlc::to_linalg
