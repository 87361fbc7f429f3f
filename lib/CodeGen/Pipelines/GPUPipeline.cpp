//===- GPUPipeline.cpp - dlc to NVPTX kernels and a host schedule ---------===//
//
// The GPU pipeline shares its first half with the CPU pipeline (dlc to
// linalg, bufferization into one planned arena). Then linalg ops get their
// parallel loops outermost, the top-level loop nests become GPU launches, are
// outlined into a gpu.module, lowered to NVVM with bare-pointer kernel
// arguments, and compiled by LLVM's NVPTX back end
// (`gpu-module-to-binary`: PTX text, or a cubin through ptxas). The host
// function is left at the memref level, a straight line of views and
// `gpu.launch_func`, which is what the AOT artifact (Artifact.h) records.
//
//===----------------------------------------------------------------------===//

#include "PipelineStages.h"
#include "dlc/CodeGen/GPU/Passes.h"
#include "dlc/CodeGen/Pipelines/Pipelines.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/ManagedStatic.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"

using namespace mlir;

/// The CUDA toolkit: the option, else $CUDA_HOME, else /usr/local/cuda.
static std::string toolkitPath(const dlc::GPUPipelineOptions &options) {
  if (!options.toolkit.empty())
    return options.toolkit;
  if (std::optional<std::string> home = llvm::sys::Process::GetEnv("CUDA_HOME"))
    if (!home->empty())
      return *home;
  return "/usr/local/cuda";
}

std::string dlc::findLibdevice(const GPUPipelineOptions &options) {
  if (!options.libdevice.empty())
    return options.libdevice;
  llvm::SmallString<256> path(toolkitPath(options));
  llvm::sys::path::append(path, "nvvm", "libdevice", "libdevice.10.bc");
  return llvm::sys::fs::exists(path) ? path.str().str() : std::string();
}

void dlc::buildGPUPipeline(OpPassManager &pm,
                           const GPUPipelineOptions &options) {
  detail::addTensorStages(pm);
  // Reductions with few outputs in two steps, before the planner sees the
  // buffers.
  if (options.splitReductions > 0) {
    DlcGPUSplitReductionsPassOptions split;
    split.threads = options.splitReductions;
    pm.addNestedPass<func::FuncOp>(createDlcGPUSplitReductionsPass(split));
  }
  detail::addBufferizationStages(pm, options.planMemory);

  // Matrix products, then f16/bf16 convolutions and other products on
  // tensor cores, the remaining products and convolutions tiled through
  // shared memory, the other loop nests on the host's memrefs, then
  // each one a launch.
  if (options.tensorCores) {
    DlcGPUTensorCoreMatmulPassOptions mma;
    mma.stages = options.stages;
    mma.wide = options.wideTiles;
    mma.sliceK = options.sliceK;
    pm.addNestedPass<func::FuncOp>(createDlcGPUTensorCoreMatmulPass(mma));
    pm.addNestedPass<func::FuncOp>(createDlcGPUTensorCoreContractionsPass());
  }
  if (options.tileContractions)
    pm.addNestedPass<func::FuncOp>(createDlcGPUTileContractionsPass());
  pm.addNestedPass<func::FuncOp>(createDlcGPULoopOrderPass());
  pm.addPass(createForallToParallelLoopPass());
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToParallelLoopsPass());
  DlcGPUMapLoopsPassOptions map;
  map.blockSize = options.blockSize;
  pm.addNestedPass<func::FuncOp>(createDlcGPUMapLoopsPass(map));
  // Constants the greedy rewrites hoisted out of the launches go back in, so
  // that kernels see them as constants, not as parameters.
  pm.addPass(createGpuLaunchSinkIndexComputationsPass());
  pm.addPass(createGpuKernelOutliningPass());
  pm.addPass(createDlcGPUMergeModulesPass());

  // The kernels' bodies to NVVM.
  detail::addLoopLoweringStages(pm);
  GpuNVVMAttachTargetOptions target;
  target.chip = options.chip;
  if (std::string libdevice = findLibdevice(options); !libdevice.empty())
    target.linkLibs.push_back(libdevice);
  pm.addPass(createGpuNVVMAttachTarget(target));
  pm.addNestedPass<gpu::GPUModuleOp>(createConvertNVGPUToNVVMPass());
  ConvertGpuOpsToNVVMOpsOptions nvvm;
  nvvm.useBarePtrCallConv = true;
  pm.addNestedPass<gpu::GPUModuleOp>(createConvertGpuOpsToNVVMOps(nvvm));
  pm.addNestedPass<gpu::GPUModuleOp>(createReconcileUnrealizedCastsPass());

  // LLVM's NVPTX back end (and ptxas for a cubin).
  if (options.format == "none")
    return;
  GpuModuleToBinaryPassOptions binary;
  // ptx and cubin are the artifact's words for isa and bin.
  std::string format = options.format;
  binary.compilationTarget = format == "ptx"     ? std::string("isa")
                             : format == "cubin" ? std::string("bin")
                                                 : format;
  binary.toolkitPath = toolkitPath(options);
  pm.addPass(createGpuModuleToBinaryPass(binary));
}

