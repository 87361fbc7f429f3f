//===- Runner.h - Run a dlc graph on the CPU or a CUDA GPU ------*- C++ -*-===//
//
// What dlc-run does, as a library: pick the entry function of a graph, read
// or generate its arguments, lower it with the CPU pipeline and JIT it (or
// compile it with the GPU pipeline into an artifact and run that with the dlc
// runtime), time the step, summarize, write and compare the results. The tool
// only parses its command line into RunOptions.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_RUNNER_RUNNER_H
#define DLC_RUNNER_RUNNER_H

#include "mlir/Support/LLVM.h"

#include <cstdint>
#include <string>

namespace mlir {
class ModuleOp;
namespace dlc {
struct GPUPipelineOptions;

/// How to run a graph; dlc-run's options.
struct RunOptions {
  std::string tool = "dlc-run"; ///< prefix of every message
  std::string inputName;        ///< the graph's file, for messages
  std::string entry;            ///< function to run; "": the only public one
  uint64_t seed = 0;            ///< of the generated arguments
  unsigned jitOptLevel = 2;     ///< LLVM -O level of the CPU path's JIT
  std::string inputs;      ///< DIR of arg<i>.npy to read instead of generating
  std::string writeInputs; ///< DIR to write the arguments used to
  std::string outputs;     ///< DIR to write result<i>.npy to
  std::string compare;     ///< DIR of reference result<i>.npy
  double rtol = 1e-5, atol = 1e-6;
  bool onGPU = false;  ///< compile for and run on a CUDA GPU
  unsigned warmup = 1; ///< untimed steps first (GPU)
  unsigned repeat = 1; ///< timed steps; the median is reported
  /// Training: run the step this many times, feeding each result marked
  /// `dlc.updates` back into its argument and the step number into the
  /// `dlc.step` argument; 0: one plain run (`repeat` times on the same
  /// arguments).
  unsigned steps = 0;
  /// DIR of batches for the data arguments under `steps`: DIR/<j>/arg<i>.npy,
  /// j = 0, 1, ..., cycled; "": drawn afresh each step (seed + step - 1).
  std::string batches;
  /// DIR to write the arguments after the last step's updates to, as
  /// arg<i>.npy (the trained parameters and state; `inputs` reads them).
  std::string saveArguments;
  /// The GPU pipeline's options (onGPU); its defaults when null.
  const GPUPipelineOptions *gpu = nullptr;
};

/// Runs the entry function of `module` as RunOptions say and prints what
/// dlc-run prints. Returns the exit status: 0 when it ran (and the results
/// match the references, if given), 1 on a usage, file or comparison error
/// (after a message), or the dlc runtime's status on the GPU (2: the runtime
/// or driver failed, 3: no GPU).
int runModule(ModuleOp module, const RunOptions &options);

/// Runs a compiled artifact (.dlcx) on the GPU with the arguments of
/// `options.inputs` (or zeros); the same statuses as runModule.
int runArtifact(StringRef path, const RunOptions &options);

} // namespace dlc
} // namespace mlir

#endif // DLC_RUNNER_RUNNER_H
