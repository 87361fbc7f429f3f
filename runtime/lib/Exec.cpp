//===- Exec.cpp - Run an artifact with arguments and check results --------===//
//
// The shared body of dlc-exec and `dlc-run --device=cuda` (dlcrt/Exec.h).
// Messages go to stdio through fmt, so that they interleave as printf's did.
//
//===----------------------------------------------------------------------===//

#include "dlcrt/Exec.h"
#include "dlc_runtime.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <sys/stat.h>
#include <vector>

using namespace dlcrt;

namespace {

bool kindOf(const char *dtype, ElementKind &kind) {
  for (ElementKind k : {ElementKind::F16, ElementKind::BF16, ElementKind::F32,
                        ElementKind::F64, ElementKind::I32, ElementKind::I64})
    if (std::strcmp(dtype, elementName(k)) == 0) {
      kind = k;
      return true;
    }
  return false;
}

std::string shapeString(const dlcTensorInfo &info) {
  std::string s = "[";
  for (int d = 0; d < info.rank; ++d)
    s += (d ? ", " : "") + std::to_string(info.shape[d]);
  return s + "]";
}

/// Times each launch and prints the `top` slowest with their share of the
/// summed time.
int printProfile(const char *tool, dlcModel *m, int runs, int top) {
  std::vector<double> ms(dlcNumLaunches(m));
  if (dlcProfile(m, runs, ms.data())) {
    fmt::print(stderr, "{}: {}\n", tool, dlcLastError());
    return ExecFailure;
  }
  double sum = 0;
  std::vector<int> order(ms.size());
  for (size_t i = 0; i < ms.size(); ++i) {
    order[i] = static_cast<int>(i);
    sum += ms[i];
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](int a, int b) { return ms[a] > ms[b]; });
  fmt::print("{}: launches timed one by one (median of {}): {:.3f} ms in all\n",
             tool, runs, sum);
  for (int k = 0; k < top && k < static_cast<int>(order.size()); ++k)
    fmt::print("  {:>10.3f} ms {:>5.1f}%  launch {}  {}\n", ms[order[k]],
               100.0 * ms[order[k]] / sum, order[k],
               dlcLaunchKernel(m, order[k]));
  return ExecOk;
}

/// Whether this machine can hold `bytes` of host memory for `what`; else
/// says why not.
bool affordable(const char *tool, uint64_t bytes, const std::string &what) {
  uint64_t physical = physicalMemoryBytes();
  if (physical == 0 || bytes <= physical)
    return true;
  fmt::print(stderr,
             "{}: {} takes {} of host memory, more than this machine's {} "
             "of physical memory\n",
             tool, what, describeBytes(bytes), describeBytes(physical));
  return false;
}

/// Prepares argument #i on the host: points `tensor` at the given tensor or
/// at `read`, DIR/arg<i>.npy, or leaves it null (the device buffers are
/// zeroed at load). Runs before the driver is opened, so bad inputs are
/// reported on any machine.
int prepareArgument(const char *tool, dlcModel *m, int i,
                    const ExecOptions &options,
                    const std::vector<HostTensor> *arguments, HostTensor &read,
                    const HostTensor *&tensor) {
  dlcTensorInfo info;
  dlcArgumentInfo(m, i, &info);
  ElementKind kind;
  if (!kindOf(info.dtype, kind)) {
    fmt::print(stderr,
               "{}: argument #{} has dtype {}, which .npy files do not carry\n",
               tool, i, info.dtype);
    return ExecMismatch;
  }
  std::vector<int64_t> shape(info.shape, info.shape + info.rank);
  std::string source = "argument #" + std::to_string(i);
  if (arguments) {
    if (i >= static_cast<int>(arguments->size()) ||
        (*arguments)[i].kind != kind || (*arguments)[i].shape != shape ||
        (*arguments)[i].bytes.size() != info.bytes) {
      fmt::print(stderr, "{}: {} given does not have the shape {} {}\n", tool,
                 source, info.dtype, shapeString(info));
      return ExecMismatch;
    }
    tensor = &(*arguments)[i];
    return ExecOk;
  }
  if (options.inputs.empty())
    return ExecOk;
  source = options.inputs + "/arg" + std::to_string(i) + ".npy";
  std::string error = readNpy(source, kind, read);
  if (!error.empty()) {
    fmt::print(stderr, "{}: {}\n", tool, error);
    return ExecMismatch;
  }
  if (read.shape != shape) {
    fmt::print(stderr, "{}: {} does not have the shape {} of argument #{}\n",
               tool, source, shapeString(info), i);
    return ExecMismatch;
  }
  tensor = &read;
  return ExecOk;
}

