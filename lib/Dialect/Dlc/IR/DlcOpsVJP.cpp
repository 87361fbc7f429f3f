//===- DlcOpsVJP.cpp - Vector-Jacobian products of the dlc ops ------------===//
//
// The DifferentiableOpInterface implementations: for each op, the dlc ops
// that turn the gradients of its results into the gradients of its operands.
// Broadcasting ops sum their gradient back to each operand's shape.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/Dlc/IR/DlcOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"

using namespace mlir;
using namespace mlir::dlc;

static RankedTensorType typeOf(Value v) {
  return cast<RankedTensorType>(v.getType());
}

Value mlir::dlc::createFloatSplat(OpBuilder &b, Location loc,
                                  RankedTensorType type, double value) {
  Type et = type.getElementType();
  return arith::ConstantOp::create(
      b, loc, type, DenseElementsAttr::get(type, b.getFloatAttr(et, value)));
}

static Value splat(OpBuilder &b, Location loc, RankedTensorType type,
                   double value) {
  return createFloatSplat(b, loc, type, value);
}

/// A rank-0 constant of the element type of `like`.
static Value scalar(OpBuilder &b, Location loc, Value like, double value) {
  return splat(b, loc, RankedTensorType::get({}, typeOf(like).getElementType()),
               value);
}

static Value mul(OpBuilder &b, Location loc, Value x, Value y) {
  return MulOp::create(b, loc, x, y);
}

static Value reshape(OpBuilder &b, Location loc, Value x,
                     RankedTensorType type) {
  if (typeOf(x) == type)
    return x;
  return ReshapeOp::create(b, loc, type, x);
}

/// Sums a gradient of the broadcast shape back to the shape of `operand`
/// (over the dimensions that broadcasting added or expanded from 1).
static Value unbroadcast(OpBuilder &b, Location loc, Value grad,
                         Value operand) {
  RankedTensorType from = typeOf(grad), to = typeOf(operand);
  if (from.getShape() == to.getShape())
    return grad;
  int64_t lead = from.getRank() - to.getRank();
  SmallVector<int64_t> axes;
  for (int64_t d = 0; d < from.getRank(); ++d)
    if (d < lead || (to.getDimSize(d - lead) == 1 && from.getDimSize(d) != 1))
      axes.push_back(d);
  Value summed = grad;
  if (!axes.empty())
    summed = ReduceSumOp::create(b, loc, grad, axes, /*keep_dims=*/false);
  return reshape(b, loc, summed, to);
}

/// Broadcasts `grad`, a reduction of `input` over `axes`, back to the shape
/// of `input`.
static Value expandReduced(OpBuilder &b, Location loc, Value grad,
                           RankedTensorType input, ArrayRef<int64_t> axes) {
  SmallVector<int64_t> kept(input.getShape());
  for (int64_t a : axes)
    kept[a] = 1;
  Value g = reshape(b, loc, grad, input.clone(kept));
  return AddOp::create(b, loc, splat(b, loc, input, 0.0), g);
}

//===----------------------------------------------------------------------===//
// Linear algebra
//===----------------------------------------------------------------------===//

LogicalResult MatmulOp::buildVJP(OpBuilder &b, ValueRange resultGrads,
                                 SmallVectorImpl<Value> &operandGrads) {
  Location loc = getLoc();
  Value dc = resultGrads[0], a = getLhs(), bb = getRhs();
  bool tl = getTransposeLhs(), tr = getTransposeRhs();
  // C = op(A) op(B); each case below is dA and dB written as one product.
  Value da, db;
  if (!tl && !tr) {
    da = MatmulOp::create(b, loc, dc, bb, false, true);
    db = MatmulOp::create(b, loc, a, dc, true, false);
  } else if (tl && !tr) {
    da = MatmulOp::create(b, loc, bb, dc, false, true);
    db = MatmulOp::create(b, loc, a, dc, false, false);
  } else if (!tl && tr) {
    da = MatmulOp::create(b, loc, dc, bb, false, false);
    db = MatmulOp::create(b, loc, dc, a, true, false);
  } else {
    da = MatmulOp::create(b, loc, bb, dc, true, true);
    db = MatmulOp::create(b, loc, dc, a, true, true);
  }
  operandGrads.append({da, db});
  return success();
}

