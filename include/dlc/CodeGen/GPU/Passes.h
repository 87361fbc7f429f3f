//===- Passes.h - dlc GPU code generation passes ----------------*- C++ -*-===//
//
// Declares the passes of the GPU pipeline that make kernels out of bufferized
// linalg ops (Passes.td).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_CODEGEN_GPU_PASSES_H
#define DLC_CODEGEN_GPU_PASSES_H

#include "mlir/Pass/Pass.h"

namespace mlir {
namespace arith {
class ArithDialect;
} // namespace arith
namespace func {
class FuncOp;
} // namespace func
namespace gpu {
class GPUDialect;
} // namespace gpu
namespace linalg {
class LinalgDialect;
} // namespace linalg
namespace math {
class MathDialect;
} // namespace math
namespace memref {
class MemRefDialect;
} // namespace memref
namespace NVVM {
class NVVMDialect;
} // namespace NVVM
namespace nvgpu {
class NVGPUDialect;
} // namespace nvgpu
namespace scf {
class SCFDialect;
} // namespace scf
namespace tensor {
class TensorDialect;
} // namespace tensor
namespace vector {
class VectorDialect;
} // namespace vector
namespace LLVM {
class LLVMDialect;
} // namespace LLVM
} // namespace mlir

namespace mlir::dlc {

#define GEN_PASS_DECL
#define GEN_PASS_REGISTRATION
#include "dlc/CodeGen/GPU/Passes.h.inc"

} // namespace mlir::dlc

#endif // DLC_CODEGEN_GPU_PASSES_H