/// Fetches result #i, writes it to --outputs, prints it when it is a
/// scalar, and compares it with --compare's reference.
int checkResult(const char *tool, dlcModel *m, int i,
                const ExecOptions &options) {
  dlcTensorInfo info;
  dlcResultInfo(m, i, &info);
  ElementKind kind;
  if (!kindOf(info.dtype, kind)) {
    if (!options.outputs.empty() || !options.compare.empty())
      fmt::print("result #{} has dtype {}, which .npy files do not carry: "
                 "not written or compared\n",
                 i, info.dtype);
    return ExecOk;
  }
  if (!affordable(tool, info.bytes, "result #" + std::to_string(i)))
    return ExecMismatch;
  HostTensor got(kind,
                 std::vector<int64_t>(info.shape, info.shape + info.rank));
  if (dlcGetResult(m, i, got.data(), got.bytes.size())) {
    fmt::print(stderr, "{}: {}\n", tool, dlcLastError());
    return ExecFailure;
  }
  if (!options.outputs.empty()) {
    std::string error =
        writeNpy(options.outputs + "/result" + std::to_string(i) + ".npy", got);
    if (!error.empty()) {
      fmt::print(stderr, "{}: {}\n", tool, error);
      return ExecMismatch;
    }
  }
  if (got.numElements() == 1)
    fmt::print("result #{}: {} = {:.9g}\n", i, info.dtype, got.get(0));
  if (options.compare.empty())
    return ExecOk;
  std::string path = options.compare + "/result" + std::to_string(i) + ".npy";
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    fmt::print("result #{} {}: no {}, not compared\n", i, shapeString(info),
               path);
    return ExecOk;
  }
  HostTensor expected;
  std::string error = readNpy(path, kind, expected);
  if (!error.empty() || expected.shape != got.shape) {
    fmt::print(stderr, "{}: {}\n", tool,
               error.empty() ? path + " has another shape" : error);
    return ExecMismatch;
  }
  double rtol = options.rtol, atol = options.atol;
  Mismatch mm = compareTensors(got, expected, rtol, atol);
  double maxAbs = 0;
  for (int64_t k = 0; k < got.numElements(); ++k)
    maxAbs = std::fmax(maxAbs, std::fabs(got.get(k) - expected.get(k)));
  if (mm.worst < 0) {
    fmt::print("result #{} {} matches {} (max |diff| {:.3g})\n", i,
               shapeString(info), path, maxAbs);
    return ExecOk;
  }
  std::string at;
  for (size_t d = 0; d < mm.at.size(); ++d)
    at += (d ? ", " : "") + std::to_string(mm.at[d]);
  fmt::print(stderr,
             "{}: error: result #{} differs from {} in {} of {} elements; "
             "worst at [{}]: got {:.9g}, expected {:.9g}, |diff| {:.3g} > "
             "atol {:g} + rtol {:g} * |expected|\n",
             tool, i, path, mm.count, got.numElements(), at, mm.got,
             mm.expected, std::fabs(mm.got - mm.expected), atol, rtol);
  return ExecMismatch;
}

/// The number of batch directories DIR/0, DIR/1, ... (0 for DIR "").
int countBatches(const std::string &dir) {
  int n = 0;
  struct stat st;
  while (!dir.empty() &&
         stat((dir + "/" + std::to_string(n)).c_str(), &st) == 0 &&
         S_ISDIR(st.st_mode))
    ++n;
  return n;
}

/// Checks, before the driver is opened, that the artifact can run the
/// training loop ExecOptions::steps asks for.
int checkLoop(const char *tool, dlcModel *m, const ExecOptions &options) {
  if (dlcNumUpdates(m) == 0) {
    fmt::print(stderr,
               "{}: --steps needs a step that updates its parameters, but "
               "this artifact updates none (compile a step built with "
               "--dlc-autodiff=optimizer=sgd or optimizer=adamw)\n",
               tool);
    return ExecMismatch;
  }
  dlcTensorInfo info;
  ElementKind kind;
  if (dlcNumResults(m) == 0 || dlcResultInfo(m, 0, &info) ||
      !kindOf(info.dtype, kind) || info.rank != 0) {
    fmt::print(stderr,
               "{}: --steps prints result #0 as the loss, but it is "
               "not a scalar\n",
               tool);
    return ExecMismatch;
  }
  if (!options.batches.empty() && countBatches(options.batches) == 0) {
    fmt::print(stderr,
               "{}: --batches={} holds no batch: expected "
               "directories 0, 1, ... with arg<i>.npy for the input "
               "arguments\n",
               tool, options.batches);
    return ExecMismatch;
  }
  return ExecOk;
}

