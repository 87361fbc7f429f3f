//===- DlcToLinalg.cpp - Lower dlc ops to linalg on tensors ---------------===//
//
// The dlc-to-linalg pass: the conversion of every dlc op into upstream ops on
// tensors. Contractions, convolutions, pooling and transposes become linalg
// named ops; everything elementwise or reducing becomes linalg.generic, built
// from the Emitter's helpers (map, reduce, broadcast); data movement becomes
// tensor ops. The lowerings live in one file per op family (the populate
// functions of PatternDlcToLinalg.h); this file holds what ties them together:
// the conversion target; ComputeInF32, the one pattern that spans families,
// which makes the ops on f16 and bf16 that compute do so in f32, so that the
// per-op lowerings only see f32 and f64; and the whole pattern set, exported
// (DlcToLinalg.h) for passes other than this one.
//
//===----------------------------------------------------------------------===//

#include "dlc/Conversion/DlcToLinalg/DlcToLinalg.h"

#include "PatternDlcToLinalg.h"
#include "dlc/Conversion/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace mlir::dlc {
#define GEN_PASS_DEF_DLCTOLINALGPASS
#include "dlc/Conversion/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::to_linalg;

static bool isLowPrecision(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor &&
         (tensor.getElementType().isF16() || tensor.getElementType().isBF16());
}

namespace {

/// Rewrites a computing dlc op on f16/bf16 into the same op on f32 between
/// conversions, so that it accumulates and evaluates functions in f32 and
/// rounds once. Data movement keeps its element type; products and
/// convolutions (matmul, linear, conv2d and its gradients) keep their narrow
/// operands and accumulate in f32 themselves, which gives the same sums
/// without f32 copies of their operands (and lets a GPU feed them to tensor
/// cores).
struct ComputeInF32 : ConversionPattern {
  ComputeInF32(MLIRContext *ctx)
      : ConversionPattern(MatchAnyOpTypeTag(), /*benefit=*/2, ctx) {}

  LogicalResult
  matchAndRewrite(Operation *op, ArrayRef<Value> operands,
                  ConversionPatternRewriter &rewriter) const override {
    if (!isa<DlcDialect>(op->getDialect()) ||
        isa<EmbeddingOp, ReshapeOp, TransposeOp, SliceOp, ConcatOp, SliceGradOp,
            MatmulOp, LinearOp, Conv2DOp, Conv2DInputGradOp,
            Conv2DWeightGradOp>(op) ||
        !llvm::any_of(op->getOperandTypes(), isLowPrecision))
      return failure();
    Emitter e(op->getLoc(), rewriter);
    Type f32 = e.getF32Type();
    SmallVector<Value> promoted;
    for (Value v : operands)
      promoted.push_back(isLowPrecision(v.getType()) ? e.convertElements(v, f32)
                                                     : v);
    SmallVector<Type> resultTypes;
    for (Type t : op->getResultTypes())
      resultTypes.push_back(
          isLowPrecision(t) ? cast<RankedTensorType>(t).clone(f32) : t);
    OperationState state(op->getLoc(), op->getName(), promoted, resultTypes,
                         op->getAttrs());
    Operation *wide = rewriter.create(state);
    SmallVector<Value> results;
    for (auto [narrow, value] :
         llvm::zip(op->getResultTypes(), wide->getResults()))
      results.push_back(
          isLowPrecision(narrow)
              ? e.convertElements(
                    value, cast<RankedTensorType>(narrow).getElementType())
              : value);
    rewriter.replaceOp(op, results);
    return success();
  }
};

} // namespace

void mlir::dlc::populateDlcToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ComputeInF32>(patterns.getContext());
  populateDlcContractionsToLinalgPatterns(patterns);
  populateDlcElementwiseToLinalgPatterns(patterns);
  populateDlcNormalizationToLinalgPatterns(patterns);
  populateDlcPoolingToLinalgPatterns(patterns);
  populateDlcDataMovementToLinalgPatterns(patterns);
  populateDlcReductionsAndLossesToLinalgPatterns(patterns);
  populateDlcGradientsToLinalgPatterns(patterns);
  populateDlcConvGradientsToLinalgPatterns(patterns);
  populateDlcPoolGradientsToLinalgPatterns(patterns);
  populateDlcSamplingToLinalgPatterns(patterns);
}

namespace {

struct DlcToLinalgPass : dlc::impl::DlcToLinalgPassBase<DlcToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    // Couplings first become the plain ops they stand for (a graph that was
    // not differentiated still has them).
    SmallVector<CouplingOp> couplings;
    getOperation()->walk([&](CouplingOp op) { couplings.push_back(op); });
    IRRewriter rewriter(ctx);
    for (CouplingOp op : couplings)
      op.inlineCoupling(rewriter);

    ConversionTarget target(*ctx);
    target.addIllegalDialect<DlcDialect>();
    target.addLegalDialect<arith::ArithDialect, linalg::LinalgDialect,
                           math::MathDialect, scf::SCFDialect,
                           tensor::TensorDialect>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });

    RewritePatternSet patterns(ctx);
    populateDlcToLinalgPatterns(patterns);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
