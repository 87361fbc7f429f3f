//===- LoopOrder.cpp - Contraction loop order for the CPU -----------------===//
//
// Generalizes matmul and batch_matmul and moves the reduction loop out of the
// innermost position, so that the scalar loops of the CPU path stream the
// output and the right operand and the inner loop vectorizes; a product whose
// right operand is read transposed keeps its reduction innermost, where both
// operands are contiguous.
//
//===----------------------------------------------------------------------===//

#include "dlc/CodeGen/CPU/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::dlc {
#define GEN_PASS_DEF_DLCCPULOOPORDERPASS
#include "dlc/CodeGen/CPU/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;

namespace {
struct CPULoopOrderPass : dlc::impl::DlcCPULoopOrderPassBase<CPULoopOrderPass> {
  void runOnOperation() override {
    SmallVector<linalg::LinalgOp> contractions;
    getOperation()->walk([&](Operation *op) {
      if (isa<linalg::MatmulOp, linalg::BatchMatmulOp>(op))
        contractions.push_back(cast<linalg::LinalgOp>(op));
    });
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : contractions) {
      // Loops are (batch..., m, n, k); the order becomes (batch..., m, k, n),
      // unless the right operand is read transposed, (n, k): then k is
      // its contiguous dim and stays innermost (a dot product of two
      // contiguous rows).
      unsigned loops = op.getNumLoops();
      AffineMap rhs = op.getMatchingIndexingMap(op.getDpsInputOperand(1));
      if (rhs.getNumResults() >= 2 &&
          rhs.getResults().back() ==
              getAffineDimExpr(loops - 1, op.getContext())) {
        rewriter.setInsertionPoint(op);
        if (failed(linalg::generalizeNamedOp(rewriter, op))) {
          op->emitError("cannot generalize this contraction");
          return signalPassFailure();
        }
        continue;
      }
      SmallVector<unsigned> order;
      for (unsigned d = 0; d + 2 < loops; ++d)
        order.push_back(d);
      order.append({loops - 1, loops - 2});
      rewriter.setInsertionPoint(op);
      FailureOr<linalg::GenericOp> generic =
          linalg::generalizeNamedOp(rewriter, op);
      if (failed(generic) ||
          failed(linalg::interchangeGenericOp(rewriter, *generic, order))) {
        op->emitError("cannot reorder the loops of this contraction");
        return signalPassFailure();
      }
    }
  }
};
} // namespace
