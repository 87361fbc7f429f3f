//===- Contractions.cpp - Gathered products on tensor cores ---------------===//
//
// Replaces a bufferized linalg op that sums products of two f16 or bf16
// operands into an f32 or f64 output (a convolution, its input or weight
// gradient, a product with transposed or batched maps) by one `gpu.launch`
// that computes it on tensor cores, reading the operands through their
// indexing maps (an implicit GEMM: no im2col buffer):
//
// - the op is a batch of (X x K) by (K x Y) products (ContractionSides.h):
//   M = X, N = Y; the batch index is on the grid's z axis;
// - each operand's element offset is a linear function of the loops (its
//   maps must be sums of loops times constants), split into the batch's
//   part (once per block), the side's part (once per thread and task) and
//   the K part, which the block tabulates in shared memory for every K
//   position at its start;
// - K advances in slices of 64 (32 where 64 does not divide K): each thread
//   gathers 16-byte rows of 8 elements (A: 8 consecutive K positions of one
//   row; B: 8 consecutive columns of one K position) with scalar loads at
//   side offset + table entry, into registers while the tensor cores
//   multiply the slice before, then stores them into the other of two
//   shared-memory buffers, laid out and swizzled as the tensor-core
//   matmul's (TensorCoreTile.h). Lanes of a warp walk whichever of the side
//   or K the operand holds contiguously, so that their loads coalesce;
// - the epilogue adds the f32 sums to the output (widened for an f64
//   output), or stores them when the op's output was just zero-filled.
//   When the output is a zero-filled accumulator that one elementwise op
//   reads (rounding to bf16, a bias), it applies that op to each sum and
//   stores its result instead, and the accumulator is never allocated
//   (../FusedEpilogue.h).
//
// The products of f16/bf16 values are exact in f32, as in the op's body;
// the sums are f32 in another order (per slice of the block's K), so
// results agree with the CPU path to f32 rounding, not bitwise.
//
//===----------------------------------------------------------------------===//

#include "../ContractionSides.h"
#include "../FusedEpilogue.h"
#include "TensorCoreTile.h"
#include "dlc/CodeGen/GPU/Passes.h"

#include "mlir/Analysis/FlatLinearValueConstraints.h"
#include "mlir/Dialect/Affine/Utils.h"
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
#define GEN_PASS_DEF_DLCGPUTENSORCORECONTRACTIONSPASS
#include "dlc/CodeGen/GPU/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;

