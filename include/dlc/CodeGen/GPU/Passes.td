//===- Passes.td - dlc GPU code generation passes ----------*- tablegen -*-===//
//
// Passes of the GPU pipeline (dlc-gpu-pipeline, CodeGen/Pipelines) that turn
// bufferized linalg ops into GPU kernels: loop order and mapping, split
// reductions, shared-memory tiled and tensor-core kernels, one gpu.module.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_CODEGEN_GPU_PASSES_TD
#define DLC_CODEGEN_GPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def DlcGPULoopOrderPass : Pass<"dlc-gpu-loop-order", "::mlir::func::FuncOp"> {
  let summary = "Order the loops of linalg ops for the GPU: parallel loops "
                "outermost";
  let description = [{
    Rewrites every linalg op with a reduction loop outside one of its
    parallel loops (a gradient summed over the batch, a batch-norm statistic,
    a pooling gradient) as a `linalg.generic` whose parallel loops come first,
    each group in its original order. `convert-linalg-to-parallel-loops` then
    yields a top-level `scf.parallel` over all the parallel loops, which
    `dlc-gpu-map-loops` maps to one thread per output element, instead of a
    sequential loop that would run in a single thread. Each output element is
    still the same sum, accumulated in the same order.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def DlcGPUSplitReductionsPass
    : Pass<"dlc-gpu-split-reductions", "::mlir::func::FuncOp"> {
  let summary = "Split reductions with few outputs into partial results and "
                "a combination, so that they fill the GPU";
  let description = [{
    Runs on linalg ops on tensors, before bufferization. A `linalg.generic`
    with one result, adjacent reduction loops (collapsed into one first) and
    fewer outputs than `threads` has its reduction of length n split into s
    interleaved parts (part p takes elements p, p + s, ...), s the smallest
    divisor of n that gives outputs x s >= `threads` with at least 8 elements
    a part: one op computes the s partial results of every output (outputs x
    s parallel iterations), a second combines them (`linalg::splitReduction`
    with an inner parallel dimension). The partial results are a tensor like
    any other, so the memory planner places them in the arena.

    A named product (`linalg.matmul` with any maps, `linalg.batch_matmul`,
    any contraction) with fewer outputs than `threads` and a reduction of at
    least 1024 is generalized and split the same way, so that the products
    passes never see it. When its largest input is read across the
    reduction (a transposed product, as a weight gradient is) the reduction
    loop is moved first, so that neighbouring threads take neighbouring
    outputs; read along it, neighbouring parts. On the H200 a BERT-base
    adapter step's weight gradients (768 x 8 sums of 4096 products, one
    thread each) took 2.2 ms a layer; split, the step went from 53.5 to
    29.1 ms.

    On the BERT layer: bias and layer-norm parameter gradients (768 sums of
    4096 rows) and row statistics (4096 sums of 768) ran in 3 to 16 blocks.
    Sums are reassociated: results agree with the CPU path to rounding.

    `--remarks-filter=dlc-gpu-split-reductions` prints its counts
    (`split-reductions`) as an analysis remark on each function it changes,
    in any build; `--mlir-pass-statistics` sums them only where LLVM keeps
    statistics (a debug or assertions build).
  }];
  let options = [
    Option<"threads", "threads", "int64_t", /*default=*/"131072",
           "Parallel iterations to aim for (outputs x parts)">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::tensor::TensorDialect"
  ];
  let statistics = [
    Statistic<"numSplit", "split-reductions",
              "Reductions split into partial results and a combination">,
  ];
}

def DlcGPUTensorCoreMatmulPass
    : Pass<"dlc-gpu-tensor-core-matmul", "::mlir::func::FuncOp"> {
  let summary = "Compute f16/bf16 matrix products with tiled tensor-core "
                "kernels";
  let description = [{
    Runs on a bufferized step, before the loop mapping (in the GPU pipeline,
    before the arena is planned). Each `linalg.matmul`
    or `linalg.batch_matmul` (default maps, or a batch sharing its lhs) with
    f16 or bf16 operands, an f32 accumulator,
    row-major operands whose rows start 16 bytes apart, M and N multiples of
    64 and K a multiple of 32 becomes one `gpu.launch`:

    - a block of 8 warps computes a 128x128 tile (64 where M or N is not a
      multiple of 128; 128x256 with `wide` when the product has at least
      two waves of such tiles on 132 multiprocessors), the batch index on
      the grid's z axis;
    - K advances in slices of `slice-k` (64 by default, 32 where K is not a
      multiple of 64), copied to shared memory with 16-byte
      `cp.async` (`nvgpu.device_async_copy`), `stages` slices in flight in
      the launch's dynamic shared memory (`gpu.dynamic_shared_memory`; the
      runtime opts kernels into more than 48 KiB);
      chunks are stored XOR-swizzled so that `ldmatrix` reads are free of
      bank conflicts;
    - fragments are read with `nvgpu.ldmatrix` (transposed for B) and
      multiplied with `nvvm.mma.sync` m16n8k16 into f32 registers;
    - the epilogue adds the accumulators to the output, or stores them when
      a zero fill just preceded the op (the fill is removed).

    Sums are f32 as on the CPU path, in another order: results agree to f32
    rounding. Other products are left to `convert-linalg-to-parallel-loops`.

    Fused epilogue: when the output is an accumulator that only a zero fill
    before the op and one later elementwise `linalg.generic` use (read
    through the same identity map as that op writes its one output,
    with arithmetic only in its body, and nothing with memory effects in
    between), the kernel applies the elementwise op to each sum and stores
    its result into the elementwise op's output; the accumulator, its fill
    and the elementwise op are erased. The GPU pipeline runs this pass
    before `--dlc-plan-memory`, so the accumulator is never planned.

    `--remarks-filter=dlc-gpu-tensor-core-matmul` prints its counts
    (`tensor-core-matmul-kernels`) as an analysis remark on each function it
    changes, in any build; `--mlir-pass-statistics` sums them only where
    LLVM keeps statistics (a debug or assertions build).
  }];
  let options = [
    Option<"stages", "stages", "int64_t", /*default=*/"3",
           "K slices in flight in shared memory (at least 2; the rings must "
           "fit in 227 KiB)">,
    Option<"sliceK", "slice-k", "int64_t", /*default=*/"64",
           "K elements per shared-memory slice: 32 or 64 (products whose K "
           "is not a multiple of 64 take 32)">,
    Option<"wide", "wide", "bool", /*default=*/"true",
           "128x256 block tiles for products with at least two waves of "
           "them">,
    Option<"fuseEpilogue", "fuse-epilogue", "bool", /*default=*/"true",
           "Apply the output's one elementwise reader in the epilogue (see "
           "above)">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::gpu::GPUDialect",
    "::mlir::LLVM::LLVMDialect", "::mlir::memref::MemRefDialect",
    "::mlir::NVVM::NVVMDialect", "::mlir::nvgpu::NVGPUDialect",
    "::mlir::scf::SCFDialect", "::mlir::vector::VectorDialect"
  ];
  let statistics = [
    Statistic<"numKernels", "tensor-core-matmul-kernels",
              "Products turned into tensor-core matmul kernels">,
  ];
}

