//===- WtaCrs.cpp - --dlc-wta-crs: sample linear layers' inputs -----------===//
//
// Rewrites the trainable linear layers of a loss function so that their
// backward estimates the weight gradient from k sampled rows of the input
// (WTA-CRS, docs/wta-crs.md): per input shared by such layers, the rows are
// scored by their norms times the layers' gradient norms of the previous
// step (a `dlc.step_state` argument per layer), sampled once, and gathered;
// each layer becomes a `dlc.sampled_linear` reading the sample.
//
//===----------------------------------------------------------------------===//

#include "LayerStack.h"

#include "dlc/Dialect/Dlc/IR/DlcOps.h"
#include "dlc/Support/ByteSize.h"
#include "dlc/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"

#include "llvm/ADT/MapVector.h"
#include "llvm/Support/Format.h"

#include <algorithm>
#include <cmath>

namespace mlir::dlc {
#define GEN_PASS_DEF_DLCWTACRSPASS
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::detail;

namespace {

/// `value` as %g prints it.
std::string shortNumber(double value) {
  std::string text;
  llvm::raw_string_ostream(text) << llvm::format("%g", value);
  return text;
}

struct WtaCrsPass : dlc::impl::DlcWtaCrsPassBase<WtaCrsPass> {
  using Base::Base;

  void runOnOperation() override {
    if (failed(run()))
      signalPassFailure();
  }

