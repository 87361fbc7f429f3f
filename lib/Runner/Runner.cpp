//===- Runner.cpp - Run a dlc graph on the CPU or a CUDA GPU --------------===//
//
// See Runner.h. This is dlc's numerical reference path: on the CPU the step
// is lowered by the CPU pipeline and JIT-compiled by MLIR's ExecutionEngine,
// so it needs no GPU and runs in CI. Inputs are generated from a seed
// (integer arguments below the bound their consumers accept) or read from
// .npy files; on the GPU the same arguments go to the dlc runtime. The graph
// is input like any other: the entry must keep the graph contract (one block,
// no calls, so no recursion that would never return), and every argument
// and result is sized with checked arithmetic and refused, before anything
// is allocated, when this machine cannot hold it.
//
//===----------------------------------------------------------------------===//

#include "dlc/Runner/Runner.h"
#include "dlc/CodeGen/Pipelines/Pipelines.h"
#include "dlc/Dialect/Dlc/IR/DlcDialect.h"
#include "dlc/Dialect/Dlc/IR/DlcGraphContract.h"
#include "dlc/Dialect/Dlc/IR/DlcInterfaces.h"
#include "dlc/Support/ByteSize.h"
#include "dlc/Target/Dlcx/Artifact.h"

#include "dlcrt/Exec.h"
#include "dlcrt/Npy.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassInstrumentation.h"
#include "mlir/Pass/PassManager.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <functional>
#include <optional>
#include <sys/resource.h>
#include <unistd.h>

using namespace mlir;
using namespace mlir::dlc;
using dlcrt::ElementKind;
using dlcrt::HostTensor;

#ifndef DLC_MLIR_LIBRARY_DIR
#error "DLC_MLIR_LIBRARY_DIR (where libmlir_c_runner_utils.so is) must be set"
#endif

