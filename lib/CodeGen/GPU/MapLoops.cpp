//===- MapLoops.cpp - A bufferized step's work as GPU launches ------------===//
//
// --dlc-gpu-map-loops: after `convert-linalg-to-parallel-loops`, the body of
// a bufferized step is a sequence of top-level loop nests over memrefs, with
// the views and constants they use in between. Every loop nest becomes one
// `gpu.launch`: an `scf.parallel` of static bounds is flattened onto a 1-D
// grid with one thread per iteration (the innermost dimension fastest, so
// neighbouring threads touch neighbouring elements; a large loop gives each
// thread a few iterations, with all their loads issued first), a
// `memref.copy` becomes
// a copy with one thread per element, and any other op that touches memory
// runs in a launch of one thread. Ops without memory effects (views,
// constants, index arithmetic) stay on the host.
//
//===----------------------------------------------------------------------===//

#include "dlc/CodeGen/GPU/Passes.h"
#include "dlc/Dialect/Dlc/IR/DlcMemoryPlan.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Remarks.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "llvm/ADT/TypeSwitch.h"

namespace mlir::dlc {
#define GEN_PASS_DEF_DLCGPUMAPLOOPSPASS
#include "dlc/CodeGen/GPU/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;

namespace {

/// Ops that stay on the host: they allocate, describe or free buffers, or
/// compute without touching memory.
bool staysOnHost(Operation *op) {
  if (isa<memref::AllocOp, memref::DeallocOp, memref::GetGlobalOp,
          memref::ViewOp, memref::SubViewOp, memref::ReshapeOp,
          memref::ExpandShapeOp, memref::CollapseShapeOp, memref::CastOp,
          memref::ReinterpretCastOp, memref::ExtractStridedMetadataOp,
          bufferization::DeallocOp, func::ReturnOp, gpu::LaunchOp>(op))
    return true;
  return op->getNumRegions() == 0 && isMemoryEffectFree(op);
}

/// The bytes [begin, end) of the arena plan's buffer that `value` views (a
/// `memref.view {dlc.buffer}` at a constant offset, or a view of one), if it
/// is one.
std::optional<std::pair<int64_t, int64_t>> arenaBytes(Value value) {
  while (value) {
    Operation *def = value.getDefiningOp();
    if (auto view = dyn_cast_or_null<memref::ViewOp>(def)) {
      std::optional<int64_t> shift = getConstantIntValue(view.getByteShift());
      std::optional<int64_t> bytes = dlc::shapedBytes(view.getType());
      if (!view->hasAttr("dlc.buffer") || !shift || !bytes)
        return std::nullopt;
      return std::make_pair(*shift, *shift + *bytes);
    }
    auto viewLike = dyn_cast_or_null<ViewLikeOpInterface>(def);
    value = viewLike ? viewLike.getViewSource() : Value();
  }
  return std::nullopt;
}

/// The first op of `group` whose result a later op outside the group uses
/// (`members` holds the group's ops), or null.
Operation *firstEscaping(ArrayRef<Operation *> group,
                         const DenseSet<Operation *> &members) {
  for (Operation *op : group)
    for (Operation *user : op->getUsers())
      if (Operation *top = op->getBlock()->findAncestorOpInBlock(*user);
          !top || !members.contains(top))
        return op;
  return nullptr;
}

/// Emits `gpu.launch` before `at` with a 1-D grid covering `n` threads of
/// `block` each, and calls `body` inside it with the thread's linear index,
/// under a guard when the grid has more threads than `n`.
void buildLaunch(OpBuilder &b, Location loc, int64_t n, int64_t block,
                 function_ref<void(OpBuilder &, Location, Value)> body) {
  block = std::max<int64_t>(1, std::min(block, n));
  int64_t grid = (n + block - 1) / block;
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  Value gridX = arith::ConstantIndexOp::create(b, loc, grid);
  Value blockX = arith::ConstantIndexOp::create(b, loc, block);
  auto launch =
      gpu::LaunchOp::create(b, loc, gridX, one, one, blockX, one, one);
  OpBuilder::InsertionGuard guard(b);
  Block &entry = launch.getBody().front();
  b.setInsertionPointToStart(&entry);
  Value linear = arith::AddIOp::create(
      b, loc,
      arith::MulIOp::create(b, loc, launch.getBlockIds().x,
                            launch.getBlockSize().x),
      launch.getThreadIds().x);
  if (grid * block != n) {
    Value inRange =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, linear,
                              arith::ConstantIndexOp::create(b, loc, n));
    auto guarded = scf::IfOp::create(b, loc, inRange, /*withElse=*/false);
    OpBuilder inner = guarded.getThenBodyBuilder();
    body(inner, loc, linear);
  } else {
    body(b, loc, linear);
  }
  gpu::TerminatorOp::create(b, loc);
}

/// The indices of `linear` in a row-major box of `counts`.
SmallVector<Value> delinearize(OpBuilder &b, Location loc, Value linear,
                               ArrayRef<int64_t> counts) {
  SmallVector<Value> indices(counts.size());
  int64_t stride = 1;
  for (int64_t d = counts.size() - 1; d >= 0; --d) {
    Value index = linear;
    if (stride != 1)
      index = arith::DivUIOp::create(
          b, loc, index, arith::ConstantIndexOp::create(b, loc, stride));
    if (d > 0)
      index = arith::RemUIOp::create(
          b, loc, index, arith::ConstantIndexOp::create(b, loc, counts[d]));
    indices[d] = index;
    stride *= counts[d];
  }
  return indices;
}

struct GPUMapLoopsPass : dlc::impl::DlcGPUMapLoopsPassBase<GPUMapLoopsPass> {
  using Base::Base;

