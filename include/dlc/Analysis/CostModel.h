//===- CostModel.h - FLOPs, bytes and roofline time of an op ----*- C++ -*-===//
//
// A static cost model of dlc ops: the floating-point operations an op
// performs, the bytes it moves (every operand read once, every result written
// once), and its estimated time on a device as a roofline,
// max(flops / peak FLOP/s of its element type, bytes / memory bandwidth).
// Rematerialization weighs recomputation with it; the memory report prints
// the overhead in its terms. Device parameters default to an H100 SXM.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_ANALYSIS_COSTMODEL_H
#define DLC_ANALYSIS_COSTMODEL_H

#include "mlir/IR/Operation.h"

namespace mlir::dlc {

/// Peak rates of the device the time estimates are for.
struct DeviceParams {
  double bandwidth = 3.0e12; ///< bytes per second from device memory
  double peakF64 = 67.0e12;  ///< FLOP/s in f64 (tensor cores)
  double peakF32 = 67.0e12;  ///< FLOP/s in f32 (CUDA cores, no TF32)
  double peakF16 = 989.0e12; ///< FLOP/s in f16 and bf16 (dense tensor cores)
};

struct OpCost {
  double flops = 0;
  double bytes = 0;
  double seconds = 0; ///< the roofline time on the device

  OpCost &operator+=(const OpCost &other) {
    flops += other.flops;
    bytes += other.bytes;
    seconds += other.seconds;
    return *this;
  }
};

/// The cost of one op. Ops that move no data and compute nothing (constants
/// of rank 0, reshapes viewed as copies are still counted) cost their bytes.
OpCost estimateCost(Operation *op, const DeviceParams &device);

} // namespace mlir::dlc

#endif // DLC_ANALYSIS_COSTMODEL_H
