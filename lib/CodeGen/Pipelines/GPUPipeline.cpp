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
#include "dlc/Dialect/Dlc/IR/DlcDialect.h"
#include "dlc/Dialect/Dlc/IR/DlcMemoryPlan.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/Targets.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/ManagedStatic.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/Triple.h"

using namespace mlir;

/// The number of an sm_<number> architecture, with an optional `a` or `f`
/// suffix (sm_90a: 90); 0 for any other name.
static unsigned smVersion(StringRef chip) {
  if (!chip.consume_front("sm_"))
    return 0;
  StringRef digits = chip.take_while(llvm::isDigit);
  StringRef suffix = chip.drop_front(digits.size());
  unsigned number = 0;
  if (digits.empty() || digits.getAsInteger(10, number) ||
      !(suffix.empty() || suffix == "a" || suffix == "f"))
    return 0;
  return number;
}

ArrayRef<std::string> dlc::getGPUPipelineChips() {
  // Asked of the back end, so that the list follows the LLVM dlc is built on.
  static const std::vector<std::string> chips = [] {
    std::vector<std::string> names;
#if LLVM_HAS_NVPTX_TARGET
    LLVMInitializeNVPTXTargetInfo();
    LLVMInitializeNVPTXTargetMC();
    llvm::Triple triple("nvptx64-nvidia-cuda");
    std::string error;
    if (const llvm::Target *target =
            llvm::TargetRegistry::lookupTarget(triple, error)) {
      std::unique_ptr<llvm::MCSubtargetInfo> info(
          target->createMCSubtargetInfo(triple, "", ""));
      for (const llvm::SubtargetSubTypeKV &cpu :
           info->getAllProcessorDescriptions())
        if (smVersion(cpu.Key))
          names.push_back(cpu.Key);
    }
#endif
    llvm::sort(names, [](const std::string &a, const std::string &b) {
      return std::make_pair(smVersion(a), a) < std::make_pair(smVersion(b), b);
    });
    return names;
  }();
  return chips;
}

LogicalResult dlc::verifyGPUPipelineOptions(const GPUPipelineOptions &options,
                                            StringRef prefix,
                                            OptionErrorFn emitError) {
  bool valid = succeeded(
      detail::verifyPlanMemory(options.planMemory, prefix, emitError));
  auto refuse = [&](const Twine &option, const Twine &expected) {
    emitError(prefix + option + ": expected " + expected);
    valid = false;
  };
  ArrayRef<std::string> chips = getGPUPipelineChips();
  if (!smVersion(options.chip) ||
      (!chips.empty() && !llvm::is_contained(chips, options.chip.getValue())))
    refuse("chip='" + options.chip + "'",
           chips.empty() ? std::string("sm_<number>")
                         : "an architecture of LLVM's NVPTX back end: " +
                               llvm::join(chips, ", "));
  StringRef format = options.format;
  if (!llvm::is_contained({"isa", "ptx", "bin", "cubin", "fatbin", "none"},
                          format))
    refuse("format='" + format + "'",
           "isa or ptx (PTX text), bin or cubin, fatbin, or none");
  if (options.blockSize < 1 || options.blockSize > 1024)
    refuse("block-size=" + Twine(options.blockSize),
           "1 to 1024 threads per block");
  // Past 32 stages even the smallest tiles' ring outgrows a block's shared
  // memory on every chip.
  if (options.stages < 2 || options.stages > 32)
    refuse("stages=" + Twine(options.stages), "2 to 32 K slices in flight");
  if (options.sliceK != 32 && options.sliceK != 64)
    refuse("slice-k=" + Twine(options.sliceK), "32 or 64");
  if (options.splitReductions < 0)
    refuse("split-reductions=" + Twine(options.splitReductions),
           "0 (off) or a positive number of outputs");
  if (!options.libdevice.empty() &&
      !llvm::sys::fs::is_regular_file(options.libdevice))
    refuse("libdevice='" + options.libdevice + "'",
           "the path of a file (libdevice.10.bc)");
  if (!options.toolkit.empty() && !llvm::sys::fs::is_directory(options.toolkit))
    refuse("toolkit='" + options.toolkit + "'",
           "the directory of a CUDA toolkit");
  return success(valid);
}

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

