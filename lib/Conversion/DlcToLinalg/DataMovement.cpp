//===- DataMovement.cpp - Lower dlc lookup and data movement --------------===//
//
// Lookup and data movement: embedding, reshape, transpose, slice and concat.
// They only move elements, so they keep their element type (ComputeInF32 skips
// them) and become tensor ops or linalg.transpose; embedding is a
// linalg.generic that reads rows of the table with tensor.extract, its ids
// clamped into the table.
//
//===----------------------------------------------------------------------===//

#include "PatternDlcToLinalg.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

namespace mlir::dlc::to_linalg {

static SmallVector<Value> lower(Emitter &e, EmbeddingOp op,
                                EmbeddingOp::Adaptor adaptor) {
  Value table = adaptor.getTable();
  Value ids = adaptor.getIndices();
  RankedTensorType type = op.getType();
  unsigned rank = type.getRank();
  int64_t vocab = Emitter::typeOf(table).getDimSize(0);
  AffineMap idMap = e.dropDims(rank, {rank - 1});
  return {e.map(type, ids, idMap, [&](Emitter &b, ValueRange a) -> Value {
    Value row = b.clampIndex(a[0], vocab);
    Value col = linalg::IndexOp::create(b, rank - 1);
    return tensor::ExtractOp::create(b, table, ValueRange{row, col});
  })};
}

static SmallVector<Value> lower(Emitter &e, ReshapeOp op,
                                ReshapeOp::Adaptor adaptor) {
  return {e.reshape(adaptor.getInput(), op.getType().getShape())};
}

static SmallVector<Value> lower(Emitter &e, TransposeOp op,
                                TransposeOp::Adaptor adaptor) {
  return {e.transpose(adaptor.getInput(), op.getPermutation())};
}

static SmallVector<Value> lower(Emitter &e, SliceOp op,
                                SliceOp::Adaptor adaptor) {
  MLIRContext *ctx = e.getContext();
  return {tensor::ExtractSliceOp::create(
      e, op.getType(), adaptor.getInput(),
      getAsIndexOpFoldResult(ctx, op.getOffsets()),
      getAsIndexOpFoldResult(ctx, op.getSizes()),
      getAsIndexOpFoldResult(ctx, op.getStrides()))};
}

static SmallVector<Value> lower(Emitter &e, ConcatOp op,
                                ConcatOp::Adaptor adaptor) {
  RankedTensorType type = op.getType();
  MLIRContext *ctx = e.getContext();
  Value result =
      tensor::EmptyOp::create(e, type.getShape(), type.getElementType());
  SmallVector<int64_t> offsets(type.getRank(), 0);
  SmallVector<int64_t> strides(type.getRank(), 1);
  for (Value input : adaptor.getInputs()) {
    ArrayRef<int64_t> sizes = Emitter::typeOf(input).getShape();
    result = tensor::InsertSliceOp::create(
        e, input, result, getAsIndexOpFoldResult(ctx, offsets),
        getAsIndexOpFoldResult(ctx, sizes),
        getAsIndexOpFoldResult(ctx, strides));
    offsets[op.getAxis()] += sizes[op.getAxis()];
  }
  return {result};
}

void populateDlcDataMovementToLinalgPatterns(RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<LowerOp<ConcatOp>, LowerOp<EmbeddingOp>, LowerOp<ReshapeOp>,
               LowerOp<SliceOp>, LowerOp<TransposeOp>>(ctx);
}

} // namespace mlir::dlc::to_linalg