namespace {

/// Prints one error line of the tool and gives the status for it.
class Reporter {
public:
  explicit Reporter(const RunOptions &options) : options(options) {}
  int error(const llvm::Twine &message) const {
    llvm::errs() << options.tool << ": error: " << message << "\n";
    return 1;
  }
  const RunOptions &options;
};

std::optional<ElementKind> kindOf(Type type) {
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

std::string typeString(Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << type;
  return text;
}

std::string shapeString(ArrayRef<int64_t> shape) {
  std::string text = "[";
  for (auto [i, d] : llvm::enumerate(shape))
    text += (i ? ", " : "") + std::to_string(d);
  return text + "]";
}

/// The kind of `type` if it is a tensor the runner can pass; else reports
/// why not.
std::optional<ElementKind> checkedKind(const Reporter &report, Type type,
                                       const llvm::Twine &what) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape()) {
    report.error(what + " has type " + typeString(type) + "; " +
                 report.options.tool +
                 " passes statically shaped tensors only");
    return std::nullopt;
  }
  std::optional<ElementKind> kind = kindOf(tensor.getElementType());
  if (!kind)
    report.error(what + " has unsupported element type " +
                 typeString(tensor.getElementType()) +
                 "; supported: f16, bf16, f32, f64, i32, i64");
  return kind;
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

/// What generating argument #index takes from its function, so that it can
/// be drawn again after the function is lowered (a training loop draws data
/// each step).
struct ArgumentSpec {
  RankedTensorType type;
  ElementKind kind;
  bool weight = false; ///< dlc.param or dlc.frozen
  bool zeros = false;  ///< dlc.init = "zeros", or optimizer state
  bool step = false;   ///< dlc.step: the first step is 1
  int64_t bound = 0;   ///< integers: draw below this
};

ArgumentSpec describeArgument(const RunOptions &options, func::FuncOp func,
                              unsigned index, ElementKind kind) {
  ArgumentSpec spec;
  spec.type = cast<RankedTensorType>(func.getArgument(index).getType());
  spec.kind = kind;
  spec.weight = func.getArgAttr(index, DlcDialect::getParamAttrName()) ||
                func.getArgAttr(index, DlcDialect::getFrozenAttrName());
  auto init =
      func.getArgAttrOfType<StringAttr>(index, DlcDialect::getInitAttrName());
  // An optimizer's state (AdamW's moments) and other step state start at
  // zero, the step count at the first step.
  spec.zeros =
      (init && init.getValue() == "zeros") ||
      func.getArgAttr(index, DlcDialect::getOptimizerStateAttrName()) ||
      func.getArgAttr(index, DlcDialect::getStepStateAttrName());
  spec.step = func.getArgAttr(index, DlcDialect::getStepAttrName()) != nullptr;
  if (!isa<FloatType>(spec.type.getElementType()) &&
      spec.type.getNumElements() > 0) {
    spec.bound = getIntegerBound(func.getArgument(index));
    if (spec.bound <= 0) {
      spec.bound = 100;
      llvm::errs() << options.tool << ": note: no op bounds integer argument #"
                   << index << "; drawing it from [0, 100)\n";
    }
    // Ids past what the element type holds cannot be passed anyway.
    if (kind == ElementKind::I32)
      spec.bound = std::min<int64_t>(spec.bound, int64_t(1) << 31);
  }
  return spec;
}

/// Fills argument #index: parameters (trained or frozen) uniformly in
/// ±1/sqrt(fan_in) as PyTorch initializes layers (±0.1 for vectors), or with
/// zeros where they carry `dlc.init = "zeros"`, optimizer state with zeros,
/// the step number with 1, other floats from N(0, 1),
/// integers uniformly below the bound their consumers accept. A tensor of no
/// elements is valid and gets none.
HostTensor generateArgument(uint64_t seed, const ArgumentSpec &spec,
                            unsigned index) {
  RankedTensorType type = spec.type;
  HostTensor tensor(spec.kind,
                    {type.getShape().begin(), type.getShape().end()});
  Random random(seed * 0x100000001B3ULL + index + 1);
  int64_t n = tensor.numElements();
  if (n == 0)
    return tensor;
  if (!isa<FloatType>(type.getElementType())) {
    for (int64_t i = 0; i < n; ++i)
      tensor.set(i, static_cast<double>(random.next() % spec.bound));
    return tensor;
  }
  if (spec.zeros)
    return tensor; // HostTensor starts at zero
  if (spec.step) {
    for (int64_t i = 0; i < n; ++i)
      tensor.set(i, 1.0);
    return tensor;
  }
  if (spec.weight) {
    // fan_in = elements / rows; n > 0, so no dimension is 0 and it is > 0.
    double limit = 0.1;
    if (type.getRank() >= 2)
      limit = 1.0 / std::sqrt(static_cast<double>(n / type.getDimSize(0)));
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

uint64_t fnv1a(const std::vector<uint8_t> &bytes) {
  uint64_t hash = 0xCBF29CE484222325ULL;
  for (uint8_t b : bytes)
    hash = (hash ^ b) * 0x100000001B3ULL;
  return hash;
}

void summarize(unsigned index, Type type, const HostTensor &tensor) {
  llvm::outs() << "result #" << index << ": " << type;
  int64_t n = tensor.numElements();
  if (tensor.shape.empty()) {
    llvm::outs() << " = " << llvm::format("%.7g", tensor.get(0)) << "\n";
    return;
  }
  if (n == 0) {
    llvm::outs() << ": no elements\n";
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

/// Compares result #index with its reference: 0 when they agree, else the
/// status after saying where they differ.
int compare(const Reporter &report, unsigned index, const HostTensor &got) {
  const RunOptions &options = report.options;
  std::string path =
      options.compare + "/result" + std::to_string(index) + ".npy";
  HostTensor expected;
  std::string error = dlcrt::readNpy(path, got.kind, expected);
  if (!error.empty())
    return report.error(error);
  if (expected.shape != got.shape)
    return report.error(path + " has shape " + shapeString(expected.shape) +
                        " but result #" + std::to_string(index) + " has " +
                        shapeString(got.shape));
  dlcrt::Mismatch m =
      dlcrt::compareTensors(got, expected, options.rtol, options.atol);
  if (m.worst < 0)
    return 0;
  SmallVector<int64_t> at(m.at.begin(), m.at.end());
  double g = m.got, x = m.expected;
  llvm::errs() << options.tool << ": error: result #" << index
               << " differs from " << path << " in " << m.count << " of "
               << got.numElements() << " elements; worst at " << shapeString(at)
               << llvm::format(": got %.9g, expected %.9g, |diff| %.3g > "
                               "atol %g + rtol %g * |expected|",
                               g, x, std::fabs(g - x), options.atol,
                               options.rtol)
               << "\n";
  return 1;
}

//===----------------------------------------------------------------------===//
// The step
//===----------------------------------------------------------------------===//

func::FuncOp findEntry(const Reporter &report, ModuleOp module) {
  const RunOptions &options = report.options;
  SmallVector<func::FuncOp> candidates;
  for (auto func : module.getOps<func::FuncOp>())
    if (!func.isExternal() &&
        (options.entry.empty() ? func.isPublic()
                               : func.getName() == options.entry))
      candidates.push_back(func);
  if (candidates.size() == 1)
    return candidates.front();
  std::string names;
  for (auto func : module.getOps<func::FuncOp>())
    names += (names.empty() ? "" : ", ") + func.getName().str();
  if (!options.entry.empty())
    report.error("no function named '" + options.entry + "' in " +
                 options.inputName +
                 " (functions: " + (names.empty() ? "none" : names) + ")");
  else
    report.error(llvm::Twine(candidates.empty() ? "no" : "more than one") +
                 " public function in " + options.inputName +
                 " (functions: " + (names.empty() ? "none" : names) +
                 "); choose one with --entry");
  return nullptr;
}

/// The row-major memref descriptor of `tensor`: allocated and aligned
/// pointers, offset, sizes, strides.
SmallVector<int64_t> descriptorOf(HostTensor &tensor) {
  auto ptr = reinterpret_cast<int64_t>(tensor.data());
  SmallVector<int64_t> desc = {ptr, ptr, 0};
  desc.append(tensor.shape.begin(), tensor.shape.end());
  SmallVector<int64_t> strides(tensor.shape.size(), 1);
  for (int64_t d = static_cast<int64_t>(tensor.shape.size()) - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * tensor.shape[d + 1];
  desc.append(strides.begin(), strides.end());
  return desc;
}

/// Creates `dir`; the status of the failure, else 0.
int ensureDirectory(const Reporter &report, const std::string &dir) {
  if (std::error_code ec = llvm::sys::fs::create_directories(dir))
    return report.error("cannot create directory '" + dir +
                        "': " + ec.message());
  return 0;
}

/// Writes `tensors` to DIR/<stem><i>.npy; 0, else the status of the failure.
int writeAll(const Reporter &report, const std::string &dir, StringRef stem,
             const std::vector<HostTensor> &tensors) {
  if (int status = ensureDirectory(report, dir))
    return status;
  for (auto [i, tensor] : llvm::enumerate(tensors)) {
    std::string error = dlcrt::writeNpy(
        dir + "/" + stem.str() + std::to_string(i) + ".npy", tensor);
    if (!error.empty())
      return report.error(error);
  }
  return 0;
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
            DlcDialect::getArenaSizeAttrName()))
      bytes = size.getInt();
  }

private:
  std::string function;
  int64_t &bytes;
};

/// The process's peak resident memory so far, in bytes.
int64_t peakResidentBytes() {
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<int64_t>(usage.ru_maxrss) * 1024;
}

/// The process's resident memory now, in bytes (0 where /proc is missing).
int64_t residentBytes() {
  std::ifstream statm("/proc/self/statm");
  int64_t pages = 0, resident = 0;
  if (!(statm >> pages >> resident))
    return 0;
  return resident * sysconf(_SC_PAGESIZE);
}

/// The options of the runtime's artifact runner, from the runner's.
dlcrt::ExecOptions execOptions(const RunOptions &options) {
  dlcrt::ExecOptions exec;
  exec.tool = options.tool;
  exec.outputs = options.outputs;
  exec.compare = options.compare;
  exec.saveArguments = options.saveArguments;
  exec.rtol = options.rtol;
  exec.atol = options.atol;
  exec.warmup = options.warmup;
  exec.repeat = options.repeat;
  return exec;
}

/// A training loop around the step: `before(k)` sets the arguments of step
/// k (1-based), `after(k)` reads its results and feeds them back. Either
/// returns a non-zero status to stop.
struct StepLoop {
  unsigned steps = 0;
  std::function<int(unsigned)> before, after;
  /// The data arguments `before` sets, for the GPU loop to upload (the
  /// artifact itself says where the step number goes and what is updated).
  std::vector<int> refresh;
};

/// Compiles `entry` (the only function kept) with the GPU pipeline into a
/// temporary artifact and runs it on `arguments` (with `loop`, as a
/// training loop).
int runOnGPU(const Reporter &report, ModuleOp module, func::FuncOp entry,
             const std::vector<HostTensor> &arguments, const StepLoop *loop) {
  const RunOptions &options = report.options;
  GPUPipelineOptions defaults;
  const GPUPipelineOptions &gpu = options.gpu ? *options.gpu : defaults;
  if (gpu.format != "isa" && gpu.format != "ptx" && gpu.format != "bin" &&
      gpu.format != "cubin")
    return report.error("--format must be isa (ptx) or bin (cubin) to run "
                        "the kernels, not '" +
                        gpu.format + "'");
  if (failed(lowerStepForGPU(module, entry, gpu)))
    return report.error("lowering " + options.inputName +
                        " for the GPU failed");
  llvm::SmallString<128> path;
  int fd;
  if (std::error_code ec =
          llvm::sys::fs::createTemporaryFile("dlc-run", "dlcx", fd, path))
    return report.error("cannot create a temporary artifact: " + ec.message());
  llvm::FileRemover remover(path);
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    if (failed(writeArtifact(module, entry, gpu.chip, os)))
      return report.error("writing the artifact of " + options.inputName +
                          " failed");
  }
  if (!loop)
    return dlcrt::execArtifact(path.str().str(), execOptions(options),
                               &arguments);
  // The artifact carries the step number's argument and the updates; the
  // hook sets the data arguments as the CPU loop does.
  dlcrt::ExecOptions exec = execOptions(options);
  exec.steps = static_cast<int>(loop->steps);
  dlcrt::ExecLoop hook;
  hook.before = [loop](int k) { return loop->before(k); };
  hook.refresh = loop->refresh;
  return dlcrt::execArtifact(path.str().str(), exec, &arguments, &hook);
}

/// Lowers `entry` with the CPU pipeline, JIT-compiles it and calls it
/// `options.repeat` times on `arguments`, into `results` (or, with `loop`,
/// `loop->steps` times, the loop's hooks around each call).
int runOnCPU(const Reporter &report, ModuleOp module, func::FuncOp entry,
             std::vector<HostTensor> &arguments,
             std::vector<HostTensor> &results, const StepLoop *loop) {
  const RunOptions &options = report.options;
  std::string name = entry.getName().str();
  FunctionType signature = entry.getFunctionType();
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();

  auto compileStart = std::chrono::steady_clock::now();
  entry->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                 UnitAttr::get(module.getContext()));
  PassManager pm(module.getContext());
  int64_t arenaBytes = -1;
  pm.addInstrumentation(std::make_unique<ArenaSizeProbe>(name, arenaBytes));
  buildCPUPipeline(pm);
  if (failed(pm.run(module)))
    return report.error("lowering " + options.inputName +
                        " for the CPU failed");
  std::string runnerUtils =
      std::string(DLC_MLIR_LIBRARY_DIR) + "/libmlir_c_runner_utils.so";
  SmallVector<StringRef> libraries;
  if (llvm::sys::fs::exists(runnerUtils))
    libraries.push_back(runnerUtils);
  ExecutionEngineOptions engineOptions;
  auto transformer = makeOptimizingTransformer(options.jitOptLevel,
                                               /*sizeLevel=*/0, nullptr);
  engineOptions.transformer = transformer;
  engineOptions.jitCodeGenOptLevel =
      static_cast<llvm::CodeGenOptLevel>(options.jitOptLevel);
  engineOptions.sharedLibPaths = libraries;
  auto engine = ExecutionEngine::create(module, engineOptions);
  if (!engine)
    return report.error("JIT compilation failed: " +
                        llvm::toString(engine.takeError()));
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
  unsigned calls = loop ? loop->steps : options.repeat;
  for (unsigned r = 0; r < calls; ++r) {
    if (loop)
      if (int status = loop->before(r + 1))
        return status;
    auto start = std::chrono::steady_clock::now();
    if (llvm::Error error =
            (*engine)->invokePacked("_mlir_ciface_" + name, packed))
      return report.error("calling @" + name +
                          " failed: " + llvm::toString(std::move(error)));
    times.push_back(std::chrono::duration<double, std::milli>(
                        std::chrono::steady_clock::now() - start)
                        .count());
    if (loop)
      if (int status = loop->after(r + 1))
        return status;
  }

  llvm::outs() << "@" << name << ": " << arguments.size() << " arguments, "
               << results.size() << " results; compiled in "
               << llvm::format("%.2f s", compileSeconds) << "\n";
  for (auto [i, tensor] : llvm::enumerate(results))
    summarize(i, signature.getResult(i), tensor);
  std::sort(times.begin(), times.end());
  llvm::outs() << llvm::format("time: %.3f ms", times[times.size() / 2]);
  if (calls > 1)
    llvm::outs() << llvm::format(" (median of %u %s, min %.3f ms)", calls,
                                 loop ? "steps" : "runs", times.front());
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
  return 0;
}

/// Checks, before anything is allocated, that this machine can hold every
/// argument and result of `signature` on the host, one by one and together
/// (dlc-run holds them all at once), with checked arithmetic throughout.
/// Reports the first that it cannot, naming it, its type and its size.
LogicalResult checkHostMemory(const Reporter &report, StringRef name,
                              FunctionType signature) {
  uint64_t physical = dlcrt::physicalMemoryBytes();
  auto sizeOf = [](Type type, ElementKind kind) -> std::optional<int64_t> {
    ArrayRef<int64_t> shape = cast<RankedTensorType>(type).getShape();
    return dlcrt::tensorBytes(kind, {shape.begin(), shape.end()});
  };
  auto memory = [&] {
    return "this machine's " + formatBytes(static_cast<double>(physical)) +
           " of physical memory";
  };
  int64_t total = 0;
  bool overflow = false;
  auto check = [&](Type type, const llvm::Twine &what) -> LogicalResult {
    std::optional<ElementKind> kind = kindOf(getElementTypeOrSelf(type));
    std::optional<int64_t> bytes = sizeOf(type, *kind);
    if (!bytes) {
      report.error(what + " (" + typeString(type) +
                   ") has more bytes than fit in 64 bits; " +
                   report.options.tool + " cannot hold it");
      return failure();
    }
    if (physical && static_cast<uint64_t>(*bytes) > physical) {
      report.error(what + " (" + typeString(type) + ") takes " +
                   formatBytes(static_cast<double>(*bytes)) + " (" +
                   llvm::Twine(*bytes) + " bytes), more than " + memory() +
                   "; " + report.options.tool +
                   " holds every argument and result in host memory");
      return failure();
    }
    overflow |= __builtin_add_overflow(total, *bytes, &total);
    return success();
  };
  for (auto [i, type] : llvm::enumerate(signature.getInputs()))
    if (failed(check(type, "argument #" + llvm::Twine(i))))
      return failure();
  for (auto [i, type] : llvm::enumerate(signature.getResults()))
    if (failed(check(type, "result #" + llvm::Twine(i))))
      return failure();
  if (physical && (overflow || static_cast<uint64_t>(total) > physical)) {
    report.error("the arguments and results of @" + name + " take " +
                 (overflow ? std::string("more than 2^63 bytes")
                           : formatBytes(static_cast<double>(total)) + " (" +
                                 std::to_string(total) + " bytes)") +
                 " together, more than " + memory() + "; " +
                 report.options.tool +
                 " holds every argument and result in host memory");
    return failure();
  }
  return success();
}

/// Reads argument #index, of `type`, from `path` into `tensor`, checking
/// its shape against the type.
int readArgument(const Reporter &report, Type type, unsigned index,
                 const std::string &path, ElementKind kind,
                 HostTensor &tensor) {
  std::string error = dlcrt::readNpy(path, kind, tensor);
  if (!error.empty())
    return report.error(error);
  auto shape = cast<RankedTensorType>(type).getShape();
  if (tensor.shape != std::vector<int64_t>(shape.begin(), shape.end()))
    return report.error(path + " has shape " + shapeString(tensor.shape) +
                        " but argument #" + llvm::Twine(index) + " is " +
                        typeString(type));
  return 0;
}

/// The training loop of --steps: results marked `dlc.updates` go back to
/// their arguments after each step, the `dlc.step` argument counts steps,
/// and the data arguments (neither weights, nor state, nor the step) come
/// from --batches or are drawn afresh each step.
int buildStepLoop(const Reporter &report, func::FuncOp entry,
                  std::vector<HostTensor> &arguments,
                  std::vector<HostTensor> &results, StepLoop &loop) {
  const RunOptions &options = report.options;
  if (options.repeat != 1)
    return report.error("--steps and --repeat do not go together: each "
                        "step runs once, on the previous step's updates");
  SmallVector<std::pair<unsigned, unsigned>> feedback; // result -> argument
  for (unsigned r = 0; r < entry.getNumResults(); ++r)
    if (auto to = entry.getResultAttrOfType<IntegerAttr>(
            r, DlcDialect::getUpdatesAttrName()))
      feedback.push_back({r, static_cast<unsigned>(to.getInt())});
  if (feedback.empty())
    return report.error(
        "--steps needs a step that updates its parameters, but no result of "
        "@" +
        entry.getName() + " carries '" + DlcDialect::getUpdatesAttrName() +
        "'; build it with --dlc-autodiff=optimizer=sgd or optimizer=adamw");
  if (entry.getNumResults() == 0 ||
      cast<RankedTensorType>(entry.getResultTypes()[0]).getRank() != 0)
    return report.error("--steps prints result #0 as the loss, but @" +
                        entry.getName() + "'s is not a scalar");
  // What the hooks need of the step, read now: the CPU pipeline lowers
  // `entry` before the first call.
  std::optional<unsigned> stepArg;
  SmallVector<std::pair<unsigned, ArgumentSpec>> data;
  for (unsigned i = 0; i < entry.getNumArguments(); ++i) {
    if (entry.getArgAttr(i, DlcDialect::getStepAttrName()))
      stepArg = i;
    else if (!entry.getArgAttr(i, DlcDialect::getParamAttrName()) &&
             !entry.getArgAttr(i, DlcDialect::getFrozenAttrName()) &&
             !entry.getArgAttr(i, DlcDialect::getOptimizerStateAttrName()) &&
             !entry.getArgAttr(i, DlcDialect::getStepStateAttrName()))
      data.push_back(
          {i, describeArgument(options, entry, i, arguments[i].kind)});
  }
  unsigned numBatches = 0;
  if (!options.batches.empty()) {
    while (llvm::sys::fs::is_directory(options.batches + "/" +
                                       std::to_string(numBatches)))
      ++numBatches;
    if (!numBatches)
      return report.error("--batches=" + options.batches +
                          " holds no batch: expected directories 0, 1, ... "
                          "with arg<i>.npy for the data arguments");
  }
  loop.steps = options.steps;
  for (const auto &d : data)
    loop.refresh.push_back(d.first);
  // The hooks outlive this function's references: they hold pointers to
  // the caller's report, arguments and results.
  const Reporter *rep = &report;
  std::vector<HostTensor> *args = &arguments, *outs = &results;
  loop.before = [rep, args, stepArg, data, numBatches](unsigned k) -> int {
    const Reporter &report = *rep;
    const RunOptions &options = report.options;
    std::vector<HostTensor> &arguments = *args;
    if (stepArg)
      arguments[*stepArg].set(0, static_cast<double>(k));
    if (k == 1 && options.batches.empty())
      return 0; // step 1's data are the arguments already read or drawn
    for (const auto &[i, spec] : data) {
      if (numBatches) {
        std::string path = options.batches + "/" +
                           std::to_string((k - 1) % numBatches) + "/arg" +
                           std::to_string(i) + ".npy";
        // Into the argument's buffer, which the step's view points at.
        HostTensor batch;
        if (int status = readArgument(report, spec.type, i, path,
                                      arguments[i].kind, batch))
          return status;
        std::copy(batch.bytes.begin(), batch.bytes.end(),
                  arguments[i].bytes.begin());
        continue;
      }
      HostTensor fresh = generateArgument(options.seed + k - 1, spec, i);
      std::copy(fresh.bytes.begin(), fresh.bytes.end(),
                arguments[i].bytes.begin());
    }
    return 0;
  };
  loop.after = [args, outs, feedback](unsigned k) -> int {
    std::vector<HostTensor> &arguments = *args, &results = *outs;
    llvm::outs() << llvm::format("step %u: loss %.7g\n", k, results[0].get(0));
    for (auto [r, a] : feedback)
      std::copy(results[r].bytes.begin(), results[r].bytes.end(),
                arguments[a].bytes.begin());
    return 0;
  };
  return 0;
}

} // namespace