  void runOnOperation() override;

private:
  LogicalResult mapParallel(scf::ParallelOp loop);
  LogicalResult mapCopy(memref::CopyOp copy);
  LogicalResult mapSerial(ArrayRef<Operation *> group);
  void reportCounts();

  /// The launches made in the function being mapped, by kind.
  unsigned loopKernels = 0, copyKernels = 0, serialKernels = 0;
};

/// Whether `op` may run before other iterations' writes: it does not write
/// memory and has no regions (which could write).
bool isReadOnlyLeaf(Operation &op) {
  if (op.getNumRegions() != 0)
    return false;
  auto effects = dyn_cast<MemoryEffectOpInterface>(op);
  if (!effects)
    return false;
  return !effects.hasEffect<MemoryEffects::Write>() &&
         !effects.hasEffect<MemoryEffects::Allocate>() &&
         !effects.hasEffect<MemoryEffects::Free>();
}

LogicalResult GPUMapLoopsPass::mapParallel(scf::ParallelOp loop) {
  if (loop.getNumReductions() != 0)
    return loop.emitError("--dlc-gpu-map-loops: a parallel loop with "
                          "reductions is not mapped to the GPU");
  SmallVector<int64_t> lower, counts, steps;
  int64_t n = 1;
  for (auto [lb, ub, step] :
       llvm::zip(loop.getLowerBound(), loop.getUpperBound(), loop.getStep())) {
    std::optional<int64_t> l = getConstantIntValue(lb),
                           u = getConstantIntValue(ub),
                           s = getConstantIntValue(step);
    if (!l || !u || !s || *s <= 0)
      return loop.emitError("--dlc-gpu-map-loops: a parallel loop needs "
                            "static bounds and positive steps");
    lower.push_back(*l);
    steps.push_back(*s);
    counts.push_back(*u > *l ? (*u - *l + *s - 1) / *s : 0);
    n *= counts.back();
  }
  OpBuilder b(loop);
  Location loc = loop.getLoc();
  // Iterations per thread: several for loops large enough to fill the GPU
  // many times over, when they divide into whole blocks.
  int64_t each = 1;
  if (iterationsPerThread > 1 && n >= iterationsPerThread * (1 << 20) &&
      n % (iterationsPerThread * blockSize) == 0)
    each = iterationsPerThread;
  // Emits iteration `linear` of the loop at `b`.
  auto emitIteration = [&](OpBuilder &b, Location loc, Value linear) {
    IRMapping mapping;
    SmallVector<Value> indices = delinearize(b, loc, linear, counts);
    for (auto [d, iv] : llvm::enumerate(loop.getInductionVars())) {
      Value index = indices[d];
      if (steps[d] != 1)
        index = arith::MulIOp::create(
            b, loc, index, arith::ConstantIndexOp::create(b, loc, steps[d]));
      if (lower[d] != 0)
        index = arith::AddIOp::create(
            b, loc, index, arith::ConstantIndexOp::create(b, loc, lower[d]));
      mapping.map(iv, index);
    }
    for (Operation &op : loop.getBody()->without_terminator())
      b.clone(op, mapping);
  };
  if (n > 0)
    ++loopKernels;
  if (n > 0 && each == 1)
    buildLaunch(b, loc, n, blockSize, emitIteration);
  if (n > 0 && each > 1)
    buildLaunch(
        b, loc, n / each, blockSize,
        [&](OpBuilder &b, Location loc, Value thread) {
          // Thread t of block k runs iterations (k * each + j) * block + t,
          // j < each: round j of a block covers `block` neighbours.
          Value block = arith::ConstantIndexOp::create(b, loc, blockSize);
          Value lane = arith::RemUIOp::create(b, loc, thread, block);
          Value first = arith::MulIOp::create(
              b, loc, arith::SubIOp::create(b, loc, thread, lane),
              arith::ConstantIndexOp::create(b, loc, each));
          // Iteration j's ops from its first write (or region) on: they wait
          // until every iteration's reads are issued.
          SmallVector<SmallVector<Operation *>> writes(each);
          for (int64_t j = 0; j < each; ++j) {
            // `first` was just built, so the block is not empty here.
            auto before = std::prev(b.getInsertionPoint());
            Value linear = arith::AddIOp::create(
                b, loc, first,
                arith::AddIOp::create(
                    b, loc, lane,
                    arith::ConstantIndexOp::create(b, loc, j * blockSize)));
            emitIteration(b, loc, linear);
            bool writing = false;
            for (auto it = std::next(before); it != b.getInsertionPoint();
                 ++it) {
              writing |= !isReadOnlyLeaf(*it);
              if (writing)
                writes[j].push_back(&*it);
            }
          }
          for (ArrayRef<Operation *> ops : writes)
            for (Operation *op : ops)
              op->moveBefore(b.getInsertionBlock(), b.getInsertionPoint());
        });
  loop.erase();
  return success();
}

LogicalResult GPUMapLoopsPass::mapCopy(memref::CopyOp copy) {
  auto type = cast<MemRefType>(copy.getSource().getType());
  if (!type.hasStaticShape())
    return copy.emitError("--dlc-gpu-map-loops: a copy needs a static shape");
  OpBuilder b(copy);
  if (type.getNumElements() > 0) {
    ++copyKernels;
    buildLaunch(b, copy.getLoc(), type.getNumElements(), blockSize,
                [&](OpBuilder &b, Location loc, Value linear) {
                  SmallVector<Value> indices =
                      delinearize(b, loc, linear, type.getShape());
                  Value element =
                      memref::LoadOp::create(b, loc, copy.getSource(), indices);
                  memref::StoreOp::create(b, loc, element, copy.getTarget(),
                                          indices);
                });
  }
  copy.erase();
  return success();
}

LogicalResult GPUMapLoopsPass::mapSerial(ArrayRef<Operation *> group) {
  if (group.empty())
    return success();
  DenseSet<Operation *> inGroup(group.begin(), group.end());
  if (Operation *op = firstEscaping(group, inGroup))
    return op->emitError("--dlc-gpu-map-loops: this op touches memory and "
                         "returns a value the host needs; it cannot run "
                         "on the GPU");
  ++serialKernels;
  OpBuilder b(group.back()->getContext());
  b.setInsertionPointAfter(group.back());
  buildLaunch(
      b, group.front()->getLoc(), 1, 1, [&](OpBuilder &b, Location, Value) {
        Operation *anchor = gpu::TerminatorOp::create(b, b.getUnknownLoc());
        for (Operation *op : group)
          op->moveBefore(anchor);
        anchor->erase();
      });
  return success();
}

/// Adds the function's launches to the statistics, which an LLVM built
/// without them (a release build) neither keeps nor prints, and reports the
/// same numbers as an analysis remark, which every build prints under
/// `--remarks-filter=dlc-gpu-map-loops`.
void GPUMapLoopsPass::reportCounts() {
  if (loopKernels + copyKernels + serialKernels == 0)
    return;
  numLoopKernels += loopKernels;
  numCopyKernels += copyKernels;
  numSerialKernels += serialKernels;
  func::FuncOp func = getOperation();
  remark::analysis(func.getLoc(), remark::RemarkOpts::name("kernels")
                                      .category(getArgument())
                                      .function(func.getSymName()))
      << remark::metric("loop-kernels", loopKernels)
      << remark::metric("copy-kernels", copyKernels)
      << remark::metric("serial-kernels", serialKernels);
}

void GPUMapLoopsPass::runOnOperation() {
  func::FuncOp func = getOperation();
  if (func.isExternal())
    return;
  loopKernels = copyKernels = serialKernels = 0;
  if (blockSize <= 0 || blockSize > 1024) {
    func.emitError("--dlc-gpu-map-loops: block-size must be in [1, 1024]");
    return signalPassFailure();
  }
  // Bounded so that iterations x block size x 2^20 (the loop size from which
  // threads run several) cannot overflow.
  if (iterationsPerThread <= 0 || iterationsPerThread > 1024) {
    func.emitError("--dlc-gpu-map-loops: iterations-per-thread must be in "
                   "[1, 1024], got ")
        << static_cast<int64_t>(iterationsPerThread);
    return signalPassFailure();
  }
  if (!llvm::hasSingleElement(func.getBody())) {
    func.emitError("--dlc-gpu-map-loops needs a function of one block");
    return signalPassFailure();
  }
  // Ops that neither stay on the host nor form a loop nest of their own run
  // one after another in one thread: consecutive ones share a launch, with
  // the host-side ops that compute from them.
  SmallVector<Operation *> ops, group;
  for (Operation &op : func.getBody().front())
    ops.push_back(&op);
  DenseSet<Operation *> grouped;
  auto flush = [&] {
    LogicalResult result = mapSerial(group);
    group.clear();
    grouped.clear();
    return result;
  };
  // Whether the open group hands no value to later ops, so that it can be
  // launched now, and whether it touches bytes of the arena in [begin, end).
  auto closed = [&] { return !firstEscaping(group, grouped); };
  auto touches = [&](int64_t begin, int64_t end) {
    return llvm::any_of(group, [&](Operation *top) {
      WalkResult walk = top->walk([&](Operation *op) {
        for (Value operand : op->getOperands())
          if (auto bytes = arenaBytes(operand);
              bytes && bytes->first < end && begin < bytes->second)
            return WalkResult::interrupt();
        return WalkResult::advance();
      });
      return walk.wasInterrupted();
    });
  };
  for (Operation *op : ops) {
    bool needsGroup = llvm::any_of(op->getOperands(), [&](Value v) {
      return v.getDefiningOp() && grouped.contains(v.getDefiningOp());
    });
    // A buffer of the arena plan comes to life here in bytes the group's
    // ops use: the group runs before it, as planned, rather than in one
    // launch with the ops after it (the plan's verifier sees a launch as one
    // op in the schedule).
    if (auto view = dyn_cast<memref::ViewOp>(op); view && !group.empty())
      if (auto bytes = arenaBytes(view); bytes &&
                                         touches(bytes->first, bytes->second) &&
                                         closed() && failed(flush()))
        return signalPassFailure();
    if (staysOnHost(op) && !needsGroup)
      continue;
    LogicalResult mapped = success();
    if (auto loop = dyn_cast<scf::ParallelOp>(op)) {
      mapped = succeeded(flush()) ? mapParallel(loop) : failure();
    } else if (auto copy = dyn_cast<memref::CopyOp>(op)) {
      mapped = succeeded(flush()) ? mapCopy(copy) : failure();
    } else if (isa<func::ReturnOp>(op)) {
      mapped = flush();
    } else {
      group.push_back(op);
      grouped.insert(op);
    }
    if (failed(mapped))
      return signalPassFailure();
  }
  if (failed(flush()))
    return signalPassFailure();
  reportCounts();
}

} // namespace
