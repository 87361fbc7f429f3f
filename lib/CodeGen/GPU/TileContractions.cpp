//===- TileContractions.cpp - Shared-memory tiled contractions ------------===//
//
// Replaces a bufferized linalg op that reduces a product of two operands
// (matrix products, batched products, convolutions and their gradients, in
// any element type) by one `gpu.launch` that tiles it through shared memory:
//
// - the op's parallel loops fall into three sides: those only the first
//   operand reads (X), those only the second reads (Y), and the rest (a
//   batch, on the grid's z axis). The reduction loops, linearized in their
//   order, are K. So the op is a batch of (X x K) by (K x Y) products, whatever
//   its indexing maps (a convolution's input is read through `oh + kh`);
// - a block of 16 x 16 threads computes a BX x BY tile of the output, each
//   thread a TX x TY micro-tile whose elements are 16 apart (so the block's
//   reads of shared memory are broadcasts or consecutive words, and its
//   output stores are coalesced along the output's innermost loop);
// - K advances in slices of 8: the block stages the slice's BX x 8 elements
//   of the first operand and 8 x BY of the second in shared memory, each
//   element gathered through the operand's indexing map, threads walking
//   whichever of the side or K is contiguous in memory. The next slice is
//   loaded into registers while the current one is multiplied;
// - each micro-tile element starts from the output's value and applies the
//   op's own body for every K position in order, so the result is the
//   linalg op's, sum order included;
// - when the output is an accumulator that one elementwise op reads (a
//   linear layer's bias, activation and rounding to bf16), the kernel
//   applies that op to each sum and stores its result instead, and the
//   accumulator is never allocated (FusedEpilogue.h).
//
// Ops whose sides are shorter than 16 (reductions to few values, which
// --dlc-gpu-split-reductions reshapes), or that read loop indices, are left
// to the generic loop mapping.
//
//===----------------------------------------------------------------------===//

#include "ContractionSides.h"
#include "FusedEpilogue.h"
#include "KernelIndexMath.h"
#include "dlc/CodeGen/GPU/Passes.h"

#include "mlir/Dialect/Affine/Utils.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Remarks.h"

namespace mlir::dlc {
#define GEN_PASS_DEF_DLCGPUTILECONTRACTIONSPASS
#include "dlc/CodeGen/GPU/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;

namespace {

/// Threads of a block along each side, and K positions per slice.
constexpr int64_t kSide = 16, kThreads = kSide * kSide, kSliceK = 8;
/// Padding of a shared-memory row, so that threads storing down a column
/// (one K position each) hit distinct banks.
constexpr int64_t kPad = 4;
using dlc::detail::kMaxGridYZ;

/// One op to rewrite: the loops of each side and the tiling.
struct Contraction : dlc::detail::ContractionSides {
  /// Micro-tile per thread along X and Y.
  int64_t tx = 1, ty = 1;
  /// Whether a block's fast thread index runs along X (else along Y).
  bool xFast = false;
  /// Whether threads load an operand walking K (else its side).
  bool lhsAlongK = false, rhsAlongK = false;
  /// The elementwise op the kernel applies to its sums and stores instead,
  /// when the output is an accumulator only that op reads.
  std::optional<dlc::detail::FusedEpilogue> epilogue;

