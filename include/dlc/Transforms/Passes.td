//===- Passes.td - dlc graph transformations ---------------*- tablegen -*-===//
//
// Passes that transform dlc graphs on tensors: bottleneck adapters for
// fine-tuning (dlc-adapters), reversible couplings (dlc-reversible,
// dlc-inline-couplings), the training step (dlc-autodiff), the memory
// report, rematerialization under a byte budget (dlc-remat) and the arena
// plan of a bufferized step (dlc-plan-memory).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TRANSFORMS_PASSES_TD
#define DLC_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def DlcAdaptersPass : Pass<"dlc-adapters", "::mlir::ModuleOp"> {
  let summary = "Add bottleneck adapters after a model's layers and freeze "
                "its pre-trained weights";
  let description = [{
    Prepares a loss function for adapter fine-tuning (Houlsby et al., 2019):
    after each layer output (the ops marked `{dlc.checkpoint}`, in schedule
    order; `layers=` picks some), it adds a bottleneck adapter with a
    residual,

        h' = h + up(act(down(h)))

    where `down` is a `dlc.linear` from the layer's width E to `width=`
    features, `act` is `activation=` (gelu or relu) and `up` a `dlc.linear`
    back to E. The four weights are new `dlc.param` arguments, placed after
    the function's last weight argument; `up`'s weight and bias carry
    `dlc.init = "zeros"`, so the adapted model computes exactly the
    pre-trained one until training moves them. The layer's
    `{dlc.checkpoint}` moves to `h'`, and every later reader of `h` reads
    `h'`.

    `freeze=` says which of the existing parameters stop training: `stack`
    (the default) marks `dlc.frozen` every parameter read at or before the
    last layer output (embeddings and layers, including weights tied to a
    later head), so that the adapters and the head train; `all` freezes
    every existing parameter; `none` none. Frozen weights get no gradient
    and no optimizer state from `--dlc-autodiff`.

    Runs on the loss function (`function=`, default: the last function with
    parameters), before `--dlc-autodiff`. Prints one line: the adapters
    added, the trainable and frozen weights and their bytes.
  }];
  let options = [
    Option<"width", "width", "int64_t", /*default=*/"8",
           "Bottleneck width of each adapter (features)">,
    Option<"activation", "activation", "std::string", /*default=*/"\"gelu\"",
           "Nonlinearity between down and up projection: gelu or relu">,
    Option<"freeze", "freeze", "std::string", /*default=*/"\"stack\"",
           "Which existing parameters to freeze: stack, all or none">,
    Option<"layers", "layers", "std::string", /*default=*/"\"\"",
           "Layers to adapt, by index among the {dlc.checkpoint} outputs: "
           "N, or A:B for A <= i < B (default: all)">,
    Option<"function", "function", "std::string", /*default=*/"\"\"",
           "The loss function (default: the last one with parameters)">,
  ];
  let dependentDialects = ["::mlir::dlc::DlcDialect"];
}

