//===- Reversible.cpp - Reversible couplings of a layer stack (MEFT) ------===//
//
// Rewrites a pre-trained layer stack into a chain of dlc.coupling ops,
// y1 = lambda x1 + F(x2), y2 = beta x2 + G(y1), with F and G made of the
// layer's ops and bottleneck adapters as the variant says (MEFT1/2/3 of
// Liao, Tan and Monz, 2023). The layer ops are cloned into the couplings'
// regions and the originals erased; the backward that rebuilds the streams
// is --dlc-autodiff's.
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/Passes.h"

#include "dlc/Dialect/Dlc/IR/DlcOps.h"
#include "dlc/Support/ByteSize.h"

#include "LayerStack.h"

#include "mlir/IR/IRMapping.h"
#include "llvm/Support/Format.h"

#include <cmath>

namespace mlir::dlc {
#define GEN_PASS_DEF_DLCREVERSIBLEPASS
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::detail;

namespace {

/// Unit roundoff of a float type: 2^-(mantissa bits, with the implicit one).
double unitRoundoff(Type type) {
  auto f = cast<FloatType>(type);
  return std::ldexp(1.0, -static_cast<int>(f.getFPMantissaWidth()));
}

/// Warns where the rebuild will not give back the saved inputs. Rebuilding
/// divides the streams by lambda and beta at every layer (MEFT1 and MEFT2
/// swap the streams, so each is divided by lambda * beta every two layers;
/// MEFT3 divides each by its own factor every layer). While the streams'
/// error stays far below the model type's rounding, F and G see the same
/// inputs as in the forward and the rebuild is exact; past that, F's and
/// G's Jacobians amplify it too and the gradients lose their digits
/// (docs/reversible.md has the measurements).
void warnIfInexact(func::FuncOp func, int64_t variant, double lambda,
                   double beta, size_t layers, Type model, Type streams) {
  // The streams also grow by about 1.5 per layer (the layers' residual
  // sums), which the division's cancellation scales the error by too
  // (fitted to the measured depths: docs/reversible.md).
  constexpr double kGrowth = 1.5;
  double perLayer = kGrowth * (variant == 3 ? 1.0 / std::min(lambda, beta)
                                            : 1.0 / std::sqrt(lambda * beta));
  double growth = std::pow(perLayer, layers);
  double error = growth * unitRoundoff(streams);
  // Wider streams: at most one in a thousand of a stream's elements may
  // round to another model value at F's or G's input. Streams of the
  // model's type: three digits lost.
  double limit = streams == model ? 1e-3 : 1e-3 * unitRoundoff(model);
  if (error <= limit)
    return;
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "MEFT" << variant << " with lambda=" << llvm::format("%g", lambda)
     << ", beta=" << llvm::format("%g", beta) << " over " << layers
     << " layers amplifies the " << streams << " streams' rounding about "
     << llvm::format("%.0e", growth)
     << " times in the rebuild, past what the model's type, " << model
     << ", holds";
  // At the function's location, without the function printed after it.
  emitWarning(func.getLoc())
      << "--dlc-reversible: " << text
      << ": its gradients will differ from the saved backward's (raise lambda "
         "and beta, make fewer layers reversible"
      << (streams.getIntOrFloatBitWidth() < 64 ? ", or use streams=f64)" : ")");
}

struct ReversiblePass : dlc::impl::DlcReversiblePassBase<ReversiblePass> {
  using Base::Base;

  void runOnOperation() override {
    if (failed(run()))
      signalPassFailure();
  }

