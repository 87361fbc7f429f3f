//===- Elementwise.cpp - Lower dlc elementwise ops to linalg --------------===//
//
// The elementwise ops: the broadcasting arithmetic (add, sub, mul, div), the
// activations (relu, tanh, sigmoid, gelu in its erf and tanh forms), exp, sqrt,
// dropout and convert. Each is one linalg.generic built by Emitter::map.
// Dropout's mask is a hash of the seed and the element's linear index, so it
// needs no state and every element decides on its own.
//
//===----------------------------------------------------------------------===//

#include "PatternDlcToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

#include <cmath>

namespace mlir::dlc::to_linalg {

template <typename ArithOp, typename DlcOp>
static SmallVector<Value> lowerBinary(Emitter &e, DlcOp op,
                                      typename DlcOp::Adaptor adaptor) {
  RankedTensorType type = op.getType();
  Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
  SmallVector<AffineMap> maps = {
      e.broadcastMap(Emitter::typeOf(lhs).getShape(), type.getShape()),
      e.broadcastMap(Emitter::typeOf(rhs).getShape(), type.getShape())};
  return {e.map(type, {lhs, rhs}, maps, [](Emitter &b, ValueRange a) -> Value {
    return ArithOp::create(b, a[0], a[1]);
  })};
}

static SmallVector<Value> lower(Emitter &e, AddOp op, AddOp::Adaptor a) {
  return lowerBinary<arith::AddFOp>(e, op, a);
}
static SmallVector<Value> lower(Emitter &e, SubOp op, SubOp::Adaptor a) {
  return lowerBinary<arith::SubFOp>(e, op, a);
}
static SmallVector<Value> lower(Emitter &e, MulOp op, MulOp::Adaptor a) {
  return lowerBinary<arith::MulFOp>(e, op, a);
}
static SmallVector<Value> lower(Emitter &e, DivOp op, DivOp::Adaptor a) {
  return lowerBinary<arith::DivFOp>(e, op, a);
}

static SmallVector<Value> lower(Emitter &e, ReluOp, ReluOp::Adaptor adaptor) {
  return {e.map(adaptor.getInput(), [](Emitter &b, ValueRange a) -> Value {
    // maximumf propagates NaN, as torch.relu does.
    return arith::MaximumFOp::create(b, a[0], b.constant(a[0].getType(), 0));
  })};
}

static SmallVector<Value> lower(Emitter &e, TanhOp, TanhOp::Adaptor adaptor) {
  return {e.map(adaptor.getInput(), [](Emitter &b, ValueRange a) -> Value {
    return math::TanhOp::create(b, a[0]);
  })};
}

static SmallVector<Value> lower(Emitter &e, ExpOp, ExpOp::Adaptor adaptor) {
  return {e.map(adaptor.getInput(), [](Emitter &b, ValueRange a) -> Value {
    return math::ExpOp::create(b, a[0]);
  })};
}

static SmallVector<Value> lower(Emitter &e, SqrtOp, SqrtOp::Adaptor adaptor) {
  return {e.map(adaptor.getInput(), [](Emitter &b, ValueRange a) -> Value {
    return math::SqrtOp::create(b, a[0]);
  })};
}

static SmallVector<Value> lower(Emitter &e, ConvertOp op,
                                ConvertOp::Adaptor adaptor) {
  return {e.convertElements(adaptor.getInput(), op.getType().getElementType())};
}

static SmallVector<Value> lower(Emitter &e, SigmoidOp,
                                SigmoidOp::Adaptor adaptor) {
  return {e.map(adaptor.getInput(), [](Emitter &b, ValueRange a) -> Value {
    Type t = a[0].getType();
    Value negExp = math::ExpOp::create(b, arith::NegFOp::create(b, a[0]));
    Value one = b.constant(t, 1.0);
    return arith::DivFOp::create(b, one, arith::AddFOp::create(b, one, negExp));
  })};
}

static SmallVector<Value> lower(Emitter &e, GeluOp op,
                                GeluOp::Adaptor adaptor) {
  bool tanhForm = op.getApproximate() == GeluApproximation::tanh;
  return {e.map(adaptor.getInput(), [&](Emitter &b, ValueRange a) -> Value {
    Type t = a[0].getType();
    Value x = a[0];
    Value inner;
    if (tanhForm) {
      // tanh(sqrt(2/pi) * (x + 0.044715 x^3))
      Value x3 = arith::MulFOp::create(b, x, arith::MulFOp::create(b, x, x));
      Value poly = arith::AddFOp::create(
          b, x, arith::MulFOp::create(b, b.constant(t, 0.044715), x3));
      inner = math::TanhOp::create(
          b,
          arith::MulFOp::create(b, b.constant(t, std::sqrt(2.0 / M_PI)), poly));
    } else {
      // erf(x / sqrt(2))
      inner = math::ErfOp::create(
          b, arith::MulFOp::create(b, x, b.constant(t, M_SQRT1_2)));
    }
    Value half = arith::MulFOp::create(b, x, b.constant(t, 0.5));
    return arith::MulFOp::create(
        b, half, arith::AddFOp::create(b, b.constant(t, 1.0), inner));
  })};
}

static SmallVector<Value> lower(Emitter &e, DropoutOp op,
                                DropoutOp::Adaptor adaptor) {
  double p = op.getProbability().convertToDouble();
  // Keep an element when (hash >> 40) / 2^24 >= p, i.e. when the 24-bit
  // value is at least ceil(p * 2^24): an exact integer comparison.
  auto threshold = static_cast<int64_t>(std::ceil(p * 16777216.0));
  double keepScale = 1.0 / (1.0 - p);
  RankedTensorType type = op.getType();
  int64_t seed = op.getSeed();
  return {e.map(adaptor.getInput(), [&](Emitter &b, ValueRange a) -> Value {
    Type i64 = b.getI64Type();
    Value index = b.linearIndex(type.getShape());
    Value seedValue =
        arith::ConstantOp::create(b, i64, b.getIntegerAttr(i64, seed));
    Value h = b.hash64(seedValue, index);
    Value bits = arith::ShRUIOp::create(b, h, b.constant(i64, 40));
    Value keep = arith::CmpIOp::create(b, arith::CmpIPredicate::uge, bits,
                                       b.constant(i64, threshold));
    Type t = a[0].getType();
    Value scaled = arith::MulFOp::create(b, a[0], b.constant(t, keepScale));
    return arith::SelectOp::create(b, keep, scaled, b.constant(t, 0.0));
  })};
}

void populateDlcElementwiseToLinalgPatterns(RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<LowerOp<AddOp>, LowerOp<ConvertOp>, LowerOp<DivOp>,
               LowerOp<DropoutOp>, LowerOp<ExpOp>, LowerOp<GeluOp>,
               LowerOp<MulOp>, LowerOp<ReluOp>, LowerOp<SigmoidOp>,
               LowerOp<SqrtOp>, LowerOp<SubOp>, LowerOp<TanhOp>>(ctx);
}

} // namespace mlir::dlc::to_linalg