  int64_t bx() const { return kSide * tx; }
  int64_t by() const { return kSide * ty; }
  int64_t tilesX() const { return (x + bx() - 1) / bx(); }
  int64_t tilesY() const { return (y + by() - 1) / by(); }
};

/// The micro-tile for a side of `size`: 8, or less for short sides.
int64_t microTile(int64_t size) {
  int64_t t = 8;
  while (t > 1 && size < kSide * t)
    t /= 2;
  return t;
}

/// How far a thread walk along `dims` (linearized, last fastest) goes in
/// contiguous memory through `map`'s last result: the innermost loop's range
/// when it steps the operand's last index by one, else 0.
int64_t contiguousRun(AffineMap map, ArrayRef<unsigned> dims,
                      ArrayRef<int64_t> ranges) {
  if (dims.empty() || map.getNumResults() == 0)
    return 0;
  AffineExpr last = map.getResults().back();
  unsigned inner = dims.back();
  // The step of the (affine) last result when `inner` steps by one.
  MLIRContext *ctx = map.getContext();
  SmallVector<AffineExpr> at(map.getNumDims(), getAffineConstantExpr(0, ctx));
  auto start = dyn_cast<AffineConstantExpr>(last.replaceDims(at));
  at[inner] = getAffineConstantExpr(1, ctx);
  auto next = dyn_cast<AffineConstantExpr>(last.replaceDims(at));
  if (!start || !next || next.getValue() - start.getValue() != 1)
    return 0;
  return ranges[inner];
}

/// The contraction of `op` when it fits the kernel, else std::nullopt; its
/// epilogue fused (FusedEpilogue.h) when `fuse` and it can be.
std::optional<Contraction> match(linalg::LinalgOp op, bool fuse) {
  std::optional<dlc::detail::ContractionSides> sides =
      dlc::detail::getContractionSides(op);
  if (!sides)
    return std::nullopt;
  Contraction c;
  static_cast<dlc::detail::ContractionSides &>(c) = *sides;
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  AffineMap outMap = maps[2];
  if (c.x < kSide || c.y < kSide || c.batch > kMaxGridYZ)
    return std::nullopt;
  c.tx = microTile(c.x);
  c.ty = microTile(c.y);
  // Fewer, larger tiles only while the grid still fills the GPU twice over
  // (132 multiprocessors on an H100).
  auto blocks = [&] { return c.tilesX() * c.tilesY() * c.batch; };
  // 64 accumulators of 32 bits a thread at most (registers).
  unsigned accBits =
      cast<MemRefType>(op.getDpsInits()[0].getType()).getElementTypeBitWidth();
  int64_t maxAcc = accBits > 32 ? 32 : 64;
  while ((blocks() < 2 * 132 || c.tx * c.ty > maxAcc) &&
         std::max(c.tx, c.ty) > 2) {
    if (c.tx >= c.ty)
      c.tx /= 2;
    else
      c.ty /= 2;
  }
  if (c.tilesY() > kMaxGridYZ)
    return std::nullopt;
  // Coalesced output stores: the fast thread index along the side that holds
  // the output's innermost loop.
  unsigned innermost =
      cast<AffineDimExpr>(outMap.getResults().back()).getPosition();
  c.xFast = llvm::is_contained(c.xDims, innermost);
  c.lhsAlongK = contiguousRun(maps[0], c.kDims, c.ranges) >
                contiguousRun(maps[0], c.xDims, c.ranges);
  c.rhsAlongK = contiguousRun(maps[1], c.kDims, c.ranges) >
                contiguousRun(maps[1], c.yDims, c.ranges);
  if (fuse)
    c.epilogue = dlc::detail::FusedEpilogue::match(op);
  return c;
}

/// Emits the kernel of one contraction inside its launch.
class KernelEmitter : dlc::detail::KernelIndexMath {
public:
  KernelEmitter(OpBuilder &b, Location loc, const Contraction &c,
                gpu::LaunchOp launch)
      : KernelIndexMath(b, loc), c(c), launch(launch) {}

  void emit();

private:
  Value clamp(Value x, int64_t size) {
    return arith::MinUIOp::create(b, loc, x, idx(size - 1));
  }
  Value less(Value x, int64_t size) {
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, x,
                                 idx(size));
  }

  /// Sets `loops[d]` for `dims` from their linear position `linear`.
  void delinearize(Value linear, ArrayRef<unsigned> dims,
                   SmallVectorImpl<Value> &loops) {
    KernelIndexMath::delinearize(linear, dims, c.ranges, loops);
  }
  /// The element of operand `operand` at loop values `loops`.
  Value load(unsigned operand, ArrayRef<Value> loops);

