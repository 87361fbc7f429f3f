//===- ContractionSides.h - A linalg contraction as a batch of products ---===//
//
// How the GPU contraction kernels (GPUTileContractions.cpp,
// GPUTensorCoreContractions.cpp) read a bufferized linalg op that reduces a
// product of two operands: the parallel loops only the first operand reads
// form the side X, those only the second reads the side Y, the others (read
// by both or by neither) a batch; the reduction loops form K. Each group is
// walked linearized, its last loop fastest. So a convolution is a batch of
// (X x K) by (K x Y) products whatever its indexing maps.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_LIB_CODEGEN_CONTRACTIONSIDES_H
#define DLC_LIB_CODEGEN_CONTRACTIONSIDES_H

#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"

#include <optional>

namespace mlir::dlc::detail {

struct ContractionSides {
  /// Mutable: the op's accessors are not const.
  mutable linalg::LinalgOp op;
  SmallVector<int64_t> ranges;
  SmallVector<unsigned> xDims, yDims, batchDims, kDims;
  int64_t x = 1, y = 1, batch = 1, k = 1;
};

/// The sides of `op` when it is a contraction of two statically shaped
/// buffers into one (at least one reduction loop, no `linalg.index`, an
/// output map that holds each parallel loop once), else std::nullopt.
std::optional<ContractionSides> getContractionSides(linalg::LinalgOp op);

} // namespace mlir::dlc::detail

#endif // DLC_LIB_CODEGEN_CONTRACTIONSIDES_H