  LogicalResult run();
  LogicalResult parseFactor(StringRef name, StringRef text, double fallback,
                            double &value);
};

LogicalResult ReversiblePass::parseFactor(StringRef name, StringRef text,
                                          double fallback, double &value) {
  Location loc = getOperation().getLoc();
  value = fallback;
  if (text.empty())
    return success();
  if (text.trim().getAsDouble(value))
    return emitError(loc) << "--dlc-reversible: " << name << "='" << text
                          << "' is not a number";
  if (!std::isfinite(value) || value == 0.0)
    return emitError(loc)
           << "--dlc-reversible: " << name << "=" << text
           << " cannot be inverted: the backward rebuilds "
           << (name == "lambda" ? "x1 = (y1 - F(x2)) / lambda"
                                : "x2 = (y2 - G(y1)) / beta")
           << "; choose a finite nonzero value (MEFT uses 0.1 or 1)";
  return success();
}

/// Clones `ops` at `b`'s insertion point with `from` read as `to`, without
/// the layer marks; returns the clone of `result`.
Value cloneOps(OpBuilder &b, ArrayRef<Operation *> ops, Value from, Value to,
               Value result) {
  IRMapping mapping;
  mapping.map(from, to);
  for (Operation *op : ops) {
    Operation *clone = b.clone(*op, mapping);
    clone->removeAttr(DlcDialect::getCheckpointAttrName());
  }
  return mapping.lookup(result);
}

LogicalResult ReversiblePass::run() {
  ModuleOp module = getOperation();
  Location moduleLoc = module.getLoc();
  if (variant < 1 || variant > 3)
    return emitError(moduleLoc)
           << "--dlc-reversible: variant=" << static_cast<int64_t>(variant)
           << " is not a MEFT variant; expected 1 (F = layer, G = adapter), 2 "
              "(F = adapter, G = layer) or 3 (F = attention block, G = MLP "
              "block)";
  const double defaults[3][2] = {{0.1, 1.0}, {1.0, 0.1}, {0.1, 0.1}};
  double lambdaValue, betaValue;
  if (failed(parseFactor("lambda", lambda, defaults[variant - 1][0],
                         lambdaValue)) ||
      failed(parseFactor("beta", beta, defaults[variant - 1][1], betaValue)))
    return failure();
  if (adapterWidth < 1)
    return emitError(moduleLoc)
           << "--dlc-reversible: adapter-width="
           << static_cast<int64_t>(adapterWidth) << " must be at least 1";
  if (activation != "gelu" && activation != "relu")
    return emitError(moduleLoc) << "--dlc-reversible: unknown activation '"
                                << activation << "'; expected gelu or relu";
  if (streams != "f32" && streams != "f64" && streams != "model")
    return emitError(moduleLoc) << "--dlc-reversible: unknown streams='"
                                << streams << "'; expected f32, f64 or model";

  FailureOr<func::FuncOp> found =
      findLossFunction(module, function, "dlc-reversible");
  if (failed(found))
    return failure();
  func::FuncOp func = *found;
  if (!func.getBody().hasOneBlock())
    return emitError(func.getLoc(), "--dlc-reversible needs @")
           << func.getName() << " to be one block of dlc ops";
  Block &body = func.getBody().front();
  for (Operation &op : body)
    if (isa<CouplingOp>(op))
      return op.emitError("--dlc-reversible: @")
             << func.getName() << " is reversible already";

  SmallVector<Operation *> outputs;
  for (Operation &op : body.without_terminator())
    if (op.hasAttr(DlcDialect::getCheckpointAttrName()))
      outputs.push_back(&op);
  if (outputs.empty())
    return emitError(func.getLoc(),
                     "--dlc-reversible found no layer output in @")
           << func.getName() << ": mark each layer's output op {"
           << DlcDialect::getCheckpointAttrName() << "}";
  size_t begin, end;
  if (failed(parseLayerRange(moduleLoc, "dlc-reversible", layers,
                             outputs.size(), begin, end)))
    return failure();
  FailureOr<SmallVector<Layer>> stack =
      findLayerStack(func, outputs, begin, end, "dlc-reversible");
  if (failed(stack))
    return failure();
  auto modelType = cast<RankedTensorType>(stack->front().input.getType());
  if (modelType.getRank() < 2 || !isa<FloatType>(modelType.getElementType()))
    return stack->front().output->emitError(
               "--dlc-reversible: the layers' outputs must be floating-point "
               "tensors of rank >= 2 (features last), got ")
           << modelType;

  // Variant 3 splits each layer where its second block starts.
  SmallVector<Operation *> splits;
  if (variant == 3)
    for (auto [k, layer] : llvm::enumerate(*stack)) {
      Operation *split = nullptr;
      for (Operation *cut : cutPoints(layer))
        if (!cut->getResult(0).hasOneUse()) {
          split = cut;
          break;
        }
      if (!split)
        return layer.output->emitError("--dlc-reversible: variant=3 needs "
                                       "layer #")
               << begin + k
               << " to be two blocks, the second starting at a value that "
                  "one point of the layer crosses and more than one op reads "
                  "(a transformer layer's attention output); it has none";
      splits.push_back(split);
    }

  FreezeSummary frozen = freezeParameters(func, stack->back().output, "stack");
  ParameterAdder params(func);
  MLIRContext *ctx = func.getContext();
  Type modelElement = modelType.getElementType();
  // The streams are never narrower than the model.
  unsigned streamBits = streams == "f64" ? 64 : streams == "f32" ? 32 : 0;
  Type streamElement = modelElement;
  if (modelElement.getIntOrFloatBitWidth() < streamBits)
    streamElement = streamBits == 64 ? Type(Float64Type::get(ctx))
                                     : Type(Float32Type::get(ctx));
  auto streamType = RankedTensorType::get(modelType.getShape(), streamElement);
  auto convert = [&](OpBuilder &b, Location loc, Value v, Type type) {
    return v.getType() == type ? v : ConvertOp::create(b, loc, type, v);
  };
  // An f64 stream narrows to a model narrower than f32 through f32. The
  // rebuilt streams equal the forward's only to within the f64 rounding
  // that the divisions amplify, and a forward stream often lies exactly
  // halfway between two bf16 values (a sum of a few bf16 values does):
  // rounded in one step, the least error moves it off the tie and F or G
  // reads the neighbouring value. Rounded to f32 first, any error below
  // half an f32 ulp gives the same f32 value, hence the same bf16 one, and
  // the rebuild reads the forward's very inputs (docs/reversible.md).
  Type f32Element = Float32Type::get(ctx);
  bool throughF32 = streamElement.getIntOrFloatBitWidth() > 32 &&
                    modelElement.getIntOrFloatBitWidth() < 32;
  auto narrow = [&](OpBuilder &b, Location loc, Value v) {
    if (throughF32)
      v = convert(b, loc, v,
                  RankedTensorType::get(modelType.getShape(), f32Element));
    return convert(b, loc, v, modelType);
  };

  Value s1, s2, top;
  bool failedToAdd = false;
  for (auto [k, layer] : llvm::enumerate(*stack)) {
    size_t index = begin + k;
    Location loc = layer.output->getLoc();
    OpBuilder b(ctx);
    b.setInsertionPointAfter(layer.output);
    if (k == 0)
      s1 = s2 = convert(b, loc, layer.input, streamType);
    std::string name = "layer" + std::to_string(index);
    // The layer's ops in [from, to), reading `from`'s input as `x`.
    auto part = [&](OpBuilder &ib, Value x, size_t first, size_t last) {
      ArrayRef<Operation *> ops =
          ArrayRef(layer.ops).slice(first, last - first);
      Value in = first == 0 ? layer.input : layer.ops[first - 1]->getResult(0);
      return cloneOps(ib, ops, in, x, ops.back()->getResult(0));
    };
    auto adapter = [&](OpBuilder &ib, Value x, StringRef what) {
      Value up = buildBottleneck(ib, params, x, adapterWidth, activation,
                                 name + "." + what.str(), loc);
      failedToAdd |= !up;
      return up ? up : x;
    };
    size_t n = layer.ops.size(), splitAt = n;
    if (variant == 3)
      splitAt = llvm::find(layer.ops, splits[k]) - layer.ops.begin() + 1;
    using Body = std::function<Value(OpBuilder &, Value)>;
    Body whole = [&](OpBuilder &ib, Value x) { return part(ib, x, 0, n); };
    Body bottleneck = [&](OpBuilder &ib, Value x) {
      return adapter(ib, x, "adapter");
    };
    Body first = [&](OpBuilder &ib, Value x) {
      Value a = part(ib, x, 0, splitAt);
      return AddOp::create(ib, loc, a, adapter(ib, a, "attention_adapter"))
          .getResult();
    };
    Body second = [&](OpBuilder &ib, Value x) {
      Value m = part(ib, x, splitAt, n);
      return AddOp::create(ib, loc, m, adapter(ib, m, "mlp_adapter"))
          .getResult();
    };
    Body f = variant == 1 ? whole : variant == 2 ? bottleneck : first;
    Body g = variant == 1 ? bottleneck : variant == 2 ? whole : second;

    auto coupling = CouplingOp::create(
        b, loc, streamType, streamType, s1, s2, b.getF64FloatAttr(lambdaValue),
        b.getF64FloatAttr(betaValue),
        b.getI64IntegerAttr(static_cast<int64_t>(index)));
    for (auto [region, bodyFn] :
         {std::pair<Region *, Body *>{&coupling.getF(), &f},
          {&coupling.getG(), &g}}) {
      OpBuilder ib(ctx);
      Block *block = ib.createBlock(region, {}, {streamType}, {loc});
      Value x = narrow(ib, loc, block->getArgument(0));
      Value out = convert(ib, loc, (*bodyFn)(ib, x), streamType);
      YieldOp::create(ib, loc, out);
    }
    if (failedToAdd)
      return emitError(func.getLoc(),
                       "--dlc-reversible could not add arguments to @")
             << func.getName();
    Value y1 = coupling.getY1(), y2 = coupling.getY2();
    if (variant == 3) {
      s1 = y1;
      s2 = y2;
    } else {
      s1 = y2;
      s2 = y1;
    }
    top = variant == 1 ? y1 : y2;
    if (k + 1 == stack->size()) {
      b.setInsertionPointAfter(coupling);
      Value out = narrow(b, loc, top);
      layer.output->getResult(0).replaceAllUsesWith(out);
    }
  }
  // The original layers, last op first.
  for (Layer &layer : llvm::reverse(*stack))
    for (Operation *op : llvm::reverse(layer.ops)) {
      if (!op->use_empty())
        return op->emitError("--dlc-reversible: internal error: an op of the "
                             "replaced layers is still read");
      op->erase();
    }

  warnIfInexact(func, variant, lambdaValue, betaValue, stack->size(),
                modelElement, streamElement);
  llvm::errs() << "dlc-reversible: @" << func.getName() << ": " << stack->size()
               << " couplings (MEFT" << variant
               << ", lambda=" << llvm::format("%g", lambdaValue)
               << ", beta=" << llvm::format("%g", betaValue) << ", streams "
               << streamElement << ") over layers " << begin << " to "
               << (end - 1) << ", adapters of width " << adapterWidth << " "
               << formatBytesAndMiB(params.bytesAdded()) << "; trainable "
               << formatBytesAndMiB(frozen.trainedBytes + params.bytesAdded())
               << ", frozen " << frozen.numFrozen << " weights, "
               << formatBytesAndMiB(frozen.frozenBytes) << "\n";
  return success();
}

} // namespace