  /// Loads this thread's share of K slice `slice` of both operands from
  /// global memory (positions past the end clamped to the last).
  SmallVector<Value> loadSlice(Value slice);
  /// Stores what loadSlice returned into the shared-memory tiles.
  void storeSlice(ArrayRef<Value> values);
  /// Applies the op's body for the first `count` K positions of the slice in
  /// shared memory to the micro-tile `acc`.
  void multiplySlice(int64_t count, SmallVectorImpl<Value> &acc);

  /// The elements of one operand a thread loads per slice, and the tile
  /// position (side, K) of its `i`-th one.
  int64_t perThread(int64_t side) const {
    return (side * kSliceK + kThreads - 1) / kThreads;
  }
  std::pair<Value, Value> tilePosition(int64_t i, int64_t side, bool alongK);

  /// The micro-tile element (i, j)'s position in the block tile: (x, y).
  std::pair<Value, Value> microPosition(int64_t i, int64_t j);

  const Contraction &c;
  gpu::LaunchOp launch;
  Value tid, fast, slow, xBase, yBase, sharedX, sharedY;
  SmallVector<Value> batchLoops;
};

Value KernelEmitter::load(unsigned operand, ArrayRef<Value> loops) {
  OpOperand &use = c.op->getOpOperand(operand);
  AffineMap map = c.op.getMatchingIndexingMap(&use);
  SmallVector<Value> indices;
  for (AffineExpr e : map.getResults())
    indices.push_back(affine::expandAffineExpr(b, loc, e, loops, {}));
  return memref::LoadOp::create(b, loc, use.get(), indices);
}

std::pair<Value, Value> KernelEmitter::tilePosition(int64_t i, int64_t side,
                                                    bool alongK) {
  Value id = add(tid, idx(i * kThreads));
  if (alongK)
    return {div(id, kSliceK), rem(id, kSliceK)};
  return {rem(id, side), div(id, side)};
}

SmallVector<Value> KernelEmitter::loadSlice(Value slice) {
  SmallVector<Value> values;
  Value k0 = mul(slice, kSliceK);
  for (unsigned operand = 0; operand < 2; ++operand) {
    bool isX = operand == 0;
    int64_t side = isX ? c.bx() : c.by();
    int64_t sideSize = isX ? c.x : c.y;
    Value base = isX ? xBase : yBase;
    for (int64_t i = 0; i < perThread(side); ++i) {
      auto [s, kk] = tilePosition(i, side, isX ? c.lhsAlongK : c.rhsAlongK);
      SmallVector<Value> loops(batchLoops);
      delinearize(clamp(add(base, s), sideSize), isX ? c.xDims : c.yDims,
                  loops);
      delinearize(clamp(add(k0, kk), c.k), c.kDims, loops);
      values.push_back(load(operand, loops));
    }
  }
  return values;
}

void KernelEmitter::storeSlice(ArrayRef<Value> values) {
  size_t next = 0;
  for (unsigned operand = 0; operand < 2; ++operand) {
    bool isX = operand == 0;
    int64_t side = isX ? c.bx() : c.by();
    for (int64_t i = 0; i < perThread(side); ++i) {
      Value s, kk;
      std::tie(s, kk) = tilePosition(i, side, isX ? c.lhsAlongK : c.rhsAlongK);
      Value value = values[next++];
      auto store = [&] {
        memref::StoreOp::create(b, loc, value, isX ? sharedX : sharedY,
                                ValueRange{kk, s});
      };
      // The last round of a small tile may have threads to spare.
      if ((i + 1) * kThreads <= side * kSliceK) {
        store();
        continue;
      }
      Value inTile = less(add(tid, idx(i * kThreads)), side * kSliceK);
      auto guard = scf::IfOp::create(b, loc, inTile, /*withElse=*/false);
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPointToStart(guard.thenBlock());
      store();
    }
  }
}

std::pair<Value, Value> KernelEmitter::microPosition(int64_t i, int64_t j) {
  Value x = add(c.xFast ? fast : slow, idx(i * kSide));
  Value y = add(c.xFast ? slow : fast, idx(j * kSide));
  return {x, y};
}

void KernelEmitter::multiplySlice(int64_t count, SmallVectorImpl<Value> &acc) {
  Block &body = c.op->getRegion(0).front();
  for (int64_t kk = 0; kk < count; ++kk) {
    SmallVector<Value> xs, ys;
    for (int64_t i = 0; i < c.tx; ++i)
      xs.push_back(memref::LoadOp::create(
          b, loc, sharedX, ValueRange{idx(kk), microPosition(i, 0).first}));
    for (int64_t j = 0; j < c.ty; ++j)
      ys.push_back(memref::LoadOp::create(
          b, loc, sharedY, ValueRange{idx(kk), microPosition(0, j).second}));
    for (int64_t i = 0; i < c.tx; ++i) {
      for (int64_t j = 0; j < c.ty; ++j) {
        IRMapping mapping;
        mapping.map(body.getArgument(0), xs[i]);
        mapping.map(body.getArgument(1), ys[j]);
        Value &a = acc[i * c.ty + j];
        mapping.map(body.getArgument(2), a);
        for (Operation &op : body.without_terminator())
          b.clone(op, mapping);
        a = mapping.lookup(body.getTerminator()->getOperand(0));
      }
    }
  }
}

void KernelEmitter::emit() {
  sharedX = launch.getWorkgroupAttributions()[0];
  sharedY = launch.getWorkgroupAttributions()[1];
  tid = launch.getThreadIds().x;
  fast = rem(tid, kSide);
  slow = div(tid, kSide);
  xBase = mul(launch.getBlockIds().x, c.bx());
  yBase = mul(launch.getBlockIds().y, c.by());
  batchLoops.assign(c.ranges.size(), Value());
  delinearize(launch.getBlockIds().z, c.batchDims, batchLoops);

  // The micro-tile's output elements: positions (clamped for loads) and
  // whether they exist.
  Value out = c.op.getDpsInits()[0];
  SmallVector<SmallVector<Value>> outLoops;
  SmallVector<Value> inRange;
  bool edges = c.x % c.bx() != 0 || c.y % c.by() != 0;
  for (int64_t i = 0; i < c.tx; ++i) {
    for (int64_t j = 0; j < c.ty; ++j) {
      auto [xl, yl] = microPosition(i, j);
      Value x = add(xBase, xl), y = add(yBase, yl);
      SmallVector<Value> loops(batchLoops);
      delinearize(clamp(x, c.x), c.xDims, loops);
      delinearize(clamp(y, c.y), c.yDims, loops);
      outLoops.push_back(loops);
      if (edges)
        inRange.push_back(
            arith::AndIOp::create(b, loc, less(x, c.x), less(y, c.y)));
    }
  }
  // The sums start from the output's values, or from the fill's value
  // when the output is an accumulator the epilogue replaces.
  SmallVector<Value> init;
  for (ArrayRef<Value> loops : outLoops)
    init.push_back(c.epilogue ? c.epilogue->initialValue() : load(2, loops));

  // Slice 0 into registers, then per full slice: registers to shared
  // memory, the next slice into registers, the products of this one.
  int64_t full = c.k / kSliceK, tail = c.k % kSliceK;
  SmallVector<Value> staged = loadSlice(idx(0));
  SmallVector<Value> carried(init);
  carried.append(staged);
  auto loop = scf::ForOp::create(b, loc, idx(0), idx(full), idx(1), carried);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    ValueRange args = loop.getRegionIterArgs();
    SmallVector<Value> acc(args.take_front(init.size()));
    storeSlice(SmallVector<Value>(args.drop_front(init.size())));
    gpu::BarrierOp::create(b, loc);
    SmallVector<Value> next = loadSlice(add(loop.getInductionVar(), idx(1)));
    multiplySlice(kSliceK, acc);
    gpu::BarrierOp::create(b, loc);
    acc.append(next);
    scf::YieldOp::create(b, loc, acc);
  }
  ValueRange results = loop.getResults();
  SmallVector<Value> acc(results.take_front(init.size()));
  if (tail) {
    storeSlice(SmallVector<Value>(results.drop_front(init.size())));
    gpu::BarrierOp::create(b, loc);
    multiplySlice(tail, acc);
  }

