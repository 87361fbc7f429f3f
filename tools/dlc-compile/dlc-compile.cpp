//===- dlc-compile.cpp - Ahead-of-time compiler of dlc steps to .dlcx -----===//
//
// dlc-compile model.mlir --target=sm_90 -o model.dlcx
//
// Parses a dlc graph, runs the graph passes asked for (--passes: autodiff,
// rematerialization, ...), keeps the function to compile, runs the
// dlc-gpu-pipeline (bufferization into one planned arena, kernels through
// NVVM and LLVM's NVPTX back end) and writes the artifact that the runtime
// executes. --emit=mlir, --emit=llvm or --emit=ptx prints an intermediate
// stage instead. Every option of the pipeline is an option here, under its
// name in the pipeline (CodeGen/Pipelines/GPUPipelineOptions.def).
//
//===----------------------------------------------------------------------===//

#include "dlc/Analysis/StepPlan.h"
#include "dlc/CodeGen/Pipelines/Pipelines.h"
#include "dlc/CodeGen/Pipelines/ToolSupport.h"
#include "dlc/Dialect/Dlc/IR/DlcDialect.h"
#include "dlc/Dialect/Dlc/IR/DlcGraphContract.h"
#include "dlc/Support/ByteSize.h"
#include "dlc/Target/Dlcx/Artifact.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace llvm;

static cl::OptionCategory category("dlc-compile options");
static cl::opt<std::string> inputFilename(cl::Positional,
                                          cl::desc("<graph.mlir>"),
                                          cl::init("-"), cl::cat(category));
static cl::opt<std::string> outputFilename("o", cl::desc("Output file (.dlcx)"),
                                           cl::value_desc("file"),
                                           cl::init("-"), cl::cat(category));
static cl::opt<std::string> functionName(
    "function",
    cl::desc("Function to compile (default: the last function with a body, "
             "after --passes; --dlc-autodiff appends the training step)"),
    cl::value_desc("name"), cl::cat(category));
static cl::opt<std::string>
    passes("passes",
           cl::desc("Graph passes to run first, as a dlc-opt pipeline "
                    "(\"dlc-autodiff,dlc-remat{budget=0.5}\")"),
           cl::value_desc("pipeline"), cl::cat(category));
static cl::opt<std::string>
    emit("emit",
         cl::desc("What to write: dlcx (the artifact, default), mlir (the "
                  "module after the GPU pipeline), llvm (the kernels' LLVM "
                  "IR, before libdevice is linked and the NVPTX back end "
                  "runs) or ptx (the kernels)"),
         cl::init("dlcx"), cl::cat(category));

static int fail(const Twine &message) {
  errs() << "dlc-compile: error: " << message << "\n";
  return 1;
}

/// Writes what --emit asks for of the lowered `module` to `os`.
static LogicalResult emitOutput(ModuleOp module, StringRef name,
                                const dlc::GPUPipelineOptions &options,
                                raw_ostream &os) {
  if (emit == "mlir") {
    module.print(os);
  } else if (emit == "llvm") {
    for (auto kernels : module.getOps<gpu::GPUModuleOp>()) {
      llvm::LLVMContext llvmContext;
      std::unique_ptr<llvm::Module> ir =
          translateModuleToLLVMIR(kernels, llvmContext, kernels.getName());
      if (!ir) {
        fail("cannot translate gpu.module @" + kernels.getName() +
             " to LLVM IR");
        return failure();
      }
      ir->print(os, nullptr);
    }
  } else if (emit == "ptx") {
    for (auto binary : module.getOps<gpu::BinaryOp>())
      for (mlir::Attribute attr : binary.getObjects())
        os << "// gpu.binary @" << binary.getSymName() << "\n"
           << cast<gpu::ObjectAttr>(attr).getObject().getValue() << "\n";
  } else {
    auto func = module.lookupSymbol<func::FuncOp>(name);
    return dlc::writeArtifact(module, func, options.chip, os);
  }
  return success();
}

