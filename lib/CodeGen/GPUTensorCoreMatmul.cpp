//===- GPUTensorCoreMatmul.cpp - f16/bf16 products on tensor cores --------===//
//
// Replaces a bufferized `linalg.matmul` or `linalg.batch_matmul` (its batch
// may share the lhs, as a pointwise convolution's weight is) with f16 or
// bf16 operands and an f32 accumulator by one `gpu.launch` that computes it
// with warp-level tensor-core instructions:
//
// - each block computes a BM x BN tile of the product (BM, BN in {128, 64};
//   128 x 256 with `wide` tiles when the product has at least two waves of
//   them) with 8 warps in a 2 x 4 grid; a warp owns a (BM/2) x (BN/4)
//   sub-tile made of m16n8k16 `mma.sync` tiles whose f32 accumulators stay
//   in registers;
// - the K loop walks slices of BK = 64 (32 where K is not a multiple of 64,
//   or as the `slice-k` option says). Each slice of A (BM x BK) and B
//   (BK x BN) is copied from global to shared memory with 16-byte `cp.async`,
//   `stages` slices in flight (a ring of buffers in the launch's dynamic
//   shared memory, which may exceed the 48 KiB of static shared memory), so
//   loads of later slices overlap the products of the current one;
// - fragments come out of shared memory with `ldmatrix` (`.trans` for B,
//   which is stored K-major). Rows of 16-byte chunks are stored with their
//   chunk index XOR-ed with a function of the row, so that the eight row
//   addresses of one `ldmatrix` phase fall in distinct banks;
// - the epilogue stores the accumulators, two f32 at a time; when the
//   output was not just zero-filled, it adds them to what it holds.
//
// The sums are f32 sums of exact f16/bf16 products, as on the CPU path, but
// in a different order, so results agree to f32 rounding, not bitwise.
// Products whose sizes do not divide into the tiles are left to the generic
// loop mapping.
//
//===----------------------------------------------------------------------===//

#include "KernelIndexMath.h"
#include "dlc/CodeGen/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

