//===- KernelIndexMath.h - Index arithmetic for kernel emitters -*- C++ -*-===//
//
// The unsigned index arithmetic with constant operands that the GPU kernel
// emitters (GPUTensorCoreMatmul.cpp, GPUTileContractions.cpp) write inside
// their launches: thread and tile positions are never negative.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_LIB_CODEGEN_KERNELINDEXMATH_H
#define DLC_LIB_CODEGEN_KERNELINDEXMATH_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/STLExtras.h"

namespace mlir::dlc::detail {

/// Most blocks a launch grid's y and z axes take.
constexpr int64_t kMaxGridYZ = 65535;

/// Builds index arithmetic at `b`'s insertion point.
class KernelIndexMath {
protected:
  KernelIndexMath(OpBuilder &b, Location loc) : b(b), loc(loc) {}

  Value idx(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
  Value add(Value x, Value y) { return arith::AddIOp::create(b, loc, x, y); }
  Value mul(Value x, int64_t c) {
    return arith::MulIOp::create(b, loc, x, idx(c));
  }
  Value div(Value x, int64_t c) {
    return arith::DivUIOp::create(b, loc, x, idx(c));
  }
  Value rem(Value x, int64_t c) {
    return arith::RemUIOp::create(b, loc, x, idx(c));
  }

  /// Sets `loops[d]` for the loops `dims` (of `ranges`) from their linear
  /// position `linear`, the last loop fastest.
  void delinearize(Value linear, ArrayRef<unsigned> dims,
                   ArrayRef<int64_t> ranges, SmallVectorImpl<Value> &loops) {
    for (unsigned d : llvm::reverse(dims)) {
      loops[d] = ranges[d] == 1 ? idx(0) : rem(linear, ranges[d]);
      linear = div(linear, ranges[d]);
    }
  }

  OpBuilder &b;
  Location loc;
};

} // namespace mlir::dlc::detail

#endif // DLC_LIB_CODEGEN_KERNELINDEXMATH_H
