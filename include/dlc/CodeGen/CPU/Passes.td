//===- Passes.td - dlc CPU code generation passes ----------*- tablegen -*-===//
//
// Passes of the CPU pipeline (dlc-cpu-pipeline, CodeGen/Pipelines): the loop
// order of products for the CPU, and the removal of the argument marks that
// the LLVM IR translation does not know.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_CODEGEN_CPU_PASSES_TD
#define DLC_CODEGEN_CPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def DlcCPULoopOrderPass : Pass<"dlc-cpu-loop-order"> {
  let summary = "Order matrix-product loops for the CPU: reduction outside "
                "the innermost loop";
  let description = [{
    Rewrites `linalg.matmul` and `linalg.batch_matmul` as `linalg.generic`
    with the reduction loop moved out of the innermost position, so that the
    loops made by `convert-linalg-to-loops` walk the output and the right
    operand contiguously (`i, k, j` order) and LLVM can vectorize the inner
    loop. Every output element is still the same sum, accumulated in the same
    order of k. (Convolution keeps the named op's loop order, which measured
    faster on the examples than the reorders tried.)
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def DlcDropArgumentMarksPass : Pass<"dlc-drop-argument-marks"> {
  let summary = "Remove the dlc argument marks and bufferize.result from function arguments";
  let description = [{
    Removes the argument and result attributes that mark parameters
    (`dlc.param`, `dlc.frozen`, `dlc.init`), optimizer state
    (`dlc.optimizer_state`, `dlc.step`), updated values (`dlc.updates`) and
    out-parameters (`bufferize.result`) from every function-like op. They
    carry meaning up to memory planning, but the LLVM IR translation does not
    know them, so the CPU pipeline drops them before converting to LLVM.
    It also removes a function's arena plan figures (`dlc.arena_size`,
    `dlc.arena_lower_bound`): the plan was verified while its buffers were
    views of the arena, and lowering rewrites those views.
  }];
}

#endif // DLC_CODEGEN_CPU_PASSES_TD
