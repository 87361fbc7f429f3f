//===- Exec.h - Run an artifact and check its results -----------*- C++ -*-===//
//
// What dlc-exec and `dlc-run --device=cuda` do once they have an artifact:
// read and check it and the argument .npy files (before the driver is
// opened, so that bad input fails alike with or without a GPU), load it,
// bind the arguments (given tensors, .npy files, or zeros), run the
// step with warm-up and timed repeats, print the step time and the planned
// and measured device memory, optionally time each launch, write the results
// as .npy and compare them with reference .npy files by the rule dlc-run uses
// on the CPU. Plain C++ on the runtime, no LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef DLCRT_EXEC_H
#define DLCRT_EXEC_H

#include "dlcrt/Npy.h"

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace dlcrt {

struct ExecOptions {
  std::string tool = "dlc-exec"; ///< prefix of every message
  std::string inputs;  ///< DIR of arg<i>.npy; empty: `arguments` or zeros
  std::string outputs; ///< DIR to write result<i>.npy to
  std::string compare; ///< DIR of reference result<i>.npy
  /// DIR to write the arguments to after the run (after a loop's last
  /// feedback: the trained parameters and state), as arg<i>.npy.
  std::string saveArguments;
  /// Train: run the step this many times, once each (no warm-up or
  /// repeats), the step number in the artifact's step argument, each
  /// update's result copied over its argument after each step, the loss
  /// (result #0) printed; 0: warm-up and timed repeats on fixed arguments.
  int steps = 0;
  /// With `steps`: DIR/<(k-1) mod B>/arg<i>.npy are step k's input
  /// arguments (B such directories); "": they stay as given.
  std::string batches;
  double rtol = 1e-5, atol = 1e-6;
  int warmup = 3, repeat = 10, device = 0;
  int profile = 0; ///< print the N slowest launches, timed one by one
  /// Each buffer in an allocation of its own, results and arena unwritten
  /// before the step (DLC_OPEN_SEPARATE_BUFFERS): for compute-sanitizer.
  bool separateBuffers = false;
};

/// A caller's hook into the training loop (ExecOptions::steps): before step
/// k (1-based) `before(k)` updates the host arguments given to
/// execArtifact, and the arguments listed in `refresh` are copied from them
/// to the device (dlc-run draws fresh data this way).
struct ExecLoop {
  std::function<int(int)> before;
  std::vector<int> refresh;
};

/// Exit statuses, shared by both tools.
enum ExecStatus {
  ExecOk = 0,
  ExecMismatch = 1, ///< results differ, or bad usage or files
  ExecFailure = 2,  ///< the runtime or the driver failed
  ExecNoGPU = 3,    ///< no CUDA driver or no GPU
};

/// Runs the artifact at `path`. `arguments`, when not null, gives every
/// argument in order (and `options.inputs` must be empty). `loop`, when not
/// null, is called around each step of a training loop (and needs
/// `arguments`).
int execArtifact(const std::string &path, const ExecOptions &options,
                 const std::vector<HostTensor> *arguments = nullptr,
                 const ExecLoop *loop = nullptr);

} // namespace dlcrt

#endif // DLCRT_EXEC_H
