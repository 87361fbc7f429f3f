//===- Adapters.cpp - Bottleneck adapters for fine-tuning -----------------===//
//
// Adds a residual bottleneck adapter, h + up(act(down(h))), after each layer
// output of a loss function (the ops marked {dlc.checkpoint}) and freezes the
// pre-trained weights, so that `--dlc-autodiff` builds an adapter
// fine-tuning step. The up projection starts at zero (`dlc.init = "zeros"`),
// so the adapted function is the pre-trained one until training moves it.
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/Passes.h"

#include "dlc/Dialect/Dlc/IR/DlcMemoryPlan.h"
#include "dlc/Dialect/Dlc/IR/DlcOps.h"
#include "dlc/Support/ByteSize.h"

#include "llvm/ADT/StringExtras.h"

namespace mlir::dlc {
#define GEN_PASS_DEF_DLCADAPTERSPASS
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;
using namespace mlir::dlc;

namespace {

/// The weights' types are static, small tensors (the verifier checks the
/// arguments), so their byte counts fit.
int64_t bytesOf(Type type) {
  return shapedBytes(cast<ShapedType>(type)).value_or(0);
}

struct AdaptersPass : dlc::impl::DlcAdaptersPassBase<AdaptersPass> {
  using Base::Base;

  void runOnOperation() override {
    if (failed(run()))
      signalPassFailure();
  }

  LogicalResult run();
  FailureOr<func::FuncOp> findFunction();
  LogicalResult parseLayers(size_t count, size_t &begin, size_t &end);
};

FailureOr<func::FuncOp> AdaptersPass::findFunction() {
  ModuleOp module = getOperation();
  if (!function.empty()) {
    auto func = module.lookupSymbol<func::FuncOp>(function);
    if (!func || func.isExternal())
      return emitError(module.getLoc())
             << "--dlc-adapters: no function @" << function
             << " with a body in the module";
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
           << "--dlc-adapters: no function with '"
           << DlcDialect::getParamAttrName() << "' arguments to adapt";
  return last;
}

/// Reads `layers=`: empty (all), `N`, or `A:B` (A <= i < B).
LogicalResult AdaptersPass::parseLayers(size_t count, size_t &begin,
                                        size_t &end) {
  begin = 0;
  end = count;
  if (layers.empty())
    return success();
  Location loc = getOperation().getLoc();
  auto [first, second] = StringRef(layers).split(':');
  bool range = StringRef(layers).contains(':');
  unsigned long long a = 0, b = 0;
  if (first.trim().getAsInteger(10, a) ||
      (range && second.trim().getAsInteger(10, b)))
    return emitError(loc) << "--dlc-adapters: layers='" << layers
                          << "' is not N or A:B (layer indices)";
  if (!range)
    b = a + 1;
  if (a >= b || b > count)
    return emitError(loc) << "--dlc-adapters: layers='" << layers
                          << "' selects no layer of the " << count
                          << " marked {" << DlcDialect::getCheckpointAttrName()
                          << "}; expected indices below " << count;
  begin = a;
  end = b;
  return success();
}

LogicalResult AdaptersPass::run() {
  Location moduleLoc = getOperation().getLoc();
  if (width < 1)
    return emitError(moduleLoc)
           << "--dlc-adapters: width=" << static_cast<int64_t>(width)
           << " must be at least 1";
  if (activation != "gelu" && activation != "relu")
    return emitError(moduleLoc) << "--dlc-adapters: unknown activation '"
                                << activation << "'; expected gelu or relu";
  if (freeze != "stack" && freeze != "all" && freeze != "none")
    return emitError(moduleLoc) << "--dlc-adapters: unknown freeze='" << freeze
                                << "'; expected stack, all or none";
  FailureOr<func::FuncOp> found = findFunction();
  if (failed(found))
    return failure();
  func::FuncOp func = *found;
  if (!func.getBody().hasOneBlock())
    return emitError(func.getLoc(), "--dlc-adapters needs @")
           << func.getName() << " to be one block of dlc ops";
  Block &body = func.getBody().front();

  // The layer outputs, in schedule order.
  SmallVector<Operation *> outputs;
  for (Operation &op : body.without_terminator())
    if (op.hasAttr(DlcDialect::getCheckpointAttrName()))
      outputs.push_back(&op);
  if (outputs.empty())
    return emitError(func.getLoc(), "--dlc-adapters found no layer output in @")
           << func.getName() << ": mark each layer's output op {"
           << DlcDialect::getCheckpointAttrName() << "}";
  size_t begin, end;
  if (failed(parseLayers(outputs.size(), begin, end)))
    return failure();
  for (size_t i = begin; i < end; ++i) {
    Operation *op = outputs[i];
    auto type = op->getNumResults() == 1
                    ? dyn_cast<RankedTensorType>(op->getResult(0).getType())
                    : RankedTensorType();
    if (!type || type.getRank() < 2 || !type.hasStaticShape() ||
        !isa<FloatType>(type.getElementType()))
      return op->emitError("--dlc-adapters: layer output #")
             << i << " must be one statically shaped floating-point tensor "
             << "of rank >= 2 (features last), got " << op->getResultTypes();
  }

  // Freeze first, on the schedule before any adapter is added: a parameter
  // read at or before the last layer output belongs to the pre-trained model.
  DenseMap<Operation *, unsigned> position;
  for (auto [i, op] : llvm::enumerate(body.without_terminator()))
    position[&op] = i;
  unsigned stackEnd = position.lookup(outputs.back());
  MLIRContext *ctx = func.getContext();
  int64_t frozenBytes = 0, trainedBytes = 0;
  unsigned numFrozen = 0;
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
      frozenBytes += bytesOf(arg.getType());
      ++numFrozen;
    } else {
      trainedBytes += bytesOf(arg.getType());
    }
  }