  // The epilogue: each element that exists, at its place in the output.
  AffineMap outMap = c.op.getMatchingIndexingMap(&c.op->getOpOperand(2));
  for (auto [n, loops] : llvm::enumerate(outLoops)) {
    OpBuilder::InsertionGuard guard(b);
    if (edges) {
      auto ifOp = scf::IfOp::create(b, loc, inRange[n], /*withElse=*/false);
      b.setInsertionPointToStart(ifOp.thenBlock());
    }
    SmallVector<Value> indices;
    for (AffineExpr e : outMap.getResults())
      indices.push_back(affine::expandAffineExpr(b, loc, e, loops, {}));
    if (c.epilogue)
      c.epilogue->emitElement(b, loc, acc[n], indices);
    else
      memref::StoreOp::create(b, loc, acc[n], out, indices);
  }
  gpu::TerminatorOp::create(b, loc);
}

/// Replaces the op of `c` with the launch of its kernel.
void rewrite(const Contraction &c) {
  if (c.epilogue)
    c.epilogue->prepare(c.op);
  OpBuilder b(c.op);
  Location loc = c.op.getLoc();
  auto workgroup =
      gpu::AddressSpaceAttr::get(b.getContext(), gpu::AddressSpace::Workgroup);
  auto tile = [&](int64_t side, Value operand) {
    return MemRefType::get({kSliceK, side + kPad},
                           cast<MemRefType>(operand.getType()).getElementType(),
                           MemRefLayoutAttrInterface(), workgroup);
  };
  auto ins = c.op.getDpsInputs();
  auto cst = [&](int64_t v) {
    return arith::ConstantIndexOp::create(b, loc, v);
  };
  auto launch = gpu::LaunchOp::create(
      b, loc, cst(c.tilesX()), cst(c.tilesY()), cst(c.batch), cst(kThreads),
      cst(1), cst(1), /*dynamicSharedMemorySize=*/nullptr,
      /*asyncTokenType=*/nullptr, /*asyncDependencies=*/{},
      TypeRange{tile(c.bx(), ins[0]), tile(c.by(), ins[1])});
  b.setInsertionPointToStart(&launch.getBody().front());
  KernelEmitter(b, loc, c, launch).emit();
  c.op->erase();
  if (c.epilogue)
    c.epilogue->finish();
}

struct GPUTileContractionsPass
    : dlc::impl::DlcGPUTileContractionsPassBase<GPUTileContractionsPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<Contraction, 4> found;
    getOperation()->walk([&](linalg::LinalgOp op) {
      if (std::optional<Contraction> c = match(op, fuseEpilogue))
        found.push_back(*c);
    });
    for (const Contraction &c : found)
      rewrite(c);
    reportCounts(found.size());
  }

  /// Adds the function's count to the statistic, which an LLVM built without
  /// statistics (a release build) neither keeps nor prints, and reports it as
  /// an analysis remark, which every build prints under
  /// `--remarks-filter=dlc-gpu-tile-contractions`.
  void reportCounts(unsigned kernels) {
    if (kernels == 0)
      return;
    numKernels += kernels;
    func::FuncOp func = getOperation();
    remark::analysis(func.getLoc(), remark::RemarkOpts::name("kernels")
                                        .category(getArgument())
                                        .function(func.getSymName()))
        << remark::metric("tiled-contraction-kernels", kernels);
  }
};

} // namespace
