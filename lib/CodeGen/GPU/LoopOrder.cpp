//===- LoopOrder.cpp - Parallel loops outermost for the GPU ---------------===//
//
// A linalg op whose outermost loop is a reduction lowers to a sequential loop
// around the parallel ones, which the GPU mapping can only run in one thread.
// Moving every parallel loop before every reduction loop (a permutation of
// the iteration space, so each element is the same sum in the same order)
// makes the whole output one parallel loop nest.
//
//===----------------------------------------------------------------------===//

#include "dlc/CodeGen/GPU/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::dlc {
#define GEN_PASS_DEF_DLCGPULOOPORDERPASS
#include "dlc/CodeGen/GPU/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;

/// The loops of `op`, parallel ones first (each group in order); empty when
/// they are in that order already.
static SmallVector<unsigned> parallelFirst(linalg::LinalgOp op) {
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  SmallVector<unsigned> order;
  for (unsigned d = 0; d < iterators.size(); ++d)
    if (iterators[d] == utils::IteratorType::parallel)
      order.push_back(d);
  for (unsigned d = 0; d < iterators.size(); ++d)
    if (iterators[d] != utils::IteratorType::parallel)
      order.push_back(d);
  bool identity = llvm::all_of(llvm::enumerate(order), [](auto pair) {
    return pair.index() == pair.value();
  });
  return identity ? SmallVector<unsigned>() : order;
}

namespace {
struct GPULoopOrderPass : dlc::impl::DlcGPULoopOrderPassBase<GPULoopOrderPass> {
  void runOnOperation() override {
    SmallVector<linalg::LinalgOp> ops;
    getOperation()->walk([&](linalg::LinalgOp op) {
      if (!parallelFirst(op).empty())
        ops.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : ops) {
      SmallVector<unsigned> order = parallelFirst(op);
      rewriter.setInsertionPoint(op);
      auto generic = dyn_cast<linalg::GenericOp>(op.getOperation());
      if (!generic) {
        FailureOr<linalg::GenericOp> made =
            linalg::generalizeNamedOp(rewriter, op);
        if (failed(made)) {
          op->emitError("cannot reorder the loops of this op for the GPU");
          return signalPassFailure();
        }
        generic = *made;
      }
      if (failed(linalg::interchangeGenericOp(rewriter, generic, order))) {
        generic->emitError("cannot reorder the loops of this op for the GPU");
        return signalPassFailure();
      }
    }
  }
};
} // namespace
