//===- TensorCoreTile.cpp - Warp-level tensor-core block tile -------------===//

#include "TensorCoreTile.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::dlc::detail;

TensorCoreTile::TensorCoreTile(OpBuilder &b, Location loc, Type elementType,
                               int64_t bm, int64_t bn, int64_t bk)
    : KernelIndexMath(b, loc), elementType(elementType), bm(bm), bn(bn), bk(bk),
      tilesM(bm / kWarpsM / 16), tilesN(bn / kWarpsN / 8) {}

void TensorCoreTile::setThread(Value threadId) {
  tid = threadId;
  Value warp = div(tid, 32);
  lane = rem(tid, 32);
  warpM = div(warp, kWarpsN);
  warpN = rem(warp, kWarpsN);
}

Value TensorCoreTile::swizzleA(Value row, Value c) {
  return bk == 32 ? xorI(c, rem(div(row, 2), 4)) : xorI(c, rem(row, 8));
}

Value TensorCoreTile::swizzleB(Value row, Value c) {
  return xorI(c, rem(row, 8));
}

Value TensorCoreTile::accumulatorRow(int64_t mi, int64_t half) {
  return add(mul(warpM, tilesM * 16),
             add(idx(mi * 16 + half * 8), div(lane, 4)));
}

Value TensorCoreTile::accumulatorColumn(int64_t ni) {
  return add(mul(warpN, tilesN * 8), add(idx(ni * 8), mul(rem(lane, 4), 2)));
}

SmallVector<Value> TensorCoreTile::registers(Value fragment, int64_t rows) {
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

void TensorCoreTile::multiplySlice(Value sharedA, Value sharedB, Value stage,
                                   SmallVectorImpl<Value> &acc, bool kRowsA,
                                   bool nRowsB) {
  auto fragmentType = VectorType::get({4, 2}, elementType);
  Type f32 = b.getF32Type();
  auto accType =
      LLVM::LLVMStructType::getLiteral(b.getContext(), {f32, f32, f32, f32});
  NVVM::MMATypes ptxType =
      elementType.isBF16() ? NVVM::MMATypes::bf16 : NVVM::MMATypes::f16;
  // Lane roles in ldmatrix.x4: lane l gives row l % 8 of matrix l / 8.
  Value laneRow = add(rem(lane, 8), mul(rem(div(lane, 8), 2), 8));
  Value laneHalf = div(lane, 16);
  // The other split of the lanes: row l % 8 of matrix l / 8 when bit 0 of
  // the matrix picks the chunk and bit 1 the eight rows.
  Value laneRow8 = add(rem(lane, 8), mul(laneHalf, 8));
  Value laneChunk = rem(div(lane, 8), 2);
  for (int64_t kk = 0; kk < bk / 16; ++kk) {
    // A fragments: matrices (rows 0-7 | 8-15) x (k 0-7 | 8-15), in the
    // order a0..a3 of mma.sync's A operand.
    SmallVector<SmallVector<Value>> a;
    for (int64_t mi = 0; mi < tilesM; ++mi) {
      Value fragment;
      if (!kRowsA) {
        Value row = add(add(mul(warpM, tilesM * 16), idx(mi * 16)), laneRow);
        Value chunk = add(idx(kk * 2), laneHalf);
        fragment = nvgpu::LdMatrixOp::create(
            b, loc, fragmentType, sharedA,
            ValueRange{stage, row, mul(swizzleA(row, chunk), kChunk)},
            /*transpose=*/false, /*numTiles=*/4);
      } else {
        // K-major: matrix j holds k rows 8 * (j / 2) + (0-7) at the chunk
        // of m 8 * (j % 2) + (0-7); `.trans` hands each lane its (m, k)
        // pair as the non-transposed layout would.
        Value k = add(idx(kk * 16), laneRow8);
        Value m =
            add(add(mul(warpM, tilesM * 16), idx(mi * 16)), mul(laneChunk, 8));
        fragment = nvgpu::LdMatrixOp::create(
            b, loc, fragmentType, sharedA,
            ValueRange{stage, k, mul(swizzleB(k, div(m, kChunk)), kChunk)},
            /*transpose=*/true, /*numTiles=*/4);
      }
      a.push_back(registers(fragment, 4));
    }
    // B fragments, two n8 tiles per ldmatrix.x4: matrices (k 0-7 | 8-15) of
    // the first n8 tile, then of the second.
    SmallVector<SmallVector<Value>> bFrag;
    for (int64_t pair = 0; pair < tilesN / 2; ++pair) {
      Value fragment;
      if (!nRowsB) {
        // K-major: `.trans`; matrix j holds k rows 8 * (j % 2) + (0-7) at
        // the chunk of n 8 * (j / 2) + (0-7).
        Value k = add(idx(kk * 16), laneRow);
        Value n =
            add(add(mul(warpN, tilesN * 8), idx(pair * 16)), mul(laneHalf, 8));
        fragment = nvgpu::LdMatrixOp::create(
            b, loc, fragmentType, sharedB,
            ValueRange{stage, k, mul(swizzleB(k, div(n, kChunk)), kChunk)},
            /*transpose=*/true, /*numTiles=*/4);
      } else {
        // N-major: matrix j holds n rows 8 * (j / 2) + (0-7) at the k chunk
        // 2 kk + j % 2; without `.trans` each lane gets its (k, n) pair.
        Value n = add(add(mul(warpN, tilesN * 8), idx(pair * 16)), laneRow8);
        Value chunk = add(idx(kk * 2), laneChunk);
        fragment = nvgpu::LdMatrixOp::create(
            b, loc, fragmentType, sharedB,
            ValueRange{stage, n, mul(swizzleA(n, chunk), kChunk)},
            /*transpose=*/false, /*numTiles=*/4);
      }
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

linalg::FillOp mlir::dlc::detail::zeroFillBefore(Operation *product,
                                                 Value out) {
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
