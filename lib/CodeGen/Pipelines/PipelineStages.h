//===- PipelineStages.h - Stages shared by the CPU and GPU pipelines ------===//
//
// The dlc pipelines share their first half: dlc to linalg on tensors, then
// one-shot bufferization with results as out-parameters and the
// intermediates planned into one arena. Private to lib/CodeGen/Pipelines.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_LIB_CODEGEN_PIPELINESTAGES_H
#define DLC_LIB_CODEGEN_PIPELINESTAGES_H

#include "llvm/ADT/StringRef.h"

namespace mlir {
class OpPassManager;
namespace dlc::detail {

/// dlc to linalg on tensors, with elementwise fusion.
void addTensorStages(OpPassManager &pm);

/// One-shot bufferization, results as caller-allocated out-parameters, the
/// intermediates planned into one arena by `planMemory` (best-fit, exact or
/// none), and the deallocation pipeline.
void addBufferizationStages(OpPassManager &pm, llvm::StringRef planMemory);

/// Loops and views down to plain arithmetic: affine and scf to control
/// flow, strided metadata expanded, bf16 arithmetic expanded to integers.
void addLoopLoweringStages(OpPassManager &pm);

/// Registers the `dlc-gpu-pipeline` (GPUPipeline.cpp).
void registerGPUPipeline();

} // namespace dlc::detail
} // namespace mlir

#endif // DLC_LIB_CODEGEN_PIPELINESTAGES_H
