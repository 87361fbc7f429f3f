//===- PatternDlcToLinalg.h - Shared by the family files --------*- C++ -*-===//
//
// Private to lib/Conversion/DlcToLinalg. The lowering of the dlc ops is split
// by op family, one .cpp each, and this header is what those files share: the
// `Emitter` builder (Emitter.cpp) with the few free helpers more than one
// family uses, the `LowerOp` pattern that turns a family's `lower` overloads
// into conversion patterns, and one populate function per family file, which
// DlcToLinalg.cpp calls. A helper that only one family uses stays static in
// that family's file. All of it lives in mlir::dlc::to_linalg, away from the
// dialect's helpers in mlir::dlc::detail; the public entry point is
// populateDlcToLinalgPatterns (dlc/Conversion/DlcToLinalg/DlcToLinalg.h).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_LIB_CONVERSION_DLCTOLINALG_PATTERNDLCTOLINALG_H
#define DLC_LIB_CONVERSION_DLCTOLINALG_PATTERNDLCTOLINALG_H

#include "dlc/Dialect/Dlc/IR/DlcOps.h"

#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/Transforms/DialectConversion.h"

#include <utility>

namespace mlir::dlc::to_linalg {

//===----------------------------------------------------------------------===//
// Building blocks (Emitter.cpp)
//===----------------------------------------------------------------------===//

/// A builder with the helpers the lowerings share. All tensors are static.
class Emitter : public ImplicitLocOpBuilder {
public:
  using ImplicitLocOpBuilder::ImplicitLocOpBuilder;

  static RankedTensorType typeOf(Value v) {
    return cast<RankedTensorType>(v.getType());
  }

  Value constant(Type type, double value);

  /// A tensor of `shape` filled with `value`.
  Value full(ArrayRef<int64_t> shape, Type elementType, double value);

  /// The map from a `rank`-d loop nest to the loops not in `dropped`.
  AffineMap dropDims(unsigned rank, ArrayRef<int64_t> dropped);

  /// The NumPy broadcasting map of an operand of `shape` into `result`.
  AffineMap broadcastMap(ArrayRef<int64_t> shape, ArrayRef<int64_t> result);

  using BodyFn = function_ref<Value(Emitter &, ValueRange)>;

  /// An elementwise linalg.generic over the shape of `resultType`; each
  /// input is read through its map (identity when `maps` is empty).
  Value map(RankedTensorType resultType, ValueRange inputs,
            ArrayRef<AffineMap> maps, BodyFn body);

  /// `map` over one input with the input's type.
  Value map(Value input, BodyFn body);

  /// Reduces `input` over `axes` (removing them) with `combine`, starting
  /// from `identity`. With `widen`, f32 elements accumulate in f64.
  Value reduce(Value input, ArrayRef<int64_t> axes, double identity,
               function_ref<Value(Emitter &, Value, Value)> combine,
               bool widen = false);

  /// The sum over `axes`, accumulated in f64 for f32 (`reduce`'s `widen`).
  Value reduceSum(Value input, ArrayRef<int64_t> axes);

  Value reduceMax(Value input, ArrayRef<int64_t> axes);

  /// Combines `full` with `reduced`, a reduction of it over `axes`, element
  /// by element: `body(full[i], reduced[i without axes])`.
  Value withReduced(Value full, Value reduced, ArrayRef<int64_t> axes,
                    BodyFn body);

  /// Multiplies every element by `factor`.
  Value scale(Value input, double factor);

  /// Converts the element type (float to float) elementwise.
  Value convertElements(Value input, Type elementType);

  /// `convertElements` unless `input` already has `elementType`.
  Value convertTo(Value input, Type elementType);

  Value reshape(Value input, ArrayRef<int64_t> shape);

  Value transpose(Value input, ArrayRef<int64_t> perm);

  /// Pads the two innermost dimensions by `pad` on both sides with `value`.
  Value padSpatial(Value input, ArrayRef<int64_t> pad, double value);

  /// SplitMix64's output function at position `index + 1` of the stream
  /// that starts at `seed` (both i64): the random bits of dlc.dropout's mask
  /// and of dlc.wta_crs_sample's draws.
  Value hash64(Value seed, Value index);

  /// The row-major linear index of the current element of a generic, as i64.
  Value linearIndex(ArrayRef<int64_t> shape);