  LogicalResult run();
};

LogicalResult WtaCrsPass::run() {
  ModuleOp module = getOperation();
  if (!(ratio > 0.0 && ratio <= 1.0))
    return emitError(module.getLoc())
           << "--dlc-wta-crs: ratio=" << shortNumber(ratio)
           << " must be in (0, 1]: the fraction of each layer's input rows "
              "kept for its weight gradient";
  if (minRows < 1)
    return emitError(module.getLoc())
           << "--dlc-wta-crs: min-rows=" << static_cast<int64_t>(minRows)
           << " must be at least 1";
  FailureOr<func::FuncOp> found =
      findLossFunction(module, function, "dlc-wta-crs");
  if (failed(found))
    return failure();
  func::FuncOp func = *found;
  if (!func.getBody().hasOneBlock())
    return func.emitError("--dlc-wta-crs needs @")
           << func.getName() << " to be one block of dlc ops";
  Block &body = func.getBody().front();

  // The layers to sample, by the input they read: trainable weights only
  // (a frozen weight gets no gradient, so its layer saves no input for one).
  llvm::MapVector<Value, SmallVector<LinearOp>> groups;
  unsigned numLayers = 0;
  for (auto linear : body.getOps<LinearOp>()) {
    auto weight = dyn_cast<BlockArgument>(linear.getWeight());
    if (!weight || weight.getOwner() != &body ||
        !func.getArgAttr(weight.getArgNumber(), DlcDialect::getParamAttrName()))
      continue;
    groups[linear.getInput()].push_back(linear);
    ++numLayers;
  }
  if (groups.empty())
    return func.emitError("--dlc-wta-crs: @")
           << func.getName() << " has no dlc.linear with a trainable ('"
           << DlcDialect::getParamAttrName() << "') weight argument to sample";

  MLIRContext *ctx = func.getContext();
  auto f32 = Float32Type::get(ctx);
  int64_t keptBytes = 0, savedBytes = 0;
  unsigned sampled = 0, group = 0;
  for (auto &[input, layers] : groups) {
    auto xt = cast<RankedTensorType>(input.getType());
    int64_t in = xt.getShape().back();
    int64_t n = in ? xt.getNumElements() / in : 0;
    int64_t k = std::min<int64_t>(
        n, std::max<int64_t>(minRows,
                             static_cast<int64_t>(std::floor(ratio * n))));
    ++group;
    if (k >= n || n == 0)
      continue; // keeping every row saves nothing
    // One norm state per layer, after the function's arguments.
    auto normsType = RankedTensorType::get({n}, f32);
    SmallVector<Value> norms;
    for (auto [j, linear] : llvm::enumerate(layers)) {
      unsigned at = func.getNumArguments();
      auto attrs = DictionaryAttr::get(
          ctx, {NamedAttribute(
                   StringAttr::get(ctx, DlcDialect::getStepStateAttrName()),
                   UnitAttr::get(ctx))});
      Location loc =
          NameLoc::get(StringAttr::get(ctx, "wta_crs." + Twine(group - 1) +
                                                "." + Twine(j) + ".norms"),
                       linear.getLoc());
      if (failed(func.insertArgument(at, normsType, attrs, loc)))
        return func.emitError("--dlc-wta-crs could not add arguments to @")
               << func.getName();
      norms.push_back(body.getArgument(at));
    }
    // The sample, right before the group's first layer.
    LinearOp first = layers.front();
    OpBuilder b(first);
    Location loc = first.getLoc();
    auto rowsType = RankedTensorType::get({n, in}, xt.getElementType());
    Value detached = StopGradientOp::create(b, loc, input);
    Value rows = ReshapeOp::create(b, loc, rowsType, detached);
    Value xNorms = RowNormsOp::create(b, loc, rows);
    // The gradient norms of the layers together, floored so that every row
    // keeps a positive score: a thousandth of their mean, and a tiny
    // constant that makes a zero state (the first step) score by |x| alone.
    Value g2;
    for (Value s : norms) {
      Value sq = MulOp::create(b, loc, s, s);
      g2 = g2 ? AddOp::create(b, loc, g2, sq).getResult() : sq;
    }
    Value g = SqrtOp::create(b, loc, g2);
    Value mean = MulOp::create(
        b, loc, ReduceSumOp::create(b, loc, g, ArrayRef<int64_t>{0}, false),
        createFloatSplat(b, loc, RankedTensorType::get({}, f32),
                         1e-3 / static_cast<double>(n)));
    Value floored = AddOp::create(
        b, loc, AddOp::create(b, loc, g, mean),
        createFloatSplat(b, loc, RankedTensorType::get({}, f32), 1e-30));
    Value scores = MulOp::create(b, loc, xNorms, floored);
    auto sample = WtaCrsSampleOp::create(
        b, loc,
        TypeRange{RankedTensorType::get({k}, b.getI64Type()),
                  RankedTensorType::get({k}, f32),
                  RankedTensorType::get({}, b.getI64Type())},
        scores, static_cast<int64_t>(seed + group - 1));
    Value kept = EmbeddingOp::create(b, loc, rows, sample.getIndices());
    for (auto [linear, state] : llvm::zip(layers, norms)) {
      OpBuilder lb(linear);
      auto replaced = SampledLinearOp::create(
          lb, linear.getLoc(), linear.getType(), linear.getInput(),
          linear.getWeight(), linear.getBias(), kept, sample.getIndices(),
          sample.getScales(), state);
      replaced->setDiscardableAttrs(linear->getDiscardableAttrDictionary());
      linear.replaceAllUsesWith(replaced.getResult());
      linear.erase();
      ++sampled;
    }
    int64_t elementBytes = xt.getElementTypeBitWidth() / 8;
    keptBytes += k * in * elementBytes + k * 12;
    savedBytes += n * in * elementBytes;
  }
  if (sampled == 0)
    return func.emitError("--dlc-wta-crs: ratio=")
           << shortNumber(ratio)
           << " (min-rows=" << static_cast<int64_t>(minRows)
           << ") keeps every row of "
           << "each of the " << numLayers << " trainable linear layers of @"
           << func.getName() << ": nothing to sample";
  llvm::errs() << "dlc-wta-crs: @" << func.getName() << ": " << sampled
               << " of " << numLayers << " trainable linear layers sampled at "
               << shortNumber(ratio) << " (" << groups.size()
               << " inputs); their inputs for the weight gradients "
               << formatBytesAndMiB(savedBytes) << " -> "
               << formatBytesAndMiB(keptBytes) << " kept\n";
  return success();
}

} // namespace
