//===- LayerStack.cpp - The layer stack of a loss function ----------------===//
//
// See LayerStack.h.
//
//===----------------------------------------------------------------------===//

#include "LayerStack.h"

#include "dlc/Dialect/Dlc/IR/DlcMemoryPlan.h"
#include "dlc/Dialect/Dlc/IR/DlcOps.h"

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::detail;

namespace {

/// The weights' types are static, small tensors (the verifier checks the
/// arguments), so their byte counts fit.
int64_t bytesOf(Type type) {
  return shapedBytes(cast<ShapedType>(type)).value_or(0);
}

bool isWeight(func::FuncOp func, unsigned arg) {
  return func.getArgAttr(arg, DlcDialect::getParamAttrName()) ||
         func.getArgAttr(arg, DlcDialect::getFrozenAttrName());
}

} // namespace

FailureOr<func::FuncOp>
dlc::detail::findLossFunction(ModuleOp module, StringRef name, StringRef pass) {
  if (!name.empty()) {
    auto func = module.lookupSymbol<func::FuncOp>(name);
    if (!func || func.isExternal())
      return emitError(module.getLoc()) << "--" << pass << ": no function @"
                                        << name << " with a body in the module";
    return func;
  }
  func::FuncOp last;
  for (auto func : module.getOps<func::FuncOp>()) {
    if (func.isExternal())
      continue;
    for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
      if (func.getArgAttr(i, DlcDialect::getParamAttrName()))
        last = func;
  }
  if (!last)
    return emitError(module.getLoc())
           << "--" << pass << ": no function with '"
           << DlcDialect::getParamAttrName() << "' arguments to work on";
  return last;
}

LogicalResult dlc::detail::parseLayerRange(Location loc, StringRef pass,
                                           StringRef layers, size_t count,
                                           size_t &begin, size_t &end) {
  begin = 0;
  end = count;
  if (layers.empty())
    return success();
  auto [first, second] = layers.split(':');
  bool range = layers.contains(':');
  unsigned long long a = 0, b = 0;
  if (first.trim().getAsInteger(10, a) ||
      (range && second.trim().getAsInteger(10, b)))
    return emitError(loc) << "--" << pass << ": layers='" << layers
                          << "' is not N or A:B (layer indices)";
  if (!range)
    b = a + 1;
  if (a >= b || b > count)
    return emitError(loc) << "--" << pass << ": layers='" << layers
                          << "' selects no layer of the " << count
                          << " marked {" << DlcDialect::getCheckpointAttrName()
                          << "}; expected indices below " << count;
  begin = a;
  end = b;
  return success();
}

FreezeSummary dlc::detail::freezeParameters(func::FuncOp func,
                                            Operation *lastStackOp,
                                            StringRef freeze) {
  Block &body = func.getBody().front();
  DenseMap<Operation *, unsigned> position;
  for (auto [i, op] : llvm::enumerate(body.without_terminator()))
    position[&op] = i;
  unsigned stackEnd = position.lookup(lastStackOp);
  MLIRContext *ctx = func.getContext();
  FreezeSummary summary;
  for (unsigned a = 0, e = func.getNumArguments(); a < e; ++a) {
    if (!func.getArgAttr(a, DlcDialect::getParamAttrName()))
      continue;
    Value arg = body.getArgument(a);
    bool inStack = llvm::any_of(arg.getUsers(), [&](Operation *user) {
      Operation *top = body.findAncestorOpInBlock(*user);
      return top && top != body.getTerminator() &&
             position.lookup(top) <= stackEnd;
    });
    if (freeze == "all" || (freeze == "stack" && inStack)) {
      func.removeArgAttr(a, DlcDialect::getParamAttrName());
      func.setArgAttr(a, DlcDialect::getFrozenAttrName(), UnitAttr::get(ctx));
      summary.frozenBytes += bytesOf(arg.getType());
      ++summary.numFrozen;
    } else {
      summary.trainedBytes += bytesOf(arg.getType());
    }
  }
  return summary;
}

ParameterAdder::ParameterAdder(func::FuncOp func) : func(func) {
  for (unsigned a = 0, e = func.getNumArguments(); a < e; ++a)
    if (isWeight(func, a))
      insertAt = a + 1;
}