LogicalResult LinearOp::buildVJP(OpBuilder &b, ValueRange resultGrads,
                                 SmallVectorImpl<Value> &operandGrads) {
  Location loc = getLoc();
  RankedTensorType xt = typeOf(getInput()), wt = typeOf(getWeight());
  int64_t in = wt.getDimSize(1), out = wt.getDimSize(0);
  int64_t rows = xt.getNumElements() / in;
  Value dy = reshape(b, loc, resultGrads[0], xt.clone({rows, out}));
  Value x = reshape(b, loc, getInput(), xt.clone({rows, in}));
  Value dx = MatmulOp::create(b, loc, dy, getWeight(), false, false);
  operandGrads.push_back(reshape(b, loc, dx, xt));
  operandGrads.push_back(MatmulOp::create(b, loc, dy, x, true, false));
  if (getBias())
    operandGrads.push_back(
        ReduceSumOp::create(b, loc, dy, ArrayRef<int64_t>{0}, false));
  return success();
}

LogicalResult SampledLinearOp::buildVJP(OpBuilder &b, ValueRange resultGrads,
                                        SmallVectorImpl<Value> &operandGrads) {
  Location loc = getLoc();
  RankedTensorType xt = typeOf(getInput()), wt = typeOf(getWeight());
  int64_t in = wt.getDimSize(1), out = wt.getDimSize(0);
  int64_t rows = xt.getNumElements() / in;
  int64_t k = typeOf(getKept()).getDimSize(0);
  Value dy = reshape(b, loc, resultGrads[0], xt.clone({rows, out}));
  Value dx = MatmulOp::create(b, loc, dy, getWeight(), false, false);
  operandGrads.push_back(reshape(b, loc, dx, xt));
  // sum_r scales[r] dy[indices[r]]^T kept[r]: the kept rows' gradients,
  // each scaled, times the kept rows.
  Value picked = EmbeddingOp::create(b, loc, dy, getIndices());
  Value scales = reshape(b, loc, getScales(),
                         RankedTensorType::get({k, 1}, b.getF32Type()));
  Type et = xt.getElementType();
  if (!et.isF32())
    scales =
        ConvertOp::create(b, loc, RankedTensorType::get({k, 1}, et), scales);
  Value weighted = mul(b, loc, picked, scales);
  operandGrads.push_back(
      MatmulOp::create(b, loc, weighted, getKept(), true, false));
  if (getBias())
    operandGrads.push_back(
        ReduceSumOp::create(b, loc, dy, ArrayRef<int64_t>{0}, false));
  // The sample and the state do not change the result.
  operandGrads.push_back(splat(b, loc, typeOf(getKept()), 0.0));
  operandGrads.push_back(nullptr);
  operandGrads.push_back(splat(b, loc, typeOf(getScales()), 0.0));
  operandGrads.push_back(splat(b, loc, typeOf(getNorms()), 0.0));
  return success();
}