namespace {

using dlc::detail::TensorCoreTile;
constexpr int64_t kThreads = TensorCoreTile::kThreads;
using dlc::detail::kMaxGridYZ;
using dlc::detail::kMaxSharedBytes;
using dlc::detail::kWaveBlocks;

/// An operand's element offset from its base pointer: the sum over loops of
/// coefficient x loop, plus a constant.
struct LinearOffset {
  SmallVector<int64_t> coefficients;
  int64_t constant = 0;
};

/// The element offset of `operand` of `op` as a linear function of the
/// op's loops (its indexing map composed with its memref's strided layout;
/// none where the composition divides or takes remainders), and the number
/// of elements from the base pointer that the op may reach.
std::optional<std::pair<LinearOffset, int64_t>>
getOperandOffset(linalg::LinalgOp op, OpOperand &operand) {
  auto type = cast<MemRefType>(operand.get().getType());
  SmallVector<int64_t> strides;
  int64_t offset;
  if (failed(type.getStridesAndOffset(strides, offset)) ||
      ShapedType::isDynamic(offset) ||
      llvm::any_of(strides, ShapedType::isDynamic))
    return std::nullopt;
  AffineMap map = op.getMatchingIndexingMap(&operand);
  AffineMap linear =
      makeStridedLinearLayoutMap(strides, offset, op.getContext()).compose(map);
  // Coefficients of the loops, of any local (division) variables, and the
  // constant.
  SmallVector<int64_t> flat;
  if (failed(getFlattenedAffineExpr(linear.getResult(0), map.getNumDims(),
                                    /*numSymbols=*/0, &flat)) ||
      flat.size() != map.getNumDims() + 1)
    return std::nullopt;
  LinearOffset total;
  total.coefficients.assign(flat.begin(), flat.end() - 1);
  total.constant = flat.back();
  // The furthest element: the memref's last one (the op stays inside it).
  int64_t extent = offset + 1;
  for (auto [size, stride] : llvm::zip(type.getShape(), strides))
    extent += (size - 1) * stride;
  return std::make_pair(total, extent);
}

/// Whether the body of `op` adds the product of its two inputs, each
/// extended from f16/bf16 to f32 and multiplied in f32 (exactly), to the
/// output, itself f32 or f64 (the product then extended to f64).
bool isWidenedProductSum(linalg::LinalgOp op) {
  Block &body = op->getRegion(0).front();
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  auto addf = yield.getValues()[0].getDefiningOp<arith::AddFOp>();
  if (!addf || addf->getBlock() != &body)
    return false;
  Value out = body.getArgument(2), term;
  if (addf.getLhs() == out)
    term = addf.getRhs();
  else if (addf.getRhs() == out)
    term = addf.getLhs();
  else
    return false;
  if (auto widen = term.getDefiningOp<arith::ExtFOp>()) {
    if (!widen.getType().isF64())
      return false;
    term = widen.getIn();
  }
  auto mulf = term.getDefiningOp<arith::MulFOp>();
  if (!mulf || !mulf.getType().isF32())
    return false;
  auto extended = [&](Value v, unsigned arg) {
    auto ext = v.getDefiningOp<arith::ExtFOp>();
    return ext && ext.getIn() == body.getArgument(arg);
  };
  if (!(extended(mulf.getLhs(), 0) && extended(mulf.getRhs(), 1)) &&
      !(extended(mulf.getLhs(), 1) && extended(mulf.getRhs(), 0)))
    return false;
  // Nothing else in the body.
  return llvm::range_size(body.without_terminator()) ==
         (out.getType().isF64() ? 5u : 4u);
}

/// One op to rewrite.
struct Contraction : dlc::detail::ContractionSides {
  Type elementType;
  /// Offsets of the lhs, rhs and output, and how far each reaches.
  LinearOffset offsets[3];
  int64_t extents[3] = {0, 0, 0};
  int64_t bm = 128, bn = 128;
  /// K positions per shared-memory slice: 64, or 32 where 64 does not
  /// divide K.
  int64_t bk = 64;
  /// Whether the lanes of a warp walk A's rows (else its K positions), and
  /// B's K positions (else its columns).
  bool aAlongSide = false, bAlongK = false;
  linalg::FillOp zeroFill;
  /// The elementwise op the kernel applies to its sums and stores instead,
  /// when the output is a zero-filled accumulator only that op reads.
  std::optional<dlc::detail::FusedEpilogue> epilogue;

