//===- OwnedResults.cpp - Every returned buffer allocated by the function -===//
//
// With a step's results planned in its arena (the GPU pipeline's
// outputs-in-arena), each returned buffer must be one the function
// allocates: bufferization returns an argument, or a view of one (a reshape
// of an input), or a constant global, as it is, which the arena cannot hold
// and the runtime must not hand back as an output. Such a result is copied
// into an allocation of its own before the return, as the out-parameters
// would have received it. Runs on bufferized IR, before the arena plan.
//
//===----------------------------------------------------------------------===//

#include "PipelineStages.h"

#include "dlc/Dialect/Dlc/IR/DlcMemoryPlan.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"
#include "mlir/Pass/Pass.h"

using namespace mlir;

namespace {

struct OwnedResultsPass
    : PassWrapper<OwnedResultsPass, OperationPass<func::FuncOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(OwnedResultsPass)

  StringRef getArgument() const override { return "dlc-owned-results"; }
  StringRef getDescription() const override {
    return "Copy every returned buffer that the function does not allocate "
           "(an argument, a view of one, a global) into an allocation of its "
           "own, so that the arena plan can hold each result (a stage of "
           "dlc-gpu-pipeline with outputs-in-arena)";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<memref::MemRefDialect>();
  }

  void runOnOperation() override {
    getOperation().walk([](func::ReturnOp ret) {
      OpBuilder builder(ret);
      for (OpOperand &operand : ret->getOpOperands()) {
        Value value = operand.get();
        auto type = dyn_cast<MemRefType>(value.getType());
        // The pipelines bufferize function results to identity layouts.
        if (!type || !type.hasStaticShape() || !type.getLayout().isIdentity() ||
            dlc::viewRoot(value).getDefiningOp<memref::AllocOp>())
          continue;
        Location loc = value.getLoc();
        auto owned = memref::AllocOp::create(builder, loc, type);
        memref::CopyOp::create(builder, loc, value, owned);
        operand.set(owned);
      }
    });
  }
};

} // namespace

std::unique_ptr<Pass> dlc::detail::createOwnedResultsPass() {
  return std::make_unique<OwnedResultsPass>();
}

void dlc::detail::registerOwnedResultsPass() {
  PassRegistration<OwnedResultsPass>();
}
