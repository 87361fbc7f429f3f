//===- MemoryAnalysis.cpp - Liveness and peak memory of a step ------------===//
//
// See MemoryAnalysis.h. One pass over the block gives each value its live
// range; a second sweep adds up the live bytes per position and category.
//
//===----------------------------------------------------------------------===//

#include "dlc/Analysis/MemoryAnalysis.h"

#include "dlc/Dialect/Dlc/IR/DlcDialect.h"
#include "dlc/Dialect/Dlc/IR/DlcMemoryPlan.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/DenseSet.h"

using namespace mlir;
using namespace mlir::dlc;

StringRef mlir::dlc::stringifyMemoryCategory(MemoryCategory category) {
  switch (category) {
  case MemoryCategory::Parameter:
    return "parameters";
  case MemoryCategory::Input:
    return "inputs";
  case MemoryCategory::OptimizerState:
    return "optimizer state";
  case MemoryCategory::Gradient:
    return "gradients";
  case MemoryCategory::SavedActivation:
    return "saved activations";
  case MemoryCategory::Transient:
    return "transient";
  }
  return "";
}

int64_t MemoryAnalysis::bytesOf(Type type) {
  auto shaped = dyn_cast<ShapedType>(type);
  return shaped ? shapedBytes(shaped) : 0;
}

MemoryAnalysis::MemoryAnalysis(func::FuncOp func) {
  Block &block = func.getBody().front();
  for (Operation &op : block)
    ops.push_back(&op);
  DenseMap<Operation *, unsigned> position;
  for (auto [i, op] : llvm::enumerate(ops))
    position[op] = i;
  Operation *terminator = block.getTerminator();
  unsigned end = position[terminator];

  // Forward = the ops the loss (the first returned value) depends on.
  if (terminator->getNumOperands() > 0) {
    SmallVector<Value> worklist = {terminator->getOperand(0)};
    while (!worklist.empty()) {
      Operation *def = worklist.pop_back_val().getDefiningOp();
      if (!def || !forward.insert(def).second)
        continue;
      llvm::append_range(worklist, def->getOperands());
    }
  }
  DenseSet<Value> returned, returnedState;
  for (auto [i, v] : llvm::enumerate(terminator->getOperands())) {
    if (i == 0)
      continue;
    if (func.getResultAttr(i, DlcDialect::getOptimizerStateAttrName()))
      returnedState.insert(v);
    else
      returned.insert(v);
  }

  auto addValue = [&](Value v, unsigned first, MemoryCategory category) {
    // A buffer planned into an arena takes no memory of its own: the arena
    // (one value) holds it.
    if (Operation *def = v.getDefiningOp())
      if (def->hasAttr(DlcDialect::getBufferAttrName()))
        return;
    int64_t bytes = bytesOf(v.getType());
    if (!bytes)
      return;
    LiveValue live{v, bytes, first, first, category};
    bool savedForBackward = false;
    for (Operation *user : v.getUsers()) {
      Operation *top = block.findAncestorOpInBlock(*user);
      unsigned at = position.lookup(top);
      live.last = std::max(live.last, at);
      savedForBackward |= top != terminator && !forward.contains(top);
    }
    if (category == MemoryCategory::Transient) {
      if (returnedState.contains(v))
        live.category = MemoryCategory::OptimizerState;
      else if (returned.contains(v))
        live.category = MemoryCategory::Gradient;
      else if (v.getDefiningOp() && forward.contains(v.getDefiningOp()) &&
               savedForBackward)
        live.category = MemoryCategory::SavedActivation;
    }
    // Arguments and results belong to the caller for the whole step.
    if (isa<BlockArgument>(v) || returned.contains(v) ||
        returnedState.contains(v) ||
        llvm::is_contained(terminator->getOperands(), v))
      live.last = end;
    liveValues.push_back(live);
  };
  for (BlockArgument arg : block.getArguments())
    addValue(arg, 0,
             func.getArgAttr(arg.getArgNumber(), DlcDialect::getParamAttrName())
                 ? MemoryCategory::Parameter
                 : MemoryCategory::Input);
  for (auto [i, op] : llvm::enumerate(ops))
    for (Value r : op->getResults())
      addValue(r, i, MemoryCategory::Transient);

  perPosition.assign(ops.size(), {});
  for (const LiveValue &live : liveValues)
    for (unsigned p = live.first; p <= live.last; ++p)
      perPosition[p][static_cast<unsigned>(live.category)] += live.bytes;
  for (unsigned p = 0; p < ops.size(); ++p) {
    int64_t total = liveBytesAt(p);
    if (total > peak) {
      peak = total;
      peakAt = p;
    }
    activations = std::max(
        activations,
        perPosition[p][static_cast<unsigned>(MemoryCategory::SavedActivation)]);
  }
}

int64_t MemoryAnalysis::liveBytesAt(unsigned position) const {
  int64_t total = 0;
  for (int64_t bytes : perPosition[position])
    total += bytes;
  return total;
}

SmallVector<const LiveValue *> MemoryAnalysis::liveAtPeak() const {
  SmallVector<const LiveValue *> live;
  for (const LiveValue &v : liveValues)
    if (v.first <= peakAt && peakAt <= v.last)
      live.push_back(&v);
  llvm::stable_sort(live, [](const LiveValue *a, const LiveValue *b) {
    return a->bytes > b->bytes;
  });
  return live;
}