namespace mlir::dlc {
#define GEN_PASS_DEF_DLCGPUTENSORCOREMATMUL
#include "dlc/CodeGen/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;

namespace {

constexpr int64_t kWarpsM = 2, kWarpsN = 4;
constexpr int64_t kThreads = 32 * kWarpsM * kWarpsN;
/// K elements per 16-byte chunk.
constexpr int64_t kChunk = 8;
/// Streaming multiprocessors the wide-tile choice assumes (an H100 SXM has
/// 132); a product with fewer than two waves of wide tiles keeps 128 x 128.
constexpr int64_t kWaveBlocks = 132;
/// Shared memory a block may opt into on sm_90.
constexpr int64_t kMaxSharedBytes = 227 * 1024;

/// One product to rewrite: operands, sizes, and the block tile.
struct Product {
  Value lhs, rhs, out;
  bool batched = false;
  /// A batch_matmul whose lhs [M, K] every batch shares (a pointwise
  /// convolution's weight).
  bool sharedLhs = false;
  int64_t batch = 1, m = 0, n = 0, k = 0;
  int64_t bm = 0, bn = 0;
  int64_t bk = 32; ///< K elements per shared-memory slice (32 or 64)
  /// The zero fill of the output just before the product, which the kernel
  /// makes unnecessary (it stores its sums instead of adding them).
  linalg::FillOp zeroFill;
};

/// The `linalg.fill` of zero into `out` when it is the last op before
/// `product` to use `out`. (The arena planner gives `out` memory of its own
/// from its first write to its last use, so other buffers cannot write it
/// in between.)
linalg::FillOp zeroFillBefore(Operation *product, Value out) {
  for (Operation *op = product->getPrevNode(); op; op = op->getPrevNode()) {
    if (!llvm::is_contained(op->getOperands(), out))
      continue;
    auto fill = dyn_cast<linalg::FillOp>(op);
    if (!fill || fill.getOutputs()[0] != out)
      return {};
    auto zero = fill.getInputs()[0].getDefiningOp<arith::ConstantOp>();
    auto value = zero ? dyn_cast<FloatAttr>(zero.getValue()) : FloatAttr();
    if (!value || !value.getValue().isPosZero())
      return {};
    return fill;
  }
  return {};
}

/// Whether `type` is a statically shaped memref whose rows are contiguous
/// and start 16 bytes apart (so 16-byte copies of a row stay aligned).
bool hasAlignedRows(MemRefType type) {
  if (!type.hasStaticShape())
    return false;
  SmallVector<int64_t> strides;
  int64_t offset;
  if (failed(type.getStridesAndOffset(strides, offset)) ||
      ShapedType::isDynamic(offset))
    return false;
  int64_t bytes = type.getElementTypeBitWidth() / 8;
  if (strides.back() != 1 || (offset * bytes) % 16 != 0)
    return false;
  return llvm::all_of(ArrayRef<int64_t>(strides).drop_back(), [&](int64_t s) {
    return !ShapedType::isDynamic(s) && (s * bytes) % 16 == 0;
  });
}

/// Whether the base of `value` is 16-byte aligned: a function argument (the
/// runtime places each at a 256-byte boundary) or a view of the planned
/// arena at a 16-byte multiple (through reshapes and casts, which keep the
/// base).
bool hasAlignedBase(Value value) {
  while (Operation *def = value.getDefiningOp()) {
    if (auto view = dyn_cast<memref::ViewOp>(def)) {
      std::optional<int64_t> shift = getConstantIntValue(view.getByteShift());
      auto alloc = view.getSource().getDefiningOp<memref::AllocOp>();
      return shift && *shift % 16 == 0 && alloc && alloc.getAlignment() &&
             *alloc.getAlignment() % 16 == 0;
    }
    if (isa<memref::CollapseShapeOp, memref::ExpandShapeOp, memref::ReshapeOp,
            memref::CastOp>(def)) {
      value = def->getOperand(0);
      continue;
    }
    if (auto alloc = dyn_cast<memref::AllocOp>(def))
      return alloc.getAlignment() && *alloc.getAlignment() % 16 == 0;
    return false;
  }
  return true;
}

/// Bytes of a ring of `stages` K slices of `rows` x BK f16/bf16 elements
/// (an A ring: BM rows; a B ring: BN columns).
int64_t ringBytes(int64_t stages, int64_t rows, const Product &p) {
  return stages * rows * p.bk * 2;
}

/// Bytes of shared memory for both rings of a product's tile.
int64_t sharedBytes(int64_t stages, const Product &p) {
  return ringBytes(stages, p.bm, p) + ringBytes(stages, p.bn, p);
}

/// The product of `op` when it fits the kernel, else std::nullopt.
std::optional<Product> match(linalg::LinalgOp op, bool wide, int64_t sliceK) {
  if (!op.hasPureBufferSemantics())
    return std::nullopt;
  auto matmul = dyn_cast<linalg::MatmulOp>(op.getOperation());
  auto batchMatmul = dyn_cast<linalg::BatchMatmulOp>(op.getOperation());
  if (!matmul && !batchMatmul)
    return std::nullopt;
  // Only the default (row-major, untransposed) indexing, or a batch that
  // shares its lhs.
  Product p;
  if (matmul && matmul.hasUserDefinedMaps())
    return std::nullopt;
  if (batchMatmul && batchMatmul.hasUserDefinedMaps()) {
    MLIRContext *ctx = op.getContext();
    auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
    SmallVector<AffineMap> shared = {
        AffineMap::get(4, 0, {d(1), d(3)}, ctx),
        AffineMap::get(4, 0, {d(0), d(3), d(2)}, ctx),
        AffineMap::get(4, 0, {d(0), d(1), d(2)}, ctx)};
    if (op.getIndexingMapsArray() != ArrayRef<AffineMap>(shared))
      return std::nullopt;
    p.sharedLhs = true;
  }
  p.lhs = op.getDpsInputs()[0];
  p.rhs = op.getDpsInputs()[1];
  p.out = op.getDpsInits()[0];
  auto lt = cast<MemRefType>(p.lhs.getType());
  auto rt = cast<MemRefType>(p.rhs.getType());
  auto ot = cast<MemRefType>(p.out.getType());
  Type et = lt.getElementType();
  if (!(et.isF16() || et.isBF16()) || rt.getElementType() != et ||
      !ot.getElementType().isF32())
    return std::nullopt;
  if (!hasAlignedRows(lt) || !hasAlignedRows(rt) || !hasAlignedRows(ot) ||
      !hasAlignedBase(p.lhs) || !hasAlignedBase(p.rhs) ||
      !hasAlignedBase(p.out))
    return std::nullopt;
  p.batched = static_cast<bool>(batchMatmul);
  unsigned r = lt.getRank();
  if (p.batched)
    p.batch = rt.getDimSize(0);
  p.m = lt.getDimSize(r - 2);
  p.k = lt.getDimSize(r - 1);
  p.n = rt.getDimSize(rt.getRank() - 1);
  if (p.m % 64 != 0 || p.n % 64 != 0 || p.k % 32 != 0)
    return std::nullopt;
  p.bk = p.k % sliceK == 0 ? sliceK : 32;
  p.bm = p.m % 128 == 0 ? 128 : 64;
  p.bn = p.n % 128 == 0 ? 128 : 64;
  // 128 x 256 tiles halve the shared-memory reads per product of a warp
  // (64 x 64 sub-tiles), at one block per multiprocessor; worth it only when
  // the grid still fills the machine twice over.
  if (wide && p.bm == 128 && p.n % 256 == 0 &&
      p.batch * (p.m / 128) * (p.n / 256) >= 2 * kWaveBlocks)
    p.bn = 256;
  p.zeroFill = zeroFillBefore(op, p.out);
  return p;
}

/// Emits the kernel of one product inside its launch.
class KernelEmitter : dlc::detail::KernelIndexMath {
public:
  KernelEmitter(OpBuilder &b, Location loc, const Product &p, int64_t stages,
                gpu::LaunchOp launch)
      : KernelIndexMath(b, loc), p(p), stages(stages), launch(launch) {
    elementType = cast<MemRefType>(p.lhs.getType()).getElementType();
  }

