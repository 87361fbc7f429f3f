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
class ModuleOp;
class OpPassManager;
namespace arith {
class ArithDialect;
} // namespace arith
namespace linalg {
class LinalgDialect;
} // namespace linalg
namespace LLVM {
class LLVMDialect;
} // namespace LLVM
namespace NVVM {
class NVVMDialect;
} // namespace NVVM
namespace nvgpu {
class NVGPUDialect;
} // namespace nvgpu
namespace func {
class FuncOp;
} // namespace func
namespace gpu {
class GPUDialect;
} // namespace gpu
namespace math {
class MathDialect;
} // namespace math
namespace memref {
class MemRefDialect;
} // namespace memref
namespace scf {
class SCFDialect;
} // namespace scf
namespace tensor {
class TensorDialect;
} // namespace tensor
namespace vector {
class VectorDialect;
} // namespace vector
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

/// Options of the `dlc-gpu-pipeline`.
struct GPUPipelineOptions : public PassPipelineOptions<GPUPipelineOptions> {
  Option<std::string> planMemory{
      *this, "plan-memory",
      llvm::cl::desc("Place intermediate buffers in one arena with "
                     "--dlc-plan-memory: best-fit (default), exact, or none"),
      llvm::cl::init("best-fit")};
  Option<std::string> chip{*this, "chip",
                           llvm::cl::desc("GPU architecture (sm_90)"),
                           llvm::cl::init("sm_90")};
  Option<std::string> format{
      *this, "format",
      llvm::cl::desc("What gpu-module-to-binary makes of the kernels: isa "
                     "(PTX text, the default; needs no CUDA toolkit), bin "
                     "(cubin; runs ptxas), fatbin, or none (stop before it: "
                     "the kernels stay gpu.module ops in the NVVM dialect)"),
      llvm::cl::init("isa")};
  Option<std::string> libdevice{
      *this, "libdevice",
      llvm::cl::desc("Path of libdevice.10.bc for math functions (default: "
                     "found under $CUDA_HOME or /usr/local/cuda)"),
      llvm::cl::init("")};
  Option<std::string> toolkit{
      *this, "toolkit",
      llvm::cl::desc("CUDA toolkit path for ptxas (default: $CUDA_HOME or "
                     "/usr/local/cuda)"),
      llvm::cl::init("")};
  Option<int64_t> blockSize{
      *this, "block-size",
      llvm::cl::desc("Threads per block of elementwise and loop kernels"),
      llvm::cl::init(256)};
  Option<bool> tensorCores{
      *this, "tensor-cores",
      llvm::cl::desc("Compute f16/bf16 matrix products, convolutions and "
                     "other products with tiled tensor-core kernels "
                     "(--dlc-gpu-tensor-core-matmul, "
                     "--dlc-gpu-tensor-core-contractions)"),
      llvm::cl::init(true)};
  Option<bool> tileContractions{
      *this, "tile-contractions",
      llvm::cl::desc("Run the other products and convolutions as "
                     "shared-memory tiled kernels "
                     "(--dlc-gpu-tile-contractions)"),
      llvm::cl::init(true)};
  Option<int64_t> splitReductions{
      *this, "split-reductions",
      llvm::cl::desc("Split reductions with fewer outputs than this into "
                     "partial results and a combination "
                     "(--dlc-gpu-split-reductions; 0: off)"),
      llvm::cl::init(131072)};
  Option<int64_t> stages{
      *this, "stages",
      llvm::cl::desc("K slices in flight in the tensor-core kernels"),
      llvm::cl::init(3)};
  Option<int64_t> sliceK{
      *this, "slice-k",
      llvm::cl::desc("K elements per shared-memory slice in the tensor-core "
                     "kernels (32 or 64)"),
      llvm::cl::init(64)};
  Option<bool> wideTiles{
      *this, "wide-tiles",
      llvm::cl::desc("128x256 block tiles in the tensor-core kernels for "
                     "products with at least two waves of them"),
      llvm::cl::init(true)};
};

/// Builds the GPU pipeline: the CPU pipeline's tensor and bufferization
/// stages (one planned arena), then the top-level loop nests as GPU
/// launches, outlined into a gpu.module, lowered to NVVM with bare-pointer
/// kernel arguments and compiled by LLVM's NVPTX back end
/// (`gpu-module-to-binary`). The host function stays at the memref level:
/// the arena, the views, and `gpu.launch_func` ops in order, which is what
/// the AOT artifact records.
void buildGPUPipeline(OpPassManager &pm,
                      const GPUPipelineOptions &options = {});

/// Keeps `func` as the only function of `module` and runs the GPU pipeline
/// on it: what dlc-compile and `dlc-run --device=cuda` do before writing the
/// artifact.
LogicalResult lowerStepForGPU(ModuleOp module, func::FuncOp func,
                              const GPUPipelineOptions &options);

/// Where libdevice.10.bc is found for `options` ("" when it is not).
std::string findLibdevice(const GPUPipelineOptions &options);

/// Registers the dlc code generation passes and the `dlc-cpu-pipeline`.
void registerCodeGenPasses();

} // namespace mlir::dlc

#endif // DLC_CODEGEN_PASSES_H