/// The training loop of ExecOptions::steps: each step once, its step
/// number and data set first (from `hook` and --batches), the loss printed
/// after it, the artifact's updates copied on the device. `stats` takes the
/// steps' median and least times and the most device memory a step took.
int runLoop(const char *tool, dlcModel *m, const ExecOptions &options,
            const ExecLoop *hook, const std::vector<HostTensor> *arguments,
            dlcStats &stats) {
  auto failed = [&] {
    fmt::print(stderr, "{}: {}\n", tool, dlcLastError());
    return ExecFailure;
  };
  dlcTensorInfo info;
  ElementKind kind = ElementKind::F32;
  dlcResultInfo(m, 0, &info);
  kindOf(info.dtype, kind); // checkLoop checked it
  HostTensor loss(kind, {});
  // The step number's argument, in its own type.
  int stepArgument = dlcStepArgument(m);
  HostTensor step;
  if (stepArgument >= 0) {
    dlcArgumentInfo(m, stepArgument, &info);
    kindOf(info.dtype, kind); // the reader allows no other
    step = HostTensor(kind, {});
  }
  // --batches: the input arguments other than the step, read each step.
  int numBatches = countBatches(options.batches);
  std::vector<int> data;
  if (numBatches)
    for (int i = 0, e = dlcNumArguments(m); i < e; ++i)
      if (dlcArgumentInfo(m, i, &info) == 0 && info.role == DLC_INPUT &&
          i != stepArgument)
        data.push_back(i);
  ExecOptions batchOptions = options;
  std::vector<double> times;
  size_t measured = 0;
  for (int k = 1; k <= options.steps; ++k) {
    if (hook && hook->before)
      if (int rc = hook->before(k))
        return rc;
    if (hook)
      for (int i : hook->refresh)
        if (dlcSetArgument(m, i, (*arguments)[i].bytes.data(),
                           (*arguments)[i].bytes.size()))
          return failed();
    // Step k's batch directory is read as --inputs is.
    batchOptions.inputs =
        options.batches + "/" + std::to_string((k - 1) % numBatches);
    for (int i : data) {
      HostTensor batch;
      const HostTensor *tensor = nullptr;
      if (int rc =
              prepareArgument(tool, m, i, batchOptions, nullptr, batch, tensor))
        return rc;
      if (dlcSetArgument(m, i, batch.bytes.data(), batch.bytes.size()))
        return failed();
    }
    if (stepArgument >= 0) {
      step.set(0, static_cast<double>(k));
      if (dlcSetArgument(m, stepArgument, step.bytes.data(), step.bytes.size()))
        return failed();
    }
    if (dlcRun(m, /*warmup=*/0, /*runs=*/1, &stats) ||
        dlcGetResult(m, 0, loss.data(), loss.bytes.size()))
      return failed();
    fmt::print("step {}: loss {:.7g}\n", k, loss.get(0));
    std::fflush(stdout);
    for (int u = 0, e = dlcNumUpdates(m); u < e; ++u) {
      int result, argument;
      if (dlcUpdate(m, u, &result, &argument) ||
          dlcCopyResultToArgument(m, result, argument))
        return failed();
    }
    times.push_back(stats.medianMs);
    measured = std::max(measured, stats.measuredBytes);
  }
  std::sort(times.begin(), times.end());
  stats.runs = options.steps;
  stats.medianMs = times[times.size() / 2];
  stats.minMs = times.front();
  stats.measuredBytes = measured;
  return ExecOk;
}

/// Writes every argument as the device holds it to DIR/arg<i>.npy.
int saveArguments(const char *tool, dlcModel *m, const std::string &dir) {
  mkdir(dir.c_str(), 0755);
  for (int i = 0, e = dlcNumArguments(m); i < e; ++i) {
    dlcTensorInfo info;
    dlcArgumentInfo(m, i, &info);
    ElementKind kind;
    if (!kindOf(info.dtype, kind)) {
      fmt::print("argument #{} has dtype {}, which .npy files do not carry: "
                 "not written\n",
                 i, info.dtype);
      continue;
    }
    if (!affordable(tool, info.bytes, "argument #" + std::to_string(i)))
      return ExecMismatch;
    HostTensor held(kind,
                    std::vector<int64_t>(info.shape, info.shape + info.rank));
    if (dlcGetArgument(m, i, held.data(), held.bytes.size())) {
      fmt::print(stderr, "{}: {}\n", tool, dlcLastError());
      return ExecFailure;
    }
    std::string error =
        writeNpy(dir + "/arg" + std::to_string(i) + ".npy", held);
    if (!error.empty()) {
      fmt::print(stderr, "{}: {}\n", tool, error);
      return ExecMismatch;
    }
  }
  return ExecOk;
}

/// Unloads the model on every way out.
struct Loaded {
  dlcModel *model = nullptr;
  ~Loaded() {
    if (model)
      dlcUnload(model);
  }
};

} // namespace

