//===- ContractionSides.cpp - A linalg contraction as a batch of products -===//

#include "ContractionSides.h"

#include "mlir/IR/BuiltinTypes.h"

using namespace mlir;

static int64_t product(ArrayRef<int64_t> ranges, ArrayRef<unsigned> dims) {
  int64_t p = 1;
  for (unsigned d : dims)
    p *= ranges[d];
  return p;
}

std::optional<dlc::detail::ContractionSides>
dlc::detail::getContractionSides(linalg::LinalgOp op) {
  if (!op.hasPureBufferSemantics() || op.hasIndexSemantics() ||
      op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 ||
      op.getNumReductionLoops() == 0)
    return std::nullopt;
  for (Value v : op->getOperands())
    if (!cast<MemRefType>(v.getType()).hasStaticShape())
      return std::nullopt;
  ContractionSides c;
  c.op = op;
  c.ranges = op.getStaticLoopRanges();
  if (llvm::any_of(c.ranges, ShapedType::isDynamic))
    return std::nullopt;
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  // The output: each parallel loop exactly once, no reduction loop.
  AffineMap outMap = maps[2];
  if (!outMap.isProjectedPermutation() ||
      outMap.getNumResults() != op.getNumParallelLoops())
    return std::nullopt;
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  for (unsigned d = 0; d < c.ranges.size(); ++d) {
    if (iterators[d] == utils::IteratorType::reduction) {
      c.kDims.push_back(d);
      continue;
    }
    bool lhs = maps[0].isFunctionOfDim(d), rhs = maps[1].isFunctionOfDim(d);
    if (lhs && !rhs)
      c.xDims.push_back(d);
    else if (rhs && !lhs)
      c.yDims.push_back(d);
    else
      c.batchDims.push_back(d);
  }
  c.x = product(c.ranges, c.xDims);
  c.y = product(c.ranges, c.yDims);
  c.batch = product(c.ranges, c.batchDims);
  c.k = product(c.ranges, c.kDims);
  return c;
}
