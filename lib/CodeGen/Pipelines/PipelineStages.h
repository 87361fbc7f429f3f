//===- PipelineStages.h - Stages shared by the CPU and GPU pipelines ------===//
//
// The dlc pipelines share their first half: dlc to linalg on tensors, then
// one-shot bufferization with results as out-parameters and the
// intermediates planned into one arena. Both are registered with their
// options checked first. Private to lib/CodeGen/Pipelines.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_LIB_CODEGEN_PIPELINESTAGES_H
#define DLC_LIB_CODEGEN_PIPELINESTAGES_H

#include "dlc/CodeGen/Pipelines/Pipelines.h"

#include "mlir/Pass/PassRegistry.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"

#include <memory>

namespace mlir {
class OpPassManager;
class Pass;
namespace dlc::detail {

/// dlc to linalg on tensors, with elementwise fusion.
void addTensorStages(OpPassManager &pm);

/// A tensor returned twice made distinct (dlc-distinct-results), one-shot
/// bufferization, results as caller-allocated out-parameters (or, with
/// `resultsInArena`, left returned and planned with the intermediates, live
/// from their production to the return), what `beforePlanning` adds (the GPU
/// pipeline's kernels that decide which buffers exist), the intermediates
/// planned into one arena by `planMemory` (best-fit, exact or none), and
/// (with `deallocate`, which `resultsInArena` excludes) the deallocation
/// pipeline.
void addBufferizationStages(
    OpPassManager &pm, llvm::StringRef planMemory, bool deallocate = true,
    llvm::function_ref<void(OpPassManager &)> beforePlanning = {},
    bool resultsInArena = false);

/// Loops and views down to plain arithmetic: affine and scf to control
/// flow, strided metadata expanded, f64 narrowed to 16-bit floats correctly
/// rounded (dlc-exact-narrowing), bf16 arithmetic expanded to integers.
void addLoopLoweringStages(OpPassManager &pm);

/// Registers the `dlc-gpu-pipeline` (GPUPipeline.cpp).
void registerGPUPipeline();

/// Checks the plan-memory option that both pipelines have.
LogicalResult verifyPlanMemory(llvm::StringRef planMemory,
                               llvm::StringRef prefix, OptionErrorFn emitError);

/// Registers a pipeline whose options `verify` checks before `build` runs,
/// so that a bad value is an error of the pipeline parser (dlc-opt's
/// --dlc-gpu-pipeline=..., --pass-pipeline=..., dlc-compile's --passes)
/// instead of a pipeline that fails, or crashes, halfway.
template <typename Options>
void registerCheckedPipeline(llvm::StringRef name, llvm::StringRef description,
                             LogicalResult (*verify)(const Options &,
                                                     llvm::StringRef,
                                                     OptionErrorFn),
                             void (*build)(OpPassManager &, const Options &)) {
  std::string prefix = (name + " option ").str();
  registerPassPipeline(
      name, description,
      [=](OpPassManager &pm, llvm::StringRef text,
          llvm::function_ref<LogicalResult(const llvm::Twine &)> onError) {
        Options options;
        if (failed(options.parseFromString(text)) ||
            failed(verify(options, prefix, [&](const llvm::Twine &message) {
              (void)onError(message);
            })))
          return failure();
        build(pm, options);
        return success();
      },
      [](llvm::function_ref<void(const mlir::detail::PassOptions &)> print) {
        print(Options());
      });
}

/// `dlc-distinct-results` (DistinctResults.cpp): a copy of every tensor that
/// a function returns more than once, so that no two results share a buffer.
std::unique_ptr<Pass> createDistinctResultsPass();
void registerDistinctResultsPass();

/// `dlc-owned-results` (OwnedResults.cpp): a returned buffer the function
/// does not allocate (an argument, a view of one, a global) copied into an
/// allocation of its own, so that the arena plan can hold every result.
std::unique_ptr<Pass> createOwnedResultsPass();
void registerOwnedResultsPass();

/// `dlc-exact-narrowing` (ExactNarrowing.cpp): truncf from f64 to a type
/// narrower than f32 rounded to odd at f32 first, so that it is correctly
/// rounded on every back end.
std::unique_ptr<Pass> createExactNarrowingPass();
void registerExactNarrowingPass();

} // namespace dlc::detail
} // namespace mlir

#endif // DLC_LIB_CODEGEN_PIPELINESTAGES_H
