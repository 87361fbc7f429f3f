//===- Autodiff.cpp - Reverse-mode differentiation of dlc graphs ----------===//
//
// Builds `@f_train` from a loss function `@f`: the forward ops of `@f`
// followed, in the same block, by the backward ops that the ops'
// DifferentiableOpInterface produces, visited in reverse. The pass knows no
// op: adding an op's VJP never touches this file.
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/Passes.h"

#include "dlc/Dialect/Dlc/IR/DlcOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/RegionUtils.h"

#include <cmath>

namespace mlir::dlc {
#define GEN_PASS_DEF_DLCAUTODIFFPASS
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;
using namespace mlir::dlc;

namespace {

bool isFloatTensor(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && isa<FloatType>(tensor.getElementType());
}

Value splat(OpBuilder &b, Location loc, Type type, double value) {
  return createFloatSplat(b, loc, cast<RankedTensorType>(type), value);
}

struct AutodiffPass : dlc::impl::DlcAutodiffPassBase<AutodiffPass> {
  using Base::Base;

  void runOnOperation() override {
    if (optimizer != "none" && optimizer != "sgd" && optimizer != "adamw") {
      emitError(getOperation().getLoc())
          << "unknown optimizer '" << optimizer
          << "' for --dlc-autodiff; expected none, sgd or adamw";
      return signalPassFailure();
    }
    SmallVector<func::FuncOp> losses;
    for (auto func : getOperation().getOps<func::FuncOp>())
      if (!func.isExternal() && hasParameters(func))
        losses.push_back(func);
    for (func::FuncOp func : losses)
      if (failed(differentiate(func)))
        return signalPassFailure();
  }

  static bool hasParameters(func::FuncOp func) {
    for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
      if (func.getArgAttr(i, DlcDialect::getParamAttrName()))
        return true;
    return false;
  }

