//===- DlcToLinalg.cpp - Lower dlc ops to linalg on tensors ---------------===//
//
// The conversion of every dlc op into upstream ops on tensors. Contractions,
// convolutions, pooling and transposes become linalg named ops; everything
// elementwise or reducing becomes linalg.generic, built from a few helpers
// (map, reduce, broadcast); data movement becomes tensor ops. Ops on f16 and
// bf16 that compute are first rewritten to compute in f32 by one generic
// pattern, so the per-op lowerings only see f32 and f64.
//
//===----------------------------------------------------------------------===//

#include "dlc/CodeGen/Passes.h"
#include "dlc/Dialect/Dlc/IR/DlcOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/Transforms/DialectConversion.h"

#include <cmath>

namespace mlir::dlc {
#define GEN_PASS_DEF_DLCTOLINALG
#include "dlc/CodeGen/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;
using namespace mlir::dlc;

using utils::IteratorType;

namespace {

//===----------------------------------------------------------------------===//
// Building blocks
//===----------------------------------------------------------------------===//

/// A builder with the helpers the lowerings share. All tensors are static.
class Emitter : public ImplicitLocOpBuilder {
public:
  using ImplicitLocOpBuilder::ImplicitLocOpBuilder;

  static RankedTensorType typeOf(Value v) {
    return cast<RankedTensorType>(v.getType());
  }

  Value constant(Type type, double value) {
    if (isa<FloatType>(type))
      return arith::ConstantOp::create(*this, type, getFloatAttr(type, value));
    if (type.isIndex())
      return arith::ConstantIndexOp::create(*this, static_cast<int64_t>(value));
    return arith::ConstantOp::create(
        *this, type, getIntegerAttr(type, static_cast<int64_t>(value)));
  }

  /// A tensor of `shape` filled with `value`.
  Value full(ArrayRef<int64_t> shape, Type elementType, double value) {
    Value init = tensor::EmptyOp::create(*this, shape, elementType);
    return linalg::FillOp::create(*this, constant(elementType, value), init)
        .getResult(0);
  }

  /// The map from a `rank`-d loop nest to the loops not in `dropped`.
  AffineMap dropDims(unsigned rank, ArrayRef<int64_t> dropped) {
    SmallVector<AffineExpr> exprs;
    for (unsigned d = 0; d < rank; ++d)
      if (!llvm::is_contained(dropped, d))
        exprs.push_back(getAffineDimExpr(d));
    return AffineMap::get(rank, 0, exprs, getContext());
  }

  /// The NumPy broadcasting map of an operand of `shape` into `result`.
  AffineMap broadcastMap(ArrayRef<int64_t> shape, ArrayRef<int64_t> result) {
    unsigned rank = result.size(), lead = rank - shape.size();
    SmallVector<AffineExpr> exprs;
    for (auto [i, size] : llvm::enumerate(shape)) {
      unsigned d = lead + i;
      exprs.push_back(size == 1 && result[d] != 1 ? getAffineConstantExpr(0)
                                                  : getAffineDimExpr(d));
    }
    return AffineMap::get(rank, 0, exprs, getContext());
  }

  using BodyFn = function_ref<Value(Emitter &, ValueRange)>;

  /// An elementwise linalg.generic over the shape of `resultType`; each
  /// input is read through its map (identity when `maps` is empty).
  Value map(RankedTensorType resultType, ValueRange inputs,
            ArrayRef<AffineMap> maps, BodyFn body) {
    unsigned rank = resultType.getRank();
    SmallVector<AffineMap> indexing(maps);
    if (indexing.empty())
      indexing.assign(inputs.size(), getMultiDimIdentityMap(rank));
    indexing.push_back(getMultiDimIdentityMap(rank));
    Value init = tensor::EmptyOp::create(*this, resultType.getShape(),
                                         resultType.getElementType());
    SmallVector<IteratorType> iterators(rank, IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        *this, TypeRange{resultType}, inputs, ValueRange{init}, indexing,
        iterators, [&](OpBuilder &b, Location loc, ValueRange args) {
          Emitter e(loc, b);
          linalg::YieldOp::create(e, body(e, args.drop_back()));
        });
    return generic.getResult(0);
  }

  /// `map` over one input with the input's type.
  Value map(Value input, BodyFn body) {
    return map(typeOf(input), input, {}, body);
  }

  /// Reduces `input` over `axes` (removing them) with `combine`, starting
  /// from `identity`.
  Value reduce(Value input, ArrayRef<int64_t> axes, double identity,
               function_ref<Value(Emitter &, Value, Value)> combine,
               bool widen = false) {
    RankedTensorType type = typeOf(input);
    unsigned rank = type.getRank();
    SmallVector<int64_t> shape;
    SmallVector<IteratorType> iterators;
    for (unsigned d = 0; d < rank; ++d) {
      bool reduced = llvm::is_contained(axes, d);
      iterators.push_back(reduced ? IteratorType::reduction
                                  : IteratorType::parallel);
      if (!reduced)
        shape.push_back(type.getDimSize(d));
    }
    // f32 sums over many elements (a batch norm reduces 10^5 of them) lose
    // digits when accumulated in f32 one element at a time; with `widen`
    // the reference path accumulates them in f64 and rounds once.
    Type et = type.getElementType();
    Type acc = widen && et.isF32() ? getF64Type() : et;
    Value init = full(shape, acc, identity);
    SmallVector<AffineMap> maps = {getMultiDimIdentityMap(rank),
                                   dropDims(rank, axes)};
    auto generic = linalg::GenericOp::create(
        *this, TypeRange{init.getType()}, input, init, maps, iterators,
        [&](OpBuilder &b, Location loc, ValueRange args) {
          Emitter e(loc, b);
          Value x = args[0];
          if (acc != et)
            x = arith::ExtFOp::create(e, acc, x);
          linalg::YieldOp::create(e, combine(e, args[1], x));
        });
    Value result = generic.getResult(0);
    return acc == et ? result : convertElements(result, et);
  }

  Value reduceSum(Value input, ArrayRef<int64_t> axes) {
    return reduce(
        input, axes, 0.0,
        [](Emitter &e, Value acc, Value x) {
          return arith::AddFOp::create(e, acc, x);
        },
        /*widen=*/true);
  }

  Value reduceMax(Value input, ArrayRef<int64_t> axes) {
    return reduce(input, axes, -INFINITY, [](Emitter &e, Value acc, Value x) {
      return arith::MaximumFOp::create(e, acc, x);
    });
  }

  /// Combines `full` with `reduced`, a reduction of it over `axes`, element
  /// by element: `body(full[i], reduced[i without axes])`.
  Value withReduced(Value full, Value reduced, ArrayRef<int64_t> axes,
                    BodyFn body) {
    RankedTensorType type = typeOf(full);
    unsigned rank = type.getRank();
    return map(type, {full, reduced},
               {getMultiDimIdentityMap(rank), dropDims(rank, axes)}, body);
  }

  /// Multiplies every element by `factor`.
  Value scale(Value input, double factor) {
    return map(input, [&](Emitter &e, ValueRange a) -> Value {
      Value f = e.constant(a[0].getType(), factor);
      return arith::MulFOp::create(e, a[0], f);
    });
  }

  /// Converts the element type (float to float) elementwise.
  Value convertElements(Value input, Type elementType) {
    RankedTensorType type = typeOf(input);
    auto resultType = RankedTensorType::get(type.getShape(), elementType);
    return map(resultType, input, {}, [&](Emitter &e, ValueRange a) -> Value {
      if (elementType.getIntOrFloatBitWidth() >
          a[0].getType().getIntOrFloatBitWidth())
        return arith::ExtFOp::create(e, elementType, a[0]);
      return arith::TruncFOp::create(e, elementType, a[0]);
    });
  }

  /// `convertElements` unless `input` already has `elementType`.
  Value convertTo(Value input, Type elementType) {
    if (typeOf(input).getElementType() == elementType)
      return input;
    return convertElements(input, elementType);
  }

  Value reshape(Value input, ArrayRef<int64_t> shape) {
    RankedTensorType type = typeOf(input);
    if (type.getShape() == shape)
      return input;
    auto resultType = RankedTensorType::get(shape, type.getElementType());
    auto shapeType = RankedTensorType::get({static_cast<int64_t>(shape.size())},
                                           getI64Type());
    Value shapeValue = arith::ConstantOp::create(
        *this, shapeType, DenseIntElementsAttr::get(shapeType, shape));
    return tensor::ReshapeOp::create(*this, resultType, input, shapeValue);
  }

  Value transpose(Value input, ArrayRef<int64_t> perm) {
    RankedTensorType type = typeOf(input);
    SmallVector<int64_t> shape;
    for (int64_t p : perm)
      shape.push_back(type.getDimSize(p));
    Value init = tensor::EmptyOp::create(*this, shape, type.getElementType());
    return linalg::TransposeOp::create(*this, input, init, perm).getResult()[0];
  }

