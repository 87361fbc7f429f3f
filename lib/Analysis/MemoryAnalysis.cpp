//===- MemoryAnalysis.cpp - Liveness and peak memory of a step ------------===//
//
// See MemoryAnalysis.h. One pass over the block gives each value its live
// range; a second sweep adds up the live bytes per position and category,
// saturating rather than wrapping, and reports the first overflow.
//
//===----------------------------------------------------------------------===//

#include "dlc/Analysis/MemoryAnalysis.h"

#include "dlc/Dialect/Dlc/IR/DlcDialect.h"
#include "dlc/Dialect/Dlc/IR/DlcMemoryPlan.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/CheckedArithmetic.h"

#include <limits>

using namespace mlir;
using namespace mlir::dlc;

StringRef mlir::dlc::stringifyMemoryCategory(MemoryCategory category) {
  switch (category) {
  case MemoryCategory::Parameter:
    return "parameters";
  case MemoryCategory::FrozenParameter:
    return "frozen parameters";
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

std::optional<int64_t> MemoryAnalysis::checkedBytesOf(Type type) {
  auto shaped = dyn_cast<ShapedType>(type);
  return shaped ? shapedBytes(shaped) : 0;
}

int64_t MemoryAnalysis::bytesOf(Type type) {
  return checkedBytesOf(type).value_or(std::numeric_limits<int64_t>::max());
}

/// a + b for non-negative counts, saturated at INT64_MAX; `overflow` is set
/// when it saturates.
static int64_t addBytes(int64_t a, int64_t b, bool &overflow) {
  std::optional<int64_t> sum = llvm::checkedAdd<int64_t>(a, b);
  overflow |= !sum;
  return sum.value_or(std::numeric_limits<int64_t>::max());
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
    std::optional<int64_t> checked = checkedBytesOf(v.getType());
    if (!checked && !overflow) {
      overflow = true;
      std::string what =
          isa<BlockArgument>(v)
              ? "argument #" +
                    std::to_string(cast<BlockArgument>(v).getArgNumber())
              : "result #" +
                    std::to_string(cast<OpResult>(v).getResultNumber());
      emitError(v.getLoc())
          << "memory analysis: " << what << " of type " << v.getType()
          << " needs more than " << std::numeric_limits<int64_t>::max()
          << " bytes (2^63 - 1), the most a byte count holds; the memory "
             "figures saturate there";
    }
    int64_t bytes = checked.value_or(std::numeric_limits<int64_t>::max());
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
  for (BlockArgument arg : block.getArguments()) {
    unsigned i = arg.getArgNumber();
    addValue(arg, 0,
             func.getArgAttr(i, DlcDialect::getParamAttrName())
                 ? MemoryCategory::Parameter
             : func.getArgAttr(i, DlcDialect::getFrozenAttrName())
                 ? MemoryCategory::FrozenParameter
             : func.getArgAttr(i, DlcDialect::getOptimizerStateAttrName())
                 ? MemoryCategory::OptimizerState
                 : MemoryCategory::Input);
  }
  for (auto [i, op] : llvm::enumerate(ops))
    for (Value r : op->getResults())
      addValue(r, i, MemoryCategory::Transient);

  perPosition.assign(ops.size(), {});
  SmallVector<bool> saturated(ops.size(), false);
  for (const LiveValue &live : liveValues)
    for (unsigned p = live.first; p <= live.last; ++p) {
      int64_t &bytes = perPosition[p][static_cast<unsigned>(live.category)];
      bool wrapped = false;
      bytes = addBytes(bytes, live.bytes, wrapped);
      saturated[p] = saturated[p] || wrapped;
    }
  for (unsigned p = 0; p < ops.size(); ++p) {
    int64_t total = 0;
    bool wrapped = saturated[p];
    for (int64_t bytes : perPosition[p])
      total = addBytes(total, bytes, wrapped);
    if (wrapped && !overflow) {
      overflow = true;
      ops[p]->emitError()
          << "memory analysis: the tensors live at this op (#" << p
          << " of the schedule) need more than "
          << std::numeric_limits<int64_t>::max()
          << " bytes (2^63 - 1), the most a byte count holds; the memory "
             "figures saturate there";
    }
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
  bool saturated = false;
  for (int64_t bytes : perPosition[position])
    total = addBytes(total, bytes, saturated);
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
