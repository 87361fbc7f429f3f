//===- InlineCouplings.cpp - Write couplings as plain ops -----------------===//
//
// Replaces each dlc.coupling by the ops of its regions and the two
// combinations (CouplingOp::inlineCoupling), in schedule order.
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/Passes.h"

#include "dlc/Dialect/Dlc/IR/DlcOps.h"

#include "mlir/IR/PatternMatch.h"

namespace mlir::dlc {
#define GEN_PASS_DEF_DLCINLINECOUPLINGSPASS
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;
using namespace mlir::dlc;

namespace {

struct InlineCouplingsPass
    : dlc::impl::DlcInlineCouplingsPassBase<InlineCouplingsPass> {
  void runOnOperation() override {
    SmallVector<CouplingOp> couplings;
    getOperation().walk([&](CouplingOp op) { couplings.push_back(op); });
    IRRewriter rewriter(&getContext());
    for (CouplingOp op : couplings)
      op.inlineCoupling(rewriter);
  }
};

} // namespace
