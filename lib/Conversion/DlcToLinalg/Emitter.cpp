//===- Emitter.cpp - Building blocks of the dlc-to-linalg lowerings -------===//
//
// The building blocks of the family files: the Emitter's methods, which build
// the fills, linalg.generic maps and reductions, reshapes, transposes and pads
// that every lowering is made of, and the free helpers more than one family
// uses: `countOf`, and the window arithmetic that the convolution and pooling
// gradients share (`accumulate`, `windowOrigin`).
//
//===----------------------------------------------------------------------===//

#include "PatternDlcToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

#include <cmath>

namespace mlir::dlc::to_linalg {

using utils::IteratorType;

Value Emitter::constant(Type type, double value) {
  if (isa<FloatType>(type))
    return arith::ConstantOp::create(*this, type, getFloatAttr(type, value));
  if (type.isIndex())
    return arith::ConstantIndexOp::create(*this, static_cast<int64_t>(value));
  return arith::ConstantOp::create(
      *this, type, getIntegerAttr(type, static_cast<int64_t>(value)));
}

Value Emitter::full(ArrayRef<int64_t> shape, Type elementType, double value) {
  Value init = tensor::EmptyOp::create(*this, shape, elementType);
  return linalg::FillOp::create(*this, constant(elementType, value), init)
      .getResult(0);
}

AffineMap Emitter::dropDims(unsigned rank, ArrayRef<int64_t> dropped) {
  SmallVector<AffineExpr> exprs;
  for (unsigned d = 0; d < rank; ++d)
    if (!llvm::is_contained(dropped, d))
      exprs.push_back(getAffineDimExpr(d));
  return AffineMap::get(rank, 0, exprs, getContext());
}

AffineMap Emitter::broadcastMap(ArrayRef<int64_t> shape,
                                ArrayRef<int64_t> result) {
  unsigned rank = result.size(), lead = rank - shape.size();
  SmallVector<AffineExpr> exprs;
  for (auto [i, size] : llvm::enumerate(shape)) {
    unsigned d = lead + i;
    exprs.push_back(size == 1 && result[d] != 1 ? getAffineConstantExpr(0)
                                                : getAffineDimExpr(d));
  }
  return AffineMap::get(rank, 0, exprs, getContext());
}

Value Emitter::map(RankedTensorType resultType, ValueRange inputs,
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

Value Emitter::map(Value input, BodyFn body) {
  return map(typeOf(input), input, {}, body);
}

Value Emitter::reduce(Value input, ArrayRef<int64_t> axes, double identity,
                      function_ref<Value(Emitter &, Value, Value)> combine,
                      bool widen) {
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

Value Emitter::reduceSum(Value input, ArrayRef<int64_t> axes) {
  return reduce(
      input, axes, 0.0,
      [](Emitter &e, Value acc, Value x) {
        return arith::AddFOp::create(e, acc, x);
      },
      /*widen=*/true);
}

Value Emitter::reduceMax(Value input, ArrayRef<int64_t> axes) {
  return reduce(input, axes, -INFINITY, [](Emitter &e, Value acc, Value x) {
    return arith::MaximumFOp::create(e, acc, x);
  });
}

Value Emitter::withReduced(Value full, Value reduced, ArrayRef<int64_t> axes,
                           BodyFn body) {
  RankedTensorType type = typeOf(full);
  unsigned rank = type.getRank();
  return map(type, {full, reduced},
             {getMultiDimIdentityMap(rank), dropDims(rank, axes)}, body);
}

Value Emitter::scale(Value input, double factor) {
  return map(input, [&](Emitter &e, ValueRange a) -> Value {
    Value f = e.constant(a[0].getType(), factor);
    return arith::MulFOp::create(e, a[0], f);
  });
}

Value Emitter::convertElements(Value input, Type elementType) {
  RankedTensorType type = typeOf(input);
  auto resultType = RankedTensorType::get(type.getShape(), elementType);
  return map(resultType, input, {}, [&](Emitter &e, ValueRange a) -> Value {
    if (elementType.getIntOrFloatBitWidth() >
        a[0].getType().getIntOrFloatBitWidth())
      return arith::ExtFOp::create(e, elementType, a[0]);
    return arith::TruncFOp::create(e, elementType, a[0]);
  });
}

Value Emitter::convertTo(Value input, Type elementType) {
  if (typeOf(input).getElementType() == elementType)
    return input;
  return convertElements(input, elementType);
}

Value Emitter::reshape(Value input, ArrayRef<int64_t> shape) {
  RankedTensorType type = typeOf(input);
  if (type.getShape() == shape)
    return input;
  auto resultType = RankedTensorType::get(shape, type.getElementType());
  auto shapeType =
      RankedTensorType::get({static_cast<int64_t>(shape.size())}, getI64Type());
  Value shapeValue = arith::ConstantOp::create(
      *this, shapeType, DenseIntElementsAttr::get(shapeType, shape));
  return tensor::ReshapeOp::create(*this, resultType, input, shapeValue);
}

Value Emitter::transpose(Value input, ArrayRef<int64_t> perm) {
  RankedTensorType type = typeOf(input);
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(type.getDimSize(p));
  Value init = tensor::EmptyOp::create(*this, shape, type.getElementType());
  return linalg::TransposeOp::create(*this, input, init, perm).getResult()[0];
}

Value Emitter::padSpatial(Value input, ArrayRef<int64_t> pad, double value) {
  if (llvm::all_of(pad, [](int64_t p) { return p == 0; }))
    return input;
  RankedTensorType type = typeOf(input);
  SmallVector<int64_t> low(type.getRank(), 0), shape(type.getShape());
  for (int d = 0; d < 2; ++d) {
    low[type.getRank() - 2 + d] = pad[d];
    shape[type.getRank() - 2 + d] += 2 * pad[d];
  }
  auto resultType = RankedTensorType::get(shape, type.getElementType());
  SmallVector<OpFoldResult> lowOfr = getAsIndexOpFoldResult(getContext(), low);
  Value padValue = constant(type.getElementType(), value);
  return tensor::PadOp::create(*this, resultType, input, lowOfr, lowOfr,
                               padValue)
      .getResult();
}

Value Emitter::hash64(Value seed, Value index) {
  Emitter &e = *this;
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

Value Emitter::linearIndex(ArrayRef<int64_t> shape) {
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

Value Emitter::clampIndex(Value id, int64_t bound) {
  Value i = arith::IndexCastOp::create(*this, getIndexType(), id);
  i = arith::MaxSIOp::create(*this, i, constant(getIndexType(), 0));
  return arith::MinSIOp::create(*this, i, constant(getIndexType(), bound - 1));
}

int64_t countOf(RankedTensorType type, ArrayRef<int64_t> axes) {
  int64_t count = 1;
  for (int64_t a : axes)
    count *= type.getDimSize(a);
  return count;
}

Value accumulate(Emitter &e, Value init, ValueRange inputs,
                 ArrayRef<AffineMap> inputMaps, AffineMap outMap,
                 unsigned parallel, unsigned loops,
                 function_ref<Value(Emitter &, ValueRange)> body, bool widen) {
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

std::pair<Value, Value> windowOrigin(Emitter &b, Value num, int64_t stride,
                                     int64_t extent) {
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

} // namespace mlir::dlc::to_linalg
