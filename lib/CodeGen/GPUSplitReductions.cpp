//===- GPUSplitReductions.cpp - Reductions with few outputs in two steps --===//
//
// The GPU mapping runs one thread per output element, each summing its whole
// reduction. A reduction with few outputs and a long reduction (a bias
// gradient: 768 sums of 4096 rows; a layer norm's row statistics: 4096 sums
// of 768) then occupies a few blocks of the GPU, each thread a long chain of
// dependent loads. This pass splits such a reduction on tensors, before
// bufferization (so the partial results are planned into the arena like any
// other buffer): the reduction dimension r becomes (r / s, r % s) with s
// chosen so that outputs x s threads fill the GPU; a first op computes the s
// partial results of every output in parallel, a second combines them
// (linalg's split reduction). Several adjacent reduction dimensions are first
// collapsed into one.
//
// The partial results reassociate the sums: GPU and CPU results agree to
// rounding (sums accumulate in f64 where the CPU path does), not bitwise.
//
//===----------------------------------------------------------------------===//

#include "dlc/CodeGen/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::dlc {
#define GEN_PASS_DEF_DLCGPUSPLITREDUCTIONS
#include "dlc/CodeGen/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;

namespace {

/// Reductions shorter than this per thread are not worth a second launch.
constexpr int64_t kMinPerThread = 8;

/// The reduction loops of `op`, when they are adjacent, else empty.
SmallVector<int64_t> adjacentReductionLoops(linalg::LinalgOp op) {
  SmallVector<int64_t> loops;
  for (auto [d, kind] : llvm::enumerate(op.getIteratorTypesArray()))
    if (kind == utils::IteratorType::reduction)
      loops.push_back(d);
  for (size_t i = 1; i < loops.size(); ++i)
    if (loops[i] != loops[i - 1] + 1)
      return {};
  return loops;
}

/// How many parts to split a reduction of `length` into so that
/// `outputs` x parts reaches `threads`, each part at least kMinPerThread
/// long and parts dividing `length`; 1 when no split helps.
int64_t splitRatio(int64_t outputs, int64_t length, int64_t threads) {
  if (outputs >= threads)
    return 1;
  int64_t best = 1;
  for (int64_t s = 2; s * kMinPerThread <= length; ++s) {
    if (length % s != 0)
      continue;
    best = s;
    if (outputs * s >= threads)
      break;
  }
  return best;
}

struct GPUSplitReductionsPass
    : dlc::impl::DlcGPUSplitReductionsBase<GPUSplitReductionsPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<linalg::GenericOp> candidates;
    getOperation()->walk([&](linalg::GenericOp op) {
      if (op.hasPureTensorSemantics() && op.getNumDpsInits() == 1 &&
          op.getNumReductionLoops() > 0 && !op.hasIndexSemantics())
        candidates.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::GenericOp generic : candidates) {
      linalg::LinalgOp op = generic;
      SmallVector<int64_t> ranges = op.getStaticLoopRanges();
      if (llvm::any_of(ranges, ShapedType::isDynamic))
        continue;
      SmallVector<int64_t> reduced = adjacentReductionLoops(op);
      if (reduced.empty())
        continue;
      int64_t outputs = 1, length = 1;
      for (auto [d, size] : llvm::enumerate(ranges)) {
        if (llvm::is_contained(reduced, static_cast<int64_t>(d)))
          length *= size;
        else
          outputs *= size;
      }
      int64_t ratio = splitRatio(outputs, length, threads);
      if (ratio <= 1)
        continue;
      rewriter.setInsertionPoint(op);
      if (reduced.size() > 1) {
        SmallVector<ReassociationIndices> groups = {
            ReassociationIndices(reduced.begin(), reduced.end())};
        // Only where every operand has the reduction dims adjacent and in
        // order (or none of them), so that a reshape collapses them.
        if (!linalg::areDimSequencesPreserved(op.getIndexingMapsArray(),
                                              groups))
          continue;
        FailureOr<linalg::CollapseResult> collapsed =
            linalg::collapseOpIterationDims(op, groups, rewriter);
        if (failed(collapsed))
          continue;
        rewriter.replaceOp(op, collapsed->results);
        op = collapsed->collapsedOp;
        rewriter.setInsertionPoint(op);
      }
      // Part p sums elements p, p + ratio, ... of the reduction: after
      // --dlc-gpu-loop-order neighbouring threads take neighbouring parts (a
      // row reduction) or neighbouring outputs (a column reduction), either
      // way neighbouring addresses. The partial results are stored with the
      // neighbouring threads' index innermost.
      bool rowLike =
          op.getIteratorTypesArray().back() == utils::IteratorType::reduction;
      unsigned outputRank = op.getRank(op.getDpsInitOperand(0));
      // A failed split leaves the op as it is (an unrecognised combiner).
      (void)linalg::splitReduction(rewriter, op, [&](linalg::LinalgOp) {
        linalg::SplitReductionOptions options;
        options.ratio = ratio;
        options.index = rowLike ? outputRank : 0;
        options.innerParallel = true;
        return options;
      });
    }
  }
};

} // namespace
