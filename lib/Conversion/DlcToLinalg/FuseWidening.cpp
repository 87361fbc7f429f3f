//===- FuseWidening.cpp - Fuse f32 widenings into every reader ------------===//
//
// dlc-fuse-widening (Passes.td): the f32 widening of an f16/bf16 tensor that
// dlc-to-linalg's f32 computation creates is fused into each linalg.generic
// that reads it, and an element extracted from it is extracted narrow and
// widened, so that no f32 copy of the tensor is materialized.
//
//===----------------------------------------------------------------------===//

#include "dlc/Conversion/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::dlc {
#define GEN_PASS_DEF_DLCFUSEWIDENINGPASS
#include "dlc/Conversion/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;

namespace {

/// Whether `op` is an elementwise widening: one input and one output of the
/// same shape, identity maps, all loops parallel, and a body that is one
/// `arith.extf` yielded.
bool isWidening(Operation *op) {
  auto generic = dyn_cast_or_null<linalg::GenericOp>(op);
  if (!generic || !generic.hasPureTensorSemantics() ||
      generic.getNumDpsInputs() != 1 || generic.getNumDpsInits() != 1 ||
      generic.getNumReductionLoops() != 0 ||
      !llvm::all_of(generic.getIndexingMapsArray(),
                    [](AffineMap map) { return map.isIdentity(); }))
    return false;
  Block &body = generic.getRegion().front();
  if (body.getOperations().size() != 2)
    return false;
  auto extend = dyn_cast<arith::ExtFOp>(body.front());
  auto yield = dyn_cast<linalg::YieldOp>(body.getTerminator());
  return extend && extend.getIn() == body.getArgument(0) && yield &&
         yield.getNumOperands() == 1 &&
         yield.getOperand(0) == extend.getResult();
}

/// `tensor.extract %wide[i]` of a widening -> `arith.extf` of
/// `tensor.extract %narrow[i]`.
struct ExtractNarrow : OpRewritePattern<tensor::ExtractOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tensor::ExtractOp op,
                                PatternRewriter &rewriter) const override {
    Operation *producer = op.getTensor().getDefiningOp();
    if (!isWidening(producer))
      return failure();
    Value narrow = cast<linalg::GenericOp>(producer).getDpsInputs()[0];
    Value element = tensor::ExtractOp::create(rewriter, op.getLoc(), narrow,
                                              op.getIndices());
    rewriter.replaceOpWithNewOp<arith::ExtFOp>(op, op.getType(), element);
    return success();
  }
};

struct DlcFuseWideningPass
    : dlc::impl::DlcFuseWideningPassBase<DlcFuseWideningPass> {
  void runOnOperation() override {
    auto before = countWidenings();
    RewritePatternSet patterns(&getContext());
    linalg::populateElementwiseOpsFusionPatterns(
        patterns, [](OpOperand *operand) {
          return isWidening(operand->get().getDefiningOp());
        });
    patterns.add<ExtractNarrow>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
    // A widening fused into all its readers was erased as dead; fusion
    // creates none.
    auto after = countWidenings();
    numRemoved += before.first - after.first;
    bytesRemoved += before.second - after.second;
  }

  /// The widenings left and the bytes of their results (static shapes; the
  /// graph contract admits no other).
  std::pair<uint64_t, uint64_t> countWidenings() {
    uint64_t count = 0, bytes = 0;
    getOperation()->walk([&](linalg::GenericOp op) {
      if (!isWidening(op))
        return;
      ++count;
      auto type = cast<RankedTensorType>(op->getResult(0).getType());
      if (type.hasStaticShape())
        bytes += static_cast<uint64_t>(type.getNumElements()) *
                 (type.getElementTypeBitWidth() / 8);
    });
    return {count, bytes};
  }
};

} // namespace