/// The stages up to the arena plan: what fixes the step's buffers. The
/// pipeline and the step planner (below) build them here, so that the bytes
/// the planner reports are those of the compiled step. No deallocations are
/// inserted: the host function is a launch schedule whose buffers (the
/// arena, the arguments) the runtime allocates and frees (Artifact.h).
static void addPlannedStages(OpPassManager &pm,
                             const dlc::GPUPipelineOptions &options) {
  dlc::detail::addTensorStages(pm);
  // Reductions with few outputs in two steps, before the planner sees the
  // buffers.
  if (options.splitReductions > 0) {
    dlc::DlcGPUSplitReductionsPassOptions split;
    split.threads = options.splitReductions;
    pm.addNestedPass<func::FuncOp>(dlc::createDlcGPUSplitReductionsPass(split));
  }
  // Matrix products, then f16/bf16 convolutions and other products on
  // tensor cores, the remaining products and convolutions tiled through
  // shared memory, each one a launch. Before the arena is planned: a kernel
  // that applies its output's one elementwise reader to its sums removes
  // the accumulator buffer (FusedEpilogue.h).
  auto kernels = [&](OpPassManager &pm) {
    if (options.tensorCores && smVersion(options.chip) >= 80) {
      dlc::DlcGPUTensorCoreMatmulPassOptions mma;
      mma.stages = options.stages;
      mma.wide = options.wideTiles;
      mma.sliceK = options.sliceK;
      mma.fuseEpilogue = options.fuseEpilogues;
      pm.addNestedPass<func::FuncOp>(
          dlc::createDlcGPUTensorCoreMatmulPass(mma));
      dlc::DlcGPUTensorCoreContractionsPassOptions gathered;
      gathered.fuseEpilogue = options.fuseEpilogues;
      pm.addNestedPass<func::FuncOp>(
          dlc::createDlcGPUTensorCoreContractionsPass(gathered));
    }
    if (options.tileContractions) {
      dlc::DlcGPUTileContractionsPassOptions tiled;
      tiled.fuseEpilogue = options.fuseEpilogues;
      pm.addNestedPass<func::FuncOp>(
          dlc::createDlcGPUTileContractionsPass(tiled));
    }
  };
  dlc::detail::addBufferizationStages(pm, options.planMemory,
                                      /*deallocate=*/false, kernels,
                                      options.outputsInArena);
}

