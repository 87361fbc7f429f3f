//===- Passes.h - dlc code generation passes --------------------*- C++ -*-===//
//
// Declares the code generation passes (Passes.td) and the named pipelines
// built from them.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_CODEGEN_PASSES_H
#define DLC_CODEGEN_PASSES_H

#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassOptions.h"

namespace mlir {
class OpPassManager;
namespace arith {
class ArithDialect;
} // namespace arith
namespace linalg {
class LinalgDialect;
} // namespace linalg
namespace math {
class MathDialect;
} // namespace math
namespace scf {
class SCFDialect;
} // namespace scf
namespace tensor {
class TensorDialect;
} // namespace tensor
} // namespace mlir

namespace mlir::dlc {

#define GEN_PASS_DECL
#define GEN_PASS_REGISTRATION
#include "dlc/CodeGen/Passes.h.inc"

/// Options of the `dlc-cpu-pipeline`.
struct CPUPipelineOptions : public PassPipelineOptions<CPUPipelineOptions> {
  Option<std::string> planMemory{
      *this, "plan-memory",
      llvm::cl::desc("Place intermediate buffers in one arena with "
                     "--dlc-plan-memory: best-fit (default), exact, or none "
                     "(one allocation per buffer)"),
      llvm::cl::init("best-fit")};
};

/// Builds the CPU pipeline: dlc on tensors to the LLVM dialect, with
/// one-shot bufferization, results returned through out-parameters, the
/// intermediate buffers planned into one arena, and loops. The result can be
/// JIT-compiled by MLIR's ExecutionEngine.
void buildCPUPipeline(OpPassManager &pm,
                      const CPUPipelineOptions &options = {});

/// Registers the dlc code generation passes and the `dlc-cpu-pipeline`.
void registerCodeGenPasses();

} // namespace mlir::dlc

#endif // DLC_CODEGEN_PASSES_H
