//===- Pipelines.h - dlc's CPU and GPU pipelines ----------------*- C++ -*-===//
//
// The two named pipelines that take a dlc graph to executable code, their
// options (declared once here and used by dlc-opt, dlc-compile and dlc-run),
// the GPU lowering of one step that dlc-compile and dlc-run share, and the
// planner of a step's device bytes (StepPlan.h) built on its stages.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_CODEGEN_PIPELINES_PIPELINES_H
#define DLC_CODEGEN_PIPELINES_PIPELINES_H

#include "dlc/Analysis/StepPlan.h"

#include "mlir/Pass/PassOptions.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/Twine.h"

namespace mlir {
class ModuleOp;
class OpPassManager;
namespace func {
class FuncOp;
} // namespace func
} // namespace mlir

namespace mlir::dlc {

/// Reports one bad pipeline option: the message names the option, its value
/// and the values it accepts.
using OptionErrorFn = llvm::function_ref<void(const llvm::Twine &)>;

/// Options of the `dlc-cpu-pipeline`.
struct CPUPipelineOptions : public PassPipelineOptions<CPUPipelineOptions> {
  Option<std::string> planMemory{
      *this, "plan-memory",
      llvm::cl::desc("Place intermediate buffers in one arena with "
                     "--dlc-plan-memory: best-fit (default), exact, or none "
                     "(one allocation per buffer)"),
      llvm::cl::init("best-fit")};
};

/// Builds the CPU pipeline: dlc on tensors to the LLVM dialect, with
/// one-shot bufferization, results returned through out-parameters, the
/// intermediate buffers planned into one arena, and loops. The result can be
/// JIT-compiled by MLIR's ExecutionEngine.
void buildCPUPipeline(OpPassManager &pm,
                      const CPUPipelineOptions &options = {});

/// Checks the CPU pipeline's options (plan-memory is best-fit, exact or
/// none), reporting each bad one through `emitError` as
/// "<prefix><name>=<value>: expected ...": `prefix` is how the caller spells
/// an option ("--" on a tool's command line, "dlc-cpu-pipeline option " in
/// a pass pipeline). The registered pipeline checks its options so.
LogicalResult verifyCPUPipelineOptions(const CPUPipelineOptions &options,
                                       StringRef prefix,
                                       OptionErrorFn emitError);

/// Options of the `dlc-gpu-pipeline`, from GPUPipelineOptions.def.
struct GPUPipelineOptions : public PassPipelineOptions<GPUPipelineOptions> {
#define DLC_GPU_PIPELINE_OPTION(TYPE, FIELD, NAME, DEFAULT, HELP)              \
  Option<TYPE> FIELD{*this, NAME, llvm::cl::desc(HELP),                        \
                     llvm::cl::init(DEFAULT)};
#include "dlc/CodeGen/Pipelines/GPUPipelineOptions.def"
};

/// Registers the GPU pipeline's options as a tool's command-line options
/// (`--chip`, `--tensor-cores`, ...; `--target` is an alias of `--chip`), with
/// the pipeline's names and help, in the category getGPUPipelineCategory().
/// dlc-compile and dlc-run call it before parsing their command line.
void registerGPUPipelineCLOptions();

/// The category of the options registerGPUPipelineCLOptions() registers.
llvm::cl::OptionCategory &getGPUPipelineCategory();

/// Copies the command-line values of registerGPUPipelineCLOptions()'s options
/// into `options`.
void applyGPUPipelineCLOptions(GPUPipelineOptions &options);

/// Builds the GPU pipeline: the CPU pipeline's tensor and bufferization
/// stages (one planned arena), then the top-level loop nests as GPU
/// launches, outlined into a gpu.module, lowered to NVVM with bare-pointer
/// kernel arguments and compiled by LLVM's NVPTX back end
/// (`gpu-module-to-binary`). The host function stays at the memref level:
/// the arena, the views, and `gpu.launch_func` ops in order, which is what
/// the AOT artifact records. Tensor-core kernels are made for sm_80 and
/// later only (they need cp.async and bf16 mma.sync). `options` must be
/// ones that verifyGPUPipelineOptions accepts.
void buildGPUPipeline(OpPassManager &pm,
                      const GPUPipelineOptions &options = {});

/// The device bytes of `func` compiled by the GPU pipeline with `options`:
/// the pipeline's stages up to and including --dlc-plan-memory run on a
/// copy of its module, and its parameters, optimizer state, inputs, outputs
/// and arena read off the planned function (the bytes `dlc-compile` writes
/// into the artifact). Fails with an error on `func` when the stages fail.
FailureOr<StepPlan> planStepForGPU(func::FuncOp func,
                                   const GPUPipelineOptions &options);

/// The device bytes of `step`, a host function of `module` that the GPU
/// pipeline has planned (its stages to --dlc-plan-memory, or all of them):
/// its arguments by kind (the outputs are the `bufferize.result` ones), the
/// results it returns instead (in its arena, with outputs-in-arena), its
/// arena, any allocation left out of the arena and the module's constant
/// tensors. Failure when the sum exceeds 2^63 - 1. No description is set.
FailureOr<StepPlan> measurePlannedStep(ModuleOp module, func::FuncOp step);

/// Installs the planner that --dlc-memory-report and --dlc-remat use
/// (StepPlan.h): planStepForGPU with the default options.
/// registerDlcPassesAndPipelines() calls it.
void installStepPlanner();

/// Checks the GPU pipeline's options before anything is built, as
/// verifyCPUPipelineOptions does: chip is an architecture that LLVM's NVPTX
/// back end knows (sm_<number>, with an `a` or `f` suffix where NVPTX has
/// one), format one of isa, ptx, bin, cubin, fatbin or none, plan-memory
/// best-fit, exact or none, block-size in [1, 1024], stages in [2, 32],
/// slice-k 32 or 64, split-reductions not negative, libdevice (when given)
/// a file and toolkit (when given) a directory.
LogicalResult verifyGPUPipelineOptions(const GPUPipelineOptions &options,
                                       StringRef prefix,
                                       OptionErrorFn emitError);

/// The GPU architectures that the chip option accepts, in the order of
/// their numbers (sm_20 ... sm_121f in LLVM 22).
ArrayRef<std::string> getGPUPipelineChips();

/// Keeps `func` as the only function of `module` and runs the GPU pipeline
/// on it: what dlc-compile and `dlc-run --device=cuda` do before writing the
/// artifact. Options that verifyGPUPipelineOptions refuses are reported, as
/// command-line options ("--chip=..."), and fail before anything runs.
LogicalResult lowerStepForGPU(ModuleOp module, func::FuncOp func,
                              const GPUPipelineOptions &options);

/// Where libdevice.10.bc is found for `options` ("" when it is not).
std::string findLibdevice(const GPUPipelineOptions &options);

/// Registers the `dlc-cpu-pipeline` and the `dlc-gpu-pipeline`.
void registerPipelines();

/// Registers every dlc pass (conversion, CPU, GPU, graph transforms) and both
/// pipelines: what a tool that parses dlc pass pipelines calls once.
void registerDlcPassesAndPipelines();

} // namespace mlir::dlc

#endif // DLC_CODEGEN_PIPELINES_PIPELINES_H
