//===- Contractions.cpp - Lower dlc contractions to linalg ----------------===//
//
// The contractions: matmul, linear and conv2d. Products become linalg.matmul
// or linalg.batch_matmul (leading batch dims collapsed into one; a transposed
// operand, and linear's weight, read through the indexing maps), convolutions
// linalg.conv_2d_nchw_fchw or, grouped, linalg.conv_2d_ngchw_gfchw, and a
// pointwise convolution a batch of products that share the weight. f16 and bf16
// operands stay narrow and the products accumulate in f32 (ComputeInF32 leaves
// these ops alone), rounded once at the end. The convolution gradients
// (ConvGradients.cpp) reuse the shared-weight product, the pointwise test and
// the accumulator type, which the private header exports.
//
//===----------------------------------------------------------------------===//

#include "PatternDlcToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"

namespace mlir::dlc::to_linalg {

Type accumulatorType(Emitter &e, Type et) {
  return et.isF16() || et.isBF16() ? e.getF32Type() : et;
}

/// The indexing maps of a product over loops (batch..., m, n, k): the lhs
/// reads (m, k), or (k, m) when transposed, the rhs (k, n) or (n, k), the
/// output (m, n); all three read the batch loops first.
static SmallVector<Attribute> productMaps(Emitter &e, unsigned batchLoops,
                                          bool transposeLhs,
                                          bool transposeRhs) {
  unsigned loops = batchLoops + 3;
  auto dim = [&](unsigned i) { return e.getAffineDimExpr(i); };
  auto map = [&](AffineExpr x, AffineExpr y) {
    SmallVector<AffineExpr> results;
    for (unsigned d = 0; d < batchLoops; ++d)
      results.push_back(dim(d));
    results.append({x, y});
    return AffineMapAttr::get(
        AffineMap::get(loops, 0, results, e.getContext()));
  };
  AffineExpr m = dim(batchLoops), n = dim(batchLoops + 1),
             k = dim(batchLoops + 2);
  return {transposeLhs ? map(k, m) : map(m, k),
          transposeRhs ? map(n, k) : map(k, n), map(m, n)};
}

/// `lhs · rhs` over the two innermost dims, all leading dims batch dims,
/// through linalg.matmul (rank 2) or linalg.batch_matmul (batch dims
/// collapsed into one). A transposed operand is read through the op's
/// indexing maps, in place: no transposed copy is made. f16/bf16 operands
/// stay narrow and the product is f32 (`accumulatorType`); the caller rounds
/// it.
static Value emitMatmul(Emitter &e, Value lhs, Value rhs, bool transposeLhs,
                        bool transposeRhs) {
  RankedTensorType lt = Emitter::typeOf(lhs), rt = Emitter::typeOf(rhs);
  int64_t rank = lt.getRank();
  int64_t m = lt.getDimSize(rank - (transposeLhs ? 1 : 2));
  int64_t n = rt.getDimSize(rank - (transposeRhs ? 2 : 1));
  Type et = accumulatorType(e, lt.getElementType());
  bool transposed = transposeLhs || transposeRhs;
  if (rank == 2) {
    Value init = e.full({m, n}, et, 0.0);
    SmallVector<NamedAttribute> attrs;
    if (transposed)
      attrs.push_back(e.getNamedAttr(
          "indexing_maps",
          e.getArrayAttr(productMaps(e, 0, transposeLhs, transposeRhs))));
    return linalg::MatmulOp::create(e, TypeRange{init.getType()},
                                    ValueRange{lhs, rhs}, ValueRange{init},
                                    attrs)
        .getResult(0);
  }
  ArrayRef<int64_t> batch = lt.getShape().drop_back(2);
  int64_t b = countOf(lt, llvm::to_vector(llvm::seq<int64_t>(0, rank - 2)));
  Value l3 =
      e.reshape(lhs, {b, lt.getDimSize(rank - 2), lt.getDimSize(rank - 1)});
  Value r3 =
      e.reshape(rhs, {b, rt.getDimSize(rank - 2), rt.getDimSize(rank - 1)});
  Value init = e.full({b, m, n}, et, 0.0);
  SmallVector<NamedAttribute> attrs;
  if (transposed)
    attrs.push_back(e.getNamedAttr(
        "indexing_maps",
        e.getArrayAttr(productMaps(e, 1, transposeLhs, transposeRhs))));
  Value product =
      linalg::BatchMatmulOp::create(e, TypeRange{init.getType()},
                                    ValueRange{l3, r3}, ValueRange{init}, attrs)
          .getResult(0);
  SmallVector<int64_t> shape(batch);
  shape.append({m, n});
  return e.reshape(product, shape);
}

static SmallVector<Value> lower(Emitter &e, MatmulOp op,
                                MatmulOp::Adaptor adaptor) {
  return {e.convertTo(emitMatmul(e, adaptor.getLhs(), adaptor.getRhs(),
                                 op.getTransposeLhs(), op.getTransposeRhs()),
                      op.getType().getElementType())};
}

/// Adds a bias along dimension `dim` of `value`.
static Value addBias(Emitter &e, Value value, Value bias, unsigned dim) {
  RankedTensorType type = Emitter::typeOf(value);
  unsigned rank = type.getRank();
  AffineMap biasMap =
      AffineMap::get(rank, 0, e.getAffineDimExpr(dim), e.getContext());
  return e.map(type, {value, bias}, {e.getMultiDimIdentityMap(rank), biasMap},
               [](Emitter &b, ValueRange a) -> Value {
                 Value bias = a[1];
                 if (bias.getType() != a[0].getType())
                   bias = arith::ExtFOp::create(b, a[0].getType(), bias);
                 return arith::AddFOp::create(b, a[0], bias);
               });
}

static SmallVector<Value> lower(Emitter &e, LinearOp op,
                                LinearOp::Adaptor adaptor) {
  RankedTensorType it = Emitter::typeOf(adaptor.getInput());
  RankedTensorType wt = Emitter::typeOf(adaptor.getWeight());
  int64_t in = wt.getDimSize(1), out = wt.getDimSize(0);
  int64_t rows = it.getNumElements() / in;
  Value x = e.reshape(adaptor.getInput(), {rows, in});
  // x · wᵀ, the weight read transposed in place.
  Value y = emitMatmul(e, x, adaptor.getWeight(), /*transposeLhs=*/false,
                       /*transposeRhs=*/true);
  if (adaptor.getBias())
    y = addBias(e, y, adaptor.getBias(), 1);
  y = e.convertTo(y, it.getElementType());
  SmallVector<int64_t> shape(it.getShape());
  shape.back() = out;
  return {e.reshape(y, shape)};
}

Value emitSharedLhsMatmul(Emitter &e, Value lhs, Value rhs) {
  RankedTensorType lt = Emitter::typeOf(lhs), rt = Emitter::typeOf(rhs);
  int64_t b = rt.getDimSize(0), m = lt.getDimSize(0), n = rt.getDimSize(2);
  Value init = e.full({b, m, n}, accumulatorType(e, lt.getElementType()), 0.0);
  // Loops (b, m, n | k).
  auto dim = [&](unsigned i) { return e.getAffineDimExpr(i); };
  MLIRContext *ctx = e.getContext();
  SmallVector<Attribute> maps = {
      AffineMapAttr::get(AffineMap::get(4, 0, {dim(1), dim(3)}, ctx)),
      AffineMapAttr::get(AffineMap::get(4, 0, {dim(0), dim(3), dim(2)}, ctx)),
      AffineMapAttr::get(AffineMap::get(4, 0, {dim(0), dim(1), dim(2)}, ctx))};
  return linalg::BatchMatmulOp::create(
             e, TypeRange{init.getType()}, ValueRange{lhs, rhs},
             ValueRange{init},
             {e.getNamedAttr("indexing_maps", e.getArrayAttr(maps))})
      .getResult(0);
}

bool isPointwise(RankedTensorType weight, ArrayRef<int64_t> strides,
                 ArrayRef<int64_t> padding, int64_t groups) {
  return weight.getDimSize(2) == 1 && weight.getDimSize(3) == 1 &&
         groups == 1 &&
         llvm::all_of(strides, [](int64_t s) { return s == 1; }) &&
         llvm::all_of(padding, [](int64_t p) { return p == 0; });
}

static SmallVector<Value> lower(Emitter &e, Conv2DOp op,
                                Conv2DOp::Adaptor adaptor) {
  RankedTensorType weightType = Emitter::typeOf(adaptor.getWeight());
  if (isPointwise(weightType, op.getStrides(), op.getPadding(),
                  op.getGroups())) {
    // A pointwise convolution is a product per image, [F, C] . [C, H*W]:
    // the same terms in the same order (c), as a batch of matrix products
    // that share the weight (tensor cores on the GPU for f16/bf16).
    RankedTensorType it = Emitter::typeOf(adaptor.getInput());
    int64_t n = it.getDimSize(0), c = it.getDimSize(1),
            hw = it.getDimSize(2) * it.getDimSize(3);
    int64_t f = weightType.getDimSize(0);
    Value product =
        emitSharedLhsMatmul(e, e.reshape(adaptor.getWeight(), {f, c}),
                            e.reshape(adaptor.getInput(), {n, c, hw}));
    Value result = e.reshape(product, op.getType().getShape());
    if (adaptor.getBias())
      result = addBias(e, result, adaptor.getBias(), 1);
    return {e.convertTo(result, op.getType().getElementType())};
  }
  Value input = e.padSpatial(adaptor.getInput(), op.getPadding(), 0.0);
  Value weight = adaptor.getWeight();
  RankedTensorType it = Emitter::typeOf(input), wt = Emitter::typeOf(weight);
  RankedTensorType resultType = op.getType();
  Type et = accumulatorType(e, it.getElementType());
  auto strides = e.getI64VectorAttr(op.getStrides());
  auto dilations = e.getI64VectorAttr(op.getDilation());
  int64_t groups = op.getGroups();
  Value result;
  if (groups == 1) {
    Value init = e.full(resultType.getShape(), et, 0.0);
    result = linalg::Conv2DNchwFchwOp::create(
                 e, TypeRange{init.getType()}, ValueRange{input, weight},
                 ValueRange{init}, strides, dilations)
                 .getResult(0);
  } else {
    // Split channels into groups: input [N, G, C/G, H, W], filter
    // [G, F/G, C/G, KH, KW], output [N, G, F/G, OH, OW].
    int64_t n = it.getDimSize(0), c = it.getDimSize(1), f = wt.getDimSize(0);
    ArrayRef<int64_t> out = resultType.getShape();
    Value gi = e.reshape(
        input, {n, groups, c / groups, it.getDimSize(2), it.getDimSize(3)});
    Value gw = e.reshape(weight, {groups, f / groups, wt.getDimSize(1),
                                  wt.getDimSize(2), wt.getDimSize(3)});
    Value init = e.full({n, groups, f / groups, out[2], out[3]}, et, 0.0);
    Value grouped = linalg::Conv2DNgchwGfchwOp::create(
                        e, TypeRange{init.getType()}, ValueRange{gi, gw},
                        ValueRange{init}, strides, dilations)
                        .getResult(0);
    result = e.reshape(grouped, out);
  }
  if (adaptor.getBias())
    result = addBias(e, result, adaptor.getBias(), 1);
  return {e.convertTo(result, resultType.getElementType())};
}

void populateDlcContractionsToLinalgPatterns(RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<LowerOp<Conv2DOp>, LowerOp<LinearOp>, LowerOp<MatmulOp>>(ctx);
}

} // namespace mlir::dlc::to_linalg
