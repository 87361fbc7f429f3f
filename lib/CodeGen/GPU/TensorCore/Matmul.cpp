//===- Matmul.cpp - f16/bf16 products on tensor cores ---------------------===//
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
//   output was not just zero-filled, it adds them to what it holds. When
//   the output is a zero-filled accumulator that one elementwise op reads
//   (bias, activation, rounding to bf16), it applies that op to each sum and
//   stores its result instead, and the accumulator is never allocated
//   (../FusedEpilogue.h).
//
// The sums are f32 sums of exact f16/bf16 products, as on the CPU path, but
// in a different order, so results agree to f32 rounding, not bitwise.
// Products whose sizes do not divide into the tiles are left to the generic
// loop mapping.
//
//===----------------------------------------------------------------------===//

#include "../FusedEpilogue.h"
#include "TensorCoreTile.h"
#include "dlc/CodeGen/GPU/Passes.h"

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
#include "mlir/IR/Remarks.h"

namespace mlir::dlc {
#define GEN_PASS_DEF_DLCGPUTENSORCOREMATMULPASS
#include "dlc/CodeGen/GPU/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;

namespace {

using dlc::detail::TensorCoreTile;
using dlc::detail::zeroFillBefore;
constexpr int64_t kThreads = TensorCoreTile::kThreads;
using dlc::detail::kMaxSharedBytes;
using dlc::detail::kWaveBlocks;

/// One product to rewrite: operands, sizes, and the block tile.
struct Product {
  Value lhs, rhs, out;
  bool batched = false;
  /// A batch_matmul whose lhs [M, K] every batch shares (a pointwise
  /// convolution's weight).
  bool sharedLhs = false;
  /// The lhs is read transposed (it is [K, M]) / the rhs is ([N, K]).
  bool transposeLhs = false, transposeRhs = false;
  int64_t batch = 1, m = 0, n = 0, k = 0;
  int64_t bm = 0, bn = 0;
  int64_t bk = 32; ///< K elements per shared-memory slice (32 or 64)
  /// The zero fill of the output just before the product, which the kernel
  /// makes unnecessary (it stores its sums instead of adding them).
  linalg::FillOp zeroFill;
  /// The elementwise op the kernel applies to its sums and stores instead,
  /// when the output is a zero-filled accumulator only that op reads.
  std::optional<dlc::detail::FusedEpilogue> epilogue;
};

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

/// The product of `op` when it fits the kernel, else std::nullopt; its
/// epilogue fused (../FusedEpilogue.h) when `fuse` and it can be.
std::optional<Product> match(linalg::LinalgOp op, bool wide, int64_t sliceK,
                             bool fuse) {
  if (!op.hasPureBufferSemantics())
    return std::nullopt;
  auto matmul = dyn_cast<linalg::MatmulOp>(op.getOperation());
  auto batchMatmul = dyn_cast<linalg::BatchMatmulOp>(op.getOperation());
  if (!matmul && !batchMatmul)
    return std::nullopt;
  // The default indexing, either operand read transposed, or a batch that
  // shares its lhs.
  Product p;
  if (op.getNumLoops() != (matmul ? 3u : 4u))
    return std::nullopt;
  if (matmul ? matmul.hasUserDefinedMaps() : batchMatmul.hasUserDefinedMaps()) {
    MLIRContext *ctx = op.getContext();
    unsigned batchLoops = matmul ? 0 : 1, loops = batchLoops + 3;
    auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
    auto map = [&](ArrayRef<AffineExpr> inner, bool batch) {
      SmallVector<AffineExpr> results;
      if (batch)
        results.push_back(d(0));
      results.append(inner.begin(), inner.end());
      return AffineMap::get(loops, 0, results, ctx);
    };
    AffineExpr m = d(batchLoops), n = d(batchLoops + 1), k = d(batchLoops + 2);
    SmallVector<AffineMap> maps = op.getIndexingMapsArray();
    bool batch = batchLoops == 1;
    if (maps[2] != map({m, n}, batch))
      return std::nullopt;
    if (batch && maps[0] == map({m, k}, false) &&
        maps[1] == map({k, n}, true)) {
      p.sharedLhs = true;
    } else {
      p.transposeLhs = maps[0] == map({k, m}, batch);
      p.transposeRhs = maps[1] == map({n, k}, batch);
      if ((!p.transposeLhs && maps[0] != map({m, k}, batch)) ||
          (!p.transposeRhs && maps[1] != map({k, n}, batch)))
        return std::nullopt;
    }
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
  p.m = lt.getDimSize(r - (p.transposeLhs ? 1 : 2));
  p.k = lt.getDimSize(r - (p.transposeLhs ? 2 : 1));
  p.n = rt.getDimSize(rt.getRank() - (p.transposeRhs ? 2 : 1));
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
  if (p.zeroFill && fuse) {
    p.epilogue = dlc::detail::FusedEpilogue::match(op);
    if (p.epilogue && p.epilogue->fill != p.zeroFill)
      p.epilogue.reset();
  }
  return p;
}

/// Emits the kernel of one product inside its launch.
class KernelEmitter : dlc::detail::TensorCoreTile {
public:
  KernelEmitter(OpBuilder &b, Location loc, const Product &p, int64_t stages,
                gpu::LaunchOp launch)
      : TensorCoreTile(b, loc,
                       cast<MemRefType>(p.lhs.getType()).getElementType(), p.bm,
                       p.bn, p.bk),
        p(p), stages(stages), launch(launch) {}

  void emit();

private:
  /// Global indices of element (i, j) of an operand of the product (`lhs`:
  /// of A, which may be shared by the batch).
  SmallVector<Value> global(Value i, Value j, bool lhs = false) {
    if (p.batched && !(lhs && p.sharedLhs))
      return {launch.getBlockIds().z, i, j};
    return {i, j};
  }

  /// Issues the copies of K slice `slice` into ring buffer `stage`.
  void loadSlice(Value slice, Value stage);
  /// Adds the accumulators to the output.
  void storeAccumulators(ArrayRef<Value> acc);

  const Product &p;
  int64_t stages;
  gpu::LaunchOp launch;
  Value rowBase, colBase, sharedA, sharedB;
};

void KernelEmitter::loadSlice(Value slice, Value stage) {
  Value k0 = mul(slice, p.bk);
  // `rows` rows of `perRow` 16-byte chunks into `ring`, row i and chunk c
  // from (outer + i, inner + 8 c) of `operand`: rows along K are swizzled as
  // B's (swizzleB), rows along M or N as A's (swizzleA).
  auto copy = [&](Value ring, Value operand, bool lhs, int64_t rows,
                  int64_t perRow, Value outer, Value inner, bool rowsAlongK) {
    for (int64_t i = 0; i < rows * perRow / kThreads; ++i) {
      Value id = add(tid, idx(i * kThreads));
      Value row = div(id, perRow), c = rem(id, perRow);
      Value chunk = rowsAlongK ? swizzleB(row, c) : swizzleA(row, c);
      nvgpu::DeviceAsyncCopyOp::create(
          b, loc, nvgpu::DeviceAsyncTokenType::get(b.getContext()), ring,
          ValueRange{stage, row, mul(chunk, kChunk)}, operand,
          global(add(outer, row), add(inner, mul(c, kChunk)), lhs),
          b.getIndexAttr(kChunk), /*srcElements=*/Value(),
          /*bypassL1=*/b.getUnitAttr());
    }
  };
  // A: BM rows of BK/8 chunks; read transposed, BK rows of BM/8 chunks.
  if (!p.transposeLhs)
    copy(sharedA, p.lhs, /*lhs=*/true, p.bm, p.bk / kChunk, rowBase, k0,
         /*rowsAlongK=*/false);
  else
    copy(sharedA, p.lhs, /*lhs=*/true, p.bk, p.bm / kChunk, k0, rowBase,
         /*rowsAlongK=*/true);
  // B: BK rows of BN/8 chunks; read transposed, BN rows of BK/8 chunks.
  if (!p.transposeRhs)
    copy(sharedB, p.rhs, /*lhs=*/false, p.bk, p.bn / kChunk, k0, colBase,
         /*rowsAlongK=*/true);
  else
    copy(sharedB, p.rhs, /*lhs=*/false, p.bn, p.bk / kChunk, colBase, k0,
         /*rowsAlongK=*/false);
}

void KernelEmitter::storeAccumulators(ArrayRef<Value> acc) {
  // Each pair of accumulators is one 8-byte access.
  auto pairType = VectorType::get({2}, b.getF32Type());
  llvm::MaybeAlign align(8);
  for (int64_t mi = 0; mi < tilesM; ++mi) {
    for (int64_t ni = 0; ni < tilesN; ++ni) {
      Value col = add(colBase, accumulatorColumn(ni));
      for (int64_t half = 0; half < 2; ++half) {
        SmallVector<Value> at =
            global(add(rowBase, accumulatorRow(mi, half)), col);
        int64_t first = accumulatorIndex(mi, ni, half);
        if (p.epilogue) {
          for (int64_t j = 0; j < 2; ++j) {
            SmallVector<Value> element(at);
            element.back() = add(element.back(), idx(j));
            p.epilogue->emitElement(b, loc, acc[first + j], element);
          }
          continue;
        }
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
  // The rings of A and B slices, one after the other in dynamic shared
  // memory.
  auto workgroup =
      gpu::AddressSpaceAttr::get(b.getContext(), gpu::AddressSpace::Workgroup);
  auto bytesType = MemRefType::get({ShapedType::kDynamic}, b.getI8Type(),
                                   MemRefLayoutAttrInterface(), workgroup);
  auto ringA = MemRefType::get(
      {stages, p.transposeLhs ? p.bk : p.bm, p.transposeLhs ? p.bm : p.bk},
      elementType, MemRefLayoutAttrInterface(), workgroup);
  auto ringB = MemRefType::get(
      {stages, p.transposeRhs ? p.bn : p.bk, p.transposeRhs ? p.bk : p.bn},
      elementType, MemRefLayoutAttrInterface(), workgroup);
  Value shared = gpu::DynamicSharedMemoryOp::create(b, loc, bytesType);
  sharedA = memref::ViewOp::create(b, loc, ringA, shared, idx(0), {});
  sharedB = memref::ViewOp::create(b, loc, ringB, shared,
                                   idx(ringBytes(stages, p.bm, p)), {});
  setThread(launch.getThreadIds().x);
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
  SmallVector<Value> init(accumulators(), zero);
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
    multiplySlice(sharedA, sharedB, rem(slice, stages), acc, p.transposeLhs,
                  p.transposeRhs);
    scf::YieldOp::create(b, loc, acc);
  }
  NVVM::CpAsyncWaitGroupOp::create(b, loc, 0);
  storeAccumulators(SmallVector<Value>(loop.getResults()));
  gpu::TerminatorOp::create(b, loc);
}

/// Replaces `op` with the launch of its tensor-core kernel.
void rewrite(linalg::LinalgOp op, const Product &p, int64_t stages) {
  if (p.epilogue)
    p.epilogue->prepare(op);
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
  if (p.epilogue)
    p.epilogue->finish(); // erases the fill too
  else if (p.zeroFill)
    p.zeroFill->erase();
}

struct GPUTensorCoreMatmulPass
    : dlc::impl::DlcGPUTensorCoreMatmulPassBase<GPUTensorCoreMatmulPass> {
  using Base::Base;

  void runOnOperation() override {
    if (sliceK != 32 && sliceK != 64) {
      getOperation().emitError()
          << "--dlc-gpu-tensor-core-matmul slice-k must be 32 or 64, got "
          << static_cast<int64_t>(sliceK);
      return signalPassFailure();
    }
    // At most 32, as the GPU pipeline takes it: more never fits in shared
    // memory, and the ring's byte count is then computed without overflow.
    if (stages < 2 || stages > 32) {
      getOperation().emitError()
          << "--dlc-gpu-tensor-core-matmul stages must be in [2, 32], got "
          << static_cast<int64_t>(stages);
      return signalPassFailure();
    }
    SmallVector<std::pair<linalg::LinalgOp, Product>> products;
    getOperation()->walk([&](linalg::LinalgOp op) {
      if (std::optional<Product> p = match(op, wide, sliceK, fuseEpilogue))
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
    reportCounts(products.size());
  }

  /// Adds the function's count to the statistic, which an LLVM built without
  /// statistics (a release build) neither keeps nor prints, and reports it as
  /// an analysis remark, which every build prints under
  /// `--remarks-filter=dlc-gpu-tensor-core-matmul`.
  void reportCounts(unsigned kernels) {
    if (kernels == 0)
      return;
    numKernels += kernels;
    func::FuncOp func = getOperation();
    remark::analysis(func.getLoc(), remark::RemarkOpts::name("kernels")
                                        .category(getArgument())
                                        .function(func.getSymName()))
        << remark::metric("tensor-core-matmul-kernels", kernels);
  }
};

} // namespace