  // New weights go after the last weight argument, in layer order.
  unsigned insertAt = 0;
  for (unsigned a = 0, e = func.getNumArguments(); a < e; ++a)
    if (func.getArgAttr(a, DlcDialect::getParamAttrName()) ||
        func.getArgAttr(a, DlcDialect::getFrozenAttrName()))
      insertAt = a + 1;
  auto param = [&](Type type, bool zeros, Location loc) -> Value {
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
    trainedBytes += bytesOf(type);
    return body.getArgument(insertAt++);
  };

  int64_t adapterBytes = 0;
  for (size_t i = begin; i < end; ++i) {
    Operation *op = outputs[i];
    Value h = op->getResult(0);
    auto type = cast<RankedTensorType>(h.getType());
    Type et = type.getElementType();
    int64_t features = type.getShape().back();
    auto named = [&](StringRef what) -> Location {
      return NameLoc::get(
          StringAttr::get(ctx, "layer" + Twine(i) + ".adapter." + what),
          op->getLoc());
    };
    Value downW = param(RankedTensorType::get({width, features}, et), false,
                        named("down.weight"));
    Value downB =
        param(RankedTensorType::get({width}, et), false, named("down.bias"));
    Value upW = param(RankedTensorType::get({features, width}, et), true,
                      named("up.weight"));
    Value upB =
        param(RankedTensorType::get({features}, et), true, named("up.bias"));
    if (!downW || !downB || !upW || !upB)
      return emitError(func.getLoc(),
                       "--dlc-adapters could not add arguments to @")
             << func.getName();
    adapterBytes += bytesOf(downW.getType()) + bytesOf(downB.getType()) +
                    bytesOf(upW.getType()) + bytesOf(upB.getType());

    OpBuilder b(op->getContext());
    b.setInsertionPointAfter(op);
    Location loc = named("");
    Value down = LinearOp::create(b, loc, h, downW, downB);
    Value act = activation == "gelu" ? GeluOp::create(b, loc, down).getResult()
                                     : ReluOp::create(b, loc, down).getResult();
    Value up = LinearOp::create(b, loc, act, upW, upB);
    auto adapted = AddOp::create(b, loc, h, up);
    h.replaceAllUsesExcept(
        adapted.getResult(),
        SmallPtrSet<Operation *, 2>{down.getDefiningOp(), adapted});
    op->removeAttr(DlcDialect::getCheckpointAttrName());
    adapted->setAttr(DlcDialect::getCheckpointAttrName(), UnitAttr::get(ctx));
  }

  llvm::errs() << "dlc-adapters: @" << func.getName() << ": " << (end - begin)
               << " adapters of width " << width << " (" << activation
               << ") after layers " << begin << " to " << (end - 1) << ", "
               << formatBytesAndMiB(adapterBytes) << "; trainable "
               << formatBytesAndMiB(trainedBytes) << ", frozen " << numFrozen
               << " weights, " << formatBytesAndMiB(frozenBytes) << "\n";
  return success();
}

} // namespace
