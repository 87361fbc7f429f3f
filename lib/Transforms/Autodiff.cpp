//===- Autodiff.cpp - Reverse-mode differentiation of dlc graphs ----------===//
//
// Builds `@f_train` from a loss function `@f`: the forward ops of `@f`
// followed, in the same block, by the backward ops that the ops'
// DifferentiableOpInterface produces, visited in reverse. The pass knows no
// op: adding an op's VJP never touches this file. A loss that breaks the
// graph contract, or whose gradient would pass through an op without a
// vector-Jacobian product, is refused before anything is built: a gradient
// that silently leaves out a path is worse than none.
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/Passes.h"

#include "dlc/Dialect/Dlc/IR/DlcGraphContract.h"
#include "dlc/Dialect/Dlc/IR/DlcOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/Support/Format.h"

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
    if (failed(checkOptions()))
      return signalPassFailure();
    SmallVector<func::FuncOp> losses;
    for (auto func : getOperation().getOps<func::FuncOp>())
      if (!func.isExternal() && hasParameters(func))
        losses.push_back(func);
    for (func::FuncOp func : losses)
      if (failed(differentiate(func)))
        return signalPassFailure();
  }

  /// Refuses option values outside the ranges the updates are defined on; a
  /// NaN learning rate would otherwise give NaN parameters without a word.
  LogicalResult checkOptions() {
    Location loc = getOperation().getLoc();
    if (optimizer != "none" && optimizer != "sgd" && optimizer != "adamw")
      return emitError(loc)
             << "unknown optimizer '" << optimizer
             << "' for --dlc-autodiff; expected none, sgd or adamw";
    struct Range {
      StringRef name;
      double value;
      bool (*valid)(double);
      StringRef expected;
    };
    const Range ranges[] = {
        {"lr", learningRate, [](double v) { return std::isfinite(v) && v > 0; },
         "a finite value > 0"},
        {"beta1", beta1, [](double v) { return v >= 0 && v < 1; },
         "a value in [0, 1)"},
        {"beta2", beta2, [](double v) { return v >= 0 && v < 1; },
         "a value in [0, 1)"},
        {"epsilon", epsilon, [](double v) { return std::isfinite(v) && v > 0; },
         "a finite value > 0"},
        {"weight-decay", weightDecay,
         [](double v) { return std::isfinite(v) && v >= 0; },
         "a finite value >= 0"},
    };
    for (const Range &range : ranges) {
      if (range.valid(range.value))
        continue;
      std::string value;
      llvm::raw_string_ostream(value) << llvm::format("%g", range.value);
      return emitError(loc)
             << "--dlc-autodiff option " << range.name << "=" << value
             << " is out of range; expected " << range.expected;
    }
    return success();
  }

  static bool hasParameters(func::FuncOp func) {
    for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
      if (func.getArgAttr(i, DlcDialect::getParamAttrName()))
        return true;
    return false;
  }

  LogicalResult differentiate(func::FuncOp func);
  LogicalResult checkPathsToLoss(func::FuncOp func, ArrayRef<unsigned> params);
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
  // The update's arithmetic is f32 at least: in bf16 beta2 = 0.999 rounds to
  // 1, so its bias correction would be 0, and the step count would stop
  // being exact at 256. The moments keep the parameters' type.
  Type et = cast<RankedTensorType>(params.front().getType()).getElementType();
  Type work = et.getIntOrFloatBitWidth() < 32 ? Float32Type::get(ctx) : et;
  auto scalarType = RankedTensorType::get({}, work);
  auto widen = [&](Value v) -> Value {
    auto type = cast<RankedTensorType>(v.getType());
    if (type.getElementType() == work)
      return v;
    return ConvertOp::create(b, loc, type.clone(work), v);
  };
  auto narrow = [&](Value v, Type type) -> Value {
    return v.getType() == type ? v : ConvertOp::create(b, loc, type, v);
  };
  unsigned stepAt = train.getNumArguments();
  (void)train.insertArgument(
      stepAt, scalarType,
      DictionaryAttr::get(
          ctx,
          {NamedAttribute(StringAttr::get(ctx, DlcDialect::getStepAttrName()),
                          UnitAttr::get(ctx))}),
      loc);
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
  for (auto [param, grad, m0, v0] :
       llvm::zip(params, grads, moments[0], moments[1])) {
    Value p = widen(param), g = widen(grad), m = widen(m0), v = widen(v0);
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
    newParams.push_back(
        narrow(SubOp::create(b, loc, p,
                             MulOp::create(b, loc, update, c(learningRate))),
               param.getType()));
    newM.push_back(narrow(m1, m0.getType()));
    newV.push_back(narrow(v1, v0.getType()));
  }
  SmallVector<Value> results(newParams);
  llvm::append_range(results, newM);
  llvm::append_range(results, newV);
  return results;
}

