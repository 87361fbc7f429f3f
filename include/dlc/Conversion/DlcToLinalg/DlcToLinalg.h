//===- DlcToLinalg.h - Patterns lowering dlc ops to linalg ------*- C++ -*-===//
//
// The patterns of the dlc-to-linalg conversion, exported so that a pass other
// than dlc-to-linalg (one that lowers dlc ops as a step of its own, or mixes
// them with patterns of its own) applies exactly the lowering the pass does.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_CONVERSION_DLCTOLINALG_DLCTOLINALG_H
#define DLC_CONVERSION_DLCTOLINALG_DLCTOLINALG_H

namespace mlir {
class RewritePatternSet;

namespace dlc {

/// Adds the patterns that dlc-to-linalg applies: one lowering per dlc op into
/// linalg, tensor, arith, math and scf ops on static tensors, and the pattern
/// (at a higher benefit) that first rewrites a computing op on f16 or bf16
/// into the same op on f32 between conversions, so the lowerings compute in
/// f32 and round once. They are dialect-conversion patterns: apply them with
/// `applyPartialConversion` or `applyFullConversion` and a target on which the
/// dlc dialect is illegal and those five dialects are legal, as the pass does.
void populateDlcToLinalgPatterns(RewritePatternSet &patterns);

} // namespace dlc
} // namespace mlir

#endif // DLC_CONVERSION_DLCTOLINALG_DLCTOLINALG_H