/// What dlc-compile does once its command line is parsed.
static int compile() {
  if (emit != "dlcx" && emit != "mlir" && emit != "llvm" && emit != "ptx")
    return fail("--emit must be dlcx, mlir, llvm or ptx, not '" + emit + "'");
  dlc::GPUPipelineOptions options;
  dlc::applyGPUPipelineCLOptions(options);
  std::string format = options.format.getValue();
  // --emit=mlir may stop before the back end (--format=none): the module
  // with its kernels still in the NVVM dialect.
  bool kernelsAsIR = format == "none" && emit == "mlir";
  if (format != "isa" && format != "ptx" && format != "bin" &&
      format != "cubin" && !kernelsAsIR)
    return fail("--format must be isa (ptx) or bin (cubin) for an artifact "
                "(none only with --emit=mlir), not '" +
                format + "'");
  if (failed(dlc::verifyGPUPipelineOptions(
          options, "--", [](const Twine &message) { fail(message); })))
    return 1;

  DialectRegistry registry;
  registry.insert<dlc::DlcDialect>();
  registerAllDialects(registry);
  registerAllExtensions(registry);
  registerAllToLLVMIRTranslations(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();

  std::string error;
  std::unique_ptr<MemoryBuffer> input =
      dlc::openToolInput(inputFilename, &error);
  if (!input)
    return fail(error);
  SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(input), SMLoc());
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module)
    return 1;

  if (!passes.empty()) {
    PassManager pm(&context);
    if (failed(parsePassPipeline(passes, pm, errs())))
      return fail("cannot parse --passes='" + passes + "'");
    if (failed(pm.run(*module)))
      return 1;
  }

  // Keep the one function to compile.
  func::FuncOp chosen;
  for (auto f : module->getOps<func::FuncOp>())
    if (!f.isExternal() &&
        (functionName.empty() || f.getSymName() == functionName))
      chosen = f;
  if (!chosen)
    return fail(functionName.empty()
                    ? Twine("the input has no function with a body")
                    : "no function '" + functionName + "' in the input");
  std::string name = chosen.getSymName().str();
  // A step is one block of tensor ops: what the pipeline compiles into one
  // launch schedule. Checked here, before lowering, so that a call or a
  // region is named as such (a recursive call ended in an error about GPU
  // modules).
  if (failed(dlc::verifyGraphContract(chosen)))
    return 1;

  // --emit=llvm stops before the back end; --emit=ptx wants PTX text.
  if (emit == "llvm")
    options.format = "none";
  else if (emit == "ptx")
    options.format = "isa";
  if (failed(dlc::lowerStepForGPU(*module, chosen, options)))
    return 1;
  // The step's device bytes, as --dlc-memory-report prints them and
  // dlc-exec allocates them.
  if (emit == "dlcx") {
    auto step = module->lookupSymbol<func::FuncOp>(name);
    FailureOr<dlc::StepPlan> plan = dlc::measurePlannedStep(*module, step);
    if (failed(plan))
      return fail("the compiled step's bytes exceed 2^63 - 1");
    errs() << "dlc-compile: @" << name << ": planned device memory "
           << plan->total() << " bytes (" << dlc::formatBytes(plan->total())
           << ") = parameters " << plan->parameters << " + optimizer state "
           << plan->optimizerState << " + inputs " << plan->inputs
           << " + outputs " << plan->outputs << " + arena " << plan->arena;
    if (plan->returned)
      errs() << " (outputs " << plan->returned << " in it)";
    if (plan->constants)
      errs() << " + constants " << plan->constants;
    if (plan->unplanned)
      errs() << " + unplanned " << plan->unplanned;
    errs() << "\n";
  }

  std::unique_ptr<ToolOutputFile> output =
      openOutputFile(outputFilename, &error);
  if (!output)
    return fail(error);
  bool emitted = succeeded(emitOutput(*module, name, options, output->os()));
  bool written =
      succeeded(dlc::finishToolOutput(*output, "dlc-compile", emitted));
  return emitted && written ? 0 : 1;
}

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  dlc::checkStdoutAtExit("dlc-compile");
  registerAllPasses();
  dlc::registerDlcPassesAndPipelines();
  dlc::registerGPUPipelineCLOptions();
  cl::HideUnrelatedOptions({&category, &dlc::getGPUPipelineCategory()});
  cl::ParseCommandLineOptions(
      argc, argv,
      "dlc-compile: compile a dlc graph ahead of time into GPU kernels and "
      "a launch schedule (.dlcx)\n");
  return dlc::runOnToolStack(compile);
}