def DlcGPUTensorCoreContractionsPass
    : Pass<"dlc-gpu-tensor-core-contractions", "::mlir::func::FuncOp"> {
  let summary = "Compute f16/bf16 convolutions and other gathered products "
                "on tensor cores";
  let description = [{
    Runs on a bufferized step, after `--dlc-gpu-tensor-core-matmul` and
    before `--dlc-gpu-tile-contractions`. Takes the linalg ops that
    `--dlc-gpu-tile-contractions` would (a batch of X x K by K x Y products,
    whatever the indexing maps) whose body adds the f32 product of its two
    f16 or bf16 inputs to an f32 or f64 output, whose maps are sums of loops
    times constants (convolutions, their input and weight gradients,
    products with transposed operands), with X and Y of at least 16 and K a
    multiple of 32. Each becomes one `gpu.launch` (an implicit GEMM):

    - a block of 8 warps computes a 128x128 tile of (X, Y) (64 along a side
      that 64 divides and 128 does not; 64 rows, then 64 columns, when
      larger tiles would not give every multiprocessor a block), the batch
      on the grid's z axis;
    - at its start the block tabulates, for each K position, both operands'
      element offsets in shared memory;
    - K advances in slices of 64 (32 where 64 does not divide K): each
      thread gathers rows of 8 elements (side offset + table entry) into
      registers while the tensor cores (`ldmatrix`, `mma.sync` m16n8k16, f32
      accumulators) multiply the previous slice, then stores them into the
      other of two swizzled shared-memory buffers;
    - the epilogue adds the sums to the output (widened to f64 for an f64
      output), or stores them when a zero fill just preceded the op (the
      fill is removed).

    Sums are f32 in another order than the op's: results agree with the CPU
    path to f32 rounding. Shared memory above 48 KiB is opted into by the
    runtime.

    Fused epilogue: when the output is an accumulator that only a zero fill
    before the op and one later elementwise `linalg.generic` use (read
    through the same identity map as that op writes its one output,
    with arithmetic only in its body, and nothing with memory effects in
    between), the kernel applies the elementwise op to each sum and stores
    its result into the elementwise op's output; the accumulator, its fill
    and the elementwise op are erased. The GPU pipeline runs this pass
    before `--dlc-plan-memory`, so the accumulator is never planned.

    `--remarks-filter=dlc-gpu-tensor-core-contractions` prints its counts
    (`tensor-core-contraction-kernels`) as an analysis remark on each
    function it changes, in any build; `--mlir-pass-statistics` sums them
    only where LLVM keeps statistics (a debug or assertions build).
  }];
  let options = [
    Option<"fuseEpilogue", "fuse-epilogue", "bool", /*default=*/"true",
           "Apply the output's one elementwise reader in the epilogue (see "
           "above)">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::gpu::GPUDialect",
    "::mlir::LLVM::LLVMDialect", "::mlir::memref::MemRefDialect",
    "::mlir::NVVM::NVVMDialect", "::mlir::nvgpu::NVGPUDialect",
    "::mlir::scf::SCFDialect", "::mlir::vector::VectorDialect"
  ];
  let statistics = [
    Statistic<"numKernels", "tensor-core-contraction-kernels",
              "Contractions turned into tensor-core implicit-GEMM kernels">,
  ];
}

