//===- dlc-run.cpp - Run a dlc graph on the CPU or a CUDA GPU -------------===//
//
// Parses a dlc graph, lowers it with the CPU pipeline, JIT-compiles it with
// MLIR's ExecutionEngine and calls the entry function once or several times.
// With --device=cuda it compiles the graph with the GPU pipeline into an
// artifact instead (as dlc-compile does) and runs that with the dlc runtime
// (as dlc-exec does), on the same inputs; a .dlcx file is run as it is.
// Inputs are generated from a seed (integer arguments within the range that
// the ops consuming them accept) or read from .npy files; results are
// summarized, optionally written as .npy, and optionally compared against
// reference .npy files. This is dlc's numerical reference path: it needs no
// GPU and runs in CI.
//
//===----------------------------------------------------------------------===//

#include "Exec.h"
#include "Npy.h"

#include "dlc/CodeGen/Artifact.h"
#include "dlc/CodeGen/Passes.h"
#include "dlc/Dialect/Dlc/IR/DlcOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassInstrumentation.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <sys/resource.h>
#include <unistd.h>

using namespace mlir;
namespace cl = llvm::cl;
using dlcrt::ElementKind;
using dlcrt::HostTensor;

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
                       "or cuda (GPU kernels through the dlc runtime)"),
              cl::init("cpu"), cl::cat(runCategory));
static cl::opt<std::string>
    targetOpt("target",
              cl::desc("GPU architecture of --device=cuda (default sm_90)"),
              cl::init("sm_90"), cl::cat(runCategory));
static cl::opt<unsigned>
    warmupOpt("warmup",
              cl::desc("Untimed steps before the timed ones (--device=cuda; "
                       "default 1)"),
              cl::init(1), cl::cat(runCategory));
static cl::opt<unsigned>
    repeat("repeat",
           cl::desc("Run the step N times and report the median wall time"),
           cl::init(1), cl::value_desc("N"), cl::cat(runCategory));

namespace {
/// Reports one error line and exits with status 1.
[[noreturn]] void fail(const llvm::Twine &message) {
  llvm::errs() << "dlc-run: error: " << message << "\n";
  std::exit(1);
}
} // namespace

static std::optional<ElementKind> kindOf(Type type) {
  if (type.isF16())
    return ElementKind::F16;
  if (type.isBF16())
    return ElementKind::BF16;
  if (type.isF32())
    return ElementKind::F32;
  if (type.isF64())
    return ElementKind::F64;
  if (type.isSignlessInteger(32))
    return ElementKind::I32;
  if (type.isSignlessInteger(64))
    return ElementKind::I64;
  return std::nullopt;
}

static std::string typeString(Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << type;
  return text;
}

static std::string shapeString(ArrayRef<int64_t> shape) {
  std::string text = "[";
  for (auto [i, d] : llvm::enumerate(shape))
    text += (i ? ", " : "") + std::to_string(d);
  return text + "]";
}

/// Checks that `type` is a tensor dlc-run can pass, and returns its kind.
static ElementKind checkedKind(Type type, const llvm::Twine &what) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape())
    fail(what + " has type " + typeString(type) +
         "; dlc-run passes statically shaped tensors only");
  std::optional<ElementKind> kind = kindOf(tensor.getElementType());
  if (!kind)
    fail(what + " has unsupported element type " +
         typeString(tensor.getElementType()) +
         "; supported: f16, bf16, f32, f64, i32, i64");
  return *kind;
}

//===----------------------------------------------------------------------===//
// Generated inputs
//===----------------------------------------------------------------------===//

/// SplitMix64: a small, portable generator, so that a seed gives the same
/// inputs on every machine.
class Random {
public:
  explicit Random(uint64_t seed) : state(seed) {}
  uint64_t next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  double uniform() { return (next() >> 11) * 0x1.0p-53; }
  double normal() {
    double u = 1.0 - uniform(), v = uniform();
    return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * M_PI * v);
  }

private:
  uint64_t state;
};

