//===- dlc-run.cpp - Run a dlc graph on the CPU or a CUDA GPU -------------===//
//
// dlc-run graph.mlir [--entry=f] [--inputs=DIR] [--compare=DIR] [--device=cuda]
//
// Parses a dlc graph and runs it as lib/Runner does: on the CPU through the
// CPU pipeline and MLIR's JIT (dlc's numerical reference path), or with
// --device=cuda through the GPU pipeline and the dlc runtime; a .dlcx file
// is run as it is. This file only binds the command line to RunOptions, and
// reads its input as dlc-opt does (ToolSupport.h: bounded streams and
// nesting, a stack of a known size).
//
//===----------------------------------------------------------------------===//

#include "dlc/CodeGen/Pipelines/Pipelines.h"
#include "dlc/CodeGen/Pipelines/ToolSupport.h"
#include "dlc/Dialect/Dlc/IR/DlcDialect.h"
#include "dlc/Runner/Runner.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
namespace cl = llvm::cl;

static cl::OptionCategory runCategory("dlc-run options");

static cl::opt<std::string> inputFilename(cl::Positional,
                                          cl::desc("<graph.mlir>"),
                                          cl::init("-"), cl::cat(runCategory));
static cl::opt<std::string>
    entryName("entry",
              cl::desc("Function to run (default: the only public function)"),
              cl::value_desc("name"), cl::cat(runCategory));
static cl::opt<uint64_t>
    seedOpt("seed", cl::desc("Seed of the generated inputs (default 0)"),
            cl::init(0), cl::cat(runCategory));
static cl::opt<std::string>
    inputsDir("inputs",
              cl::desc("Read argument #i from DIR/arg<i>.npy instead of "
                       "generating it"),
              cl::value_desc("DIR"), cl::cat(runCategory));
static cl::opt<std::string>
    writeInputsDir("write-inputs",
                   cl::desc("Write the arguments used to DIR/arg<i>.npy"),
                   cl::value_desc("DIR"), cl::cat(runCategory));
static cl::opt<std::string>
    outputsDir("outputs", cl::desc("Write result #i to DIR/result<i>.npy"),
               cl::value_desc("DIR"), cl::cat(runCategory));
static cl::opt<std::string> compareDir(
    "compare",
    cl::desc("Compare result #i with DIR/result<i>.npy; exit 1 naming the "
             "worst element when |got - expected| > atol + rtol * |expected|"),
    cl::value_desc("DIR"), cl::cat(runCategory));
static cl::opt<double> rtolOpt("rtol",
                               cl::desc("Relative tolerance of --compare "
                                        "(default 1e-5)"),
                               cl::init(1e-5), cl::cat(runCategory));
static cl::opt<double> atolOpt("atol",
                               cl::desc("Absolute tolerance of --compare "
                                        "(default 1e-6)"),
                               cl::init(1e-6), cl::cat(runCategory));
static cl::opt<std::string>
    deviceOpt("device",
              cl::desc("Where to run: cpu (the JIT reference path, default) "
                       "or cuda (GPU kernels through the dlc runtime; the GPU "
                       "pipeline options below apply)"),
              cl::init("cpu"), cl::cat(runCategory));
static cl::opt<unsigned>
    warmupOpt("warmup",
              cl::desc("Untimed steps before the timed ones (--device=cuda; "
                       "default 1)"),
              cl::init(1), cl::cat(runCategory));
static cl::opt<unsigned>
    repeat("repeat",
           cl::desc("Run the step N times and report the median wall time"),
           cl::init(1), cl::value_desc("N"), cl::cat(runCategory));

static cl::opt<unsigned> jitOptOpt(
    "jit-opt",
    cl::desc("LLVM optimization level of the CPU path's JIT, 0 to 3 (default "
             "2); 0 compiles a large step several times faster and runs it "
             "slower"),
    cl::init(2), cl::value_desc("N"), cl::cat(runCategory));
static cl::opt<unsigned> stepsOpt(
    "steps",
    cl::desc("Train: run the step N times, feeding its updated parameters "
             "and optimizer state back (a step from --dlc-autodiff with "
             "optimizer=sgd or adamw) and printing the loss of each"),
    cl::init(0), cl::value_desc("N"), cl::cat(runCategory));
static cl::opt<std::string> batchesDir(
    "batches",
    cl::desc("With --steps: the data arguments of step k from "
             "DIR/<(k-1) mod B>/arg<i>.npy, B the number of such directories "
             "(default: drawn afresh each step from --seed + k - 1)"),
    cl::value_desc("DIR"), cl::cat(runCategory));
static cl::opt<std::string> saveDir(
    "save",
    cl::desc("Write the arguments after the last step's updates (the trained "
             "parameters and state) to DIR/arg<i>.npy, for --inputs"),
    cl::value_desc("DIR"), cl::cat(runCategory));

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  dlc::registerGPUPipelineCLOptions();
  cl::HideUnrelatedOptions({&runCategory, &dlc::getGPUPipelineCategory()});
  cl::ParseCommandLineOptions(
      argc, argv,
      "dlc-run: run a dlc graph on the CPU (JIT) with generated or given "
      "inputs\n");
  if (deviceOpt != "cpu" && deviceOpt != "cuda") {
    llvm::errs() << "dlc-run: error: --device must be cpu or cuda, not '"
                 << deviceOpt << "'\n";
    return 1;
  }
  dlc::GPUPipelineOptions gpu;
  dlc::applyGPUPipelineCLOptions(gpu);
  dlc::RunOptions options;
  options.inputName = inputFilename;
  options.entry = entryName;
  options.seed = seedOpt;
  options.jitOptLevel = jitOptOpt;
  options.inputs = inputsDir;
  options.writeInputs = writeInputsDir;
  options.outputs = outputsDir;
  options.compare = compareDir;
  options.rtol = rtolOpt;
  options.atol = atolOpt;
  options.onGPU = deviceOpt == "cuda";
  options.warmup = warmupOpt;
  options.repeat = repeat;
  options.steps = stepsOpt;
  options.batches = batchesDir;
  options.saveArguments = saveDir;
  options.gpu = &gpu;
  if (StringRef(inputFilename).ends_with(".dlcx"))
    return dlc::runArtifact(inputFilename, options);

  DialectRegistry registry;
  registry.insert<dlc::DlcDialect>();
  registerAllDialects(registry);
  registerAllExtensions(registry);
  registerAllToLLVMIRTranslations(registry);
  MLIRContext context(registry);

  return dlc::runOnToolStack([&] {
    std::string errorMessage;
    std::unique_ptr<llvm::MemoryBuffer> buffer =
        dlc::openToolInput(inputFilename, &errorMessage);
    if (!buffer) {
      llvm::errs() << "dlc-run: error: " << errorMessage << "\n";
      return 1;
    }
    llvm::SourceMgr sourceMgr;
    sourceMgr.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
    SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
    OwningOpRef<ModuleOp> module =
        parseSourceFile<ModuleOp>(sourceMgr, &context);
    if (!module)
      return 1;
    return dlc::runModule(*module, options);
  });
}
