//===- LayerStack.h - The layer stack of a loss function --------*- C++ -*-===//
//
// What the fine-tuning passes (dlc-adapters, dlc-reversible) share: finding
// the loss function, reading `layers=`, freezing the pre-trained weights and
// adding trainable ones, and the layer stack itself (the ops marked
// {dlc.checkpoint} as layer outputs, the value each layer reads, the ops
// each layer is made of).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_LIB_TRANSFORMS_LAYERSTACK_H
#define DLC_LIB_TRANSFORMS_LAYERSTACK_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

namespace mlir::dlc::detail {

/// The function named `name` in `module`, or, when `name` is empty, the last
/// one with `dlc.param` arguments; a diagnostic prefixed by `pass` if none.
FailureOr<func::FuncOp> findLossFunction(ModuleOp module, StringRef name,
                                         StringRef pass);

/// Reads a `layers=` option: empty (all `count`), `N`, or `A:B`
/// (A <= i < B), into [begin, end).
LogicalResult parseLayerRange(Location loc, StringRef pass, StringRef layers,
                              size_t count, size_t &begin, size_t &end);

/// What freezeParameters did.
struct FreezeSummary {
  unsigned numFrozen = 0;
  int64_t frozenBytes = 0;
  int64_t trainedBytes = 0;
};

/// Marks `dlc.frozen` (instead of `dlc.param`) the parameters that `freeze`
/// selects: `stack`, those read at or before `lastStackOp` in schedule
/// order; `all`; `none`.
FreezeSummary freezeParameters(func::FuncOp func, Operation *lastStackOp,
                               StringRef freeze);

/// Adds trainable parameters to a function, after its last weight argument
/// and in the order they are asked for.
class ParameterAdder {
public:
  explicit ParameterAdder(func::FuncOp func);
  /// A new `dlc.param` argument of `type` (`zeros`: `dlc.init = "zeros"`),
  /// or null if the function refused it.
  Value add(Type type, bool zeros, Location loc);
  int64_t bytesAdded() const { return bytes; }

private:
  func::FuncOp func;
  unsigned insertAt = 0;
  int64_t bytes = 0;
};

/// `h + up(act(down(h)))`'s bottleneck, `up(act(down(h)))`, with new
/// parameters named `<prefix>.down.weight` and so on (`up` starts at zero).
/// Null if an argument could not be added.
Value buildBottleneck(OpBuilder &b, ParameterAdder &params, Value h,
                      int64_t width, StringRef activation, StringRef prefix,
                      Location at);

/// One layer of a stack: the value it reads, its output op, and its ops in
/// schedule order (those between its input and its output that depend on
/// the input; the output op is the last).
struct Layer {
  Value input;
  Operation *output;
  SmallVector<Operation *> ops;
};

/// The layers [begin, end) of the stack of `func` (one block), checked to be
/// a chain: layer i reads layer i-1's output and nothing of an earlier
/// layer, each output has the same type, and only the next layer (or, for
/// the last, anything after the stack) reads it. The input of the first
/// layer is found as the value that plays the part of a layer output in
/// front of it: the stream-typed value before layer 0's output with as many
/// single-crossing points (see cutPoints) between them as every other layer
/// has. `pass` prefixes the diagnostics.
FailureOr<SmallVector<Layer>> findLayerStack(func::FuncOp func,
                                             ArrayRef<Operation *> outputs,
                                             size_t begin, size_t end,
                                             StringRef pass);

/// The ops of `layer` that end a cut: a result of the stream's type after
/// which the layer reads no value of the stream's type defined before it.
SmallVector<Operation *> cutPoints(const Layer &layer);

} // namespace mlir::dlc::detail

#endif // DLC_LIB_TRANSFORMS_LAYERSTACK_H