def DlcReversiblePass : Pass<"dlc-reversible", "::mlir::ModuleOp"> {
  let summary = "Make a pre-trained layer stack reversible (MEFT) so that the "
                "backward rebuilds its activations instead of saving them";
  let description = [{
    Rewrites the layer stack of a loss function (the ops marked
    `{dlc.checkpoint}` are the layer outputs; `layers=` picks a range) into a
    chain of `dlc.coupling` ops, the reversible couplings of MEFT (Liao, Tan
    and Monz, 2023):

        y1 = lambda * x1 + F(x2)
        y2 = beta   * x2 + G(y1)

    with both streams starting at the stack's input. `--dlc-autodiff` then
    rebuilds each coupling's inputs from its outputs in the backward, so the
    step keeps the top coupling's outputs instead of every layer's
    activations. The variants (`variant=`):

    * 1: F is the pre-trained layer, G a bottleneck adapter; the streams swap
      between layers; lambda = 0.1, beta = 1 unless given; the output is y1.
    * 2: F is an adapter, G the layer; streams swap; lambda = 1, beta = 0.1;
      the output is y2.
    * 3: F is the layer's first block (up to the first point inside it that
      one value crosses and that feeds more than one op: the attention block
      of a transformer layer), G the rest (the MLP block), each followed by
      a residual adapter; no swap; lambda = beta = 0.1; the output is y2.

    Adapters are `up(act(down(h)))` of width `adapter-width=` with the up
    projection at zero, so at initialisation F or G is exactly the
    pre-trained part or zero, and the network differs from the pre-trained
    one only by the lambda (or beta) terms: to first order in them (see
    docs/reversible.md for the bound). The pre-trained weights of the stack
    are frozen (`dlc.frozen`), like `--dlc-adapters freeze=stack`.

    The streams and the couplings' arithmetic are f64 by default
    (`streams=f64`; `dlc.convert` at the regions' borders, the layers keep
    the model's type), because rebuilding divides by lambda and beta at
    every layer and amplifies rounding by about 1/lambda or 1/beta per
    layer: with f64 streams a bf16 model's twelve layers at lambda = 0.1
    rebuild exactly (F and G see the same bf16 inputs), with f32 streams
    the gradients have no correct digit (docs/reversible.md).
    `streams=f32` widens a narrower model to f32 only, `streams=model` keeps
    the model's type. The stack must be a chain of alike layers: each reads only the
    previous layer's output and weights, and only the next layer reads its
    output. Prints one line: the couplings built and the weights.
  }];
  let options = [
    Option<"variant", "variant", "int64_t", /*default=*/"1",
           "MEFT variant: 1 (F = layer, G = adapter), 2 (F = adapter, G = "
           "layer) or 3 (F = attention block, G = MLP block)">,
    Option<"lambda", "lambda", "std::string", /*default=*/"\"\"",
           "Scale of x1 in y1 (default: the variant's, 0.1 or 1)">,
    Option<"beta", "beta", "std::string", /*default=*/"\"\"",
           "Scale of x2 in y2 (default: the variant's, 1 or 0.1)">,
    Option<"adapterWidth", "adapter-width", "int64_t", /*default=*/"8",
           "Bottleneck width of each adapter (features)">,
    Option<"activation", "activation", "std::string", /*default=*/"\"gelu\"",
           "Nonlinearity of the adapters: gelu or relu">,
    Option<"streams", "streams", "std::string", /*default=*/"\"f64\"",
           "Element type of the streams: f64 (the default) or f32 (widen a "
           "narrower model to it) or model">,
    Option<"layers", "layers", "std::string", /*default=*/"\"\"",
           "Layers to make reversible, by index among the {dlc.checkpoint} "
           "outputs: N, or A:B for A <= i < B (default: all)">,
    Option<"function", "function", "std::string", /*default=*/"\"\"",
           "The loss function (default: the last one with parameters)">,
  ];
  let dependentDialects = ["::mlir::dlc::DlcDialect"];
}

def DlcWtaCrsPass : Pass<"dlc-wta-crs", "::mlir::ModuleOp"> {
  let summary = "Estimate linear layers' weight gradients from sampled input "
                "rows (WTA-CRS), so the forward keeps a fraction of each input";
  let description = [{
    Rewrites each `dlc.linear` of the loss function whose weight is a
    trainable (`dlc.param`) argument into a `dlc.sampled_linear`, whose
    backward estimates the weight gradient `sum_i g_i^T x_i` over the n rows
    of its input from k of them (Liu et al., 2023; docs/wta-crs.md), so that
    only those rows are saved. Layers that read the same input (q, k and v)
    share one sample. Per input, with `k = min(n, max(min-rows,
    floor(ratio * n)))` (inputs with k = n are left alone):

        rows   = reshape(stop_gradient(x), [n, in])
        scores = row_norms(rows) * (g + 1e-3 * mean(g) + 1e-30)
        idx, scales, c = wta_crs_sample(scores)    // seed, seed + 1, ...
        kept   = embedding(rows, idx)

    where `g_i = sqrt(sum_l norms_l[i]^2)` over the layers reading x, and
    `norms_l` is a new `[n]` f32 argument per layer marked
    `dlc.step_state`: its output gradient's row norms on the previous step,
    which `--dlc-autodiff` returns as the step's next value of it
    (`dlc.updates`). The floor keeps every row's score positive (a row with
    score 0 would never be drawn and the estimate would lose its term) and,
    with the state at zero on the first step, scores rows by `|x_i|` alone.

    Runs on the loss function (`function=`, default: the last one with
    parameters), before `--dlc-autodiff`. Prints one line: the layers
    sampled and the bytes of their inputs kept for the weight gradients.
  }];
  let options = [
    Option<"ratio", "ratio", "double", /*default=*/"0.3",
           "Fraction of each input's rows kept, in (0, 1]">,
    Option<"minRows", "min-rows", "int64_t", /*default=*/"10",
           "Least rows kept of an input">,
    Option<"seed", "seed", "int64_t", /*default=*/"1",
           "Seed of the first input's sampler (the next inputs' count up)">,
    Option<"function", "function", "std::string", /*default=*/"\"\"",
           "The loss function (default: the last one with parameters)">,
  ];
  let dependentDialects = ["::mlir::dlc::DlcDialect",
                           "::mlir::arith::ArithDialect"];
}