LogicalResult dlc::lowerStepForGPU(ModuleOp module, func::FuncOp func,
                                   const GPUPipelineOptions &options) {
  for (auto f : llvm::make_early_inc_range(module.getOps<func::FuncOp>()))
    if (f != func)
      f.erase();
  PassManager pm(module.getContext());
  buildGPUPipeline(pm, options);
  return pm.run(module);
}

void dlc::detail::registerGPUPipeline() {
  PassPipelineRegistration<GPUPipelineOptions>(
      "dlc-gpu-pipeline",
      "Lower a dlc graph to NVPTX kernels and a host schedule: the CPU "
      "pipeline's tensor and bufferization stages, top-level loop nests as "
      "GPU launches, NVVM, and gpu-module-to-binary (PTX or cubin)",
      [](OpPassManager &pm, const GPUPipelineOptions &options) {
        buildGPUPipeline(pm, options);
      });
}

//===----------------------------------------------------------------------===//
// The options on a tool's command line
//===----------------------------------------------------------------------===//

namespace {
/// The GPU pipeline's options as llvm::cl options, from the same list as
/// GPUPipelineOptions, registered once by the tools that compile for the GPU.
struct GPUPipelineCLOptions {
#define DLC_GPU_PIPELINE_OPTION(TYPE, FIELD, NAME, DEFAULT, HELP)              \
  llvm::cl::opt<TYPE> FIELD{NAME, llvm::cl::desc(HELP),                        \
                            llvm::cl::init(DEFAULT),                           \
                            llvm::cl::cat(dlc::getGPUPipelineCategory())};
#include "dlc/CodeGen/Pipelines/GPUPipelineOptions.def"
  llvm::cl::alias target{"target", llvm::cl::desc("Alias for --chip"),
                         llvm::cl::aliasopt(chip),
                         llvm::cl::cat(dlc::getGPUPipelineCategory())};
};
} // namespace

static llvm::ManagedStatic<GPUPipelineCLOptions> clOptions;

llvm::cl::OptionCategory &dlc::getGPUPipelineCategory() {
  static llvm::cl::OptionCategory category(
      "GPU pipeline options (the dlc-gpu-pipeline's, under the same names)");
  return category;
}

void dlc::registerGPUPipelineCLOptions() { *clOptions; }

void dlc::applyGPUPipelineCLOptions(GPUPipelineOptions &options) {
  if (!clOptions.isConstructed())
    return;
#define DLC_GPU_PIPELINE_OPTION(TYPE, FIELD, NAME, DEFAULT, HELP)              \
  options.FIELD = clOptions->FIELD.getValue();
#include "dlc/CodeGen/Pipelines/GPUPipelineOptions.def"
}
