//===- SplitReductions.cpp - Reductions with few outputs in two steps -----===//
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
// Reduction loops that are not adjacent (a batch norm's per-channel sums over
// (n, h, w) of an NCHW tensor) cannot be collapsed. There every reduction loop
// but one (the longest that is not the innermost loop, so that neighbouring
// threads read neighbouring elements) becomes parallel in a first op, which
// writes partial results indexed by (outputs, those loops); a second op
// combines them, and is split again as above when it is still long.
//
// The partial results reassociate the sums: GPU and CPU results agree to
// rounding (sums accumulate in f64 where the CPU path does), not bitwise.
//
//===----------------------------------------------------------------------===//

#include "dlc/CodeGen/GPU/Passes.h"

#include "mlir/Analysis/SliceAnalysis.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/Remarks.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Sequence.h"

#include <algorithm>

namespace mlir::dlc {
#define GEN_PASS_DEF_DLCGPUSPLITREDUCTIONSPASS
#include "dlc/CodeGen/GPU/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;

namespace {

/// Reductions shorter than this per thread are not worth a second launch.
constexpr int64_t kMinPerThread = 8;
/// Partial results of a reduction that cannot be collapsed, per thread the
/// GPU should run, beyond which fewer loops are made parallel.
constexpr int64_t kMaxPartialPerThread = 4;
/// Named products with a shorter reduction than this are not split.
constexpr int64_t kMinContractionLength = 1024;
/// Combinations of partial results shorter than this are not split again.
constexpr int64_t kMinResplit = 256;

/// The reduction loops of `op`.
SmallVector<int64_t> reductionLoops(linalg::LinalgOp op) {
  SmallVector<int64_t> loops;
  for (auto [d, kind] : llvm::enumerate(op.getIteratorTypesArray()))
    if (kind == utils::IteratorType::reduction)
      loops.push_back(d);
  return loops;
}

/// The number of outputs of `op` (the product of its parallel loops'
/// `ranges`) and the length of its reduction (of its `reduced` loops').
std::pair<int64_t, int64_t> outputsAndLength(ArrayRef<int64_t> ranges,
                                             ArrayRef<int64_t> reduced) {
  int64_t outputs = 1, length = 1;
  for (auto [d, size] : llvm::enumerate(ranges)) {
    if (llvm::is_contained(reduced, static_cast<int64_t>(d)))
      length *= size;
    else
      outputs *= size;
  }
  return {outputs, length};
}

/// Whether `loops` (in order) are adjacent.
bool areAdjacent(ArrayRef<int64_t> loops) {
  for (size_t i = 1; i < loops.size(); ++i)
    if (loops[i] != loops[i - 1] + 1)
      return false;
  return true;
}

/// How many parts to split a reduction of `length` into so that
/// `outputs` (fewer than `threads`) x parts reaches `threads`, each part at
/// least kMinPerThread long and parts dividing `length`; 1 when no split helps.
int64_t splitRatio(int64_t outputs, int64_t length, int64_t threads) {
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

/// A named product (a matmul, a transposed one, a batched one) whose
/// outputs are too few to fill the GPU and whose reduction is long: an
/// adapter's weight gradient (768 x 8 sums of 4096 products) ran one thread
/// per output, 1.4 ms on the H200 for 50 MFLOP. Shorter products are left
/// to the products passes.
bool isLongFewOutputContraction(linalg::LinalgOp op, int64_t threads) {
  if (!linalg::isaContractionOpInterface(op))
    return false;
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (llvm::any_of(ranges, ShapedType::isDynamic))
    return false;
  auto [outputs, length] = outputsAndLength(ranges, reductionLoops(op));
  return outputs < threads && length >= kMinContractionLength &&
         splitRatio(outputs, length, threads) > 1;
}

/// Whether the largest input of `op` is read along its reduction: its
/// innermost index is a reduction loop. Then neighbouring threads should
/// take neighbouring parts of one output (a row reduction), else
/// neighbouring outputs (a column reduction).
bool readsAlongReduction(linalg::LinalgOp op) {
  OpOperand *largest = nullptr;
  int64_t largestSize = -1;
  for (OpOperand *input : op.getDpsInputOperands()) {
    auto type = dyn_cast<ShapedType>(input->get().getType());
    if (!type || !type.hasStaticShape() || type.getRank() == 0)
      continue;
    if (type.getNumElements() > largestSize) {
      largest = input;
      largestSize = type.getNumElements();
    }
  }
  if (!largest)
    return true;
  AffineExpr inner = op.getMatchingIndexingMap(largest).getResults().back();
  auto dim = dyn_cast<AffineDimExpr>(inner);
  return !dim || op.getIteratorTypesArray()[dim.getPosition()] ==
                     utils::IteratorType::reduction;
}

/// The reduction loops of `op` to make parallel in a partial-results op,
/// when its reduction loops `reduced` cannot be collapsed into one: all but
/// the longest that is not the innermost loop (so that neighbouring threads
/// read neighbouring elements) while the partial results stay below
/// kMaxPartialPerThread x `threads`; else the outermost ones, until
/// `outputs` x their extent reaches `threads`. Empty when neither helps.
SmallVector<int64_t> loopsToParallelize(ArrayRef<int64_t> ranges,
                                        ArrayRef<int64_t> reduced,
                                        int64_t outputs, int64_t threads) {
  int64_t kept = -1;
  for (int64_t d : reduced)
    if (d + 1 != static_cast<int64_t>(ranges.size()) &&
        (kept < 0 || ranges[d] > ranges[kept]))
      kept = d;
  if (kept < 0 || ranges[kept] < kMinPerThread)
    return {};
  SmallVector<int64_t> all;
  int64_t partial = outputs;
  for (int64_t d : reduced) {
    if (d == kept)
      continue;
    all.push_back(d);
    partial *= ranges[d];
  }
  if (partial <= kMaxPartialPerThread * threads)
    return all;
  SmallVector<int64_t> outer;
  partial = outputs;
  for (int64_t d : reduced) {
    if (partial >= threads || d == reduced.back())
      break;
    outer.push_back(d);
    partial *= ranges[d];
  }
  return outer;
}

/// Splits `op` into partial results, with the reduction loops `parallel`
/// made parallel, and their combination; returns the combination, or null
/// when the op is left as it is.
linalg::GenericOp splitStrided(RewriterBase &rewriter, linalg::GenericOp op,
                               ArrayRef<int64_t> ranges,
                               ArrayRef<int64_t> parallel) {
  if (parallel.empty())
    return nullptr;
  SmallVector<Operation *, 4> combiners;
  if (!matchReduction(op.getRegionOutputArgs(), 0, combiners) ||
      combiners.size() != 1)
    return nullptr;
  Operation *combiner = combiners.front();
  std::optional<TypedAttr> neutral = arith::getNeutralElement(combiner);
  if (!neutral)
    return nullptr;

  Location loc = op.getLoc();
  MLIRContext *ctx = op.getContext();
  Value out = op.getDpsInits()[0];
  auto outType = cast<RankedTensorType>(out.getType());
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  SmallVector<AffineExpr> partialResults(maps.back().getResults());
  SmallVector<int64_t> partialShape(outType.getShape());
  for (int64_t d : parallel) {
    iterators[d] = utils::IteratorType::parallel;
    partialResults.push_back(getAffineDimExpr(d, ctx));
    partialShape.push_back(ranges[d]);
  }
  maps.back() = AffineMap::get(ranges.size(), 0, partialResults, ctx);

  // Partial results, from the combiner's neutral element.
  rewriter.setInsertionPoint(op);
  Type et = outType.getElementType();
  Value empty = tensor::EmptyOp::create(rewriter, loc, partialShape, et);
  Value identity = arith::ConstantOp::create(rewriter, loc, *neutral);
  Value init =
      linalg::FillOp::create(rewriter, loc, identity, empty).getResult(0);
  auto partial = linalg::GenericOp::create(
      rewriter, loc, TypeRange{init.getType()}, op.getDpsInputs(),
      ValueRange{init}, maps, iterators);
  rewriter.cloneRegionBefore(op.getRegion(), partial.getRegion(),
                             partial.getRegion().end());

  // Their combination into the op's output: (outputs | partial loops).
  unsigned outRank = outType.getRank();
  unsigned loops = partialShape.size();
  SmallVector<utils::IteratorType> combineIterators(
      loops, utils::IteratorType::reduction);
  std::fill_n(combineIterators.begin(), outRank, utils::IteratorType::parallel);
  // The output keeps the leading loops: (d0, ..., d_outRank-1).
  SmallVector<AffineExpr> leading;
  for (unsigned d = 0; d < outRank; ++d)
    leading.push_back(getAffineDimExpr(d, ctx));
  SmallVector<AffineMap> combineMaps = {
      AffineMap::getMultiDimIdentityMap(loops, ctx),
      AffineMap::get(loops, 0, leading, ctx)};
  auto combine = linalg::GenericOp::create(
      rewriter, loc, TypeRange{outType}, partial.getResult(0), ValueRange{out},
      combineMaps, combineIterators,
      [&](OpBuilder &b, Location l, ValueRange args) {
        OperationState state(l, combiner->getName());
        state.addOperands({args[1], args[0]});
        state.addTypes(args[1].getType());
        state.addAttributes(combiner->getAttrs());
        linalg::YieldOp::create(b, l, b.create(state)->getResult(0));
      });
  rewriter.replaceOp(op, combine.getResults());
  return combine;
}

struct GPUSplitReductionsPass
    : dlc::impl::DlcGPUSplitReductionsPassBase<GPUSplitReductionsPass> {
  using Base::Base;

  void runOnOperation() override {
    // outputs x parts is compared with it: at most 2^40 keeps that product
    // in range, far beyond any GPU's threads.
    if (threads <= 0 || threads > (int64_t(1) << 40)) {
      getOperation()->emitError("--dlc-gpu-split-reductions: threads must be "
                                "in [1, 2^40], got ")
          << static_cast<int64_t>(threads);
      return signalPassFailure();
    }
    SmallVector<linalg::GenericOp> candidates;
    SmallVector<linalg::LinalgOp> contractions;
    getOperation()->walk([&](linalg::LinalgOp op) {
      if (!op.hasPureTensorSemantics() || op.getNumDpsInits() != 1 ||
          op.getNumReductionLoops() == 0 || op.hasIndexSemantics())
        return;
      if (auto generic = dyn_cast<linalg::GenericOp>(op.getOperation()))
        candidates.push_back(generic);
      else if (isLongFewOutputContraction(op, threads))
        contractions.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    // A named product is split as the generic it stands for; the products
    // passes never see it.
    // Whether each generalized product is read along its reduction.
    llvm::DenseMap<Operation *, bool> productAlongRows;
    for (linalg::LinalgOp op : contractions) {
      rewriter.setInsertionPoint(op);
      FailureOr<linalg::GenericOp> generic =
          linalg::generalizeNamedOp(rewriter, op);
      if (failed(generic))
        continue;
      // Read across the reduction, neighbouring threads should take
      // neighbouring outputs: the reduction loops go first, so that the
      // parts' loop lands outside the outputs' after the split.
      bool alongRows = readsAlongReduction(*generic);
      if (!alongRows) {
        SmallVector<utils::IteratorType> kinds =
            generic->getIteratorTypesArray();
        auto order = llvm::to_vector(llvm::seq<unsigned>(0, kinds.size()));
        std::stable_partition(order.begin(), order.end(), [&](unsigned d) {
          return kinds[d] == utils::IteratorType::reduction;
        });
        FailureOr<linalg::GenericOp> interchanged =
            linalg::interchangeGenericOp(rewriter, *generic, order);
        if (succeeded(interchanged))
          generic = interchanged;
      }
      candidates.push_back(*generic);
      productAlongRows[*generic] = alongRows;
    }
    unsigned splits = 0;
    for (size_t next = 0; next < candidates.size(); ++next) {
      linalg::GenericOp generic = candidates[next];
      linalg::LinalgOp op = generic;
      SmallVector<int64_t> ranges = op.getStaticLoopRanges();
      if (llvm::any_of(ranges, ShapedType::isDynamic))
        continue;
      SmallVector<int64_t> reduced = reductionLoops(op);
      auto [outputs, length] = outputsAndLength(ranges, reduced);
      if (outputs >= threads)
        continue;
      // Reduction loops that one reshape of every operand collapses into
      // one (adjacent, and read as a contiguous sequence by each operand),
      // or already one.
      SmallVector<ReassociationIndices> groups = {
          ReassociationIndices(reduced.begin(), reduced.end())};
      bool collapsible =
          reduced.size() == 1 ||
          (areAdjacent(reduced) &&
           linalg::areDimSequencesPreserved(op.getIndexingMapsArray(), groups));
      if (!collapsible) {
        // Partial results first, then their combination, split again when
        // it is long.
        SmallVector<int64_t> parallel =
            loopsToParallelize(ranges, reduced, outputs, threads);
        int64_t combined = 1;
        for (int64_t d : parallel)
          combined *= ranges[d];
        if (linalg::GenericOp combine =
                splitStrided(rewriter, generic, ranges, parallel)) {
          ++splits;
          if (combined >= kMinResplit)
            candidates.push_back(combine);
        }
        continue;
      }
      int64_t ratio = splitRatio(outputs, length, threads);
      if (ratio <= 1)
        continue;
      rewriter.setInsertionPoint(op);
      if (reduced.size() > 1) {
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
      auto product = productAlongRows.find(generic);
      bool rowLike = product != productAlongRows.end()
                         ? product->second
                         : op.getIteratorTypesArray().back() ==
                               utils::IteratorType::reduction;
      unsigned outputRank = op.getRank(op.getDpsInitOperand(0));
      // A failed split leaves the op as it is (an unrecognised combiner).
      FailureOr<linalg::SplitReductionResult> split =
          linalg::splitReduction(rewriter, op, [&](linalg::LinalgOp) {
            linalg::SplitReductionOptions options;
            options.ratio = ratio;
            options.index = rowLike ? outputRank : 0;
            options.innerParallel = true;
            return options;
          });
      if (succeeded(split))
        ++splits;
    }
    reportCounts(splits);
  }

  /// Adds the function's count to the statistic, which an LLVM built without
  /// statistics (a release build) neither keeps nor prints, and reports it as
  /// an analysis remark, which every build prints under
  /// `--remarks-filter=dlc-gpu-split-reductions`.
  void reportCounts(unsigned splits) {
    if (splits == 0)
      return;
    numSplit += splits;
    func::FuncOp func = getOperation();
    remark::analysis(func.getLoc(), remark::RemarkOpts::name("split")
                                        .category(getArgument())
                                        .function(func.getSymName()))
        << remark::metric("split-reductions", splits);
  }
};

} // namespace
