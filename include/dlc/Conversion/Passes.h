//===- Passes.h - dlc conversion passes -------------------------*- C++ -*-===//
//
// Declares the conversions out of the dlc dialect (Passes.td): today
// dlc-to-linalg, whose patterns DlcToLinalg/DlcToLinalg.h exports, and
// dlc-fuse-widening, which cleans up after its f32 computation of narrow
// tensors.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_CONVERSION_PASSES_H
#define DLC_CONVERSION_PASSES_H

#include "mlir/Pass/Pass.h"

namespace mlir {
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
#include "dlc/Conversion/Passes.h.inc"

} // namespace mlir::dlc

#endif // DLC_CONVERSION_PASSES_H