  void emit();

private:
  Value xorI(Value x, Value y) { return arith::XOrIOp::create(b, loc, x, y); }

  /// Global indices of element (i, j) of an operand of the product (`lhs`:
  /// of A, which may be shared by the batch).
  SmallVector<Value> global(Value i, Value j, bool lhs = false) {
    if (p.batched && !(lhs && p.sharedLhs))
      return {launch.getBlockIds().z, i, j};
    return {i, j};
  }

  /// The physical 16-byte chunk of logical chunk `c` in row `row` of an A
  /// slice (BK/8 chunks a row: 4 or 8) or a B slice (BN/8 chunks a row), so
  /// that the eight rows one ldmatrix phase reads fall in distinct banks.
  Value swizzleA(Value row, Value c) {
    return p.bk == 32 ? xorI(c, rem(div(row, 2), 4)) : xorI(c, rem(row, 8));
  }
  Value swizzleB(Value row, Value c) { return xorI(c, rem(row, 8)); }

  /// Issues the copies of K slice `slice` into ring buffer `stage`.
  void loadSlice(Value slice, Value stage);
  /// The products of one K slice held in ring buffer `stage`.
  void multiplySlice(Value stage, SmallVectorImpl<Value> &acc);
  /// Adds the accumulators to the output.
  void storeAccumulators(ArrayRef<Value> acc);

  /// Splits a fragment of `rows` 32-bit registers into mma.sync operands.
  SmallVector<Value> registers(Value fragment, int64_t rows);

