//===- StepPlan.h - The device bytes of a compiled step ---------*- C++ -*-===//
//
// What a step needs on the device once compiled: its parameters, inputs and
// optimizer state (each a buffer of its own, for the whole step), its
// outputs (out-parameters for the whole step, or, as the GPU pipeline plans
// them by default, buffers in the arena from their production on), its
// constant tensors, and the arena that --dlc-plan-memory lays its
// intermediates out in. This is
// the number `dlc-compile` writes into an artifact and `dlc-exec` allocates,
// and the one `--dlc-memory-report` prints as the step's planned bytes.
//
// The graph-level passes (in Transforms) cannot build the pipelines (in
// CodeGen/Pipelines, which depend on them), so the planner is a hook: the
// pipelines library installs one (registerDlcPassesAndPipelines), which
// runs the GPU pipeline's stages up to and including the arena plan on a
// copy of the function. Without one (a tool that registers no pipelines),
// getStepPlanner() is null and the passes say so.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_ANALYSIS_STEPPLAN_H
#define DLC_ANALYSIS_STEPPLAN_H

#include "mlir/Support/LLVM.h"

#include <cstdint>
#include <string>

namespace mlir {
class DialectRegistry;
namespace func {
class FuncOp;
} // namespace func
namespace dlc {

/// The bytes of a compiled step, by kind.
struct StepPlan {
  int64_t parameters = 0;     ///< arguments marked dlc.param or dlc.frozen
  int64_t optimizerState = 0; ///< arguments marked dlc.optimizer_state
  int64_t inputs = 0;         ///< the other arguments
  /// The results (loss, gradients, new state) written to out-parameters.
  int64_t outputs = 0;
  int64_t arena = 0; ///< the planned arena of the intermediates
  /// The results returned from the arena instead (the GPU pipeline's
  /// outputs-in-arena); counted in `arena`, so not part of total().
  int64_t returned = 0;
  int64_t constants = 0; ///< constant tensors (memref.global)
  /// Allocations left out of the arena (a buffer whose live range the
  /// planner cannot bound); none in the examples.
  int64_t unplanned = 0;
  /// What made the plan ("the dlc-gpu-pipeline's stages to --dlc-plan-memory
  /// (split-reductions=131072)").
  std::string description;

  /// All of it, saturated at INT64_MAX.
  int64_t total() const;
};

/// Plans a step: its bytes once compiled, or failure with an error
/// diagnostic (on `func`) saying why there is no plan.
class StepPlanner {
public:
  virtual ~StepPlanner();
  virtual FailureOr<StepPlan> plan(func::FuncOp func) const = 0;
  /// The dialects that planning loads, for the calling pass to declare.
  virtual void getDependentDialects(DialectRegistry &registry) const = 0;
};

/// Installs the planner the graph passes use (not owned; it must outlive
/// them). The pipelines library installs its own.
void setStepPlanner(const StepPlanner *planner);
/// The installed planner, or null.
const StepPlanner *getStepPlanner();

} // namespace dlc
} // namespace mlir

#endif // DLC_ANALYSIS_STEPPLAN_H