  LogicalResult differentiate(func::FuncOp func);
  SmallVector<Value> adamw(OpBuilder &b, Location loc, func::FuncOp train,
                           ArrayRef<Value> params, ArrayRef<Value> grads);
};

/// Appends AdamW's state arguments to `train` and returns the updated
/// parameters, first moments and second moments.
SmallVector<Value> AutodiffPass::adamw(OpBuilder &b, Location loc,
                                       func::FuncOp train,
                                       ArrayRef<Value> params,
                                       ArrayRef<Value> grads) {
  MLIRContext *ctx = train->getContext();
  auto stateAttrs = DictionaryAttr::get(
      ctx, {NamedAttribute(
               StringAttr::get(ctx, DlcDialect::getOptimizerStateAttrName()),
               UnitAttr::get(ctx))});
  Block &body = train.getBody().front();
  SmallVector<Value> moments[2];
  for (auto &moment : moments)
    for (Value p : params) {
      unsigned at = train.getNumArguments();
      (void)train.insertArgument(at, p.getType(), stateAttrs, loc);
      moment.push_back(body.getArgument(at));
    }
  Type et = cast<RankedTensorType>(params.front().getType()).getElementType();
  auto scalarType = RankedTensorType::get({}, et);
  unsigned stepAt = train.getNumArguments();
  (void)train.insertArgument(stepAt, scalarType, DictionaryAttr(), loc);
  Value step = body.getArgument(stepAt);
  auto c = [&](double v) { return splat(b, loc, scalarType, v); };
  // Bias corrections 1 - beta^t, with beta^t = exp(t ln beta).
  auto correction = [&](double beta) -> Value {
    Value power =
        ExpOp::create(b, loc, MulOp::create(b, loc, step, c(std::log(beta))));
    return SubOp::create(b, loc, c(1.0), power);
  };
  Value bc1 = correction(beta1), bc2 = correction(beta2);
  SmallVector<Value> newParams, newM, newV;
  for (auto [p, g, m, v] : llvm::zip(params, grads, moments[0], moments[1])) {
    Value m1 = AddOp::create(b, loc, MulOp::create(b, loc, m, c(beta1)),
                             MulOp::create(b, loc, g, c(1.0 - beta1)));
    Value g2 = MulOp::create(b, loc, g, g);
    Value v1 = AddOp::create(b, loc, MulOp::create(b, loc, v, c(beta2)),
                             MulOp::create(b, loc, g2, c(1.0 - beta2)));
    Value mhat = DivOp::create(b, loc, m1, bc1);
    Value vhat = DivOp::create(b, loc, v1, bc2);
    Value denom =
        AddOp::create(b, loc, SqrtOp::create(b, loc, vhat), c(epsilon));
    Value update = AddOp::create(b, loc, DivOp::create(b, loc, mhat, denom),
                                 MulOp::create(b, loc, p, c(weightDecay)));
    newParams.push_back(SubOp::create(
        b, loc, p, MulOp::create(b, loc, update, c(learningRate))));
    newM.push_back(m1);
    newV.push_back(v1);
  }
  SmallVector<Value> results(newParams);
  llvm::append_range(results, newM);
  llvm::append_range(results, newV);
  return results;
}

LogicalResult AutodiffPass::differentiate(func::FuncOp func) {
  FunctionType type = func.getFunctionType();
  if (type.getNumResults() != 1 || !isFloatTensor(type.getResult(0)) ||
      cast<RankedTensorType>(type.getResult(0)).getRank() != 0)
    return func.emitError("--dlc-autodiff needs @")
           << func.getName()
           << " to return one rank-0 floating-point loss, but it returns "
           << type.getResults();
  if (!func.getBody().hasOneBlock())
    return func.emitError("--dlc-autodiff needs @")
           << func.getName() << " to have a single block";
  std::string name = (func.getName() + "_train").str();
  ModuleOp module = getOperation();
  if (SymbolTable::lookupSymbolIn(module, name))
    return func.emitError("--dlc-autodiff would create @")
           << name << ", which already exists";

  SmallVector<unsigned> params;
  for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
    if (func.getArgAttr(i, DlcDialect::getParamAttrName()))
      params.push_back(i);

  // The training function starts as a copy of the loss function.
  OpBuilder b(func->getContext());
  b.setInsertionPointAfter(func);
  auto train = cast<func::FuncOp>(b.clone(*func));
  train.setName(name);
  Block &body = train.getBody().front();
  auto ret = cast<func::ReturnOp>(body.getTerminator());
  Value loss = ret.getOperand(0);
  SmallVector<Operation *> forward;
  for (Operation &op : body.without_terminator())
    forward.push_back(&op);

  // Values that depend on a parameter: only they need gradients.
  DenseSet<Value> active;
  for (unsigned i : params)
    active.insert(body.getArgument(i));
  for (Operation *op : forward)
    if (llvm::any_of(op->getOperands(),
                     [&](Value v) { return active.contains(v); }))
      for (Value r : op->getResults())
        if (isFloatTensor(r.getType()))
          active.insert(r);

  b.setInsertionPoint(ret);
  Location loc = ret.getLoc();
  DenseMap<Value, Value> grads;
  auto accumulate = [&](Value value, Value grad, Location at) {
    auto [it, inserted] = grads.try_emplace(value, grad);
    if (!inserted)
      it->second = AddOp::create(b, at, it->second, grad);
  };
  if (active.contains(loss))
    grads[loss] = splat(b, loc, loss.getType(), 1.0);

  for (Operation *op : llvm::reverse(forward)) {
    SmallVector<Value> resultGrads;
    bool any = false;
    for (Value r : op->getResults()) {
      resultGrads.push_back(grads.lookup(r));
      any |= static_cast<bool>(resultGrads.back());
    }
    if (!any)
      continue;
    auto differentiable = dyn_cast<DifferentiableOpInterface>(op);
    if (!differentiable)
      return op->emitError("'")
             << op->getName()
             << "' has no vector-Jacobian product; --dlc-autodiff cannot "
                "differentiate @"
             << func.getName() << " through it";
    SmallVector<Value> operandGrads;
    if (failed(differentiable.buildVJP(b, resultGrads, operandGrads)))
      return failure();
    assert(operandGrads.size() == op->getNumOperands() &&
           "a VJP must give one gradient (or null) per operand");
    for (auto [operand, grad] : llvm::zip(op->getOperands(), operandGrads))
      if (grad && active.contains(operand))
        accumulate(operand, grad, op->getLoc());
  }

  // Results: the loss, then per parameter its gradient or updated value.
  SmallVector<Value> results = {loss}, paramValues, paramGrads;
  for (unsigned i : params) {
    Value param = body.getArgument(i);
    Value grad = grads.lookup(param);
    if (!grad)
      grad = splat(b, loc, param.getType(), 0.0);
    paramValues.push_back(param);
    paramGrads.push_back(grad);
    if (optimizer == "adamw")
      continue;
    if (optimizer == "sgd") {
      auto scalarType = RankedTensorType::get(
          {}, cast<RankedTensorType>(param.getType()).getElementType());
      Value step =
          MulOp::create(b, loc, grad, splat(b, loc, scalarType, learningRate));
      grad = SubOp::create(b, loc, param, step);
    }
    results.push_back(grad);
  }
  if (optimizer == "adamw") {
    Type et =
        cast<RankedTensorType>(paramValues.front().getType()).getElementType();
    if (llvm::any_of(paramValues, [&](Value p) {
          return cast<RankedTensorType>(p.getType()).getElementType() != et;
        }))
      return func.emitError("--dlc-autodiff=optimizer=adamw needs all "
                            "parameters of @")
             << func.getName() << " to share one element type";
    llvm::append_range(results, adamw(b, loc, train, paramValues, paramGrads));
  }
  func::ReturnOp::create(b, loc, results);
  ret.erase();
  train.setType(FunctionType::get(func->getContext(), body.getArgumentTypes(),
                                  ValueRange(results).getTypes()));
  if (optimizer == "adamw")
    for (unsigned r = 1 + params.size(); r < results.size(); ++r)
      train.setResultAttr(r, DlcDialect::getOptimizerStateAttrName(),
                          UnitAttr::get(func->getContext()));

  // Gradients of values that no parameter needs are never read.
  IRRewriter rewriter(b);
  (void)runRegionDCE(rewriter, train.getBody());
  return success();
}

} // namespace
