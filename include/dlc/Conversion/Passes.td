//===- Passes.td - dlc conversion passes -------------------*- tablegen -*-===//
//
// Conversions out of the dlc dialect: dlc-to-linalg rewrites every dlc op into
// upstream ops on tensors, where the CPU and GPU pipelines begin.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_CONVERSION_PASSES_TD
#define DLC_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def DlcToLinalgPass : Pass<"dlc-to-linalg"> {
  let summary = "Lower dlc ops to linalg, tensor, arith and math on tensors";
  let description = [{
    Rewrites every dlc op into upstream ops on tensors: `linalg` named ops
    where one exists (`linalg.matmul`, `linalg.batch_matmul`,
    `linalg.conv_2d_nchw_fchw`, `linalg.conv_2d_ngchw_gfchw`,
    `linalg.pooling_nchw_max`, `linalg.pooling_nchw_sum`,
    `linalg.transpose`), `linalg.generic` elsewhere, and `tensor` ops for
    data movement. The result contains no dlc op; an op without a lowering
    is reported and the pass fails. A `dlc.coupling` is first written as the
    plain ops it stands for (as `--dlc-inline-couplings` does), so a graph
    that was not differentiated lowers too; `dlc.convert` becomes
    `arith.extf` or `arith.truncf` per element.

    Numerics follow PyTorch: softmax, log-sum-exp and cross-entropy subtract
    the maximum first; layer and batch norm use the biased variance
    `mean((x - mean)²)`; gelu is evaluated with `erf` or with the tanh
    formula as the op says. Ops on `f16` and `bf16` that compute (everything
    but data movement) extend their operands to `f32`, compute in `f32`, and
    round the results back once. Embedding ids and cross-entropy labels are
    clamped into range, so an out-of-range index reads a valid row.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

def DlcFuseWideningPass : Pass<"dlc-fuse-widening"> {
  let summary = "Fuse the f32 widening of f16/bf16 tensors into every reader";
  let description = [{
    dlc-to-linalg computes f16 and bf16 ops in f32: their operands are
    widened by an elementwise `linalg.generic` whose body is one
    `arith.extf`. A tensor that several ops read is widened once and read
    by all of them, and upstream elementwise fusion fuses only producers of
    one use, so such a tensor is bufferized twice: narrow, and as an f32
    copy twice its size (cross-entropy's logits, a residual stream read by
    a norm and an add). This pass fuses every such widening into each
    `linalg.generic` that reads it, and turns a `tensor.extract` of it into
    an extract of the narrow tensor and an `arith.extf`, so that the f32
    copy disappears wherever it has no other reader. The values computed
    are the same (widening is exact); each reader widens the elements it
    loads.

    Where LLVM keeps statistics (a debug or assertions build),
    `--mlir-pass-statistics` shows `widenings-removed` and
    `widened-bytes-removed` (the f32 bytes no longer materialized);
    `utils/arena-inventory.py` measures the bytes in any build.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::tensor::TensorDialect",
  ];
  let statistics = [
    Statistic<"numRemoved", "widenings-removed",
              "f32 copies of narrow tensors no longer materialized">,
    Statistic<"bytesRemoved", "widened-bytes-removed",
              "Bytes of the f32 copies no longer materialized">,
  ];
}

#endif // DLC_CONVERSION_PASSES_TD
