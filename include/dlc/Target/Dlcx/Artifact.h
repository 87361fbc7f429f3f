//===- Artifact.h - The .dlcx artifact of a compiled step -------*- C++ -*-===//
//
// A step compiled by the `dlc-gpu-pipeline` is a host function of views and
// `gpu.launch_func` ops plus `gpu.binary` kernels. `writeArtifact` records it
// as a `.dlcx` file that the runtime (runtime/include/dlc_runtime.h) runs
// without LLVM or MLIR: a text manifest (buffers, kernels, launches) followed
// by the binary blobs it names (PTX or cubin modules, constant data). Its
// version and keywords are runtime/include/dlcrt/DlcxFormat.h, shared by
// the writer and the reader; docs/gpu.md describes the format.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TARGET_DLCX_ARTIFACT_H
#define DLC_TARGET_DLCX_ARTIFACT_H

#include "mlir/Support/LLVM.h"

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace mlir {
class ModuleOp;
namespace func {
class FuncOp;
} // namespace func
namespace dlc {

/// Writes the artifact of `func` (a host function of `module` after the GPU
/// pipeline) to `os`. Emits a diagnostic at the op that cannot be recorded
/// (a launch size that is not a constant, a view at an unknown offset, an op
/// left on the host that is neither a view nor a launch) and fails.
LogicalResult writeArtifact(ModuleOp module, func::FuncOp func,
                            StringRef target, llvm::raw_ostream &os);

} // namespace dlc
} // namespace mlir

#endif // DLC_TARGET_DLCX_ARTIFACT_H
