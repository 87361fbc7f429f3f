//===- FusedEpilogue.h - Elementwise consumers of products -----*- C++ -*-===//
//
// Bufferization gives a product its own accumulator buffer: a bf16 linear
// layer is a zero fill of an f32 buffer of the result's size, the product
// into it, and an elementwise op (bias, activation, rounding to bf16) that
// reads it once into the result. A kernel that keeps its sums in registers
// can apply that elementwise op to each sum and store the op's result
// instead, and the accumulator buffer is then never needed (for GPT-2
// small's output layer in bf16, 1.6 GB of f32 sums beside 0.8 GB of
// logits).
//
// The kernels that form their sums in registers (GPUTileContractions.cpp,
// TensorCore/Matmul.cpp) use this before the arena is planned, so that the
// planner never sees the accumulator. Private to lib/CodeGen/GPU.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_LIB_CODEGEN_FUSEDEPILOGUE_H
#define DLC_LIB_CODEGEN_FUSEDEPILOGUE_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

#include <optional>

namespace mlir::dlc::detail {

/// The elementwise op that is the only reader of a product's accumulator,
/// and what its fusion into the product's kernel removes.
struct FusedEpilogue {
  // Mutable: the ops' accessors are not const.
  /// The product's accumulator: an allocation that only the fill, the
  /// product and the consumer use.
  mutable memref::AllocOp accumulator;
  /// A reshape of the accumulator (memref.reshape, expand_shape or
  /// collapse_shape, identity layouts: the same elements in the same order)
  /// that the consumer reads instead of it, or null. Attention's batched
  /// products are read so: [b*h, s, s] sums as [b, h, s, s].
  mutable Operation *view = nullptr;
  /// The fill of a constant into it just before the product: the value
  /// every sum starts from.
  mutable linalg::FillOp fill;
  /// The elementwise op that reads the sums once, element for element.
  mutable linalg::GenericOp consumer;
  /// Which of the consumer's inputs the accumulator (or its view) is.
  unsigned input = 0;

  /// The consumer's epilogue of `product` when the kernel that replaces
  /// `product` may compute it instead: `product` writes one accumulator
  /// (a fresh allocation in its block) that is filled with a constant just
  /// before it, and read, directly or through one reshape view, by exactly
  /// one later op, a linalg.generic with
  /// parallel loops only that reads it through the same identity map as it
  /// writes its one output, does not read that output, has a body of
  /// arithmetic only, and reads other buffers that no op between the
  /// product and it touches. Else std::nullopt.
  static std::optional<FusedEpilogue> match(linalg::LinalgOp product);

  /// The constant each sum starts from (the fill's value).
  Value initialValue() const { return fill.getInputs()[0]; }
  /// The buffer the epilogue stores into (the consumer's output).
  Value output() const { return consumer.getDpsInits()[0]; }

  /// Before the kernel is built at `product`: moves what the epilogue needs
  /// and is defined between the product and the consumer (the output's
  /// allocation) before the product.
  void prepare(Operation *product) const;

  /// Emits, at `b`'s insertion point inside the kernel, the consumer's
  /// element at `indices` of the accumulator from `sum` (the element's
  /// sum), and stores it into the output at the same element (the same
  /// indices, or through the view the same place in memory).
  void emitElement(OpBuilder &b, Location loc, Value sum,
                   ValueRange indices) const;

  /// After the kernel replaced the product: erases the consumer, the view,
  /// the fill and the accumulator (which the kernel must not use).
  void finish() const;
};

} // namespace mlir::dlc::detail

#endif // DLC_LIB_CODEGEN_FUSEDEPILOGUE_H