/// Refuses `func` if a parameter reaches its loss through an op that the
/// backward pass cannot differentiate: an op with regions, whose body may use
/// a parameter without naming it as an operand, or an op without a
/// vector-Jacobian product (an arith or tensor op, a gradient op). Treating
/// such an op as constant would give a gradient that leaves out every path
/// through it, zero where it is the only one. Ops that depend on no
/// parameter are constants of the gradient, and ops whose results the loss
/// does not read need no gradient; both may be anything the graph contract
/// allows.
LogicalResult AutodiffPass::checkPathsToLoss(func::FuncOp func,
                                             ArrayRef<unsigned> params) {
  Block &body = func.getBody().front();
  // Operands and the values that regions use from above.
  auto inputsOf = [](Operation &op) {
    SetVector<Value> inputs(llvm::from_range, op.getOperands());
    getUsedValuesDefinedAbove(op.getRegions(), inputs);
    return inputs;
  };
  // Per value that depends on a parameter, the first such parameter.
  DenseMap<Value, unsigned> source;
  for (unsigned i : params)
    source[body.getArgument(i)] = i;
  for (Operation &op : body.without_terminator()) {
    // dlc.stop_gradient's result is a constant to the backward.
    if (isa<StopGradientOp>(op))
      continue;
    std::optional<unsigned> first;
    for (Value input : inputsOf(op))
      if (auto it = source.find(input); it != source.end())
        first = std::min(first.value_or(it->second), it->second);
    if (first)
      for (Value result : op.getResults())
        source[result] = *first;
  }
  // Back from the loss: the values it reads, and the first op in schedule
  // order that carries a parameter to it and has no VJP.
  DenseSet<Value> needed = {body.getTerminator()->getOperand(0)};
  Operation *blocked = nullptr;
  for (Operation &op : llvm::reverse(body.without_terminator())) {
    if (llvm::none_of(op.getResults(),
                      [&](Value r) { return needed.contains(r); }))
      continue;
    for (Value input : inputsOf(op))
      needed.insert(input);
    bool active = llvm::any_of(op.getResults(),
                               [&](Value r) { return source.contains(r); });
    if (!active)
      continue;
    if (auto coupling = dyn_cast<CouplingOp>(op)) {
      // The backward differentiates the regions' ops one by one.
      for (Region *region : {&coupling.getF(), &coupling.getG()}) {
        DenseSet<Value> reached = {region->getArgument(0)};
        for (Operation &inner : region->front().without_terminator()) {
          if (llvm::none_of(inner.getOperands(), [&](Value v) {
                return reached.contains(v) || source.contains(v);
              }))
            continue;
          if (!isa<DifferentiableOpInterface>(inner))
            blocked = &inner;
          for (Value r : inner.getResults())
            reached.insert(r);
        }
      }
      continue;
    }
    if (op.getNumRegions() != 0 || !isa<DifferentiableOpInterface>(op))
      blocked = &op;
  }
  if (!blocked)
    return success();
  Operation *top = body.findAncestorOpInBlock(*blocked);
  unsigned param = source.lookup(top->getResult(0));
  InFlightDiagnostic diag = blocked->emitError("--dlc-autodiff cannot "
                                               "differentiate through '")
                            << blocked->getName() << "': the '"
                            << DlcDialect::getParamAttrName() << "' argument #"
                            << param << " of @" << func.getName()
                            << " reaches the loss through it; ";
  if (blocked->getNumRegions() != 0)
    diag << "the graph contract allows one block of dlc ops, without regions";
  else
    diag << "'" << blocked->getName() << "' has no vector-Jacobian product";
  diag.attachNote(body.getArgument(param).getLoc())
      << "argument #" << param << " of @" << func.getName() << " is here";
  return diag;
}