void dlc::buildGPUPipeline(OpPassManager &pm,
                           const GPUPipelineOptions &options) {
  addPlannedStages(pm, options);

  // The other loop nests on the host's memrefs, then each one a launch.
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

/// Erases every function of `module` but the one named `name`, which it
/// returns: a step is compiled alone (the graph contract allows no calls).
static func::FuncOp keepOnly(ModuleOp module, StringRef name) {
  func::FuncOp kept;
  for (auto f : llvm::make_early_inc_range(module.getOps<func::FuncOp>())) {
    if (f.getName() == name)
      kept = f;
    else
      f.erase();
  }
  return kept;
}

LogicalResult dlc::lowerStepForGPU(ModuleOp module, func::FuncOp func,
                                   const GPUPipelineOptions &options) {
  MLIRContext *context = module.getContext();
  if (failed(verifyGPUPipelineOptions(options, "--", [&](const Twine &message) {
        emitError(UnknownLoc::get(context)) << message;
      })))
    return failure();
  keepOnly(module, func.getName());
  PassManager pm(context);
  buildGPUPipeline(pm, options);
  return pm.run(module);
}

FailureOr<dlc::StepPlan>
dlc::planStepForGPU(func::FuncOp func, const GPUPipelineOptions &options) {
  MLIRContext *context = func.getContext();
  if (failed(verifyGPUPipelineOptions(options, "--", [&](const Twine &message) {
        func.emitError() << message;
      })))
    return failure();
  auto module = func->getParentOfType<ModuleOp>();
  if (!module)
    return func.emitError("a step to plan must be in a module");
  // A copy of the module with the step alone (the graph contract allows no
  // calls), planned as dlc-compile plans it.
  OwningOpRef<ModuleOp> copy(cast<ModuleOp>(module->clone()));
  func::FuncOp step = keepOnly(*copy, func.getName());
  PassManager pm(context, ModuleOp::getOperationName());
  addPlannedStages(pm, options);
  if (failed(pm.run(*copy)))
    return func.emitError("cannot plan the compiled step: the pipeline's "
                          "stages to --dlc-plan-memory failed on it");

  FailureOr<StepPlan> plan = measurePlannedStep(*copy, step);
  if (failed(plan))
    return func.emitError("the compiled step's bytes exceed 2^63 - 1");
  plan->description = ("the dlc-gpu-pipeline's stages to --dlc-plan-memory "
                       "(plan-memory=" +
                       options.planMemory + ", split-reductions=" +
                       Twine(options.splitReductions.getValue()) + ")")
                          .str();
  return plan;
}

FailureOr<dlc::StepPlan> dlc::measurePlannedStep(ModuleOp module,
                                                 func::FuncOp step) {
  StepPlan plan;
  bool overflow = false;
  auto add = [&](int64_t &to, Type type) {
    std::optional<int64_t> bytes = isa<ShapedType>(type)
                                       ? shapedBytes(cast<ShapedType>(type))
                                       : std::optional<int64_t>(0);
    if (!bytes || llvm::AddOverflow(to, *bytes, to))
      overflow = true;
  };
  for (unsigned i = 0; i < step.getNumArguments(); ++i) {
    Type type = step.getArgument(i).getType();
    if (step.getArgAttr(i, "bufferize.result"))
      add(plan.outputs, type);
    else if (step.getArgAttr(i, DlcDialect::getParamAttrName()) ||
             step.getArgAttr(i, DlcDialect::getFrozenAttrName()))
      add(plan.parameters, type); // trained or frozen, the model's weights
    else if (step.getArgAttr(i, DlcDialect::getOptimizerStateAttrName()))
      add(plan.optimizerState, type);
    else
      add(plan.inputs, type);
  }
  // Results returned (from the arena, with outputs-in-arena) rather than
  // written to out-parameters.
  for (Block &block : step.getBody())
    if (auto ret = dyn_cast<func::ReturnOp>(block.getTerminator()))
      for (Value result : ret.getOperands())
        add(plan.returned, result.getType());
  // The arena, and any allocation the planner left alone.
  step.walk([&](memref::AllocOp alloc) {
    if (alloc->hasAttr("dlc.arena"))
      add(plan.arena, alloc.getType());
    else
      add(plan.unplanned, alloc.getType());
  });
  // Constant tensors the step reads (shapes of reshapes, ...).
  for (auto global : module.getOps<memref::GlobalOp>())
    add(plan.constants, global.getType());
  if (overflow || plan.total() == std::numeric_limits<int64_t>::max())
    return failure();
  return plan;
}

namespace {
/// The planner the graph passes use: the GPU pipeline's default options.
struct GPUStepPlanner : dlc::StepPlanner {
  FailureOr<dlc::StepPlan> plan(func::FuncOp func) const override {
    return dlc::planStepForGPU(func, dlc::GPUPipelineOptions());
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    OpPassManager pm(ModuleOp::getOperationName());
    addPlannedStages(pm, dlc::GPUPipelineOptions());
    pm.getDependentDialects(registry);
  }
};
} // namespace

void dlc::installStepPlanner() {
  static GPUStepPlanner planner;
  setStepPlanner(&planner);
}

void dlc::detail::registerGPUPipeline() {
  registerCheckedPipeline<GPUPipelineOptions>(
      "dlc-gpu-pipeline",
      "Lower a dlc graph to NVPTX kernels and a host schedule: the CPU "
      "pipeline's tensor and bufferization stages, top-level loop nests as "
      "GPU launches, NVVM, and gpu-module-to-binary (PTX or cubin)",
      verifyGPUPipelineOptions, buildGPUPipeline);
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
