//===- dlc-exec.cpp - Run a .dlcx artifact on the GPU ---------------------===//
//
// dlc-exec model.dlcx [--inputs DIR] [--outputs DIR] [--compare DIR]
//                     [--rtol R] [--atol A] [--warmup N] [--repeat N]
//                     [--device N] [--profile N] [--separate-buffers]
//                     [--steps N [--batches DIR]] [--save DIR]
//
// The GPU counterpart of dlc-run, built on the runtime alone (no LLVM): the
// arguments come from DIR/arg<i>.npy (as dlc-run --write-inputs writes them)
// or are zero, results go to DIR/result<i>.npy, and --compare checks them
// against another run's results (dlc-run --outputs on the CPU) with the same
// rule as dlc-run. Prints the step time (CUDA events, median) and the
// planned and measured device memory. Exit status: 0 success, 1 a mismatch
// or bad usage, 2 a runtime failure (the message names the CUDA error), 3
// no usable GPU. --separate-buffers gives each buffer an allocation of its
// own and leaves results and the arena unwritten before the step, so that
// compute-sanitizer's memcheck and initcheck see each buffer (checking only:
// the planned layout is not the one run). --steps N trains: the step (one
// built with an optimizer) runs N times, its updated parameters and
// optimizer state copied over its arguments on the device after each, the
// step number in its step argument, the loss printed per step; --batches
// DIR takes step k's input arguments from DIR/<(k-1) mod B>/arg<i>.npy.
// --save DIR writes the arguments after the run (the trained parameters).
//
//===----------------------------------------------------------------------===//

#include "dlcrt/Exec.h"

#include <fmt/format.h>

#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

/// More timed steps than anyone waits for is a typo, not a request.
constexpr long kMaxSteps = 1000000;

int usage(const std::string &message) {
  fmt::print(stderr,
             "dlc-exec: {}\nusage: dlc-exec model.dlcx [--inputs DIR] "
             "[--outputs DIR] [--compare DIR] [--rtol R] [--atol A] "
             "[--warmup N] [--repeat N] [--device N] [--profile N] "
             "[--separate-buffers] [--steps N [--batches DIR]] [--save DIR]\n",
             message);
  return 1;
}

/// Parses all of `text` as an integer in [min, max].
bool parseInt(const char *text, long min, long max, int &value) {
  char *end = nullptr;
  errno = 0;
  long parsed = std::strtol(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || parsed < min || parsed > max)
    return false;
  value = static_cast<int>(parsed);
  return true;
}

/// Parses all of `text` as a finite number of at least 0.
bool parseTolerance(const char *text, double &value) {
  char *end = nullptr;
  errno = 0;
  double parsed = std::strtod(text, &end);
  if (errno != 0 || end == text || *end != '\0' || !std::isfinite(parsed) ||
      parsed < 0)
    return false;
  value = parsed;
  return true;
}

} // namespace

int main(int argc, char **argv) {
  std::string model;
  dlcrt::ExecOptions options;
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
      options.inputs = v;
    else if (const char *v = value("--outputs"))
      options.outputs = v;
    else if (const char *v = value("--compare"))
      options.compare = v;
    else if (const char *v = value("--rtol")) {
      if (!parseTolerance(v, options.rtol))
        return usage(fmt::format("--rtol must be a number of at least 0, not "
                                 "'{}'",
                                 v));
    } else if (const char *v = value("--atol")) {
      if (!parseTolerance(v, options.atol))
        return usage(fmt::format("--atol must be a number of at least 0, not "
                                 "'{}'",
                                 v));
    } else if (const char *v = value("--warmup")) {
      if (!parseInt(v, 0, kMaxSteps, options.warmup))
        return usage(fmt::format("--warmup must be a whole number from 0 to "
                                 "{}, not '{}'",
                                 kMaxSteps, v));
    } else if (const char *v = value("--repeat")) {
      if (!parseInt(v, 1, kMaxSteps, options.repeat))
        return usage(fmt::format("--repeat must be a whole number from 1 to "
                                 "{}, not '{}'",
                                 kMaxSteps, v));
    } else if (const char *v = value("--device")) {
      if (!parseInt(v, 0, INT_MAX, options.device))
        return usage(fmt::format("--device must be a GPU number, not '{}'", v));
    } else if (const char *v = value("--profile")) {
      if (!parseInt(v, 0, INT_MAX, options.profile))
        return usage(fmt::format("--profile must be a whole number of at "
                                 "least 0, not '{}'",
                                 v));
    } else if (const char *v = value("--steps")) {
      if (!parseInt(v, 1, kMaxSteps, options.steps))
        return usage(fmt::format("--steps must be a whole number from 1 to "
                                 "{}, not '{}'",
                                 kMaxSteps, v));
    } else if (const char *v = value("--batches")) {
      options.batches = v;
    } else if (const char *v = value("--save")) {
      options.saveArguments = v;
    } else if (arg == "--separate-buffers")
      options.separateBuffers = true;
    else if (arg == "--help" || arg == "-h")
      return usage("run a dlc artifact on a CUDA GPU"), 0;
    else if (!arg.empty() && arg[0] != '-' && model.empty())
      model = arg;
    else
      return usage(fmt::format("unknown argument '{}'", arg));
  }
  if (model.empty())
    return usage("no artifact given");
  if (!options.batches.empty() && !options.steps)
    return usage("--batches needs --steps");
  return dlcrt::execArtifact(model, options);
}