  int64_t tilesM() const { return (x + bm - 1) / bm; }
  int64_t tilesN() const { return (y + bn - 1) / bn; }
  /// Bytes of shared memory: two buffers of A slices, two of B slices,
  /// then the two K tables (32-bit offsets).
  int64_t ringBytesA() const { return 2 * bm * bk * 2; }
  int64_t ringBytesB() const { return 2 * bk * bn * 2; }
  int64_t tableBytes() const { return k * 4; }
  int64_t sharedBytes() const {
    return ringBytesA() + ringBytesB() + 2 * tableBytes();
  }
};

/// The contraction of `op` when it fits the kernel, else std::nullopt; its
/// epilogue fused (../FusedEpilogue.h) when `fuse` and it can be.
std::optional<Contraction> match(linalg::LinalgOp op, bool fuse) {
  std::optional<dlc::detail::ContractionSides> sides =
      dlc::detail::getContractionSides(op);
  if (!sides)
    return std::nullopt;
  Contraction c;
  static_cast<dlc::detail::ContractionSides &>(c) = *sides;
  Type lhs = cast<MemRefType>(op.getDpsInputs()[0].getType()).getElementType();
  Type rhs = cast<MemRefType>(op.getDpsInputs()[1].getType()).getElementType();
  Type out = cast<MemRefType>(op.getDpsInits()[0].getType()).getElementType();
  if (!(lhs.isF16() || lhs.isBF16()) || rhs != lhs ||
      !(out.isF32() || out.isF64()) || !isWidenedProductSum(op))
    return std::nullopt;
  c.elementType = lhs;
  if (c.x < 16 || c.y < 16 || c.k % 32 != 0 || c.batch > kMaxGridYZ)
    return std::nullopt;
  c.bk = c.k % 64 == 0 ? 64 : 32;
  for (unsigned i = 0; i < 3; ++i) {
    auto offset = getOperandOffset(op, op->getOpOperand(i));
    // 32-bit table entries and side offsets.
    if (!offset || offset->second >= (int64_t(1) << 31))
      return std::nullopt;
    std::tie(c.offsets[i], c.extents[i]) = *offset;
  }
  // 128 along a side, unless 64 fits it better.
  auto tile = [](int64_t side) {
    return side % 128 != 0 && (side % 64 == 0 || side <= 96) ? 64 : 128;
  };
  c.bm = tile(c.x);
  c.bn = tile(c.y);
  // Smaller tiles where 128-row or -column tiles would leave
  // multiprocessors idle.
  if (c.tilesM() * c.tilesN() * c.batch < kWaveBlocks)
    c.bm = 64;
  if (c.tilesM() * c.tilesN() * c.batch < kWaveBlocks)
    c.bn = 64;
  if (c.tilesM() > kMaxGridYZ || c.sharedBytes() > kMaxSharedBytes)
    return std::nullopt;
  auto coefficient = [&](unsigned operand, ArrayRef<unsigned> dims) {
    return dims.empty() ? 0 : c.offsets[operand].coefficients[dims.back()];
  };
  c.aAlongSide = coefficient(0, c.xDims) == 1;
  c.bAlongK = coefficient(1, c.kDims) == 1 && coefficient(1, c.yDims) != 1;
  c.zeroFill = dlc::detail::zeroFillBefore(op, op.getDpsInits()[0]);
  if (c.zeroFill && fuse) {
    c.epilogue = dlc::detail::FusedEpilogue::match(op);
    if (c.epilogue && c.epilogue->fill != c.zeroFill)
      c.epilogue.reset();
  }
  return c;
}

/// Emits the kernel of one contraction inside its launch.
class KernelEmitter : TensorCoreTile {
public:
  KernelEmitter(OpBuilder &b, Location loc, const Contraction &c,
                gpu::LaunchOp launch)
      : TensorCoreTile(b, loc, c.elementType, c.bm, c.bn, c.bk), c(c),
        launch(launch) {}

  void emit();

private:
  Value minU(Value x, int64_t bound) {
    return arith::MinUIOp::create(b, loc, x, idx(bound));
  }
  Value addI(Value x, Value y) { return arith::AddIOp::create(b, loc, x, y); }

  /// sum over `dims` of coefficient x loop, the loops delinearized from
  /// `linear` (last fastest).
  Value offsetOf(Value linear, ArrayRef<unsigned> dims,
                 const LinearOffset &offset);
  /// `operand` as a 1-D memref from its base pointer.
  Value flat(unsigned operand);

  /// Fills the K tables of both operands.
  void fillTables();
  /// The tasks of a thread, the same for every slice: 16-byte rows of 8
  /// elements, each a (row, chunk) of the slice (A: a tile row; B: a K
  /// position).
  void setTasks();
  int64_t tasksA() const { return c.bm * c.bk / kChunk / kThreads; }
  int64_t tasksB() const { return c.bn * c.bk / kChunk / kThreads; }

  /// Gathers this thread's elements of K slice `slice` into registers.
  SmallVector<Value> loadSlice(Value slice);
  /// Stores them into buffer `stage` of the rings.
  void storeSlice(ArrayRef<Value> values, Value stage);
  /// Adds (or stores) the sums to the output.
  void storeAccumulators(ArrayRef<Value> acc);
  /// Sets `loops[d]` for `dims` from their linear position `linear`.
  void delinearize(Value linear, ArrayRef<unsigned> dims,
                   SmallVectorImpl<Value> &loops) {
    KernelIndexMath::delinearize(linear, dims, c.ranges, loops);
  }

