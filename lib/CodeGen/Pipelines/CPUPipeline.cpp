//===- CPUPipeline.cpp - dlc to LLVM for the CPU reference path -----------===//
//
// The pipeline that takes a dlc graph on tensors to the LLVM dialect, for
// JIT execution by dlc-run. It reads top to bottom as the story of the
// lowering: dlc to linalg on tensors, bufferization with results passed
// through caller-allocated out-parameters, deallocation, loops, and the
// conversions to LLVM.
//
//===----------------------------------------------------------------------===//

#include "PipelineStages.h"
#include "dlc/CodeGen/CPU/Passes.h"
#include "dlc/CodeGen/GPU/Passes.h"
#include "dlc/CodeGen/Pipelines/Pipelines.h"
#include "dlc/Conversion/Passes.h"
#include "dlc/Transforms/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Arith/Transforms/Passes.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void dlc::detail::addTensorStages(OpPassManager &pm) {
  pm.addPass(dlc::createDlcToLinalgPass());
  pm.addPass(createCanonicalizerPass());
  pm.addNestedPass<func::FuncOp>(createLinalgElementwiseOpFusionPass());
  // No f32 copy of a narrow tensor that several ops read.
  pm.addNestedPass<func::FuncOp>(dlc::createDlcFuseWideningPass());
  pm.addPass(createCanonicalizerPass());
}

void dlc::detail::addBufferizationStages(
    OpPassManager &pm, StringRef planMemory, bool deallocate,
    llvm::function_ref<void(OpPassManager &)> beforePlanning,
    bool resultsInArena) {
  // Each result gets an out-parameter of its own (see DistinctResults.cpp).
  pm.addNestedPass<func::FuncOp>(detail::createDistinctResultsPass());
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  // Results become caller-allocated out-parameters, which is how dlc-run
  // hands outputs to the step; or they stay returned buffers, each one the
  // function allocates (see OwnedResults.cpp), that the arena holds from
  // their production on. Without a planner there is no arena for them.
  resultsInArena &= planMemory != "none";
  if (resultsInArena) {
    pm.addNestedPass<func::FuncOp>(detail::createOwnedResultsPass());
  } else {
    bufferization::BufferResultsToOutParamsPassOptions outParams;
    outParams.modifyPublicFunctions = true;
    outParams.hoistStaticAllocs = true;
    outParams.addResultAttribute = true;
    pm.addPass(bufferization::createBufferResultsToOutParamsPass(outParams));
  }
  if (beforePlanning)
    beforePlanning(pm);
  // One arena for the step's intermediates, freed by the deallocation
  // pipeline like any other allocation.
  if (planMemory != "none") {
    dlc::DlcPlanMemoryPassOptions plan;
    plan.solver = planMemory.str();
    plan.planResults = resultsInArena;
    pm.addNestedPass<func::FuncOp>(dlc::createDlcPlanMemoryPass(plan));
  }
  if (deallocate)
    bufferization::buildBufferDeallocationPipeline(pm);
}

void dlc::detail::addLoopLoweringStages(OpPassManager &pm) {
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  // f64 to bf16 and f16 rounds the same on both back ends.
  pm.addPass(detail::createExactNarrowingPass());
  // bf16 conversions become integer arithmetic, so no soft-float runtime
  // routines are needed.
  arith::ArithExpandOpsPassOptions expand;
  expand.includeBf16 = true;
  pm.addPass(arith::createArithExpandOpsPass(expand));
}

static void addLLVMStages(OpPassManager &pm) {
  pm.addPass(dlc::createDlcDropArgumentMarksPass());
  pm.addPass(dlc::createDlcCPULoopOrderPass());
  pm.addPass(createForallToForLoopPass());
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  dlc::detail::addLoopLoweringStages(pm);
  // Math ops with an LLVM intrinsic use it; the rest (erf) become calls into
  // libm.
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

LogicalResult dlc::detail::verifyPlanMemory(StringRef planMemory,
                                            StringRef prefix,
                                            OptionErrorFn emitError) {
  if (planMemory == "best-fit" || planMemory == "exact" || planMemory == "none")
    return success();
  emitError(prefix + "plan-memory='" + planMemory +
            "': expected best-fit, exact or none");
  return failure();
}

LogicalResult dlc::verifyCPUPipelineOptions(const CPUPipelineOptions &options,
                                            StringRef prefix,
                                            OptionErrorFn emitError) {
  return detail::verifyPlanMemory(options.planMemory, prefix, emitError);
}

void dlc::buildCPUPipeline(OpPassManager &pm,
                           const CPUPipelineOptions &options) {
  detail::addTensorStages(pm);
  detail::addBufferizationStages(pm, options.planMemory);
  addLLVMStages(pm);
}

void dlc::registerPipelines() {
  detail::registerGPUPipeline();
  detail::registerCheckedPipeline<CPUPipelineOptions>(
      "dlc-cpu-pipeline",
      "Lower a dlc graph to the LLVM dialect for the CPU (JIT) path: "
      "dlc-to-linalg, one-shot bufferization with results as out-parameters, "
      "intermediates planned into one arena, loops, LLVM",
      verifyCPUPipelineOptions, buildCPUPipeline);
  detail::registerDistinctResultsPass();
  detail::registerOwnedResultsPass();
  detail::registerExactNarrowingPass();
}

void dlc::registerDlcPassesAndPipelines() {
  installStepPlanner();
  registerDlcConversionPasses();
  registerDlcCPUPasses();
  registerDlcGPUPasses();
  registerDlcTransformsPasses();
  registerPipelines();
}
