//===- ShapeRules.h - Helpers of the dlc shape rules ------------*- C++ -*-===//
//
// Private to the dlc dialect library: the checks and formatting that the
// shape rules of several op families share (DlcOps.cpp defines them). Each
// check reports at `loc`, when there is one, what is wrong and what would be
// right, and returns failure; builders pass no location and get no message.
//
//===----------------------------------------------------------------------===//

#ifndef LIB_DIALECT_DLC_IR_SHAPERULES_H
#define LIB_DIALECT_DLC_IR_SHAPERULES_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/Value.h"

#include <optional>
#include <string>

namespace mlir::dlc::detail {

/// Formats a shape as `[8, 512, 768]` for diagnostics. Diagnostics copy
/// strings, so the temporary may be streamed directly.
std::string shapeStr(ArrayRef<int64_t> dims);

/// The ranked tensor type of `value`, or null when `value` is null or not a
/// ranked tensor (an adaptor's missing optional operand).
RankedTensorType tensorOf(Value value);

/// Checks that every operand tensor has the element type of the first; a null
/// type (a missing optional operand) is skipped. `names` are the operands'.
LogicalResult verifySameElementType(std::optional<Location> loc,
                                    ArrayRef<RankedTensorType> types,
                                    ArrayRef<StringRef> names);

/// Checks that operand `name` has rank `rank`; `layout` names its dimensions
/// in the message (`NCHW`).
LogicalResult verifyRank(std::optional<Location> loc, RankedTensorType type,
                         StringRef name, int64_t rank, StringRef layout);

/// Checks that attribute `name` holds a [height, width] pair, each value at
/// least `min`.
LogicalResult verifyPair(std::optional<Location> loc, ArrayRef<int64_t> values,
                         StringRef name, int64_t min);

/// Output size of a sliding window along one dimension: 0 when the window
/// does not fit, std::nullopt when the attributes overflow 64 bits.
std::optional<int64_t> windowOutputSize(int64_t in, int64_t kernel,
                                        int64_t stride, int64_t pad,
                                        int64_t dilation);

/// Checks that layer norm's `weight` shape, which names the normalized
/// (trailing) dimensions, is a non-empty suffix of the `input` shape.
LogicalResult verifyNormalizedShape(std::optional<Location> loc,
                                    RankedTensorType input,
                                    RankedTensorType weight);

/// The result type of `dlc.linear` (and `dlc.sampled_linear`) on these
/// operands (`bias` may be null), or a diagnostic.
FailureOr<RankedTensorType> inferLinearResult(std::optional<Location> loc,
                                              RankedTensorType input,
                                              RankedTensorType weight,
                                              RankedTensorType bias);

} // namespace mlir::dlc::detail

#endif // LIB_DIALECT_DLC_IR_SHAPERULES_H