  const Contraction &c;
  gpu::LaunchOp launch;
  Value sharedA, sharedB, tableA, tableB, flatA, flatB;
  Value rowBase, colBase;
  SmallVector<std::pair<Value, Value>> tasksOfA, tasksOfB;
  /// Per task of A: its side offset (batch part included); per task of B:
  /// those of its 8 columns.
  SmallVector<Value> sideA, sideB;
  Value outBase;
};

Value KernelEmitter::offsetOf(Value linear, ArrayRef<unsigned> dims,
                              const LinearOffset &offset) {
  Value sum = idx(0);
  for (unsigned d : llvm::reverse(dims)) {
    int64_t range = c.ranges[d];
    Value loop = range == 1 ? idx(0) : rem(linear, range);
    linear = div(linear, range);
    if (int64_t coefficient = offset.coefficients[d])
      sum = addI(sum, arith::MulIOp::create(b, loc, loop, idx(coefficient)));
  }
  return sum;
}

Value KernelEmitter::flat(unsigned operand) {
  Value v = c.op->getOperand(operand);
  auto type = cast<MemRefType>(v.getType());
  auto flatType =
      MemRefType::get({c.extents[operand]}, type.getElementType(),
                      MemRefLayoutAttrInterface(), type.getMemorySpace());
  return memref::ReinterpretCastOp::create(
      b, loc, flatType, v, /*offset=*/0,
      /*sizes=*/ArrayRef<int64_t>{c.extents[operand]},
      /*strides=*/ArrayRef<int64_t>{1});
}

void KernelEmitter::fillTables() {
  auto loop = scf::ForOp::create(b, loc, tid, idx(c.k), idx(kThreads));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(loop.getBody());
  Value k = loop.getInductionVar();
  for (unsigned operand = 0; operand < 2; ++operand) {
    Value entry = offsetOf(k, c.kDims, c.offsets[operand]);
    entry = arith::IndexCastOp::create(b, loc, b.getI32Type(), entry);
    memref::StoreOp::create(b, loc, entry, operand ? tableB : tableA, k);
  }
}

void KernelEmitter::setTasks() {
  int64_t chunksA = c.bk / kChunk, chunksB = c.bn / kChunk;
  for (int64_t i = 0; i < tasksA(); ++i) {
    Value id = add(tid, idx(i * kThreads));
    tasksOfA.push_back(c.aAlongSide
                           ? std::pair(rem(id, c.bm), div(id, c.bm))
                           : std::pair(div(id, chunksA), rem(id, chunksA)));
  }
  for (int64_t i = 0; i < tasksB(); ++i) {
    Value id = add(tid, idx(i * kThreads));
    tasksOfB.push_back(c.bAlongK
                           ? std::pair(rem(id, c.bk), div(id, c.bk))
                           : std::pair(div(id, chunksB), rem(id, chunksB)));
  }
}

SmallVector<Value> KernelEmitter::loadSlice(Value slice) {
  SmallVector<Value> values;
  Value k0 = mul(slice, c.bk);
  auto entries = VectorType::get({kChunk}, b.getI32Type());
  auto toIndex = [&](Value v) {
    return arith::IndexCastOp::create(b, loc, b.getIndexType(), v);
  };
  for (int64_t i = 0; i < tasksA(); ++i) {
    Value chunk = tasksOfA[i].second;
    Value table = vector::LoadOp::create(
        b, loc, entries, tableA, ValueRange{add(k0, mul(chunk, kChunk))},
        /*nontemporal=*/false, llvm::MaybeAlign(16));
    for (int64_t e = 0; e < kChunk; ++e) {
      Value entry = toIndex(vector::ExtractOp::create(b, loc, table, e));
      values.push_back(
          memref::LoadOp::create(b, loc, flatA, addI(sideA[i], entry)));
    }
  }
  for (int64_t i = 0; i < tasksB(); ++i) {
    Value row = tasksOfB[i].first;
    Value entry = toIndex(memref::LoadOp::create(b, loc, tableB, add(k0, row)));
    for (int64_t e = 0; e < kChunk; ++e)
      values.push_back(memref::LoadOp::create(
          b, loc, flatB, addI(sideB[i * kChunk + e], entry)));
  }
  return values;
}

void KernelEmitter::storeSlice(ArrayRef<Value> values, Value stage) {
  auto rowType = VectorType::get({kChunk}, c.elementType);
  llvm::MaybeAlign align(16);
  size_t next = 0;
  auto pack = [&] {
    Value v = vector::FromElementsOp::create(b, loc, rowType,
                                             values.slice(next, kChunk));
    next += kChunk;
    return v;
  };
  for (auto [row, chunk] : tasksOfA) {
    vector::StoreOp::create(
        b, loc, pack(), sharedA,
        ValueRange{stage, row, mul(swizzleA(row, chunk), kChunk)},
        /*nontemporal=*/false, align);
  }
  for (auto [row, chunk] : tasksOfB) {
    vector::StoreOp::create(
        b, loc, pack(), sharedB,
        ValueRange{stage, row, mul(swizzleB(row, chunk), kChunk)},
        /*nontemporal=*/false, align);
  }
}

void KernelEmitter::storeAccumulators(ArrayRef<Value> acc) {
  // A fused epilogue stores into its own output; the accumulator is then
  // erased, so the kernel must not refer to it.
  Value out = c.epilogue ? Value() : flat(2);
  AffineMap outMap = c.op.getMatchingIndexingMap(&c.op->getOpOperand(2));
  Type outType =
      cast<MemRefType>(c.op.getDpsInits()[0].getType()).getElementType();
  bool edges = c.x % c.bm != 0 || c.y % c.bn != 0;
  auto less = [&](Value v, int64_t bound) {
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, v,
                                 idx(bound));
  };
  // Side offsets of the thread's rows and columns in the output.
  SmallVector<Value> rows, rowOffsets, cols, colOffsets;
  for (int64_t mi = 0; mi < tilesM; ++mi) {
    for (int64_t half = 0; half < 2; ++half) {
      Value row = add(rowBase, accumulatorRow(mi, half));
      rows.push_back(row);
      rowOffsets.push_back(offsetOf(minU(row, c.x - 1), c.xDims, c.offsets[2]));
    }
  }
  for (int64_t ni = 0; ni < tilesN; ++ni) {
    for (int64_t j = 0; j < 2; ++j) {
      Value col = add(add(colBase, accumulatorColumn(ni)), idx(j));
      cols.push_back(col);
      colOffsets.push_back(offsetOf(minU(col, c.y - 1), c.yDims, c.offsets[2]));
    }
  }
  for (int64_t mi = 0; mi < tilesM; ++mi) {
    for (int64_t half = 0; half < 2; ++half) {
      for (int64_t ni = 0; ni < tilesN; ++ni) {
        for (int64_t j = 0; j < 2; ++j) {
          OpBuilder::InsertionGuard guard(b);
          int64_t r = mi * 2 + half, col = ni * 2 + j;
          if (edges) {
            Value inRange = arith::AndIOp::create(b, loc, less(rows[r], c.x),
                                                  less(cols[col], c.y));
            auto ifOp = scf::IfOp::create(b, loc, inRange, /*withElse=*/false);
            b.setInsertionPointToStart(ifOp.thenBlock());
          }
          Value sum = acc[accumulatorIndex(mi, ni, half) + j];
          if (outType.isF64())
            sum = arith::ExtFOp::create(b, loc, outType, sum);
          if (c.epilogue) {
            // The element's loops, then its indices in the accumulator.
            SmallVector<Value> loops(c.ranges.size());
            delinearize(launch.getBlockIds().z, c.batchDims, loops);
            delinearize(rows[r], c.xDims, loops);
            delinearize(cols[col], c.yDims, loops);
            SmallVector<Value> indices;
            for (AffineExpr e : outMap.getResults())
              indices.push_back(affine::expandAffineExpr(b, loc, e, loops, {}));
            c.epilogue->emitElement(b, loc, sum, indices);
            continue;
          }
          Value at = addI(outBase, addI(rowOffsets[r], colOffsets[col]));
          if (!c.zeroFill)
            sum = arith::AddFOp::create(
                b, loc, memref::LoadOp::create(b, loc, out, at), sum);
          memref::StoreOp::create(b, loc, sum, out, at);
        }
      }
    }
  }
}