def DlcInlineCouplingsPass : Pass<"dlc-inline-couplings", "::mlir::ModuleOp"> {
  let summary = "Write each dlc.coupling as the plain ops it stands for";
  let description = [{
    Replaces every `dlc.coupling` by its regions' ops and the two
    combinations, in place: F, `y1 = lambda * x1 + F(x2)`, G,
    `y2 = beta * x2 + G(y1)`. The lowering does this first. Run before
    `--dlc-autodiff`, it gives the ordinary backward that saves the
    couplings' activations (the reference the rebuilt gradients are checked
    against; `--dlc-autodiff=rebuild=false` is the same).
  }];
  let dependentDialects = ["::mlir::dlc::DlcDialect"];
}

def DlcAutodiffPass : Pass<"dlc-autodiff", "::mlir::ModuleOp"> {
  let summary = "Build the training step of a loss function by reverse-mode "
                "differentiation";
  let description = [{
    For every function `@f` with parameters (arguments marked `dlc.param`)
    that returns one rank-0 floating-point loss, adds `@f_train`: the same
    arguments, the forward ops of `@f`, then the backward ops, in one block.
    The backward pass visits the forward ops in reverse and asks each for its
    vector-Jacobian product (`DifferentiableOpInterface`); gradients that
    reach a value along several paths are added. Only values that depend on
    a parameter get gradients; integer ids and labels never do. A saved
    activation is thus an SSA value live from its forward definition to its
    last backward use.

    `@f_train` returns the loss, then per parameter, in argument order:
    its gradient (`optimizer=none`), or its updated value
    `p - lr * grad` (`optimizer=sgd`). With `optimizer=adamw` the step also
    takes, after the original arguments, the first moments of every
    parameter, then the second moments (marked `dlc.optimizer_state`), then
    the 1-based step number as a rank-0 tensor (marked `dlc.step`); it
    returns the loss, the updated parameters, then the updated first and
    second moments (results marked `dlc.optimizer_state`). With an optimizer,
    each updated value carries `dlc.updates = <argument index>`, the argument
    it replaces next step (what `dlc-run --steps` feeds back). Arguments
    marked `dlc.frozen` are read but get no gradient, update or moments.
    The update is PyTorch's AdamW:
    `m = b1 m + (1 - b1) g`, `v = b2 v + (1 - b2) g²`,
    `p = p - lr (wd p + (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps))`.

    A `dlc.coupling` (from `--dlc-reversible`) is differentiated without
    saving its activations: visiting it, the backward rebuilds its inputs
    from its outputs (the top coupling's outputs, or the inputs rebuilt by
    the coupling above), `x2 = (y2 - G(y1)) / beta` and
    `x1 = (y1 - F(x2)) / lambda`, recomputing G and F on the way, and
    differentiates the recomputed ops; those ops carry
    `dlc.rebuilt = <layer>`. Dropout in F or G replays its seed. The forward
    couplings are then written as plain ops. `rebuild=false` saves them
    instead (the ordinary backward of the same network).

    A function without parameters is left alone. A function with parameters
    must keep the graph contract (`mlir::dlc::verifyGraphContract`,
    `DlcGraphContract.h`): one block, no op with regions, no calls, ranked
    and statically shaped tensors whose byte sizes fit in int64. Every op
    through which a parameter reaches the loss must be a dlc op with a
    vector-Jacobian product; any other op there (one with regions such as
    `scf.if` or `scf.execute_region`, an `arith` or `tensor` op, a gradient
    op) is an error naming the op and the parameter, never a silently
    missing gradient. Ops that depend on no parameter are constants of the
    gradient, and ops whose results the loss does not read need none; both
    may be any op the contract allows.

    Options are checked before anything is built, whatever the optimizer:
    `lr` and `epsilon` must be finite and > 0, `beta1` and `beta2` in
    [0, 1), `weight-decay` finite and >= 0; a value outside is an error
    naming the option, its value and the range.
  }];
  let options = [
    Option<"rebuild", "rebuild", "bool", /*default=*/"true",
           "Rebuild the inputs of each dlc.coupling from its outputs in the "
           "backward (false: save them, as for any other op)">,
    Option<"optimizer", "optimizer", "std::string", /*default=*/"\"none\"",
           "What the step returns per parameter: none (its gradient), sgd or "
           "adamw (the parameter after one update)">,
    Option<"learningRate", "lr", "double", /*default=*/"0.01",
           "Learning rate of the sgd and adamw updates (finite, > 0)">,
    Option<"beta1", "beta1", "double", /*default=*/"0.9",
           "AdamW decay of the first moment, in [0, 1)">,
    Option<"beta2", "beta2", "double", /*default=*/"0.999",
           "AdamW decay of the second moment, in [0, 1)">,
    Option<"epsilon", "epsilon", "double", /*default=*/"1e-8",
           "AdamW term added to the denominator (finite, > 0)">,
    Option<"weightDecay", "weight-decay", "double", /*default=*/"0.01",
           "AdamW decoupled weight decay (finite, >= 0)">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

def DlcMemoryReportPass : Pass<"dlc-memory-report", "::mlir::ModuleOp"> {
  let summary = "Report the device bytes of a compiled step and its peak "
                "memory by category over its schedule";
  let description = [{
    Changes nothing; prints (to stderr) the memory of one function's step.
    The first line is the step's bytes on the device once compiled,
    `compiled step: N bytes = parameters + optimizer state + inputs +
    outputs + arena`: the dlc-gpu-pipeline's stages up to and including
    --dlc-plan-memory run on a copy of the function, with the pipeline's
    default options, which is what `dlc-compile` writes into an artifact,
    `dlc-exec` allocates and a `--dlc-remat` byte budget bounds.
    `compiled=false` leaves it out; a step the pipeline cannot lower gets a
    warning saying why, and the rest of the report.

    The rest is the graph-level analysis, which says where the bytes are:
    the peak of the values live at once before bufferization and the op
    where it occurs, the bytes of each category alive there (parameters,
    inputs, optimizer state, gradients, saved activations, transient), the
    most bytes of saved activations alive at any point (forward values that
    the backward pass reads), and the ten largest values alive at the
    graph-level peak. The compiled step holds more than the graph's values
    (outputs live for the whole step, products of narrow types sum into f32
    buffers, the arena packs buffers with gaps; docs/memory-planning.md
    lists them). The op order of the block is the schedule; arguments and
    results are live for the whole step. The function is `function=NAME`,
    or else the last function of the module (after `--dlc-autodiff`, the
    training step).

    `json=PATH` writes the report as JSON: `step_bytes` (the compiled step's
    bytes, or null) and `compiled` (the same by kind), `peak_bytes` and
    `peak_op` (the graph-level peak), `activation_bytes`, `breakdown` (bytes
    per category at the graph-level peak), `timeline` (per op: its name and
    live bytes per category) and `top`. `svg=PATH` draws the graph-level
    live bytes per category over the schedule as a stacked area plot.
  }];
  let options = [
    Option<"function", "function", "std::string", /*default=*/"\"\"",
           "Function to report (default: the last one)">,
    Option<"compiled", "compiled", "bool", /*default=*/"true",
           "Also report the compiled step's bytes (the GPU pipeline's plan)">,
    Option<"jsonPath", "json", "std::string", /*default=*/"\"\"",
           "Write the report as JSON to this file">,
    Option<"svgPath", "svg", "std::string", /*default=*/"\"\"",
           "Draw the memory timeline as SVG into this file">,
  ];
}

def DlcPlanMemoryPass : Pass<"dlc-plan-memory", "::mlir::func::FuncOp"> {
  let summary = "Place a bufferized function's buffers in one arena at "
                "offsets chosen at compile time";
  let description = [{
    Runs on bufferized IR (after one-shot bufferization, before the buffer
    deallocation pipeline). Every `memref.alloc` of a static shape in the
    function's block whose uses are all in that block and that is not
    returned (or, with `plan-results`, that is returned) becomes a
    `memref.view` of one arena, a
    `memref.alloc {dlc.arena}` of `i8` at the top of the block, at a constant
    byte offset. A buffer lives from its allocation to the last op (in block
    order, the schedule) that uses it or a view of it; buffers live at the
    same time get disjoint bytes, and buffers that are not share them. A
    returned buffer (`plan-results`) lives from its allocation to the return:
    the GPU pipeline plans a step's results so, since its runtime keeps the
    arena and reads the results out of it; code that frees the arena when the
    function returns (the CPU pipeline's deallocation) must leave this off.

    The offsets come from dlc's planner (`solver=best-fit`, the default, or
    `solver=exact`, which searches for the smallest arena within
    `time-limit` seconds and keeps best fit's plan if it finds none better).
    Offsets are multiples of `alignment` bytes. The function gets
    `dlc.arena_size` (the arena's bytes) and `dlc.arena_lower_bound` (the
    most bytes of planned buffers live at once: no plan can be smaller); the
    dialect verifies the plan whenever `dlc.arena_size` is present, so a plan
    with overlapping live buffers is rejected by any later pass.
    `csv=PATH` writes the planned buffers of the module's last function with
    a body (after `--dlc-autodiff`, the training step) as a dlc-malloc/MiniMalloc CSV
    (`id,lower,upper,size,alignment`) for benchmarking the solvers.

    `--remarks-filter=dlc-plan-memory` prints its counts (`buffers`,
    `arena-bytes`, `bytes-over-lower-bound`) as an analysis remark on each
    function it plans, in any build; `--mlir-pass-statistics` sums them only
    where LLVM keeps statistics (a debug or assertions build).
  }];
  let statistics = [
    Statistic<"numBuffers", "buffers", "Buffers placed in the arena">,
    Statistic<"arenaBytes", "arena-bytes", "Bytes of the arenas planned">,
    Statistic<"bytesOverLowerBound", "bytes-over-lower-bound",
              "Bytes of the arenas above the largest live set">,
  ];
  let options = [
    Option<"solver", "solver", "std::string", /*default=*/"\"best-fit\"",
           "Planner: best-fit or exact">,
    Option<"alignment", "alignment", "int64_t", /*default=*/"256",
           "Byte alignment of every offset (a power of two)">,
    Option<"timeLimit", "time-limit", "double", /*default=*/"10.0",
           "Seconds the exact solver may search">,
    Option<"csvPath", "csv", "std::string", /*default=*/"\"\"",
           "Write the planned buffers as CSV to this file">,
    Option<"planResults", "plan-results", "bool", /*default=*/"false",
           "Also place returned buffers in the arena, live to the return "
           "(the caller then owns the arena past the call)">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect"];
}

def DlcRematPass : Pass<"dlc-remat", "::mlir::ModuleOp"> {
  let summary = "Recompute forward values in the backward pass to fit a "
                "training step under a byte budget";
  let description = [{
    Chooses which forward values of a training step to recompute instead of
    keeping them from the forward pass to their backward reads, and rewrites
    the step: a value that is not kept dies after its last forward read, and
    a copy of its op (marked `dlc.recomputed`), computed from kept values,
    inputs or other copies, is placed right before a backward op that reads
    it; a copy serves the later reads until the next copy. The op order of
    the block is the schedule, as for `--dlc-memory-report`; the forward ops
    are those the loss depends on. Only pure ops without regions are copied.
    Dropout carries its seed, so a copy draws the same mask: the step's
    results are bitwise unchanged.

    `budget=` takes bytes with a unit (`6GiB`, `512MiB`, `100000B`; KB, MB
    and GB are powers of 1000) to bound the device bytes of the compiled
    step, or a fraction in (0, 1] (`0.5`) to bound the saved activations at
    that fraction of the unconstrained step's `activation_bytes` (what the
    memory report prints), as PyTorch's `activation_memory_budget` does.

    A byte budget bounds what the memory report prints as `compiled step`
    and `dlc-compile` and `dlc-exec` as planned bytes: parameters, optimizer
    state, inputs, outputs (gradients, new state) and the arena of the
    dlc-gpu-pipeline's plan (`measure=compiled`, the default). The solvers
    bound the graph-level peak (the values live at once before
    bufferization), which the compiled step exceeds by what bufferization
    and the lowering add; so the pass solves for a graph-level target, plans
    the rewritten step as the pipeline would, and lowers the target by the
    overshoot until the plan fits (at most 12 plans; the summary line says
    how many). A budget that no plan meets is an error naming the least
    compiled bytes found. `measure=graph` bounds the graph-level peak
    instead (what the solvers see; for tools without the pipelines).

    `solver=milp` solves the Checkmate MILP on the fixed schedule with CBC
    for the least estimated recompute time (optimal, or the best plan and its
    lower bound at the time limit; the greedy plan is its start and the
    answer when CBC finds none better in time); `solver=heuristic` is a
    greedy on recompute time per byte freed at the peak; `solver=auto` (the
    default) uses the MILP up to 300 forward ops and the greedy beyond, or
    when the MILP finds no plan in time. MILP models beyond a million
    columns or four million nonzeros (long chains under peak budgets) are
    not built: the MILP reports that it found no plan.

    `time-limit=` bounds the whole solve, whichever solver: the greedy start
    of the MILP takes at most half of it, building the model and CBC the
    rest, and the greedy checks the clock before every plan it evaluates.
    The pass returns within the limit plus the time to build the problem
    and to rewrite and re-analyze the step, linear in the step (a fraction
    of a second on a 3000-op chain). A solver stopped by the limit says so:
    with a plan, the summary line ends in "stopped at the time limit" (and
    the MILP's lower bound is printed); without one, the pass fails with
    "found no plan within the time limit". Recompute time is the roofline estimate of the cost
    model with the device figures given as options (an H100 by default).
    `solver=checkpoints` is per-layer gradient checkpointing written by hand
    in the IR: it keeps the results of the forward ops marked
    `{dlc.checkpoint}` (layer outputs, say) and recomputes every other
    forward value once, before its first backward read; `budget=` is then
    optional and only checked.

    A budget below what recomputation can reach is an error naming the
    smallest budget reachable. The pass prints (as a remark) what it
    recomputed and the estimated overhead; the memory report lists the
    recomputed ops.

    `--remarks-filter=dlc-remat` prints its counts (`recomputed-ops`,
    `peak-bytes-saved`, `activation-bytes-saved`) as an analysis remark on
    each step it rewrites, in any build; `--mlir-pass-statistics` sums them
    only where LLVM keeps statistics (a debug or assertions build).
  }];
  let statistics = [
    Statistic<"numRecomputedOps", "recomputed-ops",
              "Ops recomputed in the backward">,
    Statistic<"peakBytesSaved", "peak-bytes-saved",
              "Bytes by which the peak fell">,
    Statistic<"activationBytesSaved", "activation-bytes-saved",
              "Bytes by which the saved activations fell">,
  ];
  let options = [
    Option<"budget", "budget", "std::string", /*default=*/"\"\"",
           "Bytes of the compiled step with a unit (6GiB), or a fraction of "
           "the saved activations (0.5)">,
    Option<"measure", "measure", "std::string", /*default=*/"\"compiled\"",
           "What a byte budget bounds: compiled (the compiled step's device "
           "bytes) or graph (the graph-level peak)">,
    Option<"solver", "solver", "std::string", /*default=*/"\"auto\"",
           "milp, heuristic, auto, or checkpoints (keep the results of ops marked dlc.checkpoint, recompute the rest)">,
    Option<"timeLimit", "time-limit", "double", /*default=*/"60.0",
           "Seconds the solver may take, in (0, 1e9]">,
    Option<"function", "function", "std::string", /*default=*/"\"\"",
           "The step to rewrite (default: the last function)">,
    Option<"bandwidth", "bandwidth", "double", /*default=*/"3.0e12",
           "Device memory bandwidth of the cost model, bytes/s">,
    Option<"peakF32", "peak-f32", "double", /*default=*/"67.0e12",
           "f32 FLOP/s of the cost model">,
    Option<"peakF16", "peak-f16", "double", /*default=*/"989.0e12",
           "f16 and bf16 FLOP/s of the cost model">,
    Option<"peakF64", "peak-f64", "double", /*default=*/"67.0e12",
           "f64 FLOP/s of the cost model">,
  ];
}

#endif // DLC_TRANSFORMS_PASSES_TD