LogicalResult AutodiffPass::differentiate(func::FuncOp func) {
  FunctionType type = func.getFunctionType();
  if (type.getNumResults() != 1 || !isFloatTensor(type.getResult(0)) ||
      cast<RankedTensorType>(type.getResult(0)).getRank() != 0)
    return func.emitError("--dlc-autodiff needs @")
           << func.getName()
           << " to return one rank-0 floating-point loss, but it returns "
           << type.getResults();
  SmallVector<unsigned> params;
  for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
    if (func.getArgAttr(i, DlcDialect::getParamAttrName()))
      params.push_back(i);
  // The paths first: where a parameter reaches the loss through a region,
  // that diagnostic names both, which the contract's cannot.
  if (func.getBody().hasOneBlock() && failed(checkPathsToLoss(func, params)))
    return failure();
  if (failed(verifyGraphContract(func)))
    return failure();
  std::string name = (func.getName() + "_train").str();
  ModuleOp module = getOperation();
  if (SymbolTable::lookupSymbolIn(module, name))
    return func.emitError("--dlc-autodiff would create @")
           << name << ", which already exists";

  // The training function starts as a copy of the loss function.
  OpBuilder b(func->getContext());
  b.setInsertionPointAfter(func);
  auto train = cast<func::FuncOp>(b.clone(*func));
  train.setName(name);
  Block &body = train.getBody().front();
  IRRewriter rewriter(b);
  auto inlineCouplings = [&] {
    for (auto coupling : llvm::make_early_inc_range(body.getOps<CouplingOp>()))
      coupling.inlineCoupling(rewriter);
  };
  // Saved couplings are plain ops, differentiated like any other.
  if (!rebuild)
    inlineCouplings();
  auto ret = cast<func::ReturnOp>(body.getTerminator());
  Value loss = ret.getOperand(0);
  SmallVector<Operation *> forward;
  for (Operation &op : body.without_terminator())
    forward.push_back(&op);

  // Values that depend on a parameter: only they need gradients.
  DenseSet<Value> active;
  for (unsigned i : params)
    active.insert(body.getArgument(i));
  auto markActive = [&](Operation *op) {
    if (isa<StopGradientOp>(op))
      return;
    SetVector<Value> inputs(llvm::from_range, op->getOperands());
    getUsedValuesDefinedAbove(op->getRegions(), inputs);
    if (llvm::any_of(inputs, [&](Value v) { return active.contains(v); }))
      for (Value r : op->getResults())
        if (isFloatTensor(r.getType()))
          active.insert(r);
  };
  for (Operation *op : forward)
    markActive(op);

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

  // The VJP of one op, from the gradients of its results in `grads`.
  auto backprop = [&](Operation *op) -> LogicalResult {
    SmallVector<Value> resultGrads;
    bool any = false;
    for (Value r : op->getResults()) {
      resultGrads.push_back(grads.lookup(r));
      any |= static_cast<bool>(resultGrads.back());
    }
    if (!any)
      return success();
    // checkPathsToLoss made sure that every op a gradient reaches has one.
    auto differentiable = cast<DifferentiableOpInterface>(op);
    SmallVector<Value> operandGrads;
    if (failed(differentiable.buildVJP(b, resultGrads, operandGrads)))
      return failure();
    assert(operandGrads.size() == op->getNumOperands() &&
           "a VJP must give one gradient (or null) per operand");
    for (auto [i, operand, grad] :
         llvm::enumerate(op->getOperands(), operandGrads)) {
      if (!active.contains(operand))
        continue;
      // A VJP leaves out only integer operands, which are never active; a
      // float one left out would silently lose that operand's gradient.
      if (!grad)
        return op->emitError("'")
               << op->getName() << "' gave no gradient for operand #" << i
               << ", which depends on a parameter; its vector-Jacobian "
                  "product must give one for every floating-point operand";
      accumulate(operand, grad, op->getLoc());
    }
    return success();
  };
  // The inputs that the couplings' backward rebuilt, by forward value.
  DenseMap<Value, Value> rebuilt;
  auto backpropCoupling = [&](CouplingOp coupling) -> LogicalResult {
    Value y1 = coupling.getY1(), y2 = coupling.getY2();
    Value gy1 = grads.lookup(y1), gy2 = grads.lookup(y2);
    if (!gy1 && !gy2)
      return success();
    Location at = coupling.getLoc();
    double lambda = coupling.getLambda().convertToDouble();
    double beta = coupling.getBeta().convertToDouble();
    auto scalarType = RankedTensorType::get(
        {}, cast<RankedTensorType>(y1.getType()).getElementType());
    auto scaled = [&](Value v, double factor, bool divide) -> Value {
      if (factor == 1.0)
        return v;
      Value c = splat(b, at, scalarType, factor);
      return divide ? DivOp::create(b, at, v, c).getResult()
                    : MulOp::create(b, at, v, c).getResult();
    };
    // Rebuild: G(y1), x2 = (y2 - G(y1)) / beta, F(x2), x1 = (y1 - F) / lambda.
    Operation *before = ret->getPrevNode();
    Value y1b = rebuilt.lookup(y1), y2b = rebuilt.lookup(y2);
    if (!y1b)
      y1b = y1;
    if (!y2b)
      y2b = y2;
    IRMapping gClones, fClones;
    Value g = coupling.cloneRegion(b, coupling.getG(), y1b, gClones);
    Value x2b = scaled(SubOp::create(b, at, y2b, g), beta, true);
    Value f = coupling.cloneRegion(b, coupling.getF(), x2b, fClones);
    Value x1b = scaled(SubOp::create(b, at, y1b, f), lambda, true);
    auto layer = rewriter.getI64IntegerAttr(coupling.getLayer().value_or(0));
    // The rebuilt values depend on a parameter where the forward ones did.
    for (Operation *op = before ? before->getNextNode() : &body.front();
         op != ret; op = op->getNextNode()) {
      op->setAttr(DlcDialect::getRebuiltAttrName(), layer);
      markActive(op);
    }
    rebuilt[coupling.getX1()] = x1b;
    rebuilt[coupling.getX2()] = x2b;

    auto backpropClones = [&](Region &region,
                              IRMapping &clones) -> LogicalResult {
      SmallVector<Operation *> ops;
      for (Operation &op : region.front().without_terminator())
        ops.push_back(clones.lookup(&op));
      for (Operation *op : llvm::reverse(ops))
        if (failed(backprop(op)))
          return failure();
      return success();
    };
    // y2 = beta x2 + G(y1): G's backward from gy2.
    if (gy2 && active.contains(g)) {
      accumulate(g, gy2, at);
      if (failed(backpropClones(coupling.getG(), gClones)))
        return failure();
    }
    // The whole gradient of y1: its own and the one through G.
    Value gbar1 = grads.lookup(y1b);
    if (y1b != y1) {
      // A rebuilt y1 is the coupling above's rebuilt input: its gradient
      // here is G's alone, and it must not reach another coupling.
      grads.erase(y1b);
      if (gy1)
        gbar1 = gbar1 ? AddOp::create(b, at, gbar1, gy1).getResult() : gy1;
    }
    // y1 = lambda x1 + F(x2).
    if (gbar1 && active.contains(coupling.getX1()))
      accumulate(coupling.getX1(), scaled(gbar1, lambda, false), at);
    if (gbar1 && active.contains(f)) {
      accumulate(f, gbar1, at);
      if (failed(backpropClones(coupling.getF(), fClones)))
        return failure();
    }
    if (active.contains(coupling.getX2())) {
      if (gy2)
        accumulate(coupling.getX2(), scaled(gy2, beta, false), at);
      if (Value gf = grads.lookup(x2b))
        accumulate(coupling.getX2(), gf, at);
    }
    // The coupling below may read x2b as its rebuilt y1 or y2.
    grads.erase(x2b);
    return success();
  };

  for (Operation *op : llvm::reverse(forward)) {
    if (auto coupling = dyn_cast<CouplingOp>(op)) {
      if (failed(backpropCoupling(coupling)))
        return failure();
      continue;
    }
    if (failed(backprop(op)))
      return failure();
  }
  // Step state (dlc.step_state arguments) that the sampled layers update
  // (read before the couplings, which are in `forward`, are inlined):
  // the next value of each, built from its layer's output gradient, or the
  // state unchanged where no gradient reached the layer.
  SmallVector<std::pair<unsigned, Value>> nextState;
  for (Operation *op : forward) {
    auto sampled = dyn_cast<SampledLinearOp>(op);
    if (!sampled)
      continue;
    auto state = dyn_cast<BlockArgument>(sampled.getNorms());
    if (!state || state.getOwner() != &body ||
        !train.getArgAttr(state.getArgNumber(),
                          DlcDialect::getStepStateAttrName()))
      continue;
    if (llvm::any_of(nextState,
                     [&](auto &s) { return s.first == state.getArgNumber(); }))
      return sampled.emitError("the '")
             << DlcDialect::getStepStateAttrName() << "' argument #"
             << state.getArgNumber()
             << " is the norm state of more than one dlc.sampled_linear; "
                "each layer needs its own";
    Value grad = grads.lookup(sampled.getResult());
    nextState.push_back(
        {state.getArgNumber(), grad ? sampled.buildNextNorms(b, grad) : state});
  }

  // The forward couplings as the plain ops they stand for; the backward
  // reads none of their values but the top outputs.
  inlineCouplings();

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
  unsigned firstState = results.size();
  for (auto &[arg, next] : nextState)
    results.push_back(next);
  func::ReturnOp::create(b, loc, results);
  ret.erase();
  train.setType(FunctionType::get(func->getContext(), body.getArgumentTypes(),
                                  ValueRange(results).getTypes()));
  if (optimizer == "adamw")
    for (unsigned r = 1 + params.size(); r < firstState; ++r)
      train.setResultAttr(r, DlcDialect::getOptimizerStateAttrName(),
                          UnitAttr::get(func->getContext()));
  // What a training loop feeds back: each updated parameter to its
  // argument and, with AdamW, each new moment to its state argument (the
  // moments follow the original arguments in the same order as the
  // parameters, first m, then v).
  if (optimizer != "none") {
    auto i64 = IntegerType::get(func->getContext(), 64);
    unsigned numArgs = func.getNumArguments();
    for (auto [k, p] : llvm::enumerate(params)) {
      train.setResultAttr(1 + k, DlcDialect::getUpdatesAttrName(),
                          IntegerAttr::get(i64, p));
      if (optimizer != "adamw")
        continue;
      for (unsigned moment = 0; moment < 2; ++moment)
        train.setResultAttr(
            1 + (moment + 1) * params.size() + k,
            DlcDialect::getUpdatesAttrName(),
            IntegerAttr::get(i64, numArgs + moment * params.size() + k));
    }
  }

  // Each next step state feeds back to its argument, whatever the optimizer.
  for (auto [r, state] : llvm::enumerate(nextState)) {
    train.setResultAttr(firstState + r, DlcDialect::getStepStateAttrName(),
                        UnitAttr::get(func->getContext()));
    train.setResultAttr(
        firstState + r, DlcDialect::getUpdatesAttrName(),
        IntegerAttr::get(IntegerType::get(func->getContext(), 64),
                         state.first));
  }

  // Gradients of values that no parameter needs are never read.
  (void)runRegionDCE(rewriter, train.getBody());
  return success();
}

} // namespace