  const Product &p;
  int64_t stages;
  gpu::LaunchOp launch;
  Type elementType;
  Value tid, lane, warpM, warpN, rowBase, colBase, sharedA, sharedB;
  int64_t tilesM = 0, tilesN = 0; ///< m16 and n8 tiles of a warp
};

void KernelEmitter::loadSlice(Value slice, Value stage) {
  Value k0 = mul(slice, p.bk);
  // A: BM rows of BK/8 chunks.
  int64_t chunksA = p.bk / kChunk;
  for (int64_t i = 0; i < p.bm * chunksA / kThreads; ++i) {
    Value id = add(tid, idx(i * kThreads));
    Value row = div(id, chunksA), c = rem(id, chunksA);
    Value col = add(k0, mul(c, kChunk));
    SmallVector<Value> src = global(add(rowBase, row), col, /*lhs=*/true);
    nvgpu::DeviceAsyncCopyOp::create(
        b, loc, nvgpu::DeviceAsyncTokenType::get(b.getContext()), sharedA,
        ValueRange{stage, row, mul(swizzleA(row, c), kChunk)}, p.lhs, src,
        b.getIndexAttr(kChunk), /*srcElements=*/Value(),
        /*bypassL1=*/b.getUnitAttr());
  }
  // B: BK rows of BN/8 chunks.
  int64_t perRow = p.bn / kChunk;
  for (int64_t i = 0; i < p.bk * perRow / kThreads; ++i) {
    Value id = add(tid, idx(i * kThreads));
    Value row = div(id, perRow), c = rem(id, perRow);
    SmallVector<Value> src = global(add(k0, row), add(colBase, mul(c, kChunk)));
    nvgpu::DeviceAsyncCopyOp::create(
        b, loc, nvgpu::DeviceAsyncTokenType::get(b.getContext()), sharedB,
        ValueRange{stage, row, mul(swizzleB(row, c), kChunk)}, p.rhs, src,
        b.getIndexAttr(kChunk), /*srcElements=*/Value(),
        /*bypassL1=*/b.getUnitAttr());
  }
}

SmallVector<Value> KernelEmitter::registers(Value fragment, int64_t rows) {
  auto word = VectorType::get({1}, b.getI32Type());
  SmallVector<Value> regs;
  for (int64_t r = 0; r < rows; ++r) {
    Value pair = vector::ExtractOp::create(b, loc, fragment, r);
    // nvvm.mma.sync takes f16 pairs as vector<2xf16> and bf16 pairs as i32.
    if (elementType.isBF16())
      pair = vector::ExtractOp::create(
          b, loc, vector::BitCastOp::create(b, loc, word, pair), 0);
    regs.push_back(pair);
  }
  return regs;
}

void KernelEmitter::multiplySlice(Value stage, SmallVectorImpl<Value> &acc) {
  auto fragmentType = VectorType::get({4, 2}, elementType);
  Type f32 = b.getF32Type();
  auto accType =
      LLVM::LLVMStructType::getLiteral(b.getContext(), {f32, f32, f32, f32});
  NVVM::MMATypes ptxType =
      elementType.isBF16() ? NVVM::MMATypes::bf16 : NVVM::MMATypes::f16;
  // Lane roles in ldmatrix.x4: lane l gives row l % 8 of matrix l / 8.
  Value laneRow = add(rem(lane, 8), mul(rem(div(lane, 8), 2), 8));
  Value laneHalf = div(lane, 16);
  for (int64_t kk = 0; kk < p.bk / 16; ++kk) {
    // A fragments: matrices (rows 0-7 | 8-15) x (k 0-7 | 8-15).
    SmallVector<SmallVector<Value>> a;
    for (int64_t mi = 0; mi < tilesM; ++mi) {
      Value row = add(add(mul(warpM, tilesM * 16), idx(mi * 16)), laneRow);
      Value chunk = add(idx(kk * 2), laneHalf);
      Value fragment = nvgpu::LdMatrixOp::create(
          b, loc, fragmentType, sharedA,
          ValueRange{stage, row, mul(swizzleA(row, chunk), kChunk)},
          /*transpose=*/false, /*numTiles=*/4);
      a.push_back(registers(fragment, 4));
    }
    // B fragments, two n8 tiles per ldmatrix.x4.trans: matrices
    // (k 0-7 | 8-15) x (n 0-7 | 8-15).
    SmallVector<SmallVector<Value>> bFrag;
    for (int64_t pair = 0; pair < tilesN / 2; ++pair) {
      Value k = add(idx(kk * 16), laneRow);
      Value n =
          add(add(mul(warpN, tilesN * 8), idx(pair * 16)), mul(laneHalf, 8));
      Value fragment = nvgpu::LdMatrixOp::create(
          b, loc, fragmentType, sharedB,
          ValueRange{stage, k, mul(swizzleB(k, div(n, kChunk)), kChunk)},
          /*transpose=*/true, /*numTiles=*/4);
      SmallVector<Value> regs = registers(fragment, 4);
      bFrag.push_back({regs[0], regs[1]});
      bFrag.push_back({regs[2], regs[3]});
    }
    for (int64_t mi = 0; mi < tilesM; ++mi) {
      for (int64_t ni = 0; ni < tilesN; ++ni) {
        MutableArrayRef<Value> c(acc.data() + (mi * tilesN + ni) * 4, 4);
        auto mma = NVVM::MmaOp::create(
            b, loc, accType, a[mi], bFrag[ni], c, ArrayRef<int64_t>{16, 8, 16},
            std::nullopt, std::nullopt,
            std::array<NVVM::MMATypes, 2>{ptxType, ptxType},
            std::array<NVVM::MMALayout, 2>{NVVM::MMALayout::row,
                                           NVVM::MMALayout::col});
        for (int64_t r = 0; r < 4; ++r)
          c[r] = LLVM::ExtractValueOp::create(b, loc, mma.getRes(), r);
      }
    }
  }
}

void KernelEmitter::storeAccumulators(ArrayRef<Value> acc) {
  // Accumulator registers of an m16n8 tile: (row l/4, cols 2(l%4) + 0/1)
  // and the same 8 rows below; each pair is one 8-byte access.
  auto pairType = VectorType::get({2}, b.getF32Type());
  llvm::MaybeAlign align(8);
  Value laneRow = div(lane, 4), laneCol = mul(rem(lane, 4), 2);
  for (int64_t mi = 0; mi < tilesM; ++mi) {
    for (int64_t ni = 0; ni < tilesN; ++ni) {
      Value row = add(add(rowBase, mul(warpM, tilesM * 16)),
                      add(idx(mi * 16), laneRow));
      Value col =
          add(add(colBase, mul(warpN, tilesN * 8)), add(idx(ni * 8), laneCol));
      for (int64_t half = 0; half < 2; ++half) {
        SmallVector<Value> at = global(half ? add(row, idx(8)) : row, col);
        int64_t first = (mi * tilesN + ni) * 4 + half * 2;
        Value sum = vector::FromElementsOp::create(
            b, loc, pairType, ValueRange{acc[first], acc[first + 1]});
        if (!p.zeroFill) {
          Value old = vector::LoadOp::create(b, loc, pairType, p.out, at,
                                             /*nontemporal=*/false, align);
          sum = arith::AddFOp::create(b, loc, old, sum);
        }
        vector::StoreOp::create(b, loc, sum, p.out, at, /*nontemporal=*/false,
                                align);
      }
    }
  }
}

void KernelEmitter::emit() {
  tilesM = p.bm / kWarpsM / 16;
  tilesN = p.bn / kWarpsN / 8;
  // The rings of A and B slices, one after the other in dynamic shared
  // memory.
  auto workgroup =
      gpu::AddressSpaceAttr::get(b.getContext(), gpu::AddressSpace::Workgroup);
  auto bytesType = MemRefType::get({ShapedType::kDynamic}, b.getI8Type(),
                                   MemRefLayoutAttrInterface(), workgroup);
  auto ringA = MemRefType::get({stages, p.bm, p.bk}, elementType,
                               MemRefLayoutAttrInterface(), workgroup);
  auto ringB = MemRefType::get({stages, p.bk, p.bn}, elementType,
                               MemRefLayoutAttrInterface(), workgroup);
  Value shared = gpu::DynamicSharedMemoryOp::create(b, loc, bytesType);
  sharedA = memref::ViewOp::create(b, loc, ringA, shared, idx(0), {});
  sharedB = memref::ViewOp::create(b, loc, ringB, shared,
                                   idx(ringBytes(stages, p.bm, p)), {});
  tid = launch.getThreadIds().x;
  Value warp = div(tid, 32);
  lane = rem(tid, 32);
  warpM = div(warp, kWarpsN);
  warpN = rem(warp, kWarpsN);
  rowBase = mul(launch.getBlockIds().y, p.bm);
  colBase = mul(launch.getBlockIds().x, p.bn);

  // Prologue: the first stages - 1 slices in flight, one group each.
  int64_t slices = p.k / p.bk;
  for (int64_t s = 0; s + 1 < stages; ++s) {
    if (s < slices)
      loadSlice(idx(s), idx(s));
    NVVM::CpAsyncCommitGroupOp::create(b, loc);
  }

  Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0));
  SmallVector<Value> init(tilesM * tilesN * 4, zero);
  auto loop = scf::ForOp::create(b, loc, idx(0), idx(slices), idx(1), init);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    Value slice = loop.getInductionVar();
    // Slice `slice` has landed (at most stages - 2 younger groups pending)
    // and every warp is done with the buffer the next copies overwrite.
    NVVM::CpAsyncWaitGroupOp::create(b, loc, stages - 2);
    gpu::BarrierOp::create(b, loc);
    Value next = add(slice, idx(stages - 1));
    Value inRange = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                          next, idx(slices));
    auto guarded = scf::IfOp::create(b, loc, inRange, /*withElse=*/false);
    {
      OpBuilder::InsertionGuard inner(b);
      b.setInsertionPointToStart(guarded.thenBlock());
      loadSlice(next, rem(next, stages));
    }
    NVVM::CpAsyncCommitGroupOp::create(b, loc);
    SmallVector<Value> acc(loop.getRegionIterArgs());
    multiplySlice(rem(slice, stages), acc);
    scf::YieldOp::create(b, loc, acc);
  }
  NVVM::CpAsyncWaitGroupOp::create(b, loc, 0);
  storeAccumulators(SmallVector<Value>(loop.getResults()));
  gpu::TerminatorOp::create(b, loc);
}