/// The exclusive upper bound that the ops consuming `value` accept for its
/// (integer) elements: embedding rows and cross-entropy classes, followed
/// through data movement. Zero when no op bounds it.
static int64_t integerBound(Value value) {
  int64_t bound = 0;
  auto tighten = [&](int64_t b) { bound = bound ? std::min(bound, b) : b; };
  for (OpOperand &use : value.getUses()) {
    Operation *user = use.getOwner();
    if (auto embedding = dyn_cast<dlc::EmbeddingOp>(user)) {
      tighten(embedding.getTable().getType().getDimSize(0));
    } else if (auto grad = dyn_cast<dlc::EmbeddingGradOp>(user)) {
      tighten(grad.getType().getDimSize(0));
    } else if (auto loss = dyn_cast<dlc::CrossEntropyOp>(user)) {
      tighten(loss.getLogits().getType().getDimSize(1));
    } else if (isa<dlc::ReshapeOp, dlc::TransposeOp, dlc::SliceOp,
                   dlc::ConcatOp>(user)) {
      if (int64_t b = integerBound(user->getResult(0)))
        tighten(b);
    }
  }
  return bound;
}

/// Fills argument #index: parameters uniformly in ±1/sqrt(fan_in) as
/// PyTorch initializes layers (±0.1 for vectors), other floats from N(0, 1),
/// integers uniformly below the bound their consumers accept.
static HostTensor generateArgument(func::FuncOp func, unsigned index,
                                   ElementKind kind) {
  auto type = cast<RankedTensorType>(func.getArgument(index).getType());
  HostTensor tensor(kind, {type.getShape().begin(), type.getShape().end()});
  Random random(seedOpt * 0x100000001B3ULL + index + 1);
  int64_t n = tensor.numElements();
  if (!isa<FloatType>(type.getElementType())) {
    int64_t bound = integerBound(func.getArgument(index));
    if (!bound) {
      bound = 100;
      llvm::errs() << "dlc-run: note: no op bounds integer argument #" << index
                   << "; drawing it from [0, 100)\n";
    }
    for (int64_t i = 0; i < n; ++i)
      tensor.set(i, static_cast<double>(random.next() % bound));
    return tensor;
  }
  if (func.getArgAttr(index, dlc::DlcDialect::getParamAttrName())) {
    double limit = 0.1;
    if (type.getRank() >= 2)
      limit = 1.0 / std::sqrt(static_cast<double>(type.getNumElements() /
                                                  type.getDimSize(0)));
    for (int64_t i = 0; i < n; ++i)
      tensor.set(i, (2.0 * random.uniform() - 1.0) * limit);
    return tensor;
  }
  for (int64_t i = 0; i < n; ++i)
    tensor.set(i, random.normal());
  return tensor;
}

//===----------------------------------------------------------------------===//
// Results
//===----------------------------------------------------------------------===//

static uint64_t fnv1a(const std::vector<uint8_t> &bytes) {
  uint64_t hash = 0xCBF29CE484222325ULL;
  for (uint8_t b : bytes)
    hash = (hash ^ b) * 0x100000001B3ULL;
  return hash;
}

static void summarize(unsigned index, Type type, const HostTensor &tensor) {
  llvm::outs() << "result #" << index << ": " << type;
  int64_t n = tensor.numElements();
  if (tensor.shape.empty()) {
    llvm::outs() << " = " << llvm::format("%.7g", tensor.get(0)) << "\n";
    return;
  }
  double lo = INFINITY, hi = -INFINITY, sum = 0;
  for (int64_t i = 0; i < n; ++i) {
    double v = tensor.get(i);
    lo = std::min(lo, v);
    hi = std::max(hi, v);
    sum += v;
  }
  llvm::outs() << llvm::format(": min %.6g max %.6g mean %.6g", lo, hi, sum / n)
               << llvm::format(
                      " checksum %016llx",
                      static_cast<unsigned long long>(fnv1a(tensor.bytes)))
               << "\n";
}

/// Compares result #index with its reference; returns false (after saying
/// where) when they differ.
static bool compare(unsigned index, const HostTensor &got) {
  std::string path = compareDir + "/result" + std::to_string(index) + ".npy";
  HostTensor expected;
  std::string error = dlcrt::readNpy(path, got.kind, expected);
  if (!error.empty())
    fail(error);
  if (expected.shape != got.shape)
    fail(path + " has shape " + shapeString(expected.shape) + " but result #" +
         std::to_string(index) + " has " + shapeString(got.shape));
  dlcrt::Mismatch m = dlcrt::compareTensors(got, expected, rtolOpt, atolOpt);
  if (m.worst < 0)
    return true;
  SmallVector<int64_t> at(m.at.begin(), m.at.end());
  double g = m.got, x = m.expected;
  llvm::errs() << "dlc-run: error: result #" << index << " differs from "
               << path << " in " << m.count << " of " << got.numElements()
               << " elements; worst at " << shapeString(at)
               << llvm::format(": got %.9g, expected %.9g, |diff| %.3g > "
                               "atol %g + rtol %g * |expected|",
                               g, x, std::fabs(g - x), atolOpt.getValue(),
                               rtolOpt.getValue())
               << "\n";
  return false;
}