int dlcrt::execArtifact(const std::string &path, const ExecOptions &options,
                        const std::vector<HostTensor> *arguments,
                        const ExecLoop *loop) {
  const char *tool = options.tool.c_str();
  if (loop && (!arguments || options.steps < 1)) {
    fmt::print(stderr,
               "{}: a training loop's hook needs the arguments and "
               "at least one step\n",
               tool);
    return ExecMismatch;
  }
  // Everything that can be wrong with the artifact or the inputs is found
  // before the driver is opened.
  Loaded loaded;
  if (dlcRead(path.c_str(), &loaded.model)) {
    fmt::print(stderr, "{}: {}\n", tool, dlcLastError());
    return ExecMismatch;
  }
  dlcModel *m = loaded.model;
  const int numArguments = dlcNumArguments(m);
  std::vector<HostTensor> read(numArguments);
  std::vector<const HostTensor *> inputs(numArguments, nullptr);
  if (!options.inputs.empty()) {
    // Before any is read, that the machine can hold them, one by one and
    // together (the artifact bounds their sum well below 2^63).
    uint64_t total = 0;
    for (int i = 0; i < numArguments; ++i) {
      dlcTensorInfo info;
      dlcArgumentInfo(m, i, &info);
      if (!affordable(tool, info.bytes, "argument #" + std::to_string(i)))
        return ExecMismatch;
      total += info.bytes;
    }
    if (!affordable(tool, total,
                    fmt::format("the {} arguments together", numArguments)))
      return ExecMismatch;
  }
  for (int i = 0; i < numArguments; ++i)
    if (int rc =
            prepareArgument(tool, m, i, options, arguments, read[i], inputs[i]))
      return rc;
  if (options.steps > 0)
    if (int rc = checkLoop(tool, m, options))
      return rc;
  if (int rc = dlcOpenWith(m, options.device,
                           options.separateBuffers ? DLC_OPEN_SEPARATE_BUFFERS
                                                   : 0)) {
    fmt::print(stderr, "{}: {}\n", tool, dlcLastError());
    if (rc == 1 || rc == 3)
      return rc;
    return std::strstr(dlcLastError(), "no CUDA driver") ? ExecNoGPU
                                                         : ExecFailure;
  }
  for (int i = 0; i < numArguments; ++i)
    if (inputs[i] && dlcSetArgument(m, i, inputs[i]->bytes.data(),
                                    inputs[i]->bytes.size())) {
      fmt::print(stderr, "{}: {}\n", tool, dlcLastError());
      return ExecFailure;
    }
  read.clear();
  inputs.clear();
  dlcStats stats;
  if (options.steps > 0) {
    if (int rc = runLoop(tool, m, options, loop, arguments, stats))
      return rc;
  } else if (dlcRun(m, options.warmup, options.repeat, &stats)) {
    fmt::print(stderr, "{}: {}\n", tool, dlcLastError());
    return ExecFailure;
  }
  fmt::print("{}: {} on {}: {} launches per step; step {:.3f} ms (median of "
             "{} {}, min {:.3f})\n",
             tool, path, dlcDeviceName(m), stats.launchesPerStep,
             stats.medianMs, stats.runs, options.steps ? "steps" : "runs",
             stats.minMs);
  auto percent = [](size_t measured, size_t expected) {
    return 100.0 * (double(measured) - double(expected)) / double(expected);
  };
  size_t expected = stats.allocatedBytes + stats.moduleBytes;
  fmt::print("{}: planned device memory {} bytes (arena {}); measured {} "
             "bytes ({:+.2f}%)\n",
             tool, stats.plannedBytes, stats.arenaBytes, stats.measuredBytes,
             percent(stats.measuredBytes, stats.plannedBytes));
  fmt::print("{}: workspace: alignment and allocation granularity {} bytes, "
             "kernels {} bytes; planned + workspace {} bytes, measured "
             "{:+.2f}%\n",
             tool, stats.allocatedBytes - stats.plannedBytes, stats.moduleBytes,
             expected, percent(stats.measuredBytes, expected));
  if (options.profile > 0)
    if (int rc = printProfile(tool, m, options.repeat, options.profile))
      return rc;
  if (!options.saveArguments.empty())
    if (int rc = saveArguments(tool, m, options.saveArguments))
      return rc;
  if (!options.outputs.empty())
    mkdir(options.outputs.c_str(), 0755);
  int status = ExecOk;
  for (int i = 0, e = dlcNumResults(m); i < e; ++i) {
    int rc = checkResult(tool, m, i, options);
    if (rc == ExecFailure)
      return rc;
    status = std::max(status, rc);
  }
  return status;
}