Value SampledLinearOp::buildNextNorms(OpBuilder &b, Value resultGrad) {
  Location loc = getLoc();
  int64_t rows = typeOf(getNorms()).getDimSize(0);
  int64_t out = typeOf(getWeight()).getDimSize(0);
  Value dy = reshape(b, loc, resultGrad, typeOf(resultGrad).clone({rows, out}));
  return RowNormsOp::create(b, loc, dy);
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

LogicalResult AddOp::buildVJP(OpBuilder &b, ValueRange resultGrads,
                              SmallVectorImpl<Value> &operandGrads) {
  Value dy = resultGrads[0];
  operandGrads.push_back(unbroadcast(b, getLoc(), dy, getLhs()));
  operandGrads.push_back(unbroadcast(b, getLoc(), dy, getRhs()));
  return success();
}

LogicalResult SubOp::buildVJP(OpBuilder &b, ValueRange resultGrads,
                              SmallVectorImpl<Value> &operandGrads) {
  Location loc = getLoc();
  Value dy = resultGrads[0];
  Value negated = mul(b, loc, dy, scalar(b, loc, dy, -1.0));
  operandGrads.push_back(unbroadcast(b, loc, dy, getLhs()));
  operandGrads.push_back(unbroadcast(b, loc, negated, getRhs()));
  return success();
}

LogicalResult MulOp::buildVJP(OpBuilder &b, ValueRange resultGrads,
                              SmallVectorImpl<Value> &operandGrads) {
  Location loc = getLoc();
  Value dy = resultGrads[0];
  operandGrads.push_back(
      unbroadcast(b, loc, mul(b, loc, dy, getRhs()), getLhs()));
  operandGrads.push_back(
      unbroadcast(b, loc, mul(b, loc, dy, getLhs()), getRhs()));
  return success();
}

LogicalResult DivOp::buildVJP(OpBuilder &b, ValueRange resultGrads,
                              SmallVectorImpl<Value> &operandGrads) {
  Location loc = getLoc();
  Value dy = resultGrads[0];
  // d(a/b)/da = 1/b; d(a/b)/db = -(a/b)/b.
  Value da = DivOp::create(b, loc, dy, getRhs());
  Value db =
      mul(b, loc, mul(b, loc, da, getResult()), scalar(b, loc, dy, -1.0));
  operandGrads.push_back(unbroadcast(b, loc, da, getLhs()));
  operandGrads.push_back(unbroadcast(b, loc, db, getRhs()));
  return success();
}

LogicalResult ReluOp::buildVJP(OpBuilder &b, ValueRange resultGrads,
                               SmallVectorImpl<Value> &operandGrads) {
  operandGrads.push_back(
      ReluGradOp::create(b, getLoc(), resultGrads[0], getInput()));
  return success();
}

LogicalResult TanhOp::buildVJP(OpBuilder &b, ValueRange resultGrads,
                               SmallVectorImpl<Value> &operandGrads) {
  Location loc = getLoc();
  Value y = getResult();
  // 1 - y^2
  Value slope =
      SubOp::create(b, loc, scalar(b, loc, y, 1.0), mul(b, loc, y, y));
  operandGrads.push_back(mul(b, loc, resultGrads[0], slope));
  return success();
}

LogicalResult SigmoidOp::buildVJP(OpBuilder &b, ValueRange resultGrads,
                                  SmallVectorImpl<Value> &operandGrads) {
  Location loc = getLoc();
  Value y = getResult();
  // y (1 - y)
  Value slope =
      mul(b, loc, y, SubOp::create(b, loc, scalar(b, loc, y, 1.0), y));
  operandGrads.push_back(mul(b, loc, resultGrads[0], slope));
  return success();
}

LogicalResult ExpOp::buildVJP(OpBuilder &b, ValueRange resultGrads,
                              SmallVectorImpl<Value> &operandGrads) {
  operandGrads.push_back(mul(b, getLoc(), resultGrads[0], getResult()));
  return success();
}

LogicalResult SqrtOp::buildVJP(OpBuilder &b, ValueRange resultGrads,
                               SmallVectorImpl<Value> &operandGrads) {
  Location loc = getLoc();
  // dy / (2 sqrt(x))
  Value half =
      DivOp::create(b, loc, scalar(b, loc, getResult(), 0.5), getResult());
  operandGrads.push_back(mul(b, loc, resultGrads[0], half));
  return success();
}

LogicalResult ConvertOp::buildVJP(OpBuilder &b, ValueRange resultGrads,
                                  SmallVectorImpl<Value> &operandGrads) {
  // The gradient goes back in the input's type.
  operandGrads.push_back(
      ConvertOp::create(b, getLoc(), getInput().getType(), resultGrads[0]));
  return success();
}

LogicalResult DropoutOp::buildVJP(OpBuilder &b, ValueRange resultGrads,
                                  SmallVectorImpl<Value> &operandGrads) {
  // The same mask and scale apply to the gradient: the mask depends only on
  // the seed and the element index.
  operandGrads.push_back(DropoutOp::create(
      b, getLoc(), resultGrads[0], getProbabilityAttr(), getSeedAttr()));
  return success();
}

//===----------------------------------------------------------------------===//
// Normalization, data movement, reductions, losses
//===----------------------------------------------------------------------===//

LogicalResult SoftmaxOp::buildVJP(OpBuilder &b, ValueRange resultGrads,
                                  SmallVectorImpl<Value> &operandGrads) {
  Location loc = getLoc();
  Value y = getResult(), dy = resultGrads[0];
  // y * (dy - sum(dy * y, axis))
  Value dot = ReduceSumOp::create(
      b, loc, mul(b, loc, dy, y),
      ArrayRef<int64_t>{static_cast<int64_t>(getAxis())}, true);
  operandGrads.push_back(mul(b, loc, y, SubOp::create(b, loc, dy, dot)));
  return success();
}

LogicalResult ReshapeOp::buildVJP(OpBuilder &b, ValueRange resultGrads,
                                  SmallVectorImpl<Value> &operandGrads) {
  operandGrads.push_back(
      reshape(b, getLoc(), resultGrads[0], typeOf(getInput())));
  return success();
}

LogicalResult TransposeOp::buildVJP(OpBuilder &b, ValueRange resultGrads,
                                    SmallVectorImpl<Value> &operandGrads) {
  ArrayRef<int64_t> perm = getPermutation();
  SmallVector<int64_t> inverse(perm.size());
  for (auto [i, p] : llvm::enumerate(perm))
    inverse[p] = i;
  operandGrads.push_back(
      TransposeOp::create(b, getLoc(), resultGrads[0], inverse));
  return success();
}

LogicalResult ReduceSumOp::buildVJP(OpBuilder &b, ValueRange resultGrads,
                                    SmallVectorImpl<Value> &operandGrads) {
  operandGrads.push_back(expandReduced(b, getLoc(), resultGrads[0],
                                       typeOf(getInput()), getAxes()));
  return success();
}

LogicalResult ReduceMeanOp::buildVJP(OpBuilder &b, ValueRange resultGrads,
                                     SmallVectorImpl<Value> &operandGrads) {
  Location loc = getLoc();
  RankedTensorType input = typeOf(getInput());
  int64_t count = 1;
  for (int64_t a : getAxes())
    count *= input.getDimSize(a);
  Value g = expandReduced(b, loc, resultGrads[0], input, getAxes());
  operandGrads.push_back(mul(b, loc, g, scalar(b, loc, g, 1.0 / count)));
  return success();
}

LogicalResult CrossEntropyOp::buildVJP(OpBuilder &b, ValueRange resultGrads,
                                       SmallVectorImpl<Value> &operandGrads) {
  operandGrads.push_back(CrossEntropyGradOp::create(
      b, getLoc(), getLogits(), getLabels(), resultGrads[0]));
  operandGrads.push_back(Value()); // Labels are not differentiable.
  return success();
}

LogicalResult MseLossOp::buildVJP(OpBuilder &b, ValueRange resultGrads,
                                  SmallVectorImpl<Value> &operandGrads) {
  Location loc = getLoc();
  Value diff = SubOp::create(b, loc, getInput(), getTarget());
  int64_t n = typeOf(diff).getNumElements();
  // 2 (x - t) / n * dloss
  Value factor = mul(b, loc, resultGrads[0], scalar(b, loc, diff, 2.0 / n));
  Value dx = mul(b, loc, diff, factor);
  operandGrads.push_back(dx);
  operandGrads.push_back(mul(b, loc, dx, scalar(b, loc, dx, -1.0)));
  return success();
}

LogicalResult GeluOp::buildVJP(OpBuilder &b, ValueRange resultGrads,
                               SmallVectorImpl<Value> &operandGrads) {
  operandGrads.push_back(GeluGradOp::create(b, getLoc(), resultGrads[0],
                                            getInput(), getApproximateAttr()));
  return success();
}

LogicalResult
GlobalAvgPool2DOp::buildVJP(OpBuilder &b, ValueRange resultGrads,
                            SmallVectorImpl<Value> &operandGrads) {
  Location loc = getLoc();
  RankedTensorType input = typeOf(getInput());
  Value g = expandReduced(b, loc, resultGrads[0], input, {2, 3});
  double inv = 1.0 / (input.getDimSize(2) * input.getDimSize(3));
  operandGrads.push_back(mul(b, loc, g, scalar(b, loc, g, inv)));
  return success();
}

LogicalResult MaxPool2DOp::buildVJP(OpBuilder &b, ValueRange resultGrads,
                                    SmallVectorImpl<Value> &operandGrads) {
  operandGrads.push_back(MaxPool2DGradOp::create(
      b, getLoc(), typeOf(getInput()), resultGrads[0], getInput(),
      getKernelSizeAttr(), getStridesAttr(), getPaddingAttr()));
  return success();
}

LogicalResult AvgPool2DOp::buildVJP(OpBuilder &b, ValueRange resultGrads,
                                    SmallVectorImpl<Value> &operandGrads) {
  operandGrads.push_back(AvgPool2DGradOp::create(
      b, getLoc(), typeOf(getInput()), resultGrads[0], getKernelSizeAttr(),
      getStridesAttr(), getPaddingAttr(), getCountIncludePadAttr()));
  return success();
}

LogicalResult SliceOp::buildVJP(OpBuilder &b, ValueRange resultGrads,
                                SmallVectorImpl<Value> &operandGrads) {
  operandGrads.push_back(SliceGradOp::create(b, getLoc(), typeOf(getInput()),
                                             resultGrads[0], getOffsets(),
                                             getStrides()));
  return success();
}

LogicalResult ConcatOp::buildVJP(OpBuilder &b, ValueRange resultGrads,
                                 SmallVectorImpl<Value> &operandGrads) {
  // Each input's gradient is its slab of the result's gradient.
  RankedTensorType type = getType();
  int64_t axis = getAxis(), offset = 0;
  SmallVector<int64_t> offsets(type.getRank(), 0), strides(type.getRank(), 1);
  for (Value input : getInputs()) {
    ArrayRef<int64_t> sizes = typeOf(input).getShape();
    offsets[axis] = offset;
    operandGrads.push_back(
        SliceOp::create(b, getLoc(), resultGrads[0], offsets, sizes, strides));
    offset += sizes[axis];
  }
  return success();
}

LogicalResult LayerNormOp::buildVJP(OpBuilder &b, ValueRange resultGrads,
                                    SmallVectorImpl<Value> &operandGrads) {
  auto grads = LayerNormGradOp::create(b, getLoc(), resultGrads[0], getInput(),
                                       getWeight(), getEpsilonAttr());
  operandGrads.append(grads->result_begin(), grads->result_end());
  return success();
}

LogicalResult EmbeddingOp::buildVJP(OpBuilder &b, ValueRange resultGrads,
                                    SmallVectorImpl<Value> &operandGrads) {
  operandGrads.push_back(EmbeddingGradOp::create(
      b, getLoc(), typeOf(getTable()), resultGrads[0], getIndices()));
  operandGrads.push_back(Value()); // Indices are not differentiable.
  return success();
}

LogicalResult BatchNormOp::buildVJP(OpBuilder &b, ValueRange resultGrads,
                                    SmallVectorImpl<Value> &operandGrads) {
  Location loc = getLoc();
  RankedTensorType input = typeOf(getInput());
  Value dx, dw, db;
  if (Value dy = resultGrads[0]) {
    auto grads = BatchNormGradOp::create(b, loc, dy, getInput(), getWeight(),
                                         getEpsilonAttr());
    dx = grads.getInputGrad();
    dw = grads.getWeightGrad();
    db = grads.getBiasGrad();
  }
  // The returned statistics: d mean/dx = 1/M, d var/dx = 2 (x - mean)/M,
  // with M the elements per channel.
  SmallVector<int64_t> perChannel(input.getRank(), 1);
  perChannel[1] = input.getDimSize(1);
  double count = input.getNumElements() / input.getDimSize(1);
  auto addTo = [&](Value g) { dx = dx ? AddOp::create(b, loc, dx, g) : g; };
  if (Value dmean = resultGrads[1]) {
    Value g = reshape(b, loc, dmean, input.clone(perChannel));
    addTo(AddOp::create(b, loc, splat(b, loc, input, 0.0),
                        mul(b, loc, g, scalar(b, loc, g, 1.0 / count))));
  }
  if (Value dvar = resultGrads[2]) {
    Value mean = reshape(b, loc, getMean(), input.clone(perChannel));
    Value g = reshape(b, loc, dvar, input.clone(perChannel));
    Value centered = SubOp::create(b, loc, getInput(), mean);
    addTo(
        mul(b, loc, mul(b, loc, centered, g), scalar(b, loc, g, 2.0 / count)));
  }
  operandGrads.append({dx, dw, db});
  return success();
}

LogicalResult Conv2DOp::buildVJP(OpBuilder &b, ValueRange resultGrads,
                                 SmallVectorImpl<Value> &operandGrads) {
  Location loc = getLoc();
  Value dy = resultGrads[0];
  operandGrads.push_back(Conv2DInputGradOp::create(
      b, loc, typeOf(getInput()), dy, getWeight(), getStridesAttr(),
      getPaddingAttr(), getDilationAttr(), getGroupsAttr()));
  operandGrads.push_back(Conv2DWeightGradOp::create(
      b, loc, typeOf(getWeight()), dy, getInput(), getStridesAttr(),
      getPaddingAttr(), getDilationAttr(), getGroupsAttr()));
  if (getBias())
    operandGrads.push_back(ReduceSumOp::create(
        b, loc, dy, ArrayRef<int64_t>{0, 2, 3}, /*keep_dims=*/false));
  return success();
}