  /// Clamps an integer id into [0, bound) and makes it an index.
  Value clampIndex(Value id, int64_t bound);
};

/// Element counts of the dims of `type` listed in `axes`.
int64_t countOf(RankedTensorType type, ArrayRef<int64_t> axes);

/// A linalg.generic over `loops` loops that accumulates `body` into `init`
/// (read and written through `outMap`); the first `parallel` loops are
/// parallel, the rest reductions. With `widen`, f32 sums accumulate in f64
/// as in Emitter::reduce (for sums over a whole batch).
Value accumulate(Emitter &e, Value init, ValueRange inputs,
                 ArrayRef<AffineMap> inputMaps, AffineMap outMap,
                 unsigned parallel, unsigned loops,
                 function_ref<Value(Emitter &, ValueRange)> body,
                 bool widen = true);

/// For an input position `num` = position - tap offset along one axis of a
/// windowed op: whether it is the start of an output window (`num / stride`
/// exact and within `extent` outputs), and that window's index clamped into
/// [0, extent) so that reads stay in bounds when it is not.
std::pair<Value, Value> windowOrigin(Emitter &b, Value num, int64_t stride,
                                     int64_t extent);

//===----------------------------------------------------------------------===//
// Helpers a family exports to the gradients of its ops
//===----------------------------------------------------------------------===//

/// The accumulator type of a product of `et` elements: f32 for f16/bf16
/// (linalg's named contractions extend each operand element), else `et`.
/// (Contractions.cpp)
Type accumulatorType(Emitter &e, Type et);

/// `lhs · rhs[b]` for every b: `lhs` [M, K] is shared by the batch of `rhs`
/// [B, K, N], through linalg.batch_matmul with a broadcast lhs map, summed
/// in `accumulatorType` (f16/bf16 operands stay narrow). (Contractions.cpp)
Value emitSharedLhsMatmul(Emitter &e, Value lhs, Value rhs);

/// Whether a convolution with `weight` [F, C, KH, KW] and these attributes
/// is pointwise: 1x1, unit strides, no padding, one group. (Contractions.cpp)
bool isPointwise(RankedTensorType weight, ArrayRef<int64_t> strides,
                 ArrayRef<int64_t> padding, int64_t groups);

/// Mean and biased variance of `x` over `axes`. (Normalization.cpp)
std::pair<Value, Value> moments(Emitter &e, Value x, ArrayRef<int64_t> axes);

/// Divides each window's value in `windows` (shaped as the pooling's output)
/// by the number of elements of the unpadded input `inShape` it covers.
/// (Pooling.cpp)
Value divideByCoveredCount(Emitter &e, Value windows, ArrayRef<int64_t> inShape,
                           ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
                           ArrayRef<int64_t> pad);

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

/// Lowers one dlc op with its `lower` overload. Each family file defines, in
/// this namespace, one `SmallVector<Value> lower(Emitter &, OpTy,
/// OpTy::Adaptor)` per op it lowers (found by argument-dependent lookup where
/// the file instantiates the pattern), returning the op's replacements.
template <typename OpTy> struct LowerOp : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Emitter e(op.getLoc(), rewriter);
    rewriter.replaceOp(op, lower(e, op, adaptor));
    return success();
  }
};

/// The `LowerOp` patterns of each family file, one function per file.
void populateDlcContractionsToLinalgPatterns(RewritePatternSet &patterns);
void populateDlcElementwiseToLinalgPatterns(RewritePatternSet &patterns);
void populateDlcNormalizationToLinalgPatterns(RewritePatternSet &patterns);
void populateDlcPoolingToLinalgPatterns(RewritePatternSet &patterns);
void populateDlcDataMovementToLinalgPatterns(RewritePatternSet &patterns);
void populateDlcReductionsAndLossesToLinalgPatterns(
    RewritePatternSet &patterns);
void populateDlcGradientsToLinalgPatterns(RewritePatternSet &patterns);
void populateDlcSamplingToLinalgPatterns(RewritePatternSet &patterns);
void populateDlcConvGradientsToLinalgPatterns(RewritePatternSet &patterns);
void populateDlcPoolGradientsToLinalgPatterns(RewritePatternSet &patterns);

} // namespace mlir::dlc::to_linalg

#endif // DLC_LIB_CONVERSION_DLCTOLINALG_PATTERNDLCTOLINALG_H
