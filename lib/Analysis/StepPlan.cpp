//===- StepPlan.cpp - The device bytes of a compiled step -----------------===//

#include "dlc/Analysis/StepPlan.h"

#include "llvm/Support/MathExtras.h"

#include <atomic>
#include <limits>

using namespace mlir;
using namespace mlir::dlc;

int64_t StepPlan::total() const {
  int64_t sum = 0;
  for (int64_t part : {parameters, optimizerState, inputs, outputs, arena,
                       constants, unplanned})
    if (llvm::AddOverflow(sum, part, sum))
      return std::numeric_limits<int64_t>::max();
  return sum;
}

StepPlanner::~StepPlanner() = default;

static std::atomic<const StepPlanner *> installed{nullptr};

void dlc::setStepPlanner(const StepPlanner *planner) { installed = planner; }

const StepPlanner *dlc::getStepPlanner() { return installed; }
