//===- MemoryAnalysis.h - Liveness and peak memory of a step ----*- C++ -*-===//
//
// The memory analysis of a dlc function: since the op order of its single
// block is the execution schedule, every tensor's live range is exact, and so
// is the live memory at every op. Values are put in categories (parameters,
// inputs, optimizer state, gradients, saved activations, transient); forward
// and backward are told apart by dependence on the loss (the first result), so
// the analysis needs no annotation from the pass that built the step.
//
// Byte counts are int64_t and computed with checked arithmetic: a tensor or a
// sum of live bytes beyond 2^63 - 1 saturates there instead of wrapping, and
// the analysis reports an error at the first value or op where that happens
// (`overflowed()` then holds, and its numbers are only bounds).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_ANALYSIS_MEMORYANALYSIS_H
#define DLC_ANALYSIS_MEMORYANALYSIS_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"

#include <array>
#include <optional>

namespace mlir::dlc {

enum class MemoryCategory {
  Parameter,       ///< arguments marked dlc.param
  FrozenParameter, ///< arguments marked dlc.frozen
  Input,           ///< the other arguments (data, labels)
  OptimizerState,  ///< dlc.optimizer_state arguments and results
  Gradient,        ///< results of the step other than the loss
  SavedActivation, ///< forward values that the backward pass reads
  Transient,       ///< everything else
};
constexpr unsigned kNumMemoryCategories = 7;
StringRef stringifyMemoryCategory(MemoryCategory category);

/// One tensor of the step: its size and live range in schedule positions
/// (position i is the i-th op of the block; the terminator included).
struct LiveValue {
  Value value;
  int64_t bytes = 0;
  unsigned first = 0; ///< defining op (0 for arguments)
  unsigned last = 0;  ///< last use (the terminator for results)
  MemoryCategory category = MemoryCategory::Transient;
};

class MemoryAnalysis {
public:
  /// Analyzes `func`; emits an error diagnostic when a byte count exceeds
  /// 2^63 - 1 (see overflowed()).
  explicit MemoryAnalysis(func::FuncOp func);

  /// True when some tensor's bytes, or the bytes live at some op, exceed
  /// 2^63 - 1: those numbers are saturated there and an error was emitted.
  /// Passes that act on the numbers should fail.
  bool overflowed() const { return overflow; }

  ArrayRef<LiveValue> values() const { return liveValues; }
  ArrayRef<Operation *> schedule() const { return ops; }
  /// True for the ops the loss (the first result) depends on.
  bool isForward(Operation *op) const { return forward.contains(op); }

  /// Live bytes per category at every position of the schedule.
  ArrayRef<std::array<int64_t, kNumMemoryCategories>> timeline() const {
    return perPosition;
  }
  int64_t liveBytesAt(unsigned position) const;

  int64_t peakBytes() const { return peak; }
  unsigned peakPosition() const { return peakAt; }
  /// The most bytes of saved activations alive at any position.
  int64_t activationBytes() const { return activations; }
  /// Bytes of each category alive at the peak.
  std::array<int64_t, kNumMemoryCategories> breakdownAtPeak() const {
    return perPosition[peakAt];
  }
  /// The values alive at the peak, largest first.
  SmallVector<const LiveValue *> liveAtPeak() const;

  /// Bytes of a statically shaped tensor or memref (0 for other types),
  /// saturated at INT64_MAX.
  static int64_t bytesOf(Type type);
  /// Bytes of a statically shaped tensor or memref of int or float elements
  /// (0 for other types), or std::nullopt when they exceed 2^63 - 1.
  static std::optional<int64_t> checkedBytesOf(Type type);

private:
  SmallVector<Operation *> ops;
  DenseSet<Operation *> forward;
  SmallVector<LiveValue> liveValues;
  SmallVector<std::array<int64_t, kNumMemoryCategories>> perPosition;
  int64_t peak = 0, activations = 0;
  unsigned peakAt = 0;
  bool overflow = false;
};

} // namespace mlir::dlc

#endif // DLC_ANALYSIS_MEMORYANALYSIS_H
