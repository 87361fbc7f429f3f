//===- DlcMemoryPlan.h - Live ranges of buffers and arena plans -*- C++ -*-===//
//
// Helpers shared by --dlc-plan-memory, which places a bufferized function's
// buffers in one arena, and the dialect's verifier of such plans
// (`dlc.arena_size` on a function).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_IR_DLCMEMORYPLAN_H
#define DLC_DIALECT_DLC_IR_DLCMEMORYPLAN_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/DenseMap.h"

#include <optional>

namespace mlir::dlc {

/// Position of every op of `block` in its order, the schedule.
DenseMap<Operation *, unsigned> schedulePositions(Block &block);

/// The position in `block` of the last op that uses `buffer` or a view of it
/// (through ViewLikeOpInterface ops, followed transitively). None when the
/// buffer escapes the block's analysis: an op that is not a view produces a
/// memref from it (a loop carrying it, a call returning it), or it is
/// returned and `returnedLivesToEnd` is false, so its lifetime cannot be
/// bounded by uses alone. With `returnedLivesToEnd`, a buffer the block's
/// terminator returns lives to the terminator: the caller owns the bytes
/// after the call (the GPU runtime reads a step's results out of its arena).
std::optional<unsigned>
lastUseOfBuffer(Value buffer, Block &block,
                const DenseMap<Operation *, unsigned> &positions,
                bool returnedLivesToEnd = false);

/// Bytes a tensor or memref of `type` occupies: elements times the element's
/// size in whole bytes; 0 for dynamic shapes, non-scalar elements and shapes
/// with a zero dimension; std::nullopt when the count exceeds 2^63 - 1 (it
/// is computed with checked arithmetic, never wrapped). Every byte count of
/// a type in dlc comes from here.
std::optional<int64_t> shapedBytes(ShapedType type);

/// The buffer `value` views: followed through ViewLikeOpInterface ops to a
/// value that no view defines (an allocation, a block argument, a global's
/// memref, or the result of an op that is not a view).
Value viewRoot(Value value);

/// Verifies the arena plan of `func` (which carries `dlc.arena_size`): every
/// `memref.view` of the arena sits within it at a constant offset, and no two
/// views live at the same time overlap.
LogicalResult verifyArenaPlan(func::FuncOp func, int64_t arenaSize);

} // namespace mlir::dlc

#endif // DLC_DIALECT_DLC_IR_DLCMEMORYPLAN_H
