//===- DlcMemoryPlan.cpp - Live ranges of buffers and arena plans ---------===//
//
// See DlcMemoryPlan.h. A buffer lives from the op that defines it to the last
// op of the block that uses it or any view of it; the block's op order is the
// schedule.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/Dlc/IR/DlcMemoryPlan.h"
#include "dlc/Dialect/Dlc/IR/DlcDialect.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CheckedArithmetic.h"

using namespace mlir;
using namespace mlir::dlc;

DenseMap<Operation *, unsigned> mlir::dlc::schedulePositions(Block &block) {
  DenseMap<Operation *, unsigned> positions;
  for (auto [i, op] : llvm::enumerate(block))
    positions[&op] = i;
  return positions;
}

std::optional<unsigned>
mlir::dlc::lastUseOfBuffer(Value buffer, Block &block,
                           const DenseMap<Operation *, unsigned> &positions,
                           bool returnedLivesToEnd) {
  Operation *def = buffer.getDefiningOp();
  unsigned last = def ? positions.lookup(block.findAncestorOpInBlock(*def)) : 0;
  SmallVector<Value> worklist = {buffer};
  while (!worklist.empty()) {
    Value v = worklist.pop_back_val();
    for (OpOperand &use : v.getUses()) {
      Operation *user = use.getOwner();
      Operation *top = block.findAncestorOpInBlock(*user);
      if (!top)
        return std::nullopt;
      if (top == block.getTerminator()) {
        if (!returnedLivesToEnd || user != top)
          return std::nullopt;
        last = std::max(last, positions.lookup(top));
        continue;
      }
      last = std::max(last, positions.lookup(top));
      auto view = dyn_cast<ViewLikeOpInterface>(user);
      if (view && view.getViewSource() == v) {
        llvm::append_range(worklist, user->getResults());
        continue;
      }
      if (llvm::any_of(user->getResultTypes(), llvm::IsaPred<BaseMemRefType>))
        return std::nullopt;
    }
  }
  return last;
}

std::optional<int64_t> mlir::dlc::shapedBytes(ShapedType type) {
  if (!type.hasStaticShape() || !type.getElementType().isIntOrFloat())
    return 0;
  // A zero dimension makes the tensor empty even when the product of the
  // others would overflow.
  if (llvm::is_contained(type.getShape(), 0))
    return 0;
  int64_t bits = type.getElementType().getIntOrFloatBitWidth();
  std::optional<int64_t> bytes = (bits + 7) / 8;
  for (int64_t dim : type.getShape())
    if (!(bytes = llvm::checkedMul<int64_t>(*bytes, dim)))
      return std::nullopt;
  return bytes;
}

LogicalResult mlir::dlc::verifyArenaPlan(func::FuncOp func, int64_t arenaSize) {
  if (func.isExternal())
    return func.emitOpError("has '")
           << DlcDialect::getArenaSizeAttrName() << "' but no body";
  Block &block = func.getBody().front();
  DenseMap<Operation *, unsigned> positions = schedulePositions(block);
  Operation *arena = nullptr;
  for (Operation &op : block)
    if (op.hasAttr(DlcDialect::getArenaAttrName()))
      arena = &op;
  if (!arena)
    return func.emitOpError("has '")
           << DlcDialect::getArenaSizeAttrName() << "' but no op marked '"
           << DlcDialect::getArenaAttrName() << "'";
  auto arenaType = cast<MemRefType>(arena->getResult(0).getType());
  if (arenaType.getNumElements() != arenaSize)
    return arena->emitOpError("arena of ")
           << arenaType.getNumElements() << " bytes, but the function's '"
           << DlcDialect::getArenaSizeAttrName() << "' is " << arenaSize;
  struct Placed {
    memref::ViewOp view;
    int64_t begin, end;
    unsigned first, last;
  };
  SmallVector<Placed> placed;
  // Other users (the deallocation of the arena, its metadata) do not claim
  // bytes of it.
  for (Operation *user : arena->getResult(0).getUsers()) {
    auto view = dyn_cast<memref::ViewOp>(user);
    if (!view)
      continue;
    // Later passes may sink a view into the region that holds all its uses;
    // it then lives within the op holding that region.
    Operation *at = block.findAncestorOpInBlock(*view);
    std::optional<int64_t> shift = getConstantIntValue(view.getByteShift());
    std::optional<int64_t> size = shapedBytes(view.getType());
    if (!size)
      return view.emitOpError("views ")
             << view.getType()
             << ", more than 2^63 - 1 bytes: no arena with 64-bit offsets "
                "holds it";
    int64_t bytes = *size;
    if (!shift || !bytes)
      return view.emitOpError("views the arena at a non-constant offset or "
                              "with a dynamic shape");
    // Compared without forming shift + bytes, which may pass 2^63 - 1.
    if (*shift < 0 || *shift > arenaSize || bytes > arenaSize - *shift)
      return view.emitOpError("occupies ")
             << bytes << " bytes from offset " << *shift
             << ", outside the arena of " << arenaSize << " bytes";
    // A returned view lives to the end of the function.
    std::optional<unsigned> last =
        lastUseOfBuffer(view, block, positions, /*returnedLivesToEnd=*/true);
    if (!last)
      return view.emitOpError("escapes (carried by an op that is not a view), "
                              "so its live range is unknown");
    placed.push_back({view, *shift, *shift + bytes, positions.lookup(at),
                      std::max(*last, positions.lookup(at))});
  }
  llvm::sort(placed, [](const Placed &a, const Placed &b) {
    return a.first < b.first;
  });
  for (size_t i = 0; i < placed.size(); ++i)
    for (size_t j = i + 1; j < placed.size(); ++j) {
      Placed &a = placed[i], &b = placed[j];
      if (b.first > a.last)
        break;
      if (a.begin < b.end && b.begin < a.end) {
        InFlightDiagnostic diag =
            b.view.emitOpError("occupies bytes [")
            << b.begin << ", " << b.end << ") of the arena, overlapping bytes ["
            << a.begin << ", " << a.end << ") of a buffer still live at op #"
            << b.first;
        diag.attachNote(a.view.getLoc()) << "the other buffer, live from op #"
                                         << a.first << " to op #" << a.last;
        return diag;
      }
    }
  return success();
}

Value mlir::dlc::viewRoot(Value value) {
  while (auto view = value.getDefiningOp<ViewLikeOpInterface>())
    value = view.getViewSource();
  return value;
}