def DlcGPUTileContractionsPass
    : Pass<"dlc-gpu-tile-contractions", "::mlir::func::FuncOp"> {
  let summary = "Run products and convolutions as shared-memory tiled "
                "kernels";
  let description = [{
    Runs on a bufferized step, after `--dlc-gpu-tensor-core-matmul` and
    before the loop mapping. Each linalg op with two inputs, one output, at
    least one reduction loop and no `linalg.index`, whose output map holds
    every parallel loop once, is a batch of products: the parallel loops
    only the first input reads form X, those only the second reads form Y,
    the others a batch; the reduction loops, in order, form K. When X and Y
    both span at least 16 it becomes one `gpu.launch`:

    - 16x16 threads compute a tile of up to 128x128 (X, Y) output elements,
      each thread up to 8x8 elements 16 apart; smaller micro-tiles for short
      sides or when the grid would not fill the GPU twice;
    - K advances in slices of 8; the block gathers each slice of both
      inputs into shared memory through their indexing maps (so a
      convolution's windowed reads need no im2col buffer), loading the next
      slice into registers while it multiplies the current one;
    - every output element starts from the output's value and applies the
      op's body once per K position, in order: the same result as the op.

    Fused epilogue: when the output is an accumulator that only a fill of a
    constant before the op and one later elementwise `linalg.generic` use
    (read through the same identity map as that op writes its one output,
    with arithmetic only in its body, and nothing with memory effects in
    between), the sums start from the fill's value and the kernel applies
    the elementwise op to each sum and stores its result into the
    elementwise op's output; the accumulator, its fill and the elementwise
    op are erased. The GPU pipeline runs this pass
    before `--dlc-plan-memory`, so the accumulator is never planned.

    Matrix products, batched products, convolutions and their gradients in
    any element type take this path; the rest is left to
    `convert-linalg-to-parallel-loops`.

    `--remarks-filter=dlc-gpu-tile-contractions` prints its counts
    (`tiled-contraction-kernels`) as an analysis remark on each function it
    changes, in any build; `--mlir-pass-statistics` sums them only where
    LLVM keeps statistics (a debug or assertions build).
  }];
  let options = [
    Option<"fuseEpilogue", "fuse-epilogue", "bool", /*default=*/"true",
           "Apply the output's one elementwise reader in the epilogue (see "
           "above)">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::gpu::GPUDialect",
    "::mlir::memref::MemRefDialect", "::mlir::scf::SCFDialect"
  ];
  let statistics = [
    Statistic<"numKernels", "tiled-contraction-kernels",
              "Contractions turned into shared-memory tiled kernels">,
  ];
}

def DlcGPUMapLoopsPass : Pass<"dlc-gpu-map-loops", "::mlir::func::FuncOp"> {
  let summary = "Turn the top-level loop nests of a bufferized step into "
                "GPU launches";
  let description = [{
    Runs after `convert-linalg-to-parallel-loops` on a bufferized step whose
    body is one block. Each top-level `scf.parallel` of static bounds becomes
    a `gpu.launch` of a 1-D grid with one thread per iteration: the
    iteration space is flattened row-major (the innermost dimension varies
    fastest across neighbouring threads, so their accesses coalesce) and a
    guard drops the threads past the end. A top-level `memref.copy` becomes a
    launch with one thread per element. A loop of at least
    `iterations-per-thread` x 2^20 iterations that divide into blocks of
    that many times `block-size` gives each thread that many iterations, a
    block-size apart (so each round stays coalesced), with every
    iteration's loads and the arithmetic before its first write issued
    before any write: parallel iterations do not read each other's writes,
    so the loads of all of them can be in flight at once. Any other op that
    touches memory (a sequential loop left by a reduction, say) runs alone
    in a launch of one thread. Allocations, views, global constants and ops without memory
    effects stay on the host, where `gpu-kernel-outlining` turns what the
    launches capture into kernel arguments.

    `--remarks-filter=dlc-gpu-map-loops` prints its counts (`loop-kernels`,
    `copy-kernels`, `serial-kernels`) as an analysis remark on each function
    it maps, in any build; `--mlir-pass-statistics` sums them only where
    LLVM keeps statistics (a debug or assertions build).
  }];
  let options = [
    Option<"blockSize", "block-size", "int64_t", /*default=*/"256",
           "Threads per block of the launches made from parallel loops">,
    Option<"iterationsPerThread", "iterations-per-thread", "int64_t",
           /*default=*/"4",
           "Iterations a thread runs of a large parallel loop (1: one each)">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::gpu::GPUDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect",
  ];
  let statistics = [
    Statistic<"numLoopKernels", "loop-kernels",
              "Parallel loop nests launched a thread per iteration">,
    Statistic<"numCopyKernels", "copy-kernels",
              "Copies launched a thread per element">,
    Statistic<"numSerialKernels", "serial-kernels",
              "Groups of other ops launched in one thread">,
  ];
}

def DlcGPUMergeModulesPass : Pass<"dlc-gpu-merge-modules", "::mlir::ModuleOp"> {
  let summary = "Put every outlined kernel into one gpu.module";
  let description = [{
    `gpu-kernel-outlining` makes one `gpu.module` per launch, each a binary
    that the runtime loads as a module of its own (238 for the BERT layer's
    step). This pass moves the kernels of all the modules into one,
    `@dlc_kernels` (a kernel whose name is taken gets its module's name),
    and points every `gpu.launch_func` at it, so that the artifact holds one
    module and the runtime loads it once. Modules that hold anything but
    kernels are an error.
  }];
  let dependentDialects = ["::mlir::gpu::GPUDialect"];
}

#endif // DLC_CODEGEN_GPU_PASSES_TD
