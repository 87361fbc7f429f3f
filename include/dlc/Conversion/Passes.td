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
    is reported and the pass fails.

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

#endif // DLC_CONVERSION_PASSES_TD
