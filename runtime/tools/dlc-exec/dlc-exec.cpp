//===- dlc-exec.cpp - Run a .dlcx artifact on the GPU ---------------------===//
//
// dlc-exec model.dlcx [--inputs DIR] [--outputs DIR] [--compare DIR]
//                     [--rtol R] [--atol A] [--warmup N] [--repeat N]
//                     [--device N] [--profile N]
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

#include "dlcrt/Exec.h"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

int usage(const std::string &message) {
  fmt::print(stderr,
             "dlc-exec: {}\nusage: dlc-exec model.dlcx [--inputs DIR] "
             "[--outputs DIR] [--compare DIR] [--rtol R] [--atol A] "
             "[--warmup N] [--repeat N] [--device N] [--profile N]\n",
             message);
  return 1;
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
    else if (const char *v = value("--rtol"))
      options.rtol = std::atof(v);
    else if (const char *v = value("--atol"))
      options.atol = std::atof(v);
    else if (const char *v = value("--warmup"))
      options.warmup = std::atoi(v);
    else if (const char *v = value("--repeat"))
      options.repeat = std::atoi(v);
    else if (const char *v = value("--device"))
      options.device = std::atoi(v);
    else if (const char *v = value("--profile"))
      options.profile = std::atoi(v);
    else if (arg == "--help" || arg == "-h")
      return usage("run a dlc artifact on a CUDA GPU"), 0;
    else if (!arg.empty() && arg[0] != '-' && model.empty())
      model = arg;
    else
      return usage(fmt::format("unknown argument '{}'", arg));
  }
  if (model.empty())
    return usage("no artifact given");
  if (options.repeat < 1 || options.warmup < 0)
    return usage("--repeat must be at least 1 and --warmup at least 0");
  return dlcrt::execArtifact(model, options);
}
