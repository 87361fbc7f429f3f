//===- dlc-exec.cpp - Run a .dlcx artifact on the GPU ---------------------===//
//
// dlc-exec model.dlcx [--inputs DIR] [--outputs DIR] [--compare DIR]
//                     [--rtol R] [--atol A] [--warmup N] [--repeat N]
//                     [--device N]
//
// The GPU counterpart of dlc-run, built on the runtime alone (no LLVM): the
// arguments come from DIR/arg<i>.npy (as dlc-run --write-inputs writes them)
// or are zero, results go to DIR/result<i>.npy, and --compare checks them
// against another run's results (dlc-run --outputs on the CPU) with the same
// rule as dlc-run. Prints the step time (CUDA events, median) and the
// planned and measured device memory. Exit status: 0 success, 1 a mismatch
// or bad usage, 2 a runtime failure (the message names the CUDA error), 3
// no usable GPU.
//
//===----------------------------------------------------------------------===//

#include "Npy.h"
#include "dlc_runtime.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
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
int printProfile(dlcModel *m, int runs, int top) {
  std::vector<double> ms(dlcNumLaunches(m));
  if (dlcProfile(m, runs, ms.data())) {
    std::fprintf(stderr, "dlc-exec: %s\n", dlcLastError());
    return 2;
  }
  double sum = 0;
  std::vector<int> order(ms.size());
  for (size_t i = 0; i < ms.size(); ++i) {
    order[i] = static_cast<int>(i);
    sum += ms[i];
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](int a, int b) { return ms[a] > ms[b]; });
  std::printf("dlc-exec: launches timed one by one (median of %d): %.3f ms "
              "in all\n",
              runs, sum);
  for (int k = 0; k < top && k < static_cast<int>(order.size()); ++k)
    std::printf("  %10.3f ms %5.1f%%  launch %d  %s\n", ms[order[k]],
                100.0 * ms[order[k]] / sum, order[k],
                dlcLaunchKernel(m, order[k]));
  return 0;
}

int usage(const char *message) {
  std::fprintf(stderr,
               "dlc-exec: %s\nusage: dlc-exec model.dlcx [--inputs DIR] "
               "[--outputs DIR] [--compare DIR] [--rtol R] [--atol A] "
               "[--warmup N] [--repeat N] [--device N] [--profile N]\n",
               message);
  return 1;
}

} // namespace

