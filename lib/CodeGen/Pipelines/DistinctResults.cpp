//===- DistinctResults.cpp - One tensor per returned result ---------------===//
//
// The pipelines' bufferization hands each result to the caller through an
// out-parameter of its own, and upstream's buffer-results-to-out-params,
// hoisting a result's allocation into its out-parameter, assumes that every
// returned buffer is returned once: `return %r, %r` is valid IR, but the
// second hoist reuses an erased allocation. The runtime and the artifact
// writer want distinct output buffers too. So, before bufferization, a
// tensor returned a second time is returned as a copy (linalg.copy into a
// tensor.empty), which bufferizes into its own buffer and lowers on both
// pipelines like any other linalg op.
//
//===----------------------------------------------------------------------===//

#include "PipelineStages.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/Pass/Pass.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace mlir;

namespace {

struct DistinctResultsPass
    : PassWrapper<DistinctResultsPass, OperationPass<func::FuncOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(DistinctResultsPass)

  StringRef getArgument() const override { return "dlc-distinct-results"; }
  StringRef getDescription() const override {
    return "Return a copy of every tensor that a function returns more than "
           "once, so that each result bufferizes into its own out-parameter "
           "(a stage of dlc-cpu-pipeline and dlc-gpu-pipeline)";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<linalg::LinalgDialect, tensor::TensorDialect>();
  }

  void runOnOperation() override {
    getOperation().walk([](func::ReturnOp ret) {
      OpBuilder builder(ret);
      llvm::SmallPtrSet<Value, 8> returned;
      for (OpOperand &operand : ret->getOpOperands()) {
        Value value = operand.get();
        auto type = dyn_cast<RankedTensorType>(value.getType());
        if (returned.insert(value).second || !type)
          continue;
        Location loc = value.getLoc();
        Value empty = tensor::EmptyOp::create(
            builder, loc, tensor::getMixedSizes(builder, loc, value),
            type.getElementType(), type.getEncoding());
        operand.set(
            linalg::CopyOp::create(builder, loc, value, empty).getResult(0));
      }
    });
  }
};

} // namespace

std::unique_ptr<Pass> dlc::detail::createDistinctResultsPass() {
  return std::make_unique<DistinctResultsPass>();
}

void dlc::detail::registerDistinctResultsPass() {
  PassRegistration<DistinctResultsPass>();
}
