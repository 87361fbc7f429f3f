//===- DlcDialect.td - The dlc dialect definition ----------*- tablegen -*-===//
//
// The dlc dialect: the graph-level IR on which dlc's memory-saving passes
// work. This file declares the dialect, its base op class and the tensor type
// constraints shared by all ops.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_IR_DLCDIALECT_TD
#define DLC_DIALECT_DLC_IR_DLCDIALECT_TD

include "mlir/IR/OpBase.td"

def Dlc_Dialect : Dialect {
  let name = "dlc";
  let cppNamespace = "::mlir::dlc";
  let summary = "Memory-aware deep-learning graphs";
  let description = [{
    The `dlc` dialect models the forward, backward and optimizer parts of a
    training (or inference) step as one `func.func` on statically shaped,
    ranked tensors. The function body is a single block, and its op order is
    the execution schedule: liveness, and hence peak memory, follow directly
    from it. Every op is free of side effects, dropout included (its mask is a
    pure function of an explicit seed), so a pass may clone an op to recompute
    a value and get bit-identical results.

    Conventions shared by all ops:

    * Tensors are ranked and statically shaped. Budgets are bytes, and bytes
      must be known at compile time.
    * Floating-point data is `f32`, `f16`, `bf16` (and `f64`, used for
      gradient checking). Integer tensors (`i32`, `i64`) hold class labels and
      token ids.
    * Operands of an op share one element type; there is no implicit type
      promotion.
    * Images are NCHW; convolution filters are FCHW (F output channels).
    * Elementwise binary ops broadcast like NumPy: shapes are aligned at their
      trailing dimension, a missing leading dimension counts as 1, and two
      aligned sizes must be equal or one of them 1.
    * Losses are means over the batch and return a rank-0 tensor.

    Function arguments that are trainable parameters carry the unit argument
    attribute `dlc.param`; weights that the step reads but does not train
    (pre-trained weights under adapter fine-tuning) carry `dlc.frozen`;
    optimizer state (AdamW's moments) carries `dlc.optimizer_state`; the other
    arguments are inputs (data, labels). A parameter may carry
    `dlc.init = "zeros"`: it starts at zero (an adapter's up projection), and
    tools that make up arguments (`dlc-run`) honour it. A training step that
    updates its parameters marks each updated value (and each new moment)
    with `dlc.updates = <argument index>` and the step-number argument with
    `dlc.step`, so that a training loop knows what to feed back. State that
    a layer carries from one step to the next and that is no optimizer's
    (the gradient row norms of a `dlc.sampled_linear`) carries
    `dlc.step_state`, on the argument and on the result that updates it; it
    starts at zero, and the memory report counts it among the inputs.
  }];
  let hasRegionArgAttrVerify = 1;
  let hasRegionResultAttrVerify = 1;
  let hasOperationAttrVerify = 1;
  let extraClassDeclaration = [{
    /// Name of the function attribute holding the size in bytes of the arena
    /// that --dlc-plan-memory placed the function's buffers in. The dialect
    /// verifies the plan whenever it is present.
    static constexpr ::llvm::StringLiteral getArenaSizeAttrName() {
      return ::llvm::StringLiteral("dlc.arena_size");
    }
    /// Name of the function attribute holding the planned buffers' lower
    /// bound: the most bytes of them live at once.
    static constexpr ::llvm::StringLiteral getArenaLowerBoundAttrName() {
      return ::llvm::StringLiteral("dlc.arena_lower_bound");
    }
    /// Name of the attribute numbering each buffer view of a planned arena
    /// (the buffer's id in --dlc-plan-memory's CSV).
    static constexpr ::llvm::StringLiteral getBufferAttrName() {
      return ::llvm::StringLiteral("dlc.buffer");
    }
    /// Name of the unit attribute marking an op that --dlc-remat copied from
    /// the forward pass to recompute a value for the backward pass.
    static constexpr ::llvm::StringLiteral getRecomputedAttrName() {
      return ::llvm::StringLiteral("dlc.recomputed");
    }
    /// Name of the integer attribute marking an op that --dlc-autodiff put
    /// in the backward to rebuild the inputs of a reversible coupling (the
    /// value is the coupling's layer) instead of saving them.
    static constexpr ::llvm::StringLiteral getRebuiltAttrName() {
      return ::llvm::StringLiteral("dlc.rebuilt");
    }
    /// Name of the unit attribute marking a forward op whose results
    /// `--dlc-remat solver=checkpoints` keeps (a layer boundary, as in
    /// per-layer gradient checkpointing); everything else is recomputed.
    static constexpr ::llvm::StringLiteral getCheckpointAttrName() {
      return ::llvm::StringLiteral("dlc.checkpoint");
    }
    /// Name of the unit attribute marking the allocation of the arena.
    static constexpr ::llvm::StringLiteral getArenaAttrName() {
      return ::llvm::StringLiteral("dlc.arena");
    }
    /// Name of the unit argument attribute marking a trainable parameter.
    static constexpr ::llvm::StringLiteral getParamAttrName() {
      return ::llvm::StringLiteral("dlc.param");
    }
    /// Name of the unit argument attribute marking a weight that the step
    /// reads but does not train: no gradient, no optimizer state.
    static constexpr ::llvm::StringLiteral getFrozenAttrName() {
      return ::llvm::StringLiteral("dlc.frozen");
    }
    /// Name of the string argument attribute saying how a parameter starts
    /// (`"zeros"`); without it, a tool picks its default initialisation.
    static constexpr ::llvm::StringLiteral getInitAttrName() {
      return ::llvm::StringLiteral("dlc.init");
    }
    /// Name of the integer result attribute saying which argument a result
    /// is the next value of (an updated parameter or moment): a training
    /// loop feeds the result back there for the next step.
    static constexpr ::llvm::StringLiteral getUpdatesAttrName() {
      return ::llvm::StringLiteral("dlc.updates");
    }
    /// Name of the unit argument attribute marking the step number (1, 2,
    /// ...) of an optimizer that needs it (AdamW's bias correction).
    static constexpr ::llvm::StringLiteral getStepAttrName() {
      return ::llvm::StringLiteral("dlc.step");
    }
    /// Name of the unit argument (and result) attribute marking state that
    /// the step takes and returns and that no optimizer owns (WTA-CRS's
    /// gradient norms).
    static constexpr ::llvm::StringLiteral getStepStateAttrName() {
      return ::llvm::StringLiteral("dlc.step_state");
    }
    /// Name of the unit argument attribute marking optimizer state (the
    /// moments of AdamW), which a training step takes and returns.
    static constexpr ::llvm::StringLiteral getOptimizerStateAttrName() {
      return ::llvm::StringLiteral("dlc.optimizer_state");
    }
  }];
}

// Rejects discardable attributes without a dialect prefix on dlc ops: such a
// name is almost always a misspelt inherent attribute (`{transpose_b}` for
// `{transpose_rhs}`), which MLIR would otherwise keep and ignore.
def Dlc_StrictAttributes : NativeOpTrait<"StrictAttributes"> {
  let cppNamespace = "::mlir::dlc";
}

class Dlc_Op<string mnemonic, list<Trait> traits = []>
    : Op<Dlc_Dialect, mnemonic, !listconcat([Dlc_StrictAttributes], traits)>;

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

defvar Dlc_FloatTypes = [F16, BF16, F32, F64];
defvar Dlc_IntegerTypes = [I32, I64];

def Dlc_FloatTensor : StaticShapeTensorOf<Dlc_FloatTypes>;
def Dlc_IntegerTensor : StaticShapeTensorOf<Dlc_IntegerTypes>;
def Dlc_Tensor : StaticShapeTensorOf<!listconcat(Dlc_FloatTypes,
                                                 Dlc_IntegerTypes)>;
def Dlc_FloatScalar : 0DTensorOf<Dlc_FloatTypes>;

#endif // DLC_DIALECT_DLC_IR_DLCDIALECT_TD
