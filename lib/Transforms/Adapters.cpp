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

#include "dlc/Dialect/Dlc/IR/DlcOps.h"
#include "dlc/Support/ByteSize.h"

#include "LayerStack.h"

#include "llvm/ADT/StringExtras.h"

namespace mlir::dlc {
#define GEN_PASS_DEF_DLCADAPTERSPASS
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::detail;

namespace {

struct AdaptersPass : dlc::impl::DlcAdaptersPassBase<AdaptersPass> {
  using Base::Base;

  void runOnOperation() override {
    if (failed(run()))
      signalPassFailure();
  }

  LogicalResult run();
};

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
  FailureOr<func::FuncOp> found =
      findLossFunction(getOperation(), function, "dlc-adapters");
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
  if (failed(parseLayerRange(moduleLoc, "dlc-adapters", layers, outputs.size(),
                             begin, end)))
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
  FreezeSummary frozen = freezeParameters(func, outputs.back(), freeze);
  ParameterAdder params(func);
  MLIRContext *ctx = func.getContext();

  for (size_t i = begin; i < end; ++i) {
    Operation *op = outputs[i];
    Value h = op->getResult(0);
    SmallVector<OpOperand *> readers =
        llvm::map_to_vector(h.getUses(), [](OpOperand &use) { return &use; });
    OpBuilder b(op->getContext());
    b.setInsertionPointAfter(op);
    Value up =
        buildBottleneck(b, params, h, width, activation,
                        ("layer" + Twine(i) + ".adapter").str(), op->getLoc());
    if (!up)
      return emitError(func.getLoc(),
                       "--dlc-adapters could not add arguments to @")
             << func.getName();
    auto adapted = AddOp::create(b, up.getLoc(), h, up);
    // Every earlier reader of h reads h' now; the adapter reads h.
    for (OpOperand *use : readers)
      use->set(adapted.getResult());
    op->removeAttr(DlcDialect::getCheckpointAttrName());
    adapted->setAttr(DlcDialect::getCheckpointAttrName(), UnitAttr::get(ctx));
  }

  llvm::errs() << "dlc-adapters: @" << func.getName() << ": " << (end - begin)
               << " adapters of width " << width << " (" << activation
               << ") after layers " << begin << " to " << (end - 1) << ", "
               << formatBytesAndMiB(params.bytesAdded()) << "; trainable "
               << formatBytesAndMiB(frozen.trainedBytes + params.bytesAdded())
               << ", frozen " << frozen.numFrozen << " weights, "
               << formatBytesAndMiB(frozen.frozenBytes) << "\n";
  return success();
}

} // namespace