int main(int argc, char **argv) {
  std::string model, inputs, outputs, compare;
  double rtol = 1e-5, atol = 1e-6;
  int warmup = 3, repeat = 10, device = 0, profile = 0;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](const char *name) -> const char * {
      std::string prefix = std::string(name) + "=";
      if (arg.rfind(prefix, 0) == 0)
        return argv[i] + prefix.size();
      if (arg == name && i + 1 < argc)
        return argv[++i];
      return nullptr;
    };
    if (const char *v = value("--inputs"))
      inputs = v;
    else if (const char *v = value("--outputs"))
      outputs = v;
    else if (const char *v = value("--compare"))
      compare = v;
    else if (const char *v = value("--rtol"))
      rtol = std::atof(v);
    else if (const char *v = value("--atol"))
      atol = std::atof(v);
    else if (const char *v = value("--warmup"))
      warmup = std::atoi(v);
    else if (const char *v = value("--repeat"))
      repeat = std::atoi(v);
    else if (const char *v = value("--device"))
      device = std::atoi(v);
    else if (const char *v = value("--profile"))
      profile = std::atoi(v);
    else if (arg == "--help" || arg == "-h")
      return usage("run a dlc artifact on a CUDA GPU"), 0;
    else if (!arg.empty() && arg[0] != '-' && model.empty())
      model = arg;
    else
      return usage(("unknown argument '" + arg + "'").c_str());
  }
  if (model.empty())
    return usage("no artifact given");
  if (repeat < 1 || warmup < 0)
    return usage("--repeat must be at least 1 and --warmup at least 0");

  dlcModel *m = nullptr;
  if (int rc = dlcLoad(model.c_str(), device, &m)) {
    std::fprintf(stderr, "dlc-exec: %s\n", dlcLastError());
    return rc == 1   ? 1
           : rc == 3 ? 3
                     : (std::strstr(dlcLastError(), "no CUDA driver") ? 3 : 2);
  }
  for (int i = 0, e = dlcNumArguments(m); i < e; ++i) {
    dlcTensorInfo info;
    dlcArgumentInfo(m, i, &info);
    ElementKind kind;
    if (!kindOf(info.dtype, kind)) {
      std::fprintf(stderr,
                   "dlc-exec: argument #%d has dtype %s, which .npy "
                   "files do not carry\n",
                   i, info.dtype);
      return 1;
    }
    HostTensor tensor(kind,
                      std::vector<int64_t>(info.shape, info.shape + info.rank));
    if (!inputs.empty()) {
      std::string path = inputs + "/arg" + std::to_string(i) + ".npy";
      std::string error = readNpy(path, kind, tensor);
      if (!error.empty()) {
        std::fprintf(stderr, "dlc-exec: %s\n", error.c_str());
        return 1;
      }
      if (tensor.bytes.size() != info.bytes) {
        std::fprintf(stderr,
                     "dlc-exec: %s does not have the shape %s of "
                     "argument #%d\n",
                     path.c_str(), shapeString(info).c_str(), i);
        return 1;
      }
    }
    if (dlcSetArgument(m, i, tensor.data(), tensor.bytes.size())) {
      std::fprintf(stderr, "dlc-exec: %s\n", dlcLastError());
      return 2;
    }
  }
  dlcStats stats;
  if (dlcRun(m, warmup, repeat, &stats)) {
    std::fprintf(stderr, "dlc-exec: %s\n", dlcLastError());
    return 2;
  }
  std::printf("dlc-exec: %s on %s: %d launches per step; step %.3f ms "
              "(median of %d, min %.3f)\n",
              model.c_str(), dlcDeviceName(m), stats.launchesPerStep,
              stats.medianMs, stats.runs, stats.minMs);
  std::printf("dlc-exec: planned device memory %zu bytes (arena %zu); "
              "measured %zu bytes (%+.2f%%)\n",
              stats.plannedBytes, stats.arenaBytes, stats.measuredBytes,
              100.0 *
                  (double(stats.measuredBytes) - double(stats.plannedBytes)) /
                  double(stats.plannedBytes));
  if (profile > 0 && printProfile(m, repeat, profile))
    return 2;
  if (!outputs.empty())
    mkdir(outputs.c_str(), 0755);
  int status = 0;
  for (int i = 0, e = dlcNumResults(m); i < e; ++i) {
    dlcTensorInfo info;
    dlcResultInfo(m, i, &info);
    ElementKind kind;
    if (!kindOf(info.dtype, kind))
      continue;
    HostTensor got(kind,
                   std::vector<int64_t>(info.shape, info.shape + info.rank));
    if (dlcGetResult(m, i, got.data(), got.bytes.size())) {
      std::fprintf(stderr, "dlc-exec: %s\n", dlcLastError());
      return 2;
    }
    if (!outputs.empty()) {
      std::string error =
          writeNpy(outputs + "/result" + std::to_string(i) + ".npy", got);
      if (!error.empty()) {
        std::fprintf(stderr, "dlc-exec: %s\n", error.c_str());
        return 1;
      }
    }
    if (got.numElements() == 1)
      std::printf("result #%d: %s = %.9g\n", i, info.dtype, got.get(0));
    if (compare.empty())
      continue;
    std::string path = compare + "/result" + std::to_string(i) + ".npy";
    struct stat st;
    if (stat(path.c_str(), &st) != 0) {
      std::printf("result #%d %s: no %s, not compared\n", i,
                  shapeString(info).c_str(), path.c_str());
      continue;
    }
    HostTensor expected;
    std::string error = readNpy(path, kind, expected);
    if (!error.empty() || expected.shape != got.shape) {
      std::fprintf(stderr, "dlc-exec: %s\n",
                   error.empty() ? (path + " has another shape").c_str()
                                 : error.c_str());
      return 1;
    }
    Mismatch mm = compareTensors(got, expected, rtol, atol);
    double maxAbs = 0;
    for (int64_t k = 0; k < got.numElements(); ++k)
      maxAbs = std::fmax(maxAbs, std::fabs(got.get(k) - expected.get(k)));
    if (mm.worst < 0) {
      std::printf("result #%d %s matches %s (max |diff| %.3g)\n", i,
                  shapeString(info).c_str(), path.c_str(), maxAbs);
      continue;
    }
    std::string at;
    for (size_t d = 0; d < mm.at.size(); ++d)
      at += (d ? ", " : "") + std::to_string(mm.at[d]);
    std::fprintf(stderr,
                 "dlc-exec: error: result #%d differs from %s in %lld "
                 "of %lld elements; worst at [%s]: got %.9g, expected %.9g, "
                 "|diff| %.3g > atol %g + rtol %g * |expected|\n",
                 i, path.c_str(), static_cast<long long>(mm.count),
                 static_cast<long long>(got.numElements()), at.c_str(), mm.got,
                 mm.expected, std::fabs(mm.got - mm.expected), atol, rtol);
    status = 1;
  }
  dlcUnload(m);
  return status;
}