int dlc::runModule(ModuleOp module, const RunOptions &options) {
  Reporter report(options);
  if (options.repeat < 1)
    return report.error("--repeat must be at least 1");
  if (options.jitOptLevel > 3)
    return report.error("--jit-opt must be 0, 1, 2 or 3, not " +
                        llvm::Twine(options.jitOptLevel));
  func::FuncOp entry = findEntry(report, module);
  if (!entry)
    return 1;
  // Before anything else: a step of one block without calls (a recursive
  // call would never return) whose tensors' bytes fit in int64.
  if (failed(verifyGraphContract(entry)))
    return 1;
  FunctionType signature = entry.getFunctionType();
  for (unsigned i = 0; i < signature.getNumInputs(); ++i)
    if (!checkedKind(report, signature.getInput(i),
                     "argument #" + llvm::Twine(i)))
      return 1;
  for (unsigned i = 0; i < signature.getNumResults(); ++i)
    if (!checkedKind(report, signature.getResult(i),
                     "result #" + llvm::Twine(i)))
      return 1;
  if (failed(checkHostMemory(report, entry.getName(), signature)))
    return 1;

  // Arguments: read or generated, checked against the signature.
  std::vector<HostTensor> arguments;
  for (unsigned i = 0; i < signature.getNumInputs(); ++i) {
    Type type = signature.getInput(i);
    std::optional<ElementKind> kind =
        kindOf(cast<RankedTensorType>(type).getElementType());
    if (options.inputs.empty()) {
      arguments.push_back(generateArgument(
          options.seed, describeArgument(options, entry, i, *kind), i));
      continue;
    }
    std::string path = options.inputs + "/arg" + std::to_string(i) + ".npy";
    HostTensor tensor;
    if (int status = readArgument(report, type, i, path, *kind, tensor))
      return status;
    arguments.push_back(std::move(tensor));
  }
  std::vector<HostTensor> results;
  for (unsigned i = 0; i < signature.getNumResults(); ++i) {
    Type type = signature.getResult(i);
    std::optional<ElementKind> kind =
        kindOf(cast<RankedTensorType>(type).getElementType());
    ArrayRef<int64_t> shape = cast<RankedTensorType>(type).getShape();
    results.emplace_back(*kind,
                         std::vector<int64_t>(shape.begin(), shape.end()));
  }
  if (!options.writeInputs.empty())
    if (int status = writeAll(report, options.writeInputs, "arg", arguments))
      return status;

  StepLoop loop;
  if (options.steps)
    if (int status = buildStepLoop(report, entry, arguments, results, loop))
      return status;
  if (options.onGPU)
    return runOnGPU(report, module, entry, arguments,
                    options.steps ? &loop : nullptr);
  if (int status = runOnCPU(report, module, entry, arguments, results,
                            options.steps ? &loop : nullptr))
    return status;
  if (!options.saveArguments.empty())
    if (int status = writeAll(report, options.saveArguments, "arg", arguments))
      return status;

  if (!options.outputs.empty())
    if (int status = writeAll(report, options.outputs, "result", results))
      return status;
  if (!options.compare.empty()) {
    bool same = true;
    for (auto [i, tensor] : llvm::enumerate(results))
      same &= compare(report, i, tensor) == 0;
    if (!same)
      return 1;
    llvm::outs() << "results match " << options.compare
                 << llvm::format(" (rtol %g, atol %g)", options.rtol,
                                 options.atol)
                 << "\n";
  }
  return 0;
}

int dlc::runArtifact(StringRef path, const RunOptions &options) {
  Reporter report(options);
  if (options.repeat < 1)
    return report.error("--repeat must be at least 1");
  // An artifact carries no graph to draw inputs from: --inputs or zeros.
  if (!options.onGPU)
    return report.error(path + " is a GPU artifact; run it with --device=cuda");
  dlcrt::ExecOptions exec = execOptions(options);
  exec.inputs = options.inputs;
  exec.steps = static_cast<int>(options.steps);
  exec.batches = options.batches;
  return dlcrt::execArtifact(path.str(), exec);
}