Value ParameterAdder::add(Type type, bool zeros, Location loc) {
  MLIRContext *ctx = func.getContext();
  SmallVector<NamedAttribute> attrs = {
      NamedAttribute(StringAttr::get(ctx, DlcDialect::getParamAttrName()),
                     UnitAttr::get(ctx))};
  if (zeros)
    attrs.push_back(
        NamedAttribute(StringAttr::get(ctx, DlcDialect::getInitAttrName()),
                       StringAttr::get(ctx, "zeros")));
  if (failed(func.insertArgument(insertAt, type,
                                 DictionaryAttr::get(ctx, attrs), loc)))
    return Value();
  bytes += bytesOf(type);
  return func.getBody().front().getArgument(insertAt++);
}

Value dlc::detail::buildBottleneck(OpBuilder &b, ParameterAdder &params,
                                   Value h, int64_t width, StringRef activation,
                                   StringRef prefix, Location at) {
  MLIRContext *ctx = b.getContext();
  auto type = cast<RankedTensorType>(h.getType());
  Type et = type.getElementType();
  int64_t features = type.getShape().back();
  auto named = [&](StringRef what) -> Location {
    return NameLoc::get(StringAttr::get(ctx, prefix + Twine(".") + what), at);
  };
  Value downW = params.add(RankedTensorType::get({width, features}, et), false,
                           named("down.weight"));
  Value downB =
      params.add(RankedTensorType::get({width}, et), false, named("down.bias"));
  Value upW = params.add(RankedTensorType::get({features, width}, et), true,
                         named("up.weight"));
  Value upB =
      params.add(RankedTensorType::get({features}, et), true, named("up.bias"));
  if (!downW || !downB || !upW || !upB)
    return Value();
  Location loc = NameLoc::get(StringAttr::get(ctx, prefix), at);
  Value down = LinearOp::create(b, loc, h, downW, downB);
  Value act = activation == "gelu" ? GeluOp::create(b, loc, down).getResult()
                                   : ReluOp::create(b, loc, down).getResult();
  return LinearOp::create(b, loc, act, upW, upB);
}