void KernelEmitter::emit() {
  setThread(launch.getThreadIds().x);
  // Shared memory: the A and B rings, then the K tables.
  auto workgroup =
      gpu::AddressSpaceAttr::get(b.getContext(), gpu::AddressSpace::Workgroup);
  auto bytesType = MemRefType::get({ShapedType::kDynamic}, b.getI8Type(),
                                   MemRefLayoutAttrInterface(), workgroup);
  Value bytes = gpu::DynamicSharedMemoryOp::create(b, loc, bytesType);
  auto shared = [&](ArrayRef<int64_t> shape, Type type, int64_t offset) {
    return memref::ViewOp::create(
        b, loc,
        MemRefType::get(shape, type, MemRefLayoutAttrInterface(), workgroup),
        bytes, idx(offset), ValueRange{});
  };
  int64_t rings = c.ringBytesA() + c.ringBytesB();
  sharedA = shared({2, c.bm, c.bk}, c.elementType, 0);
  sharedB = shared({2, c.bk, c.bn}, c.elementType, c.ringBytesA());
  tableA = shared({c.k}, b.getI32Type(), rings);
  tableB = shared({c.k}, b.getI32Type(), rings + c.tableBytes());
  flatA = flat(0);
  flatB = flat(1);

  // The batch's part of each offset, and the block's place.
  SmallVector<Value> bases;
  for (unsigned operand = 0; operand < 3; ++operand)
    bases.push_back(
        add(offsetOf(launch.getBlockIds().z, c.batchDims, c.offsets[operand]),
            idx(c.offsets[operand].constant)));
  outBase = bases[2];
  rowBase = mul(launch.getBlockIds().y, c.bm);
  colBase = mul(launch.getBlockIds().x, c.bn);
  setTasks();
  for (auto [row, chunk] : tasksOfA) {
    row = minU(add(rowBase, row), c.x - 1);
    sideA.push_back(addI(bases[0], offsetOf(row, c.xDims, c.offsets[0])));
  }
  for (auto [row, chunk] : tasksOfB) {
    Value col = add(colBase, mul(chunk, kChunk));
    for (int64_t e = 0; e < kChunk; ++e)
      sideB.push_back(addI(bases[1], offsetOf(minU(add(col, idx(e)), c.y - 1),
                                              c.yDims, c.offsets[1])));
  }
  fillTables();
  gpu::BarrierOp::create(b, loc);

  // Slice 0 into buffer 0; then per slice: gather the next one into
  // registers, multiply this one, store the next one into the other buffer.
  int64_t slices = c.k / c.bk;
  storeSlice(loadSlice(idx(0)), idx(0));
  gpu::BarrierOp::create(b, loc);
  Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0));
  SmallVector<Value> init(accumulators(), zero);
  auto loop = scf::ForOp::create(b, loc, idx(0), idx(slices), idx(1), init);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    Value slice = loop.getInductionVar();
    // The last iteration gathers its own slice again, into the buffer no
    // one reads any more.
    Value next = minU(add(slice, idx(1)), slices - 1);
    SmallVector<Value> staged = loadSlice(next);
    SmallVector<Value> acc(loop.getRegionIterArgs());
    multiplySlice(sharedA, sharedB, rem(slice, 2), acc);
    storeSlice(staged, rem(add(slice, idx(1)), 2));
    gpu::BarrierOp::create(b, loc);
    scf::YieldOp::create(b, loc, acc);
  }
  storeAccumulators(SmallVector<Value>(loop.getResults()));
  gpu::TerminatorOp::create(b, loc);
}