  /// Pads the two innermost dimensions by `pad` on both sides with `value`.
  Value padSpatial(Value input, ArrayRef<int64_t> pad, double value) {
    if (llvm::all_of(pad, [](int64_t p) { return p == 0; }))
      return input;
    RankedTensorType type = typeOf(input);
    SmallVector<int64_t> low(type.getRank(), 0), shape(type.getShape());
    for (int d = 0; d < 2; ++d) {
      low[type.getRank() - 2 + d] = pad[d];
      shape[type.getRank() - 2 + d] += 2 * pad[d];
    }
    auto resultType = RankedTensorType::get(shape, type.getElementType());
    SmallVector<OpFoldResult> lowOfr =
        getAsIndexOpFoldResult(getContext(), low);
    Value padValue = constant(type.getElementType(), value);
    return tensor::PadOp::create(*this, resultType, input, lowOfr, lowOfr,
                                 padValue)
        .getResult();
  }

  /// The row-major linear index of the current element of a generic, as i64.
  Value linearIndex(ArrayRef<int64_t> shape) {
    Value index = constant(getI64Type(), 0);
    for (auto [d, size] : llvm::enumerate(shape)) {
      Value i = arith::IndexCastOp::create(*this, getI64Type(),
                                           linalg::IndexOp::create(*this, d));
      index = arith::AddIOp::create(
          *this,
          arith::MulIOp::create(*this, index, constant(getI64Type(), size)), i);
    }
    return index;
  }