/// Replaces `op` with the launch of its tensor-core kernel.
void rewrite(linalg::LinalgOp op, const Product &p, int64_t stages) {
  OpBuilder b(op);
  Location loc = op.getLoc();
  auto c = [&](int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); };
  Value shared = arith::ConstantIntOp::create(b, loc, b.getI32Type(),
                                              sharedBytes(stages, p));
  auto launch = gpu::LaunchOp::create(b, loc, c(p.n / p.bn), c(p.m / p.bm),
                                      c(p.batch), c(kThreads), c(1), c(1),
                                      shared, /*asyncTokenType=*/nullptr);
  b.setInsertionPointToStart(&launch.getBody().front());
  KernelEmitter(b, loc, p, stages, launch).emit();
  op->erase();
  if (p.zeroFill)
    p.zeroFill->erase();
}

struct GPUTensorCoreMatmulPass
    : dlc::impl::DlcGPUTensorCoreMatmulBase<GPUTensorCoreMatmulPass> {
  using Base::Base;

  void runOnOperation() override {
    if (sliceK != 32 && sliceK != 64) {
      getOperation().emitError()
          << "--dlc-gpu-tensor-core-matmul slice-k must be 32 or 64, got "
          << static_cast<int64_t>(sliceK);
      return signalPassFailure();
    }
    if (stages < 2) {
      getOperation().emitError()
          << "--dlc-gpu-tensor-core-matmul stages must be at least 2, got "
          << static_cast<int64_t>(stages);
      return signalPassFailure();
    }
    SmallVector<std::pair<linalg::LinalgOp, Product>> products;
    getOperation()->walk([&](linalg::LinalgOp op) {
      if (std::optional<Product> p = match(op, wide, sliceK))
        products.push_back({op, *p});
    });
    for (auto &[op, p] : products) {
      int64_t bytes = sharedBytes(stages, p);
      if (bytes > kMaxSharedBytes) {
        op.emitError() << "--dlc-gpu-tensor-core-matmul: "
                       << static_cast<int64_t>(stages) << " stages of " << p.bm
                       << "x" << p.bn << " tiles need " << bytes
                       << " bytes of shared memory, over the 227 KiB a block "
                          "may have on sm_90";
        return signalPassFailure();
      }
      rewrite(op, p, stages);
    }
  }
};

} // namespace