/// Replaces the op of `c` with the launch of its kernel.
void rewrite(const Contraction &c) {
  if (c.epilogue)
    c.epilogue->prepare(c.op);
  OpBuilder b(c.op);
  Location loc = c.op.getLoc();
  auto cst = [&](int64_t v) {
    return arith::ConstantIndexOp::create(b, loc, v);
  };
  Value shared =
      arith::ConstantIntOp::create(b, loc, b.getI32Type(), c.sharedBytes());
  auto launch =
      gpu::LaunchOp::create(b, loc, cst(c.tilesN()), cst(c.tilesM()),
                            cst(c.batch), cst(kThreads), cst(1), cst(1), shared,
                            /*asyncTokenType=*/nullptr);
  b.setInsertionPointToStart(&launch.getBody().front());
  KernelEmitter(b, loc, c, launch).emit();
  c.op->erase();
  if (c.epilogue)
    c.epilogue->finish(); // erases the fill too
  else if (c.zeroFill)
    c.zeroFill->erase();
}

struct GPUTensorCoreContractionsPass
    : dlc::impl::DlcGPUTensorCoreContractionsPassBase<
          GPUTensorCoreContractionsPass> {
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
  /// `--remarks-filter=dlc-gpu-tensor-core-contractions`.
  void reportCounts(unsigned kernels) {
    if (kernels == 0)
      return;
    numKernels += kernels;
    func::FuncOp func = getOperation();
    remark::analysis(func.getLoc(), remark::RemarkOpts::name("kernels")
                                        .category(getArgument())
                                        .function(func.getSymName()))
        << remark::metric("tensor-core-contraction-kernels", kernels);
  }
};

} // namespace
