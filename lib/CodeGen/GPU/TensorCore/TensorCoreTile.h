//===- TensorCoreTile.h - Warp-level tensor-core block tile -----*- C++ -*-===//
//
// The part the two tensor-core kernel emitters share
// (GPUTensorCoreMatmul.cpp, GPUTensorCoreContractions.cpp): a block of
// 2 x 4 warps computes a BM x BN tile of f32 sums from K slices that the
// kernel has put in shared memory,
//
// - A slices as [stage][BM][BK] (K contiguous), B slices as [stage][BK][BN]
//   (N contiguous), each row made of 16-byte chunks stored at a swizzled
//   chunk position (swizzleA, swizzleB) so that the eight rows one `ldmatrix`
//   phase reads fall in distinct banks;
// - fragments are read with `ldmatrix` (`.trans` for B) and multiplied with
//   `mma.sync` m16n8k16 into f32 registers, four per m16n8 tile.
//
// How slices get into shared memory and where the sums go is the kernel's.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_LIB_CODEGEN_TENSORCORETILE_H
#define DLC_LIB_CODEGEN_TENSORCORETILE_H

#include "../KernelIndexMath.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"

namespace mlir::dlc::detail {

/// Streaming multiprocessors the tile choices assume (an H100 SXM has 132):
/// a grid of fewer blocks leaves some idle.
constexpr int64_t kWaveBlocks = 132;
/// Shared memory a block may opt into on sm_90.
constexpr int64_t kMaxSharedBytes = 227 * 1024;

class TensorCoreTile : protected KernelIndexMath {
public:
  static constexpr int64_t kWarpsM = 2, kWarpsN = 4;
  static constexpr int64_t kThreads = 32 * kWarpsM * kWarpsN;
  /// Elements of a 16-byte chunk.
  static constexpr int64_t kChunk = 8;

protected:
  /// A BM x BN tile (multiples of 32 and 64) of f16 or bf16 products, K
  /// slices of `bk` (32 or 64).
  TensorCoreTile(OpBuilder &b, Location loc, Type elementType, int64_t bm,
                 int64_t bn, int64_t bk);

  /// Derives the lane and the warp's place from the thread index `tid`.
  void setThread(Value tid);

  Value xorI(Value x, Value y) { return arith::XOrIOp::create(b, loc, x, y); }

  /// The physical chunk of logical chunk `c` in row `row` of an A slice
  /// (BK/8 chunks a row) or of a B slice (BN/8 chunks a row).
  Value swizzleA(Value row, Value c);
  Value swizzleB(Value row, Value c);

  /// Accumulators of a thread: four f32 per m16n8 tile.
  int64_t accumulators() const { return tilesM * tilesN * 4; }
  /// Accumulator `2 * half + j` of tile (mi, ni) is at row
  /// accumulatorRow(mi, half) and column accumulatorColumn(ni) + j of the
  /// block tile.
  Value accumulatorRow(int64_t mi, int64_t half);
  Value accumulatorColumn(int64_t ni);
  /// Index of accumulator `2 * half + j` of tile (mi, ni).
  int64_t accumulatorIndex(int64_t mi, int64_t ni, int64_t half) const {
    return (mi * tilesN + ni) * 4 + half * 2;
  }

  /// The products of the K slice in ring buffer `stage` of `sharedA` and
  /// `sharedB`, added to `acc`. A slice of A is BM rows of BK (chunks
  /// swizzled by swizzleA), or with `kRowsA` BK rows of BM (swizzleB); a
  /// slice of B is BK rows of BN (swizzleB), or with `nRowsB` BN rows of BK
  /// (swizzleA): the layouts of an operand read transposed, K-major for A
  /// and N-major for B, which ldmatrix reads with and without `.trans`.
  void multiplySlice(Value sharedA, Value sharedB, Value stage,
                     SmallVectorImpl<Value> &acc, bool kRowsA = false,
                     bool nRowsB = false);

  Type elementType;
  int64_t bm, bn, bk;
  int64_t tilesM, tilesN; ///< m16 and n8 tiles of a warp
  Value tid, lane, warpM, warpN;

private:
  /// Splits a fragment of `rows` 32-bit registers into mma.sync operands.
  SmallVector<Value> registers(Value fragment, int64_t rows);
};

/// The `linalg.fill` of zero into `out` when it is the last op before
/// `product` to use `out`, else null. A kernel that stores its sums instead
/// of adding them to `out` makes such a fill unnecessary. (The arena planner
/// gives `out` memory of its own from its first write to its last use, so
/// other buffers cannot write it in between.)
linalg::FillOp zeroFillBefore(Operation *product, Value out);

} // namespace mlir::dlc::detail

#endif // DLC_LIB_CODEGEN_TENSORCORETILE_H
