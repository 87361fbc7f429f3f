//===- Passes.h - dlc CPU code generation passes ----------------*- C++ -*-===//
//
// Declares the passes of the CPU pipeline (Passes.td).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_CODEGEN_CPU_PASSES_H
#define DLC_CODEGEN_CPU_PASSES_H

#include "mlir/Pass/Pass.h"

namespace mlir {
namespace linalg {
class LinalgDialect;
} // namespace linalg
} // namespace mlir

namespace mlir::dlc {

#define GEN_PASS_DECL
#define GEN_PASS_REGISTRATION
#include "dlc/CodeGen/CPU/Passes.h.inc"

} // namespace mlir::dlc

#endif // DLC_CODEGEN_CPU_PASSES_H