  /// Clamps an integer id into [0, bound) and makes it an index.
  Value clampIndex(Value id, int64_t bound) {
    Value i = arith::IndexCastOp::create(*this, getIndexType(), id);
    i = arith::MaxSIOp::create(*this, i, constant(getIndexType(), 0));
    return arith::MinSIOp::create(*this, i,
                                  constant(getIndexType(), bound - 1));
  }
};

/// Element counts of the dims of `type` listed in `axes`.
static int64_t countOf(RankedTensorType type, ArrayRef<int64_t> axes) {
  int64_t count = 1;
  for (int64_t a : axes)
    count *= type.getDimSize(a);
  return count;
}

//===----------------------------------------------------------------------===//
// Contractions
//===----------------------------------------------------------------------===//

/// The accumulator type of a product of `et` elements: f32 for f16/bf16
/// (linalg's named contractions extend each operand element), else `et`.
static Type accumulatorType(Emitter &e, Type et) {
  return et.isF16() || et.isBF16() ? e.getF32Type() : et;
}

/// `lhs · rhs` over the two innermost dims, all leading dims batch dims,
/// through linalg.matmul (rank 2) or linalg.batch_matmul (batch dims
/// collapsed into one). f16/bf16 operands stay narrow and the product is
/// f32 (`accumulatorType`); the caller rounds it.
static Value emitMatmul(Emitter &e, Value lhs, Value rhs) {
  RankedTensorType lt = Emitter::typeOf(lhs), rt = Emitter::typeOf(rhs);
  int64_t rank = lt.getRank();
  int64_t m = lt.getDimSize(rank - 2), n = rt.getDimSize(rank - 1);
  Type et = accumulatorType(e, lt.getElementType());
  if (rank == 2) {
    Value init = e.full({m, n}, et, 0.0);
    return linalg::MatmulOp::create(e, TypeRange{init.getType()},
                                    ValueRange{lhs, rhs}, ValueRange{init})
        .getResult(0);
  }
  ArrayRef<int64_t> batch = lt.getShape().drop_back(2);
  int64_t b = countOf(lt, llvm::to_vector(llvm::seq<int64_t>(0, rank - 2)));
  int64_t k = lt.getDimSize(rank - 1);
  Value l3 = e.reshape(lhs, {b, m, k});
  Value r3 = e.reshape(rhs, {b, k, n});
  Value init = e.full({b, m, n}, et, 0.0);
  Value product =
      linalg::BatchMatmulOp::create(e, TypeRange{init.getType()},
                                    ValueRange{l3, r3}, ValueRange{init})
          .getResult(0);
  SmallVector<int64_t> shape(batch);
  shape.append({m, n});
  return e.reshape(product, shape);
}

static SmallVector<int64_t> swapInner(int64_t rank) {
  SmallVector<int64_t> perm = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  std::swap(perm[rank - 1], perm[rank - 2]);
  return perm;
}

static SmallVector<Value> lower(Emitter &e, MatmulOp op,
                                MatmulOp::Adaptor adaptor) {
  Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
  int64_t rank = Emitter::typeOf(lhs).getRank();
  if (op.getTransposeLhs())
    lhs = e.transpose(lhs, swapInner(rank));
  if (op.getTransposeRhs())
    rhs = e.transpose(rhs, swapInner(rank));
  return {e.convertTo(emitMatmul(e, lhs, rhs), op.getType().getElementType())};
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
  Value w = e.transpose(adaptor.getWeight(), {1, 0});
  Value y = emitMatmul(e, x, w);
  if (adaptor.getBias())
    y = addBias(e, y, adaptor.getBias(), 1);
  y = e.convertTo(y, it.getElementType());
  SmallVector<int64_t> shape(it.getShape());
  shape.back() = out;
  return {e.reshape(y, shape)};
}

/// `lhs · rhs[b]` for every b: `lhs` [M, K] is shared by the batch of `rhs`
/// [B, K, N], through linalg.batch_matmul with a broadcast lhs map, summed
/// in `accumulatorType` (f16/bf16 operands stay narrow).
static Value emitSharedLhsMatmul(Emitter &e, Value lhs, Value rhs) {
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

/// Whether a convolution with `weight` [F, C, KH, KW] and these attributes
/// is pointwise: 1x1, unit strides, no padding, one group.
static bool isPointwise(RankedTensorType weight, ArrayRef<int64_t> strides,
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

//===----------------------------------------------------------------------===//
// Elementwise ops
//===----------------------------------------------------------------------===//

template <typename ArithOp, typename DlcOp>
static SmallVector<Value> lowerBinary(Emitter &e, DlcOp op,
                                      typename DlcOp::Adaptor adaptor) {
  RankedTensorType type = op.getType();
  Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
  SmallVector<AffineMap> maps = {
      e.broadcastMap(Emitter::typeOf(lhs).getShape(), type.getShape()),
      e.broadcastMap(Emitter::typeOf(rhs).getShape(), type.getShape())};
  return {e.map(type, {lhs, rhs}, maps, [](Emitter &b, ValueRange a) -> Value {
    return ArithOp::create(b, a[0], a[1]);
  })};
}

static SmallVector<Value> lower(Emitter &e, AddOp op, AddOp::Adaptor a) {
  return lowerBinary<arith::AddFOp>(e, op, a);
}
static SmallVector<Value> lower(Emitter &e, SubOp op, SubOp::Adaptor a) {
  return lowerBinary<arith::SubFOp>(e, op, a);
}
static SmallVector<Value> lower(Emitter &e, MulOp op, MulOp::Adaptor a) {
  return lowerBinary<arith::MulFOp>(e, op, a);
}
static SmallVector<Value> lower(Emitter &e, DivOp op, DivOp::Adaptor a) {
  return lowerBinary<arith::DivFOp>(e, op, a);
}

static SmallVector<Value> lower(Emitter &e, ReluOp, ReluOp::Adaptor adaptor) {
  return {e.map(adaptor.getInput(), [](Emitter &b, ValueRange a) -> Value {
    // maximumf propagates NaN, as torch.relu does.
    return arith::MaximumFOp::create(b, a[0], b.constant(a[0].getType(), 0));
  })};
}

static SmallVector<Value> lower(Emitter &e, TanhOp, TanhOp::Adaptor adaptor) {
  return {e.map(adaptor.getInput(), [](Emitter &b, ValueRange a) -> Value {
    return math::TanhOp::create(b, a[0]);
  })};
}

static SmallVector<Value> lower(Emitter &e, ExpOp, ExpOp::Adaptor adaptor) {
  return {e.map(adaptor.getInput(), [](Emitter &b, ValueRange a) -> Value {
    return math::ExpOp::create(b, a[0]);
  })};
}

static SmallVector<Value> lower(Emitter &e, SqrtOp, SqrtOp::Adaptor adaptor) {
  return {e.map(adaptor.getInput(), [](Emitter &b, ValueRange a) -> Value {
    return math::SqrtOp::create(b, a[0]);
  })};
}

static SmallVector<Value> lower(Emitter &e, SigmoidOp,
                                SigmoidOp::Adaptor adaptor) {
  return {e.map(adaptor.getInput(), [](Emitter &b, ValueRange a) -> Value {
    Type t = a[0].getType();
    Value negExp = math::ExpOp::create(b, arith::NegFOp::create(b, a[0]));
    Value one = b.constant(t, 1.0);
    return arith::DivFOp::create(b, one, arith::AddFOp::create(b, one, negExp));
  })};
}

static SmallVector<Value> lower(Emitter &e, GeluOp op,
                                GeluOp::Adaptor adaptor) {
  bool tanhForm = op.getApproximate() == GeluApproximation::tanh;
  return {e.map(adaptor.getInput(), [&](Emitter &b, ValueRange a) -> Value {
    Type t = a[0].getType();
    Value x = a[0];
    Value inner;
    if (tanhForm) {
      // tanh(sqrt(2/pi) * (x + 0.044715 x^3))
      Value x3 = arith::MulFOp::create(b, x, arith::MulFOp::create(b, x, x));
      Value poly = arith::AddFOp::create(
          b, x, arith::MulFOp::create(b, b.constant(t, 0.044715), x3));
      inner = math::TanhOp::create(
          b,
          arith::MulFOp::create(b, b.constant(t, std::sqrt(2.0 / M_PI)), poly));
    } else {
      // erf(x / sqrt(2))
      inner = math::ErfOp::create(
          b, arith::MulFOp::create(b, x, b.constant(t, M_SQRT1_2)));
    }
    Value half = arith::MulFOp::create(b, x, b.constant(t, 0.5));
    return arith::MulFOp::create(
        b, half, arith::AddFOp::create(b, b.constant(t, 1.0), inner));
  })};
}

/// The dropout mask hash: SplitMix64's output function at position
/// `index + 1` of the stream that starts at `seed`.
static Value dropoutHash(Emitter &e, Value seed, Value index) {
  Type i64 = e.getI64Type();
  auto c = [&](uint64_t v) -> Value {
    return arith::ConstantOp::create(
        e, i64, e.getIntegerAttr(i64, static_cast<int64_t>(v)));
  };
  auto xorShift = [&](Value z, uint64_t s) {
    return arith::XOrIOp::create(e, z, arith::ShRUIOp::create(e, z, c(s)));
  };
  Value z = arith::AddIOp::create(
      e, seed,
      arith::MulIOp::create(e, arith::AddIOp::create(e, index, c(1)),
                            c(0x9E3779B97F4A7C15ULL)));
  z = arith::MulIOp::create(e, xorShift(z, 30), c(0xBF58476D1CE4E5B9ULL));
  z = arith::MulIOp::create(e, xorShift(z, 27), c(0x94D049BB133111EBULL));
  return xorShift(z, 31);
}

static SmallVector<Value> lower(Emitter &e, DropoutOp op,
                                DropoutOp::Adaptor adaptor) {
  double p = op.getProbability().convertToDouble();
  // Keep an element when (hash >> 40) / 2^24 >= p, i.e. when the 24-bit
  // value is at least ceil(p * 2^24): an exact integer comparison.
  auto threshold = static_cast<int64_t>(std::ceil(p * 16777216.0));
  double keepScale = 1.0 / (1.0 - p);
  RankedTensorType type = op.getType();
  int64_t seed = op.getSeed();
  return {e.map(adaptor.getInput(), [&](Emitter &b, ValueRange a) -> Value {
    Type i64 = b.getI64Type();
    Value index = b.linearIndex(type.getShape());
    Value seedValue =
        arith::ConstantOp::create(b, i64, b.getIntegerAttr(i64, seed));
    Value h = dropoutHash(b, seedValue, index);
    Value bits = arith::ShRUIOp::create(b, h, b.constant(i64, 40));
    Value keep = arith::CmpIOp::create(b, arith::CmpIPredicate::uge, bits,
                                       b.constant(i64, threshold));
    Type t = a[0].getType();
    Value scaled = arith::MulFOp::create(b, a[0], b.constant(t, keepScale));
    return arith::SelectOp::create(b, keep, scaled, b.constant(t, 0.0));
  })};
}

//===----------------------------------------------------------------------===//
// Normalization
//===----------------------------------------------------------------------===//

static SmallVector<Value> lower(Emitter &e, SoftmaxOp op,
                                SoftmaxOp::Adaptor adaptor) {
  Value x = adaptor.getInput();
  int64_t axis = op.getAxis();
  Value max = e.reduceMax(x, axis);
  Value exps = e.withReduced(x, max, axis, [](Emitter &b, ValueRange a) {
    return Value(math::ExpOp::create(b, arith::SubFOp::create(b, a[0], a[1])));
  });
  Value sum = e.reduceSum(exps, axis);
  return {e.withReduced(exps, sum, axis, [](Emitter &b, ValueRange a) {
    return Value(arith::DivFOp::create(b, a[0], a[1]));
  })};
}

/// Mean and biased variance of `x` over `axes`.
static std::pair<Value, Value> moments(Emitter &e, Value x,
                                       ArrayRef<int64_t> axes) {
  double inv = 1.0 / countOf(Emitter::typeOf(x), axes);
  Value mean = e.scale(e.reduceSum(x, axes), inv);
  Value sq = e.withReduced(x, mean, axes, [](Emitter &b, ValueRange a) {
    Value d = arith::SubFOp::create(b, a[0], a[1]);
    return Value(arith::MulFOp::create(b, d, d));
  });
  Value var = e.scale(e.reduceSum(sq, axes), inv);
  return {mean, var};
}

/// (x - mean) / sqrt(var + eps) * weight + bias, with mean and var reduced
/// over `axes` and weight and bias read through `paramMap`.
static Value normalize(Emitter &e, Value x, Value mean, Value var, Value weight,
                       Value bias, ArrayRef<int64_t> axes, AffineMap paramMap,
                       double epsilon) {
  RankedTensorType type = Emitter::typeOf(x);
  unsigned rank = type.getRank();
  AffineMap id = e.getMultiDimIdentityMap(rank);
  AffineMap stats = e.dropDims(rank, axes);
  return e.map(type, {x, mean, var, weight, bias},
               {id, stats, stats, paramMap, paramMap},
               [&](Emitter &b, ValueRange a) -> Value {
                 Type t = a[0].getType();
                 Value centered = arith::SubFOp::create(b, a[0], a[1]);
                 Value rstd = math::RsqrtOp::create(
                     b, arith::AddFOp::create(b, a[2], b.constant(t, epsilon)));
                 Value y = arith::MulFOp::create(b, centered, rstd);
                 return arith::AddFOp::create(
                     b, arith::MulFOp::create(b, y, a[3]), a[4]);
               });
}

static SmallVector<Value> lower(Emitter &e, LayerNormOp op,
                                LayerNormOp::Adaptor adaptor) {
  Value x = adaptor.getInput();
  unsigned rank = Emitter::typeOf(x).getRank();
  unsigned k = Emitter::typeOf(adaptor.getWeight()).getRank();
  SmallVector<int64_t> axes =
      llvm::to_vector(llvm::seq<int64_t>(rank - k, rank));
  auto [mean, var] = moments(e, x, axes);
  AffineMap paramMap =
      e.dropDims(rank, llvm::to_vector(llvm::seq<int64_t>(0, rank - k)));
  return {normalize(e, x, mean, var, adaptor.getWeight(), adaptor.getBias(),
                    axes, paramMap, op.getEpsilon().convertToDouble())};
}

static SmallVector<Value> lower(Emitter &e, BatchNormOp op,
                                BatchNormOp::Adaptor adaptor) {
  Value x = adaptor.getInput();
  unsigned rank = Emitter::typeOf(x).getRank();
  SmallVector<int64_t> axes = {0};
  for (unsigned d = 2; d < rank; ++d)
    axes.push_back(d);
  auto [mean, var] = moments(e, x, axes);
  AffineMap paramMap = e.dropDims(rank, axes);
  Value y = normalize(e, x, mean, var, adaptor.getWeight(), adaptor.getBias(),
                      axes, paramMap, op.getEpsilon().convertToDouble());
  return {y, mean, var};
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

template <typename PoolOp>
static Value emitPool(Emitter &e, Value input, RankedTensorType resultType,
                      ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
                      double initValue) {
  Type et = resultType.getElementType();
  Value window = tensor::EmptyOp::create(e, kernel, et);
  Value init = e.full(resultType.getShape(), et, initValue);
  return PoolOp::create(e, TypeRange{resultType}, ValueRange{input, window},
                        ValueRange{init}, e.getI64VectorAttr(strides),
                        e.getI64VectorAttr({1, 1}))
      .getResult(0);
}

static SmallVector<Value> lower(Emitter &e, MaxPool2DOp op,
                                MaxPool2DOp::Adaptor adaptor) {
  Value input = e.padSpatial(adaptor.getInput(), op.getPadding(), -INFINITY);
  return {emitPool<linalg::PoolingNchwMaxOp>(
      e, input, op.getType(), op.getKernelSize(), op.getStrides(), -INFINITY)};
}

/// Divides each window's value in `windows` (shaped as the pooling's output)
/// by the number of elements of the unpadded input `inShape` it covers.
static Value divideByCoveredCount(Emitter &e, Value windows,
                                  ArrayRef<int64_t> inShape,
                                  ArrayRef<int64_t> kernel,
                                  ArrayRef<int64_t> strides,
                                  ArrayRef<int64_t> pad) {
  return e.map(windows, [&](Emitter &b, ValueRange a) -> Value {
    Type index = b.getIndexType();
    auto cst = [&](int64_t v) { return b.constant(index, v); };
    Value count = cst(1);
    for (int d = 0; d < 2; ++d) {
      Value o = linalg::IndexOp::create(b, 2 + d);
      Value start = arith::SubIOp::create(
          b, arith::MulIOp::create(b, o, cst(strides[d])), cst(pad[d]));
      Value end = arith::MinSIOp::create(
          b, arith::AddIOp::create(b, start, cst(kernel[d])),
          cst(inShape[2 + d]));
      start = arith::MaxSIOp::create(b, start, cst(0));
      count =
          arith::MulIOp::create(b, count, arith::SubIOp::create(b, end, start));
    }
    Value countF = arith::SIToFPOp::create(
        b, a[0].getType(),
        arith::IndexCastOp::create(b, b.getI64Type(), count));
    return arith::DivFOp::create(b, a[0], countF);
  });
}

static SmallVector<Value> lower(Emitter &e, AvgPool2DOp op,
                                AvgPool2DOp::Adaptor adaptor) {
  ArrayRef<int64_t> kernel = op.getKernelSize(), strides = op.getStrides(),
                    pad = op.getPadding();
  Value input = e.padSpatial(adaptor.getInput(), pad, 0.0);
  RankedTensorType type = op.getType();
  Value sum =
      emitPool<linalg::PoolingNchwSumOp>(e, input, type, kernel, strides, 0.0);
  if (op.getCountIncludePad())
    return {e.scale(sum, 1.0 / (kernel[0] * kernel[1]))};
  return {divideByCoveredCount(e, sum,
                               Emitter::typeOf(adaptor.getInput()).getShape(),
                               kernel, strides, pad)};
}

static SmallVector<Value> lower(Emitter &e, GlobalAvgPool2DOp,
                                GlobalAvgPool2DOp::Adaptor adaptor) {
  Value x = adaptor.getInput();
  double inv = 1.0 / countOf(Emitter::typeOf(x), {2, 3});
  return {e.scale(e.reduceSum(x, {2, 3}), inv)};
}

//===----------------------------------------------------------------------===//
// Lookup and data movement
//===----------------------------------------------------------------------===//

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

//===----------------------------------------------------------------------===//
// Reductions and losses
//===----------------------------------------------------------------------===//

template <typename DlcOp>
static SmallVector<Value> lowerReduce(Emitter &e, DlcOp op, Value input,
                                      bool mean) {
  ArrayRef<int64_t> axes = op.getAxes();
  Value r = e.reduceSum(input, axes);
  if (mean)
    r = e.scale(r, 1.0 / countOf(Emitter::typeOf(input), axes));
  return {e.reshape(r, op.getType().getShape())};
}

static SmallVector<Value> lower(Emitter &e, ReduceSumOp op,
                                ReduceSumOp::Adaptor adaptor) {
  return lowerReduce(e, op, adaptor.getInput(), /*mean=*/false);
}

static SmallVector<Value> lower(Emitter &e, ReduceMeanOp op,
                                ReduceMeanOp::Adaptor adaptor) {
  return lowerReduce(e, op, adaptor.getInput(), /*mean=*/true);
}

static SmallVector<Value> lower(Emitter &e, CrossEntropyOp,
                                CrossEntropyOp::Adaptor adaptor) {
  Value logits = adaptor.getLogits();
  RankedTensorType type = Emitter::typeOf(logits);
  int64_t n = type.getDimSize(0), classes = type.getDimSize(1);
  Type et = type.getElementType();
  // Per row: logsumexp(logits) - logits[label], with the maximum subtracted.
  Value max = e.reduceMax(logits, {1});
  Value exps = e.withReduced(logits, max, {1}, [](Emitter &b, ValueRange a) {
    return Value(math::ExpOp::create(b, arith::SubFOp::create(b, a[0], a[1])));
  });
  Value sum = e.reduceSum(exps, {1});
  auto rowType = RankedTensorType::get({n}, et);
  Value perRow =
      e.map(rowType, {max, sum, adaptor.getLabels()}, {},
            [&](Emitter &b, ValueRange a) -> Value {
              Value row = linalg::IndexOp::create(b, 0);
              Value label = b.clampIndex(a[2], classes);
              Value picked =
                  tensor::ExtractOp::create(b, logits, ValueRange{row, label});
              Value lse =
                  arith::AddFOp::create(b, math::LogOp::create(b, a[1]), a[0]);
              return arith::SubFOp::create(b, lse, picked);
            });
  return {e.scale(e.reduceSum(perRow, {0}), 1.0 / n)};
}

static SmallVector<Value> lower(Emitter &e, MseLossOp,
                                MseLossOp::Adaptor adaptor) {
  Value x = adaptor.getInput();
  RankedTensorType type = Emitter::typeOf(x);
  Value sq = e.map(type, {x, adaptor.getTarget()}, {},
                   [](Emitter &b, ValueRange a) -> Value {
                     Value d = arith::SubFOp::create(b, a[0], a[1]);
                     return arith::MulFOp::create(b, d, d);
                   });
  auto all = llvm::to_vector(llvm::seq<int64_t>(0, type.getRank()));
  return {e.scale(e.reduceSum(sq, all), 1.0 / type.getNumElements())};
}

//===----------------------------------------------------------------------===//
// Gradient ops
//===----------------------------------------------------------------------===//

static SmallVector<Value> lower(Emitter &e, ReluGradOp op,
                                ReluGradOp::Adaptor adaptor) {
  return {e.map(op.getType(), {adaptor.getGrad(), adaptor.getInput()}, {},
                [](Emitter &b, ValueRange a) -> Value {
                  Type t = a[0].getType();
                  Value positive = arith::CmpFOp::create(
                      b, arith::CmpFPredicate::OGT, a[1], b.constant(t, 0.0));
                  return arith::SelectOp::create(b, positive, a[0],
                                                 b.constant(t, 0.0));
                })};
}

static SmallVector<Value> lower(Emitter &e, CrossEntropyGradOp op,
                                CrossEntropyGradOp::Adaptor adaptor) {
  Value logits = adaptor.getLogits();
  RankedTensorType type = op.getType();
  int64_t n = type.getDimSize(0), classes = type.getDimSize(1);
  // (softmax(logits) - onehot(labels)) * grad / N
  Value max = e.reduceMax(logits, {1});
  Value exps = e.withReduced(logits, max, {1}, [](Emitter &b, ValueRange a) {
    return Value(math::ExpOp::create(b, arith::SubFOp::create(b, a[0], a[1])));
  });
  Value sum = e.reduceSum(exps, {1});
  MLIRContext *ctx = e.getContext();
  AffineMap id = e.getMultiDimIdentityMap(2);
  AffineMap row = AffineMap::get(2, 0, e.getAffineDimExpr(0), ctx);
  AffineMap scalar = AffineMap::get(2, 0, {}, ctx);
  return {e.map(type, {exps, sum, adaptor.getLabels(), adaptor.getGrad()},
                {id, row, row, scalar}, [&](Emitter &b, ValueRange a) -> Value {
                  Type t = a[0].getType();
                  Value p = arith::DivFOp::create(b, a[0], a[1]);
                  Value label = b.clampIndex(a[2], classes);
                  Value isLabel =
                      arith::CmpIOp::create(b, arith::CmpIPredicate::eq, label,
                                            linalg::IndexOp::create(b, 1));
                  Value target = arith::SelectOp::create(
                      b, isLabel, b.constant(t, 1.0), b.constant(t, 0.0));
                  Value scale =
                      arith::MulFOp::create(b, a[3], b.constant(t, 1.0 / n));
                  return arith::MulFOp::create(
                      b, arith::SubFOp::create(b, p, target), scale);
                })};
}

static SmallVector<Value> lower(Emitter &e, GeluGradOp op,
                                GeluGradOp::Adaptor adaptor) {
  bool tanhForm = op.getApproximate() == GeluApproximation::tanh;
  return {e.map(
      op.getType(), {adaptor.getGrad(), adaptor.getInput()}, {},
      [&](Emitter &b, ValueRange a) -> Value {
        Type t = a[0].getType();
        Value x = a[1];
        auto c = [&](double v) { return b.constant(t, v); };
        auto mulf = [&](Value p, Value q) -> Value {
          return arith::MulFOp::create(b, p, q);
        };
        auto addf = [&](Value p, Value q) -> Value {
          return arith::AddFOp::create(b, p, q);
        };
        Value slope;
        if (tanhForm) {
          // d/dx 0.5 x (1 + tanh(u)), u = k (x + 0.044715 x^3).
          double k = std::sqrt(2.0 / M_PI);
          Value x2 = mulf(x, x);
          Value u = mulf(c(k), addf(x, mulf(c(0.044715), mulf(x2, x))));
          Value th = math::TanhOp::create(b, u);
          Value du = mulf(c(k), addf(c(1.0), mulf(c(3 * 0.044715), x2)));
          Value sech2 = arith::SubFOp::create(b, c(1.0), mulf(th, th));
          slope = addf(mulf(c(0.5), addf(c(1.0), th)),
                       mulf(mulf(c(0.5), x), mulf(sech2, du)));
        } else {
          // Phi(x) + x phi(x).
          Value cdf =
              mulf(c(0.5),
                   addf(c(1.0), math::ErfOp::create(b, mulf(x, c(M_SQRT1_2)))));
          Value pdf = mulf(c(1.0 / std::sqrt(2.0 * M_PI)),
                           math::ExpOp::create(b, mulf(c(-0.5), mulf(x, x))));
          slope = addf(cdf, mulf(x, pdf));
        }
        return mulf(a[0], slope);
      })};
}

static SmallVector<Value> lower(Emitter &e, SliceGradOp op,
                                SliceGradOp::Adaptor adaptor) {
  RankedTensorType type = op.getType();
  MLIRContext *ctx = e.getContext();
  Value zeros = e.full(type.getShape(), type.getElementType(), 0.0);
  return {tensor::InsertSliceOp::create(
      e, adaptor.getGrad(), zeros, getAsIndexOpFoldResult(ctx, op.getOffsets()),
      getAsIndexOpFoldResult(ctx,
                             Emitter::typeOf(adaptor.getGrad()).getShape()),
      getAsIndexOpFoldResult(ctx, op.getStrides()))};
}

/// The gradients of a normalization y = x̂ w + b with x̂ normalized over
/// `normAxes` and w, b indexed by the dimensions outside `paramAxes`:
/// dx = rstd (g - mean(g) - x̂ mean(g x̂)) with g = dy w and means over
/// `normAxes`; dw = sum(dy x̂) and db = sum(dy) over `paramAxes`.
static SmallVector<Value> normalizationGrad(Emitter &e, Value dy, Value x,
                                            Value w, ArrayRef<int64_t> normAxes,
                                            ArrayRef<int64_t> paramAxes,
                                            double eps) {
  RankedTensorType type = Emitter::typeOf(x);
  unsigned rank = type.getRank();
  double inv = 1.0 / countOf(type, normAxes);
  auto [mean, var] = moments(e, x, normAxes);
  AffineMap id = e.getMultiDimIdentityMap(rank);
  AffineMap stats = e.dropDims(rank, normAxes);
  AffineMap param = e.dropDims(rank, paramAxes);
  auto rstdOf = [&](Emitter &b, Value v) -> Value {
    Type t = v.getType();
    return math::RsqrtOp::create(
        b, arith::AddFOp::create(b, v, b.constant(t, eps)));
  };
  auto product = [](Emitter &b, ValueRange a) {
    return Value(arith::MulFOp::create(b, a[0], a[1]));
  };
  Value xhat = e.map(type, {x, mean, var}, {id, stats, stats},
                     [&](Emitter &b, ValueRange a) -> Value {
                       Value c = arith::SubFOp::create(b, a[0], a[1]);
                       return arith::MulFOp::create(b, c, rstdOf(b, a[2]));
                     });
  Value gw = e.map(type, {dy, w}, {id, param}, product);
  Value gwx = e.map(type, {gw, xhat}, {}, product);
  Value m1 = e.scale(e.reduceSum(gw, normAxes), inv);
  Value m2 = e.scale(e.reduceSum(gwx, normAxes), inv);
  Value dx = e.map(type, {gw, m1, xhat, m2, var}, {id, stats, id, stats, stats},
                   [&](Emitter &b, ValueRange a) -> Value {
                     Value t = arith::SubFOp::create(b, a[0], a[1]);
                     t = arith::SubFOp::create(
                         b, t, arith::MulFOp::create(b, a[2], a[3]));
                     return arith::MulFOp::create(b, t, rstdOf(b, a[4]));
                   });
  Value gx = e.map(type, {dy, xhat}, {}, product);
  Value dw = paramAxes.empty() ? gx : e.reduceSum(gx, paramAxes);
  Value db = paramAxes.empty() ? dy : e.reduceSum(dy, paramAxes);
  return {dx, dw, db};
}

static SmallVector<Value> lower(Emitter &e, LayerNormGradOp op,
                                LayerNormGradOp::Adaptor adaptor) {
  unsigned rank = Emitter::typeOf(adaptor.getInput()).getRank();
  unsigned k = Emitter::typeOf(adaptor.getWeight()).getRank();
  auto normalized = llvm::to_vector(llvm::seq<int64_t>(rank - k, rank));
  auto leading = llvm::to_vector(llvm::seq<int64_t>(0, rank - k));
  return normalizationGrad(e, adaptor.getGrad(), adaptor.getInput(),
                           adaptor.getWeight(), normalized, leading,
                           op.getEpsilon().convertToDouble());
}

static SmallVector<Value> lower(Emitter &e, BatchNormGradOp op,
                                BatchNormGradOp::Adaptor adaptor) {
  unsigned rank = Emitter::typeOf(adaptor.getInput()).getRank();
  SmallVector<int64_t> axes = {0};
  for (unsigned d = 2; d < rank; ++d)
    axes.push_back(d);
  return normalizationGrad(e, adaptor.getGrad(), adaptor.getInput(),
                           adaptor.getWeight(), axes, axes,
                           op.getEpsilon().convertToDouble());
}

/// A linalg.generic over `loops` loops that accumulates `body` into `init`
/// (read and written through `outMap`); the first `parallel` loops are
/// parallel, the rest reductions. With `widen`, f32 sums accumulate in f64
/// as in Emitter::reduce (for sums over a whole batch).
static Value accumulate(Emitter &e, Value init, ValueRange inputs,
                        ArrayRef<AffineMap> inputMaps, AffineMap outMap,
                        unsigned parallel, unsigned loops,
                        function_ref<Value(Emitter &, ValueRange)> body,
                        bool widen = true) {
  Type et = Emitter::typeOf(init).getElementType();
  if (widen && et.isF32()) {
    Value wide = accumulate(
        e, e.convertElements(init, e.getF64Type()), inputs, inputMaps, outMap,
        parallel, loops, [&](Emitter &b, ValueRange a) -> Value {
          return arith::ExtFOp::create(b, b.getF64Type(), body(b, a));
        });
    return e.convertElements(wide, et);
  }
  SmallVector<AffineMap> maps(inputMaps);
  maps.push_back(outMap);
  SmallVector<IteratorType> iterators(loops, IteratorType::reduction);
  std::fill_n(iterators.begin(), parallel, IteratorType::parallel);
  return linalg::GenericOp::create(
             e, TypeRange{init.getType()}, inputs, ValueRange{init}, maps,
             iterators,
             [&](OpBuilder &b, Location loc, ValueRange args) {
               Emitter m(loc, b);
               Value term = body(m, args.drop_back());
               Value sum = arith::AddFOp::create(m, args.back(), term);
               linalg::YieldOp::create(m, sum);
             })
      .getResult(0);
}

/// `a * b` in `type`, f16/bf16 factors extended to it first.
static Value multiplyIn(Emitter &e, Type type, Value a, Value b) {
  auto extend = [&](Value v) -> Value {
    return v.getType() == type ? v : arith::ExtFOp::create(e, type, v);
  };
  return arith::MulFOp::create(e, extend(a), extend(b));
}

static SmallVector<Value> lower(Emitter &e, Conv2DWeightGradOp op,
                                Conv2DWeightGradOp::Adaptor adaptor) {
  MLIRContext *ctx = e.getContext();
  Value x = e.padSpatial(adaptor.getInput(), op.getPadding(), 0.0);
  RankedTensorType xt = Emitter::typeOf(x);
  RankedTensorType dyt = Emitter::typeOf(adaptor.getGrad());
  RankedTensorType wt = op.getType();
  int64_t g = op.getGroups(), n = xt.getDimSize(0), c = xt.getDimSize(1);
  int64_t f = dyt.getDimSize(1);
  ArrayRef<int64_t> s = op.getStrides(), d = op.getDilation();
  Value xg = e.reshape(x, {n, g, c / g, xt.getDimSize(2), xt.getDimSize(3)});
  Value dyg = e.reshape(adaptor.getGrad(),
                        {n, g, f / g, dyt.getDimSize(2), dyt.getDimSize(3)});
  Type acc = accumulatorType(e, wt.getElementType());
  Value init =
      e.full({g, f / g, c / g, wt.getDimSize(2), wt.getDimSize(3)}, acc, 0.0);
  // Loops (g, fo, c, kh, kw | n, oh, ow).
  auto dim = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  AffineMap dyMap =
      AffineMap::get(8, 0, {dim(5), dim(0), dim(1), dim(6), dim(7)}, ctx);
  AffineMap xMap =
      AffineMap::get(8, 0,
                     {dim(5), dim(0), dim(2), dim(6) * s[0] + dim(3) * d[0],
                      dim(7) * s[1] + dim(4) * d[1]},
                     ctx);
  AffineMap outMap =
      AffineMap::get(8, 0, {dim(0), dim(1), dim(2), dim(3), dim(4)}, ctx);
  // A sum over the whole batch: accumulated in f64 for f32.
  Value grad = accumulate(e, init, {dyg, xg}, {dyMap, xMap}, outMap, 5, 8,
                          [&](Emitter &b, ValueRange a) -> Value {
                            return multiplyIn(b, acc, a[0], a[1]);
                          });
  return {e.convertTo(e.reshape(grad, wt.getShape()), wt.getElementType())};
}

/// For an input position `num` = position - tap offset along one axis of a
/// windowed op: whether it is the start of an output window (`num / stride`
/// exact and within `extent` outputs), and that window's index clamped into
/// [0, extent) so that reads stay in bounds when it is not.
static std::pair<Value, Value> windowOrigin(Emitter &b, Value num,
                                            int64_t stride, int64_t extent) {
  Type index = b.getIndexType();
  auto cst = [&](int64_t v) { return b.constant(index, v); };
  Value o = arith::DivSIOp::create(b, num, cst(stride));
  Value ok = arith::AndIOp::create(
      b, arith::CmpIOp::create(b, arith::CmpIPredicate::sge, num, cst(0)),
      arith::AndIOp::create(
          b,
          arith::CmpIOp::create(b, arith::CmpIPredicate::eq,
                                arith::RemSIOp::create(b, num, cst(stride)),
                                cst(0)),
          arith::CmpIOp::create(b, arith::CmpIPredicate::slt, o, cst(extent))));
  o = arith::MaxSIOp::create(b, o, cst(0));
  return {ok, arith::MinSIOp::create(b, o, cst(extent - 1))};
}

static SmallVector<Value> lower(Emitter &e, Conv2DInputGradOp op,
                                Conv2DInputGradOp::Adaptor adaptor) {
  MLIRContext *ctx = e.getContext();
  RankedTensorType xt = op.getType();
  RankedTensorType dyt = Emitter::typeOf(adaptor.getGrad());
  RankedTensorType wt = Emitter::typeOf(adaptor.getWeight());
  ArrayRef<int64_t> s = op.getStrides(), d = op.getDilation(),
                    pad = op.getPadding();
  int64_t g = op.getGroups(), n = xt.getDimSize(0), c = xt.getDimSize(1);
  int64_t h = xt.getDimSize(2), w = xt.getDimSize(3);
  int64_t f = dyt.getDimSize(1), oh = dyt.getDimSize(2), ow = dyt.getDimSize(3);
  int64_t kh = wt.getDimSize(2), kw = wt.getDimSize(3);
  if (isPointwise(wt, s, pad, g)) {
    // dx[n] = W^T . dy[n], [C, F] . [F, H*W], summed over f in order as
    // below.
    Value wT = e.transpose(e.reshape(adaptor.getWeight(), {f, c}), {1, 0});
    Value product =
        emitSharedLhsMatmul(e, wT, e.reshape(adaptor.getGrad(), {n, f, h * w}));
    return {
        e.convertTo(e.reshape(product, xt.getShape()), xt.getElementType())};
  }
  Value wg = e.reshape(adaptor.getWeight(), {g, f / g, c / g, kh, kw});
  // Each input position sums F/G * KH * KW terms, as many as a forward
  // output: accumulated in f32 like the forward convolution.
  Type acc = accumulatorType(e, xt.getElementType());
  Value init = e.full({n, g, c / g, h, w}, acc, 0.0);
  // Loops (n, g, c, h, w | fo, kh, kw) over the unpadded input.
  auto dim = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  AffineMap outMap =
      AffineMap::get(8, 0, {dim(0), dim(1), dim(2), dim(3), dim(4)}, ctx);
  AffineMap wMap =
      AffineMap::get(8, 0, {dim(1), dim(5), dim(2), dim(6), dim(7)}, ctx);
  // Output-gradient padding that turns the gradient into a convolution.
  int64_t qh = (kh - 1) * d[0] - pad[0], qw = (kw - 1) * d[1] - pad[1];
  Value grad;
  if (s[0] == 1 && s[1] == 1 && qh >= 0 && qw >= 0) {
    // With unit strides the gradient is a convolution of the output gradient,
    // padded by the dilated kernel's extent less one less the forward
    // padding, with the flipped kernel: position (h, w) reads tap (kh, kw)
    // of the weight and dy at (h + (KH-1-kh) d, w + (KW-1-kw) d), the same
    // terms in the same order as the gather below. Plain affine reads, so
    // the GPU pipeline tiles it as a product.
    Value dyp = e.padSpatial(adaptor.getGrad(), {qh, qw}, 0.0);
    RankedTensorType dypt = Emitter::typeOf(dyp);
    dyp = e.reshape(dyp, {n, g, f / g, dypt.getDimSize(2), dypt.getDimSize(3)});
    AffineMap dyMap = AffineMap::get(8, 0,
                                     {dim(0), dim(1), dim(5),
                                      dim(3) + (kh - 1 - dim(6)) * d[0],
                                      dim(4) + (kw - 1 - dim(7)) * d[1]},
                                     ctx);
    grad = accumulate(
        e, init, {dyp, wg}, {dyMap, wMap}, outMap, 5, 8,
        [&](Emitter &b, ValueRange a) -> Value {
          return multiplyIn(b, acc, a[0], a[1]);
        },
        /*widen=*/false);
  } else {
    Value dyg = e.reshape(adaptor.getGrad(), {n, g, f / g, oh, ow});
    // Every input position gathers the output positions whose window read
    // it through tap (kh, kw).
    grad = accumulate(
        e, init, {wg}, {wMap}, outMap, 5, 8,
        [&](Emitter &b, ValueRange a) -> Value {
          Type index = b.getIndexType();
          auto cst = [&](int64_t v) { return b.constant(index, v); };
          Value valid;
          SmallVector<Value> at = {linalg::IndexOp::create(b, 0),
                                   linalg::IndexOp::create(b, 1),
                                   linalg::IndexOp::create(b, 5)};
          for (int k = 0; k < 2; ++k) {
            // o = (padded position - tap * dilation) / stride, when exact
            // and in range.
            Value num = arith::SubIOp::create(
                b,
                arith::AddIOp::create(b, linalg::IndexOp::create(b, 3 + k),
                                      cst(pad[k])),
                arith::MulIOp::create(b, linalg::IndexOp::create(b, 6 + k),
                                      cst(d[k])));
            auto [ok, o] = windowOrigin(b, num, s[k], k == 0 ? oh : ow);
            valid = valid ? Value(arith::AndIOp::create(b, valid, ok)) : ok;
            at.push_back(o);
          }
          Value dy = tensor::ExtractOp::create(b, dyg, at);
          return arith::SelectOp::create(b, valid, multiplyIn(b, acc, dy, a[0]),
                                         b.constant(acc, 0.0));
        },
        /*widen=*/false);
  }
  return {e.convertTo(e.reshape(grad, xt.getShape()), xt.getElementType())};
}

/// The transpose of pooling's window gathering: for every position of the
/// padded input (`inType` grown by `pad`), the sum over the windows that
/// cover it of `term(window, tap)`, where `window` indexes the `[N, C, OH,
/// OW]` output and `tap` is the position's flat index inside that window.
/// Returns the unpadded `inType` tensor.
static Value sumOverCoveringWindows(
    Emitter &e, RankedTensorType inType, ArrayRef<int64_t> outShape,
    ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides, ArrayRef<int64_t> pad,
    function_ref<Value(Emitter &, ArrayRef<Value>, Value)> term) {
  MLIRContext *ctx = e.getContext();
  int64_t n = inType.getDimSize(0), c = inType.getDimSize(1);
  SmallVector<int64_t> padded = {n, c, inType.getDimSize(2) + 2 * pad[0],
                                 inType.getDimSize(3) + 2 * pad[1]};
  Value init = e.full(padded, inType.getElementType(), 0.0);
  // Loops (n, c, hp, wp | kh, kw); as for the pooling named ops, an unread
  // window operand gives the (kh, kw) loops their extent.
  auto dim = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  AffineMap outMap =
      AffineMap::get(6, 0, {dim(0), dim(1), dim(2), dim(3)}, ctx);
  AffineMap windowMap = AffineMap::get(6, 0, {dim(4), dim(5)}, ctx);
  Value window = tensor::EmptyOp::create(e, kernel, inType.getElementType());
  Value sum = accumulate(
      e, init, {window}, {windowMap}, outMap, 4, 6,
      [&](Emitter &b, ValueRange) -> Value {
        Type index = b.getIndexType();
        auto cst = [&](int64_t v) { return b.constant(index, v); };
        Value valid;
        SmallVector<Value> window = {linalg::IndexOp::create(b, 0),
                                     linalg::IndexOp::create(b, 1)};
        for (int k = 0; k < 2; ++k) {
          // o = (position - tap) / stride, when exact and in range.
          Value num =
              arith::SubIOp::create(b, linalg::IndexOp::create(b, 2 + k),
                                    linalg::IndexOp::create(b, 4 + k));
          auto [ok, o] = windowOrigin(b, num, strides[k], outShape[2 + k]);
          valid = valid ? Value(arith::AndIOp::create(b, valid, ok)) : ok;
          window.push_back(o);
        }
        Value tap = arith::AddIOp::create(
            b,
            arith::MulIOp::create(b, linalg::IndexOp::create(b, 4),
                                  cst(kernel[1])),
            linalg::IndexOp::create(b, 5));
        Value value = term(b, window, tap);
        return arith::SelectOp::create(b, valid, value,
                                       b.constant(value.getType(), 0.0));
      });
  if (pad[0] == 0 && pad[1] == 0)
    return sum;
  return tensor::ExtractSliceOp::create(
      e, inType, sum, getAsIndexOpFoldResult(ctx, {0, 0, pad[0], pad[1]}),
      getAsIndexOpFoldResult(ctx, inType.getShape()),
      getAsIndexOpFoldResult(ctx, {1, 1, 1, 1}));
}

static SmallVector<Value> lower(Emitter &e, MaxPool2DGradOp op,
                                MaxPool2DGradOp::Adaptor adaptor) {
  MLIRContext *ctx = e.getContext();
  ArrayRef<int64_t> kernel = op.getKernelSize(), strides = op.getStrides(),
                    pad = op.getPadding();
  Value dy = adaptor.getGrad();
  RankedTensorType dyType = Emitter::typeOf(dy);
  Value x = e.padSpatial(adaptor.getInput(), pad, -INFINITY);
  Type et = dyType.getElementType();
  // The selected tap of every window: the first strict maximum in row-major
  // order, -1 when nothing beats -inf. Loops (n, c, oh, ow | kh, kw).
  auto dim = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  AffineMap xMap = AffineMap::get(6, 0,
                                  {dim(0), dim(1), dim(2) * strides[0] + dim(4),
                                   dim(3) * strides[1] + dim(5)},
                                  ctx);
  AffineMap outMap =
      AffineMap::get(6, 0, {dim(0), dim(1), dim(2), dim(3)}, ctx);
  SmallVector<IteratorType> iterators(4, IteratorType::parallel);
  iterators.append(2, IteratorType::reduction);
  Value best = e.full(dyType.getShape(), et, -INFINITY);
  Value noTap = e.full(dyType.getShape(), e.getI64Type(), -1);
  Value window = tensor::EmptyOp::create(e, kernel, et);
  AffineMap windowMap = AffineMap::get(6, 0, {dim(4), dim(5)}, ctx);
  Value taps =
      linalg::GenericOp::create(
          e, TypeRange{best.getType(), noTap.getType()}, ValueRange{x, window},
          ValueRange{best, noTap}, {xMap, windowMap, outMap, outMap}, iterators,
          [&](OpBuilder &ob, Location loc, ValueRange args) {
            Emitter b(loc, ob);
            Value tap = arith::IndexCastOp::create(
                b, b.getI64Type(),
                arith::AddIOp::create(
                    b,
                    arith::MulIOp::create(
                        b, linalg::IndexOp::create(b, 4),
                        b.constant(b.getIndexType(), kernel[1])),
                    linalg::IndexOp::create(b, 5)));
            Value better = arith::CmpFOp::create(b, arith::CmpFPredicate::OGT,
                                                 args[0], args[2]);
            linalg::YieldOp::create(
                b,
                ValueRange{arith::SelectOp::create(b, better, args[0], args[2]),
                           arith::SelectOp::create(b, better, tap, args[3])});
          })
          .getResult(1);
  return {sumOverCoveringWindows(
      e, op.getType(), dyType.getShape(), kernel, strides, pad,
      [&](Emitter &b, ArrayRef<Value> window, Value tap) -> Value {
        Value selected = tensor::ExtractOp::create(b, taps, window);
        Value hit = arith::CmpIOp::create(
            b, arith::CmpIPredicate::eq, selected,
            arith::IndexCastOp::create(b, b.getI64Type(), tap));
        Value g = tensor::ExtractOp::create(b, dy, window);
        return arith::SelectOp::create(b, hit, g, b.constant(et, 0.0));
      })};
}

static SmallVector<Value> lower(Emitter &e, AvgPool2DGradOp op,
                                AvgPool2DGradOp::Adaptor adaptor) {
  ArrayRef<int64_t> kernel = op.getKernelSize(), strides = op.getStrides(),
                    pad = op.getPadding();
  RankedTensorType inType = op.getType();
  Value dy = adaptor.getGrad();
  // Spread each window's gradient evenly over its divisor.
  Value share = op.getCountIncludePad()
                    ? e.scale(dy, 1.0 / (kernel[0] * kernel[1]))
                    : divideByCoveredCount(e, dy, inType.getShape(), kernel,
                                           strides, pad);
  return {sumOverCoveringWindows(
      e, inType, Emitter::typeOf(dy).getShape(), kernel, strides, pad,
      [&](Emitter &b, ArrayRef<Value> window, Value) -> Value {
        return tensor::ExtractOp::create(b, share, window);
      })};
}

/// For each of `outputs` elements o, the i64 sum over the positions q of
/// `values` of `term(b, o, q, values[q])`. The positions are summed in
/// `parts` contiguous runs first (loops (o, part | j), q = part * run + j),
/// then the runs' sums: integer sums, so the result is the same, and a GPU
/// gets outputs x parts threads instead of one per output (these sums
/// compare every output with every position: 4096^2 for the ranks of a
/// BERT batch's tokens).
static Value sumOver(Emitter &e, int64_t outputs, Value values,
                     function_ref<Value(Emitter &, Value, Value, Value)> term) {
  Type i64 = e.getI64Type();
  MLIRContext *ctx = e.getContext();
  int64_t length = Emitter::typeOf(values).getDimSize(0);
  // Runs of at least 64 positions, until there are 2^17 partial sums.
  constexpr int64_t kMinRun = 64, kEnoughSums = 131072;
  int64_t parts = 1;
  while (length % (parts * 2) == 0 && length / (parts * 2) >= kMinRun &&
         outputs * parts < kEnoughSums)
    parts *= 2;
  int64_t run = length / parts;
  auto dim = [&](unsigned i) { return e.getAffineDimExpr(i); };
  Value init = e.full({outputs, parts}, i64, 0);
  // The values as [parts, run], read at (part, j).
  Value runs = e.reshape(values, {parts, run});
  SmallVector<AffineMap> maps = {AffineMap::get(3, 0, {dim(1), dim(2)}, ctx),
                                 AffineMap::get(3, 0, {dim(0), dim(1)}, ctx)};
  SmallVector<utils::IteratorType> iterators = {utils::IteratorType::parallel,
                                                utils::IteratorType::parallel,
                                                utils::IteratorType::reduction};
  Value partial =
      linalg::GenericOp::create(
          e, TypeRange{init.getType()}, ValueRange{runs}, ValueRange{init},
          maps, iterators,
          [&](OpBuilder &ob, Location loc, ValueRange args) {
            Emitter b(loc, ob);
            Value q = arith::AddIOp::create(
                b,
                arith::MulIOp::create(b, linalg::IndexOp::create(b, 1),
                                      b.constant(b.getIndexType(), run)),
                linalg::IndexOp::create(b, 2));
            Value t = term(b, linalg::IndexOp::create(b, 0), q, args[0]);
            linalg::YieldOp::create(
                b, ValueRange{arith::AddIOp::create(b, args[1], t)});
          })
          .getResult(0);
  if (parts == 1)
    return e.reshape(partial, {outputs});
  return e.reduce(partial, {1}, 0.0, [](Emitter &b, Value acc, Value x) {
    return arith::AddIOp::create(b, acc, x);
  });
}

/// 1 where `condition` holds, else 0, as i64.
static Value oneIf(Emitter &b, Value condition) {
  return arith::ExtUIOp::create(b, b.getI64Type(), condition);
}

static SmallVector<Value> lower(Emitter &e, EmbeddingGradOp op,
                                EmbeddingGradOp::Adaptor adaptor) {
  RankedTensorType table = op.getType();
  int64_t vocab = table.getDimSize(0), dim = table.getDimSize(1);
  RankedTensorType idsType = Emitter::typeOf(adaptor.getIndices());
  int64_t n = idsType.getNumElements();
  Type i64 = e.getI64Type(), index = e.getIndexType();
  Value grad = e.reshape(adaptor.getGrad(), {n, dim});
  Value ids = e.reshape(adaptor.getIndices(), {n});
  // Row ids as i64, clamped into the table as the forward gather does.
  Value rows = e.map(RankedTensorType::get({n}, i64), ids, {},
                     [&](Emitter &b, ValueRange a) -> Value {
                       return arith::IndexCastOp::create(
                           b, i64, b.clampIndex(a[0], vocab));
                     });
  auto rowOf = [&](Emitter &b, Value position) -> Value {
    return tensor::ExtractOp::create(b, rows, position);
  };
  // The positions sorted by row, stably: position p goes to rank p, the
  // number of positions q with a smaller row, or the same row and q < p.
  Value rank =
      sumOver(e, n, rows, [&](Emitter &b, Value p, Value q, Value rq) -> Value {
        Value rp = rowOf(b, p);
        Value less =
            arith::CmpIOp::create(b, arith::CmpIPredicate::slt, rq, rp);
        Value same = arith::CmpIOp::create(b, arith::CmpIPredicate::eq, rq, rp);
        Value before =
            arith::CmpIOp::create(b, arith::CmpIPredicate::ult, q, p);
        return oneIf(b, arith::OrIOp::create(
                            b, less, arith::AndIOp::create(b, same, before)));
      });
  // order[s] = the position of rank s (a gather, so each element is written
  // by one iteration and no scatter is needed).
  Value order =
      sumOver(e, n, rank, [&](Emitter &b, Value s, Value q, Value rq) -> Value {
        Value hit =
            arith::CmpIOp::create(b, arith::CmpIPredicate::eq, rq,
                                  arith::IndexCastOp::create(b, i64, s));
        return arith::SelectOp::create(
            b, hit, arith::IndexCastOp::create(b, i64, q), b.constant(i64, 0));
      });
  // Where each row's positions start in that order: the count of smaller
  // rows, for every row and one past the last (which is n), so that row v's
  // positions are ranks [start[v], start[v + 1]).
  Value start = sumOver(
      e, vocab + 1, rows, [&](Emitter &b, Value v, Value, Value rq) -> Value {
        return oneIf(
            b, arith::CmpIOp::create(b, arith::CmpIPredicate::slt, rq,
                                     arith::IndexCastOp::create(b, i64, v)));
      });
  // start[first], ..., start[first + vocab - 1].
  auto bounds = [&](int64_t first) -> Value {
    MLIRContext *ctx = e.getContext();
    return tensor::ExtractSliceOp::create(
        e, RankedTensorType::get({vocab}, i64), start,
        getAsIndexOpFoldResult(ctx, ArrayRef<int64_t>(first)),
        getAsIndexOpFoldResult(ctx, ArrayRef<int64_t>(vocab)),
        getAsIndexOpFoldResult(ctx, ArrayRef<int64_t>(1)));
  };
  // Each element of the table sums its row's positions in position order,
  // from zero: the same sums, in the same order, as adding the positions'
  // gradients into the table one position after another. Every element is
  // independent, so the GPU runs one thread per element; a row without
  // positions reads nothing but its two bounds.
  Type et = table.getElementType();
  AffineMap byRow = AffineMap::get(2, 0, e.getAffineDimExpr(0), e.getContext());
  Value result =
      e.map(table, {bounds(0), bounds(1)}, {byRow, byRow},
            [&](Emitter &b, ValueRange a) -> Value {
              Value column = linalg::IndexOp::create(b, 1);
              Value first = arith::IndexCastOp::create(b, index, a[0]);
              Value end = arith::IndexCastOp::create(b, index, a[1]);
              auto loop = scf::ForOp::create(
                  b, first, end, b.constant(index, 1),
                  ValueRange{b.constant(et, 0.0)},
                  [&](OpBuilder &ob, Location loc, Value s, ValueRange sum) {
                    Emitter w(loc, ob);
                    Value p = arith::IndexCastOp::create(
                        w, index, tensor::ExtractOp::create(w, order, s));
                    Value g = tensor::ExtractOp::create(w, grad,
                                                        ValueRange{p, column});
                    scf::YieldOp::create(
                        w, ValueRange{arith::AddFOp::create(w, sum[0], g)});
                  });
              return loop.getResult(0);
            });
  return {result};
}

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

/// Lowers one dlc op with its `lower` overload.
template <typename OpTy> struct LowerOp : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Emitter e(op.getLoc(), rewriter);
    rewriter.replaceOp(op, lower(e, op, adaptor));
    return success();
  }
};

static bool isLowPrecision(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor &&
         (tensor.getElementType().isF16() || tensor.getElementType().isBF16());
}

/// Rewrites a computing dlc op on f16/bf16 into the same op on f32 between
/// conversions, so that it accumulates and evaluates functions in f32 and
/// rounds once. Data movement keeps its element type; products and
/// convolutions (matmul, linear, conv2d and its gradients) keep their narrow
/// operands and accumulate in f32 themselves, which gives the same sums
/// without f32 copies of their operands (and lets a GPU feed them to tensor
/// cores).
struct ComputeInF32 : ConversionPattern {
  ComputeInF32(MLIRContext *ctx)
      : ConversionPattern(MatchAnyOpTypeTag(), /*benefit=*/2, ctx) {}

  LogicalResult
  matchAndRewrite(Operation *op, ArrayRef<Value> operands,
                  ConversionPatternRewriter &rewriter) const override {
    if (!isa<DlcDialect>(op->getDialect()) ||
        isa<EmbeddingOp, ReshapeOp, TransposeOp, SliceOp, ConcatOp, SliceGradOp,
            MatmulOp, LinearOp, Conv2DOp, Conv2DInputGradOp,
            Conv2DWeightGradOp>(op) ||
        !llvm::any_of(op->getOperandTypes(), isLowPrecision))
      return failure();
    Emitter e(op->getLoc(), rewriter);
    Type f32 = e.getF32Type();
    SmallVector<Value> promoted;
    for (Value v : operands)
      promoted.push_back(isLowPrecision(v.getType()) ? e.convertElements(v, f32)
                                                     : v);
    SmallVector<Type> resultTypes;
    for (Type t : op->getResultTypes())
      resultTypes.push_back(
          isLowPrecision(t) ? cast<RankedTensorType>(t).clone(f32) : t);
    OperationState state(op->getLoc(), op->getName(), promoted, resultTypes,
                         op->getAttrs());
    Operation *wide = rewriter.create(state);
    SmallVector<Value> results;
    for (auto [narrow, value] :
         llvm::zip(op->getResultTypes(), wide->getResults()))
      results.push_back(
          isLowPrecision(narrow)
              ? e.convertElements(
                    value, cast<RankedTensorType>(narrow).getElementType())
              : value);
    rewriter.replaceOp(op, results);
    return success();
  }
};

struct DlcToLinalgPass : dlc::impl::DlcToLinalgBase<DlcToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    ConversionTarget target(*ctx);
    target.addIllegalDialect<DlcDialect>();
    target.addLegalDialect<arith::ArithDialect, linalg::LinalgDialect,
                           math::MathDialect, scf::SCFDialect,
                           tensor::TensorDialect>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });

    RewritePatternSet patterns(ctx);
    patterns.add<ComputeInF32>(ctx);
    patterns.add<
        LowerOp<MatmulOp>, LowerOp<LinearOp>, LowerOp<Conv2DOp>, LowerOp<AddOp>,
        LowerOp<SubOp>, LowerOp<MulOp>, LowerOp<DivOp>, LowerOp<ReluOp>,
        LowerOp<TanhOp>, LowerOp<SigmoidOp>, LowerOp<ExpOp>, LowerOp<GeluOp>,
        LowerOp<DropoutOp>, LowerOp<SoftmaxOp>, LowerOp<LayerNormOp>,
        LowerOp<BatchNormOp>, LowerOp<MaxPool2DOp>, LowerOp<AvgPool2DOp>,
        LowerOp<GlobalAvgPool2DOp>, LowerOp<EmbeddingOp>, LowerOp<ReshapeOp>,
        LowerOp<TransposeOp>, LowerOp<SliceOp>, LowerOp<ConcatOp>,
        LowerOp<ReduceSumOp>, LowerOp<ReduceMeanOp>, LowerOp<CrossEntropyOp>,
        LowerOp<MseLossOp>, LowerOp<ReluGradOp>, LowerOp<CrossEntropyGradOp>,
        LowerOp<GeluGradOp>, LowerOp<SliceGradOp>, LowerOp<LayerNormGradOp>,
        LowerOp<EmbeddingGradOp>, LowerOp<SqrtOp>, LowerOp<BatchNormGradOp>,
        LowerOp<Conv2DInputGradOp>, LowerOp<Conv2DWeightGradOp>,
        LowerOp<MaxPool2DGradOp>, LowerOp<AvgPool2DGradOp>>(ctx);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