FailureOr<SmallVector<Layer>>
dlc::detail::findLayerStack(func::FuncOp func, ArrayRef<Operation *> outputs,
                            size_t begin, size_t end, StringRef pass) {
  Block &body = func.getBody().front();
  Operation *first = outputs.front();
  if (first->getNumResults() != 1)
    return first->emitError("--")
           << pass << ": layer output #0 must be one tensor, got "
           << first->getResultTypes();
  Type stream = first->getResult(0).getType();
  for (auto [i, op] : llvm::enumerate(outputs))
    if (op->getNumResults() != 1 || op->getResult(0).getType() != stream)
      return op->emitError("--")
             << pass << ": the layers are not a chain of equal-shaped layers: "
             << "layer #" << i << " outputs " << op->getResultTypes()
             << " but layer #0 outputs " << stream;

  // Schedule positions, and per stream-typed value the last position that
  // reads it.
  DenseMap<Operation *, unsigned> position;
  SmallVector<Operation *> schedule;
  for (Operation &op : body) {
    position[&op] = schedule.size();
    schedule.push_back(&op);
  }
  auto streamResult = [&](Operation *op) -> Value {
    for (Value r : op->getResults())
      if (r.getType() == stream)
        return r;
    return Value();
  };
  // A cut: a stream-typed result after which nothing reads a stream-typed
  // value defined before it.
  SmallVector<bool> isCut(schedule.size(), false);
  unsigned reach = 0;
  for (auto [p, op] : llvm::enumerate(schedule)) {
    if (streamResult(op) && reach <= p)
      isCut[p] = true;
    for (Value r : op->getResults()) {
      if (r.getType() != stream)
        continue;
      for (Operation *user : r.getUsers())
        if (Operation *top = body.findAncestorOpInBlock(*user))
          reach = std::max(reach, position.lookup(top));
    }
  }
  SmallVector<unsigned> outputAt;
  for (auto [i, op] : llvm::enumerate(outputs)) {
    outputAt.push_back(position.lookup(op));
    if (!isCut[outputAt.back()])
      return op->emitError("--")
             << pass << ": the layers are not a chain: a value computed before "
             << "layer #" << i << "'s output (this op), other than the "
             << "output, is read after it";
  }
  auto cutsBetween = [&](unsigned from, unsigned to) {
    unsigned count = 0;
    for (unsigned p = from + 1; p < to; ++p)
      count += isCut[p];
    return count;
  };
  if (outputs.size() < 2 && begin == 0)
    return first->emitError("--")
           << pass << ": cannot tell where layer #0 starts: a stack of one "
           << "layer has no other layer to compare it with; mark at least two "
              "layer outputs {"
           << DlcDialect::getCheckpointAttrName() << "}";
  unsigned inner =
      outputs.size() < 2 ? 0 : cutsBetween(outputAt[0], outputAt[1]);
  for (size_t i = 2; i < outputs.size(); ++i)
    if (unsigned k = cutsBetween(outputAt[i - 1], outputAt[i]); k != inner)
      return outputs[i]->emitError("--")
             << pass << ": the layers are not alike: layer #" << i << " has "
             << k << " points that one value crosses, layer #1 has " << inner;

  // The input of the first layer.
  Value input;
  if (begin > 0) {
    input = outputs[begin - 1]->getResult(0);
  } else {
    SmallVector<unsigned> before;
    for (unsigned p = 0; p < outputAt[0]; ++p)
      if (isCut[p])
        before.push_back(p);
    if (before.size() < inner + 1)
      return first->emitError("--")
             << pass << ": found no input of layer #0: no value of type "
             << stream << " crosses the schedule " << inner + 1
             << " points before its output, as layer #1's input does";
    input = streamResult(schedule[before[before.size() - 1 - inner]]);
  }

  SmallVector<Layer> layers;
  for (size_t i = begin; i < end; ++i) {
    Layer layer;
    layer.input = input;
    layer.output = outputs[i];
    DenseSet<Value> reached = {input};
    Operation *def = input.getDefiningOp();
    unsigned from = def ? position.lookup(def) + 1 : 0;
    for (unsigned p = from; p <= outputAt[i]; ++p) {
      Operation *op = schedule[p];
      if (op->getNumRegions() != 0)
        return op->emitError("--")
               << pass << ": layer #" << i << " has an op with regions";
      if (llvm::none_of(op->getOperands(),
                        [&](Value v) { return reached.contains(v); }))
        continue;
      layer.ops.push_back(op);
      for (Value r : op->getResults())
        reached.insert(r);
    }
    if (layer.ops.empty() || layer.ops.back() != layer.output)
      return layer.output->emitError("--")
             << pass << ": layer #" << i << "'s output does not depend on "
             << "its input";
    DenseSet<Operation *> members(llvm::from_range, layer.ops);
    for (Operation *op : layer.ops) {
      if (op == layer.output)
        continue;
      for (Value r : op->getResults())
        for (Operation *user : r.getUsers())
          if (!members.contains(body.findAncestorOpInBlock(*user)))
            return user->emitError("--")
                   << pass << ": the layers are not a chain: this op reads a "
                   << "value of layer #" << i << " that is not its output";
    }
    layers.push_back(std::move(layer));
    input = outputs[i]->getResult(0);
  }
  // Each output but the last is read by the next layer only.
  for (size_t k = 0; k + 1 < layers.size(); ++k) {
    DenseSet<Operation *> next(llvm::from_range, layers[k + 1].ops);
    for (Operation *user : layers[k].output->getUsers())
      if (!next.contains(body.findAncestorOpInBlock(*user)))
        return user->emitError("--")
               << pass << ": the layers are not a chain: this op reads the "
               << "output of layer #" << begin + k << " outside layer #"
               << begin + k + 1;
  }
  return layers;
}

SmallVector<Operation *> dlc::detail::cutPoints(const Layer &layer) {
  Type stream = layer.input.getType();
  DenseMap<Value, unsigned> definedAt = {{layer.input, 0}};
  for (auto [i, op] : llvm::enumerate(layer.ops))
    for (Value r : op->getResults())
      definedAt[r] = i + 1;
  // Per op index, the earliest layer value that any later op reads.
  unsigned n = layer.ops.size();
  SmallVector<unsigned> earliestRead(n + 1, n + 1);
  for (unsigned i = n; i-- > 0;) {
    earliestRead[i] = earliestRead[i + 1];
    for (Value v : layer.ops[i]->getOperands())
      if (auto it = definedAt.find(v); it != definedAt.end())
        earliestRead[i] = std::min(earliestRead[i], it->second);
  }
  SmallVector<Operation *> cuts;
  for (unsigned i = 0; i + 1 < n; ++i) {
    Operation *op = layer.ops[i];
    if (op->getNumResults() == 1 && op->getResult(0).getType() == stream &&
        earliestRead[i + 1] >= i + 1)
      cuts.push_back(op);
  }
  return cuts;
}