//===----------------------------------------------------------------------===//
// Driver
//===----------------------------------------------------------------------===//

static func::FuncOp findEntry(ModuleOp module) {
  SmallVector<func::FuncOp> candidates;
  for (auto func : module.getOps<func::FuncOp>())
    if (!func.isExternal() &&
        (entryName.empty() ? func.isPublic() : func.getName() == entryName))
      candidates.push_back(func);
  if (candidates.size() == 1)
    return candidates.front();
  std::string names;
  for (auto func : module.getOps<func::FuncOp>())
    names += (names.empty() ? "" : ", ") + func.getName().str();
  if (!entryName.empty())
    fail("no function named '" + entryName + "' in " + inputFilename +
         " (functions: " + (names.empty() ? "none" : names) + ")");
  fail(llvm::Twine(candidates.empty() ? "no" : "more than one") +
       " public function in " + inputFilename + " (functions: " +
       (names.empty() ? "none" : names) + "); choose one with --entry");
}

/// The row-major memref descriptor of `tensor`: allocated and aligned
/// pointers, offset, sizes, strides.
static SmallVector<int64_t> descriptorOf(HostTensor &tensor) {
  auto ptr = reinterpret_cast<int64_t>(tensor.data());
  SmallVector<int64_t> desc = {ptr, ptr, 0};
  desc.append(tensor.shape.begin(), tensor.shape.end());
  SmallVector<int64_t> strides(tensor.shape.size(), 1);
  for (int64_t d = static_cast<int64_t>(tensor.shape.size()) - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * tensor.shape[d + 1];
  desc.append(strides.begin(), strides.end());
  return desc;
}

static void ensureDirectory(const std::string &dir) {
  if (std::error_code ec = llvm::sys::fs::create_directories(dir))
    fail("cannot create directory '" + dir + "': " + ec.message());
}

/// Reads the arena plan's size off the entry function just before the CPU
/// pipeline drops the plan's attributes (dlc-drop-argument-marks).
class ArenaSizeProbe : public PassInstrumentation {
public:
  ArenaSizeProbe(std::string function, int64_t &bytes)
      : function(std::move(function)), bytes(bytes) {}
  void runBeforePass(Pass *pass, Operation *op) override {
    if (pass->getArgument() != "dlc-drop-argument-marks")
      return;
    auto module = dyn_cast<ModuleOp>(op);
    auto func = module ? module.lookupSymbol<func::FuncOp>(function) : nullptr;
    if (!func)
      return;
    if (auto size = func->getAttrOfType<IntegerAttr>(
            dlc::DlcDialect::getArenaSizeAttrName()))
      bytes = size.getInt();
  }

private:
  std::string function;
  int64_t &bytes;
};

/// The process's peak resident memory so far, in bytes.
static int64_t peakResidentBytes() {
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<int64_t>(usage.ru_maxrss) * 1024;
}

/// The process's resident memory now, in bytes (0 where /proc is missing).
static int64_t residentBytes() {
  std::ifstream statm("/proc/self/statm");
  int64_t pages = 0, resident = 0;
  if (!(statm >> pages >> resident))
    return 0;
  return resident * sysconf(_SC_PAGESIZE);
}

/// The options of the shared artifact runner, from dlc-run's.
static dlcrt::ExecOptions execOptions() {
  dlcrt::ExecOptions options;
  options.tool = "dlc-run";
  options.outputs = outputsDir;
  options.compare = compareDir;
  options.rtol = rtolOpt;
  options.atol = atolOpt;
  options.warmup = warmupOpt;
  options.repeat = repeat;
  return options;
}

/// --device=cuda: compiles `entry` (the only function kept) with the GPU
/// pipeline into a temporary artifact and runs it on `arguments`.
static int runOnGPU(ModuleOp module, func::FuncOp entry,
                    const std::vector<HostTensor> &arguments) {
  dlc::GPUPipelineOptions options;
  options.chip = targetOpt;
  options.format = "isa";
  if (failed(dlc::lowerStepForGPU(module, entry, options)))
    fail("lowering " + inputFilename + " for the GPU failed");
  llvm::SmallString<128> path;
  int fd;
  if (std::error_code ec =
          llvm::sys::fs::createTemporaryFile("dlc-run", "dlcx", fd, path))
    fail("cannot create a temporary artifact: " + ec.message());
  llvm::FileRemover remover(path);
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    if (failed(dlc::writeArtifact(module, entry, targetOpt, os)))
      fail("writing the artifact of " + inputFilename + " failed");
  }
  return dlcrt::execArtifact(path.str().str(), execOptions(), &arguments);
}

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  cl::HideUnrelatedOptions(runCategory);
  cl::ParseCommandLineOptions(
      argc, argv,
      "dlc-run: run a dlc graph on the CPU (JIT) with generated or given "
      "inputs\n");
  if (repeat < 1)
    fail("--repeat must be at least 1");
  if (deviceOpt != "cpu" && deviceOpt != "cuda")
    fail("--device must be cpu or cuda, not '" + deviceOpt + "'");
  bool onGPU = deviceOpt == "cuda";
  if (StringRef(inputFilename).ends_with(".dlcx")) {
    // An artifact carries no graph to draw inputs from: --inputs or zeros.
    if (!onGPU)
      fail(inputFilename + " is a GPU artifact; run it with --device=cuda");
    dlcrt::ExecOptions options = execOptions();
    options.inputs = inputsDir;
    return dlcrt::execArtifact(inputFilename, options);
  }
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();

  DialectRegistry registry;
  registry.insert<dlc::DlcDialect>();
  registerAllDialects(registry);
  registerAllExtensions(registry);
  registerAllToLLVMIRTranslations(registry);
  MLIRContext context(registry);

  std::string errorMessage;
  std::unique_ptr<llvm::MemoryBuffer> buffer =
      openInputFile(inputFilename, &errorMessage);
  if (!buffer)
    fail(errorMessage);
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module)
    return 1;

  func::FuncOp entry = findEntry(*module);
  std::string name = entry.getName().str();
  FunctionType signature = entry.getFunctionType();

  // Arguments: read or generated, checked against the signature.
  std::vector<HostTensor> arguments;
  for (unsigned i = 0; i < signature.getNumInputs(); ++i) {
    Type type = signature.getInput(i);
    ElementKind kind = checkedKind(type, "argument #" + llvm::Twine(i));
    if (inputsDir.empty()) {
      arguments.push_back(generateArgument(entry, i, kind));
      continue;
    }
    std::string path = inputsDir + "/arg" + std::to_string(i) + ".npy";
    HostTensor tensor;
    std::string error = dlcrt::readNpy(path, kind, tensor);
    if (!error.empty())
      fail(error);
    auto shape = cast<RankedTensorType>(type).getShape();
    if (tensor.shape != std::vector<int64_t>(shape.begin(), shape.end()))
      fail(path + " has shape " + shapeString(tensor.shape) +
           " but argument #" + llvm::Twine(i) + " is " + typeString(type));
    arguments.push_back(std::move(tensor));
  }
  std::vector<HostTensor> results;
  for (unsigned i = 0; i < signature.getNumResults(); ++i) {
    Type type = signature.getResult(i);
    ElementKind kind = checkedKind(type, "result #" + llvm::Twine(i));
    ArrayRef<int64_t> shape = cast<RankedTensorType>(type).getShape();
    results.emplace_back(kind,
                         std::vector<int64_t>(shape.begin(), shape.end()));
  }
  if (!writeInputsDir.empty()) {
    ensureDirectory(writeInputsDir);
    for (auto [i, tensor] : llvm::enumerate(arguments)) {
      std::string error = dlcrt::writeNpy(
          writeInputsDir + "/arg" + std::to_string(i) + ".npy", tensor);
      if (!error.empty())
        fail(error);
    }
  }

  if (onGPU)
    return runOnGPU(*module, entry, arguments);

  // Lower and compile.
  auto compileStart = std::chrono::steady_clock::now();
  entry->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                 UnitAttr::get(&context));
  PassManager pm(&context);
  int64_t arenaBytes = -1;
  pm.addInstrumentation(std::make_unique<ArenaSizeProbe>(name, arenaBytes));
  dlc::buildCPUPipeline(pm);
  if (failed(pm.run(*module)))
    fail("lowering " + inputFilename + " for the CPU failed");
  std::string runnerUtils =
      std::string(DLC_MLIR_LIBRARY_DIR) + "/libmlir_c_runner_utils.so";
  SmallVector<StringRef> libraries;
  if (llvm::sys::fs::exists(runnerUtils))
    libraries.push_back(runnerUtils);
  ExecutionEngineOptions engineOptions;
  auto transformer = makeOptimizingTransformer(/*optLevel=*/2,
                                               /*sizeLevel=*/0, nullptr);
  engineOptions.transformer = transformer;
  engineOptions.sharedLibPaths = libraries;
  auto engine = ExecutionEngine::create(*module, engineOptions);
  if (!engine)
    fail("JIT compilation failed: " + llvm::toString(engine.takeError()));
  double compileSeconds = std::chrono::duration<double>(
                              std::chrono::steady_clock::now() - compileStart)
                              .count();

  // Call the step: arguments, then one out-parameter per result.
  SmallVector<SmallVector<int64_t>> descriptors;
  for (HostTensor &t : arguments)
    descriptors.push_back(descriptorOf(t));
  for (HostTensor &t : results)
    descriptors.push_back(descriptorOf(t));
  SmallVector<void *> descriptorPointers;
  for (auto &d : descriptors)
    descriptorPointers.push_back(d.data());
  SmallVector<void *> packed;
  for (void *&p : descriptorPointers)
    packed.push_back(&p);

  // The step's own memory: resident growth over the calls, the arguments
  // and results being resident already.
  int64_t residentBefore = residentBytes();
  int64_t peakBefore = peakResidentBytes();
  std::vector<double> times;
  for (unsigned r = 0; r < repeat; ++r) {
    auto start = std::chrono::steady_clock::now();
    if (llvm::Error error =
            (*engine)->invokePacked("_mlir_ciface_" + name, packed))
      fail("calling @" + name + " failed: " + llvm::toString(std::move(error)));
    times.push_back(std::chrono::duration<double, std::milli>(
                        std::chrono::steady_clock::now() - start)
                        .count());
  }

  llvm::outs() << "@" << name << ": " << arguments.size() << " arguments, "
               << results.size() << " results; compiled in "
               << llvm::format("%.2f s", compileSeconds) << "\n";
  for (auto [i, tensor] : llvm::enumerate(results))
    summarize(i, signature.getResult(i), tensor);
  std::sort(times.begin(), times.end());
  llvm::outs() << llvm::format("time: %.3f ms", times[times.size() / 2]);
  if (repeat > 1)
    llvm::outs() << llvm::format(" (median of %u runs, min %.3f ms)",
                                 repeat.getValue(), times.front());
  llvm::outs() << "\n";
  if (arenaBytes >= 0 && residentBefore > 0) {
    // A peak above the level before the calls is the step's; otherwise the
    // earlier peak (parsing, compiling) bounds it from above.
    int64_t peakAfter = peakResidentBytes();
    llvm::outs() << "memory: planned arena " << arenaBytes
                 << " bytes; measured: resident memory grew by "
                 << (peakAfter > peakBefore ? "" : "at most ")
                 << peakAfter - residentBefore << " bytes during the step\n";
  }
  llvm::outs().flush();

  if (!outputsDir.empty()) {
    ensureDirectory(outputsDir);
    for (auto [i, tensor] : llvm::enumerate(results)) {
      std::string error = dlcrt::writeNpy(
          outputsDir + "/result" + std::to_string(i) + ".npy", tensor);
      if (!error.empty())
        fail(error);
    }
  }
  if (!compareDir.empty()) {
    bool same = true;
    for (auto [i, tensor] : llvm::enumerate(results))
      same &= compare(i, tensor);
    if (!same)
      return 1;
    llvm::outs() << "results match " << compareDir
                 << llvm::format(" (rtol %g, atol %g)", rtolOpt.getValue(),
                                 atolOpt.getValue())
                 << "\n";
  }
  return 0;
}
