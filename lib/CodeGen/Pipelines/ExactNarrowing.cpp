//===- ExactNarrowing.cpp - f64 to 16-bit floats, correctly rounded -------===//
//
// The pipelines' back ends disagree on `arith.truncf` from f64 to bf16: the
// NVPTX back end emits one correctly rounded conversion (cvt.rn.bf16.f64),
// while the CPU path's came out rounded twice, to f32 and then to bf16, which
// differs whenever the f32 rounding lands exactly halfway between two bf16
// values (1 + 2^-8 + 2^-40 becomes 1 on the CPU and 1 + 2^-7 on the GPU). So
// the same step gave different bits on the two paths.
//
// dlc-exact-narrowing rewrites every truncf (scalar or vector) from f64 to a
// float type narrower than f32 into a rounding to f32 *to odd* (truncate toward
// zero, then set the last bit when anything was dropped) followed by the
// ordinary f32 narrowing. With 24 bits against at most 11 + 2, rounding to odd
// first and to nearest even second is the one correctly rounded result (the odd
// bit keeps a value just off a tie off it), on every back end. NaNs stay
// NaNs, overflow goes to the infinities, underflow to the zeros.
//
// It runs in the pipelines' loop lowering (addLoopLoweringStages), before
// arith-expand turns the f32 to bf16 step into integer arithmetic; explicit
// rounding modes are left alone.
//
//===----------------------------------------------------------------------===//

#include "PipelineStages.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;

namespace {

struct RoundToOddThroughF32 : OpRewritePattern<arith::TruncFOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(arith::TruncFOp op,
                                PatternRewriter &rewriter) const override {
    auto source = dyn_cast<FloatType>(getElementTypeOrSelf(op.getIn()));
    auto target = dyn_cast<FloatType>(getElementTypeOrSelf(op.getType()));
    if (!source || !target || source.getWidth() != 64 ||
        target.getWidth() >= 32 || op.getRoundingmodeAttr())
      return failure();
    Location loc = op.getLoc();
    Value x = op.getIn();
    // Scalars or vectors of the same shape.
    auto like = [&](Type element) -> Type {
      if (auto vector = dyn_cast<VectorType>(x.getType()))
        return vector.clone(element);
      return element;
    };
    Type f32 = like(rewriter.getF32Type()), i32 = like(rewriter.getI32Type());
    // The nearest f32, and whether it is above x in magnitude or not x.
    Value nearest = arith::TruncFOp::create(rewriter, loc, f32, x);
    Value back =
        arith::ExtFOp::create(rewriter, loc, op.getIn().getType(), nearest);
    Value inexact = arith::CmpFOp::create(rewriter, loc,
                                          arith::CmpFPredicate::UNE, back, x);
    Value above =
        arith::CmpFOp::create(rewriter, loc, arith::CmpFPredicate::OGT,
                              math::AbsFOp::create(rewriter, loc, back),
                              math::AbsFOp::create(rewriter, loc, x));
    // One step toward zero (the bits are sign and magnitude), then the odd
    // bit.
    Value bits = arith::BitcastOp::create(rewriter, loc, i32, nearest);
    Value one =
        arith::ConstantOp::create(rewriter, loc, rewriter.getOneAttr(i32));
    Value towardZero = arith::SelectOp::create(
        rewriter, loc, above, arith::SubIOp::create(rewriter, loc, bits, one),
        bits);
    Value odd = arith::SelectOp::create(
        rewriter, loc, inexact,
        arith::OrIOp::create(rewriter, loc, towardZero, one), towardZero);
    Value rounded = arith::BitcastOp::create(rewriter, loc, f32, odd);
    rewriter.replaceOpWithNewOp<arith::TruncFOp>(op, op.getType(), rounded);
    return success();
  }
};

struct ExactNarrowingPass : PassWrapper<ExactNarrowingPass, OperationPass<>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(ExactNarrowingPass)

  StringRef getArgument() const override { return "dlc-exact-narrowing"; }
  StringRef getDescription() const override {
    return "Round f64 to f16/bf16 (and narrower) correctly on every back end: "
           "to f32 by rounding to odd, then to the narrow type (a stage of "
           "dlc-cpu-pipeline and dlc-gpu-pipeline)";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<arith::ArithDialect, math::MathDialect>();
  }
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<RoundToOddThroughF32>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

std::unique_ptr<Pass> dlc::detail::createExactNarrowingPass() {
  return std::make_unique<ExactNarrowingPass>();
}

void dlc::detail::registerExactNarrowingPass() {
  PassRegistration<ExactNarrowingPass>();
}
