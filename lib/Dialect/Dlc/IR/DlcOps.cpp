//===- DlcOps.cpp - dlc operations ----------------------------------------===//
//
// Shape rules, verifiers and folders of the dlc ops. Shape rules are written
// once, as `inferReturnTypes`, which both builders and the verifier use: when
// verifying, each rule reports the dimension at fault at the op's location.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/Dlc/IR/DlcOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallBitVector.h"
#include "llvm/Support/CheckedArithmetic.h"

using namespace mlir;
using namespace mlir::dlc;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// Formats a shape as `[8, 512, 768]` for diagnostics. Diagnostics copy
/// strings, so the temporary may be streamed directly.
static std::string shapeStr(ArrayRef<int64_t> dims) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "[";
  llvm::interleaveComma(dims, os);
  os << "]";
  return text;
}

static RankedTensorType tensorOf(Value value) {
  return value ? dyn_cast<RankedTensorType>(value.getType()) : nullptr;
}

/// Checks that every operand tensor has the element type of the first.
static LogicalResult verifySameElementType(std::optional<Location> loc,
                                           ArrayRef<RankedTensorType> types,
                                           ArrayRef<StringRef> names) {
  for (auto [type, name] : llvm::drop_begin(llvm::zip(types, names))) {
    if (type && type.getElementType() != types.front().getElementType())
      return emitOptionalError(loc, "'", name, "' has element type ",
                               type.getElementType(), " but '", names.front(),
                               "' has ", types.front().getElementType(),
                               "; operands must share one element type");
  }
  return success();
}

static LogicalResult verifyRank(std::optional<Location> loc,
                                RankedTensorType type, StringRef name,
                                int64_t rank, StringRef layout) {
  if (type.getRank() == rank)
    return success();
  return emitOptionalError(loc, "'", name, "' must have rank ", rank, " (",
                           layout, "), got rank ", type.getRank(), " ",
                           shapeStr(type.getShape()));
}

/// Checks that an attribute holds `size` elements, each at least `min`.
static LogicalResult verifyPair(std::optional<Location> loc,
                                ArrayRef<int64_t> values, StringRef name,
                                int64_t min) {
  if (values.size() != 2)
    return emitOptionalError(loc, "'", name,
                             "' must hold 2 values [height, width], got ",
                             values.size());
  for (int64_t v : values)
    if (v < min)
      return emitOptionalError(loc, "'", name, "' values must be at least ",
                               min, ", got ", shapeStr(values));
  return success();
}

LogicalResult mlir::dlc::detail::verifyStrictAttributes(Operation *op) {
  for (NamedAttribute attr : op->getDiscardableAttrs()) {
    if (attr.getName().getValue().contains('.'))
      continue;
    InFlightDiagnostic diag = op->emitOpError("unknown attribute '")
                              << attr.getName().getValue() << "'";
    ArrayRef<StringAttr> known = op->getName().getAttributeNames();
    if (known.empty())
      return diag << "; the op takes no attributes";
    diag << "; expected one of: ";
    llvm::interleaveComma(known, diag,
                          [&](StringAttr name) { diag << name.getValue(); });
    return diag;
  }
  return success();
}

LogicalResult mlir::dlc::verifyInferredResults(Operation *op,
                                               TypeRange inferred) {
  for (auto [i, result, expected] :
       llvm::enumerate(op->getResultTypes(), inferred)) {
    if (result == expected)
      continue;
    InFlightDiagnostic diag = op->emitOpError("result ");
    if (op->getNumResults() > 1)
      diag << "#" << i << " ";
    return diag << "has type " << result << " but the operands give "
                << expected;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// MatmulOp
//===----------------------------------------------------------------------===//

LogicalResult MatmulOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  RankedTensorType lhs = tensorOf(adaptor.getLhs());
  RankedTensorType rhs = tensorOf(adaptor.getRhs());
  if (!lhs || !rhs)
    return failure();
  if (failed(verifySameElementType(loc, {lhs, rhs}, {"lhs", "rhs"})))
    return failure();
  if (lhs.getRank() < 2)
    return emitOptionalError(loc, "'lhs' must have rank at least 2, got ",
                             shapeStr(lhs.getShape()));
  if (lhs.getRank() != rhs.getRank())
    return emitOptionalError(loc, "operands must have the same rank, got ",
                             shapeStr(lhs.getShape()), " and ",
                             shapeStr(rhs.getShape()));
  int64_t rank = lhs.getRank();
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank - 2; ++d) {
    if (lhs.getDimSize(d) != rhs.getDimSize(d))
      return emitOptionalError(loc, "batch dimension ", d, " differs: 'lhs' ",
                               shapeStr(lhs.getShape()), " vs 'rhs' ",
                               shapeStr(rhs.getShape()));
    shape.push_back(lhs.getDimSize(d));
  }
  bool tl = adaptor.getTransposeLhs(), tr = adaptor.getTransposeRhs();
  int64_t m = lhs.getDimSize(rank - (tl ? 1 : 2));
  int64_t kl = lhs.getDimSize(rank - (tl ? 2 : 1));
  int64_t kr = rhs.getDimSize(rank - (tr ? 1 : 2));
  int64_t n = rhs.getDimSize(rank - (tr ? 2 : 1));
  if (kl != kr)
    return emitOptionalError(
        loc, "contraction sizes differ: 'lhs' ", shapeStr(lhs.getShape()),
        (tl ? " (transposed)" : ""), " has K = ", kl, ", 'rhs' ",
        shapeStr(rhs.getShape()), (tr ? " (transposed)" : ""), " has K = ", kr);
  shape.append({m, n});
  results.push_back(RankedTensorType::get(shape, lhs.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// LinearOp
//===----------------------------------------------------------------------===//

LogicalResult LinearOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  RankedTensorType input = tensorOf(adaptor.getInput());
  RankedTensorType weight = tensorOf(adaptor.getWeight());
  RankedTensorType bias = tensorOf(adaptor.getBias());
  if (!input || !weight || (adaptor.getBias() && !bias))
    return failure();
  if (failed(verifySameElementType(loc, {input, weight, bias},
                                   {"input", "weight", "bias"})))
    return failure();
  if (input.getRank() < 1)
    return emitOptionalError(loc, "'input' must have rank at least 1");
  if (failed(verifyRank(loc, weight, "weight", 2, "[out, in]")))
    return failure();
  int64_t in = input.getShape().back();
  if (weight.getDimSize(1) != in)
    return emitOptionalError(loc, "'weight' ", shapeStr(weight.getShape()),
                             " must be [out, in] with in = ", in,
                             ", the last dimension of 'input' ",
                             shapeStr(input.getShape()));
  int64_t out = weight.getDimSize(0);
  if (bias && (bias.getRank() != 1 || bias.getDimSize(0) != out))
    return emitOptionalError(loc, "'bias' must be [", out, "], got ",
                             shapeStr(bias.getShape()));
  SmallVector<int64_t> shape(input.getShape());
  shape.back() = out;
  results.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// Conv2DOp
//===----------------------------------------------------------------------===//

/// Output size of a sliding window along one dimension: 0 when the window
/// does not fit, std::nullopt when the attributes overflow 64 bits.
static std::optional<int64_t> windowOutputSize(int64_t in, int64_t kernel,
                                               int64_t stride, int64_t pad,
                                               int64_t dilation) {
  std::optional<int64_t> span =
      llvm::checkedMulAdd<int64_t>(dilation, kernel - 1, 1);
  std::optional<int64_t> padded = llvm::checkedMulAdd<int64_t>(2, pad, in);
  if (!span || !padded)
    return std::nullopt;
  if (*padded < *span)
    return 0;
  return (*padded - *span) / stride + 1;
}

LogicalResult Conv2DOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  RankedTensorType input = tensorOf(adaptor.getInput());
  RankedTensorType weight = tensorOf(adaptor.getWeight());
  RankedTensorType bias = tensorOf(adaptor.getBias());
  if (!input || !weight || (adaptor.getBias() && !bias))
    return failure();
  if (failed(verifySameElementType(loc, {input, weight, bias},
                                   {"input", "weight", "bias"})) ||
      failed(verifyRank(loc, input, "input", 4, "NCHW")) ||
      failed(verifyRank(loc, weight, "weight", 4, "FCHW")))
    return failure();
  ArrayRef<int64_t> strides = adaptor.getStrides();
  ArrayRef<int64_t> padding = adaptor.getPadding();
  ArrayRef<int64_t> dilation = adaptor.getDilation();
  if (failed(verifyPair(loc, strides, "strides", 1)) ||
      failed(verifyPair(loc, padding, "padding", 0)) ||
      failed(verifyPair(loc, dilation, "dilation", 1)))
    return failure();
  int64_t groups = adaptor.getGroups();
  int64_t c = input.getDimSize(1), f = weight.getDimSize(0);
  if (groups < 1 || c % groups != 0 || f % groups != 0)
    return emitOptionalError(loc, "'groups' = ", groups,
                             " must be positive and divide both the input "
                             "channels (",
                             c, ") and the output channels (", f, ")");
  if (weight.getDimSize(1) * groups != c)
    return emitOptionalError(
        loc, "'weight' ", shapeStr(weight.getShape()),
        " must have C / groups = ", c / groups, " input channels, for input ",
        shapeStr(input.getShape()), " and groups = ", groups);
  if (bias && (bias.getRank() != 1 || bias.getDimSize(0) != f))
    return emitOptionalError(loc, "'bias' must be [", f, "], got ",
                             shapeStr(bias.getShape()));
  SmallVector<int64_t> shape = {input.getDimSize(0), f};
  for (int d = 0; d < 2; ++d) {
    std::optional<int64_t> out =
        windowOutputSize(input.getDimSize(2 + d), weight.getDimSize(2 + d),
                         strides[d], padding[d], dilation[d]);
    if (!out)
      return emitOptionalError(loc, "'padding' or 'dilation' overflows");
    if (*out < 1)
      return emitOptionalError(loc, "the ", weight.getDimSize(2 + d),
                               "-wide filter (dilation ", dilation[d],
                               ") does not fit the padded input along ",
                               d == 0 ? "height" : "width");
    shape.push_back(*out);
  }
  results.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// Elementwise ops
//===----------------------------------------------------------------------===//

/// NumPy broadcasting of two shapes.
static LogicalResult inferBroadcast(std::optional<Location> loc,
                                    RankedTensorType lhs, RankedTensorType rhs,
                                    SmallVectorImpl<Type> &results) {
  if (!lhs || !rhs)
    return failure();
  if (failed(verifySameElementType(loc, {lhs, rhs}, {"lhs", "rhs"})))
    return failure();
  int64_t rank = std::max(lhs.getRank(), rhs.getRank());
  SmallVector<int64_t> shape(rank);
  for (int64_t i = 1; i <= rank; ++i) {
    int64_t a = i <= lhs.getRank() ? lhs.getDimSize(lhs.getRank() - i) : 1;
    int64_t b = i <= rhs.getRank() ? rhs.getDimSize(rhs.getRank() - i) : 1;
    if (a != b && a != 1 && b != 1)
      return emitOptionalError(
          loc, "shapes ", shapeStr(lhs.getShape()), " and ",
          shapeStr(rhs.getShape()), " do not broadcast: sizes ", a, " and ", b,
          " meet in dimension ", rank - i, " of the result");
    shape[rank - i] = a == 1 ? b : a;
  }
  results.push_back(RankedTensorType::get(shape, lhs.getElementType()));
  return success();
}

#define DLC_BINARY_INFER(OP)                                                   \
  LogicalResult OP::inferReturnTypes(                                          \
      MLIRContext *, std::optional<Location> loc, Adaptor adaptor,             \
      SmallVectorImpl<Type> &results) {                                        \
    return inferBroadcast(loc, tensorOf(adaptor.getLhs()),                     \
                          tensorOf(adaptor.getRhs()), results);                \
  }
DLC_BINARY_INFER(AddOp)
DLC_BINARY_INFER(SubOp)
DLC_BINARY_INFER(MulOp)
DLC_BINARY_INFER(DivOp)
#undef DLC_BINARY_INFER

//===----------------------------------------------------------------------===//
// DropoutOp
//===----------------------------------------------------------------------===//

LogicalResult DropoutOp::verify() {
  double p = getProbability().convertToDouble();
  if (!(p < 1.0))
    return emitOpError("'probability' must be in [0, 1), got ") << p;
  return success();
}

OpFoldResult DropoutOp::fold(FoldAdaptor) {
  // Nothing is dropped and nothing is scaled.
  if (getProbability().isZero())
    return getInput();
  return {};
}

//===----------------------------------------------------------------------===//
// SoftmaxOp
//===----------------------------------------------------------------------===//

LogicalResult SoftmaxOp::verify() {
  int64_t rank = getInput().getType().getRank();
  if (static_cast<int64_t>(getAxis()) >= rank)
    return emitOpError("'axis' = ")
           << getAxis() << " is out of range for an input of rank " << rank;
  return success();
}

//===----------------------------------------------------------------------===//
// LayerNormOp
//===----------------------------------------------------------------------===//

/// Layer norm's weight shape names the normalized (trailing) dimensions.
static LogicalResult verifyNormalizedShape(std::optional<Location> loc,
                                           RankedTensorType input,
                                           RankedTensorType weight) {
  ArrayRef<int64_t> normalized = weight.getShape();
  if (normalized.empty() || normalized.size() > input.getShape().size() ||
      input.getShape().take_back(normalized.size()) != normalized)
    return emitOptionalError(loc, "'weight' shape ", shapeStr(normalized),
                             " must be a non-empty suffix of the input shape ",
                             shapeStr(input.getShape()),
                             " (the normalized dimensions)");
  return success();
}

LogicalResult LayerNormOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &results) {
  RankedTensorType input = tensorOf(adaptor.getInput());
  RankedTensorType weight = tensorOf(adaptor.getWeight());
  RankedTensorType bias = tensorOf(adaptor.getBias());
  if (!input || !weight || !bias)
    return failure();
  if (failed(verifySameElementType(loc, {input, weight, bias},
                                   {"input", "weight", "bias"})))
    return failure();
  if (weight.getShape() != bias.getShape())
    return emitOptionalError(loc, "'weight' ", shapeStr(weight.getShape()),
                             " and 'bias' ", shapeStr(bias.getShape()),
                             " must have the same shape");
  if (failed(verifyNormalizedShape(loc, input, weight)))
    return failure();
  results.push_back(input);
  return success();
}

//===----------------------------------------------------------------------===//
// BatchNormOp
//===----------------------------------------------------------------------===//

LogicalResult BatchNormOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &results) {
  RankedTensorType input = tensorOf(adaptor.getInput());
  RankedTensorType weight = tensorOf(adaptor.getWeight());
  RankedTensorType bias = tensorOf(adaptor.getBias());
  if (!input || !weight || !bias)
    return failure();
  if (failed(verifySameElementType(loc, {input, weight, bias},
                                   {"input", "weight", "bias"})))
    return failure();
  if (input.getRank() < 2)
    return emitOptionalError(loc,
                             "'input' must have rank at least 2 ([N, C, ...]), "
                             "got ",
                             shapeStr(input.getShape()));
  int64_t c = input.getDimSize(1);
  for (auto [type, name] :
       {std::make_pair(weight, "weight"), std::make_pair(bias, "bias")})
    if (type.getRank() != 1 || type.getDimSize(0) != c)
      return emitOptionalError(loc, "'", name, "' must be [", c,
                               "], one value per channel of input ",
                               shapeStr(input.getShape()), ", got ",
                               shapeStr(type.getShape()));
  auto stats = RankedTensorType::get({c}, input.getElementType());
  results.append({input, stats, stats});
  return success();
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

template <typename Adaptor>
static LogicalResult inferPool2D(std::optional<Location> loc, Adaptor adaptor,
                                 SmallVectorImpl<Type> &results) {
  RankedTensorType input = tensorOf(adaptor.getInput());
  if (!input)
    return failure();
  if (failed(verifyRank(loc, input, "input", 4, "NCHW")))
    return failure();
  ArrayRef<int64_t> kernel = adaptor.getKernelSize();
  ArrayRef<int64_t> strides = adaptor.getStrides();
  ArrayRef<int64_t> padding = adaptor.getPadding();
  if (failed(verifyPair(loc, kernel, "kernel_size", 1)) ||
      failed(verifyPair(loc, strides, "strides", 1)) ||
      failed(verifyPair(loc, padding, "padding", 0)))
    return failure();
  SmallVector<int64_t> shape = {input.getDimSize(0), input.getDimSize(1)};
  for (int d = 0; d < 2; ++d) {
    if (padding[d] > kernel[d] / 2)
      return emitOptionalError(loc, "'padding' ", shapeStr(padding),
                               " must be at most half of 'kernel_size' ",
                               shapeStr(kernel));
    std::optional<int64_t> out =
        windowOutputSize(input.getDimSize(2 + d), kernel[d], strides[d],
                         padding[d], /*dilation=*/1);
    if (!out)
      return emitOptionalError(loc, "'padding' overflows");
    if (*out < 1)
      return emitOptionalError(loc, "the ", kernel[d],
                               "-wide window does not fit the padded input "
                               "along ",
                               d == 0 ? "height" : "width");
    shape.push_back(*out);
  }
  results.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

LogicalResult MaxPool2DOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &results) {
  return inferPool2D(loc, adaptor, results);
}

LogicalResult AvgPool2DOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &results) {
  return inferPool2D(loc, adaptor, results);
}

LogicalResult
GlobalAvgPool2DOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                    Adaptor adaptor,
                                    SmallVectorImpl<Type> &results) {
  RankedTensorType input = tensorOf(adaptor.getInput());
  if (!input || failed(verifyRank(loc, input, "input", 4, "NCHW")))
    return failure();
  results.push_back(RankedTensorType::get(
      {input.getDimSize(0), input.getDimSize(1)}, input.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// EmbeddingOp
//===----------------------------------------------------------------------===//

LogicalResult EmbeddingOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &results) {
  RankedTensorType table = tensorOf(adaptor.getTable());
  RankedTensorType indices = tensorOf(adaptor.getIndices());
  if (!table || !indices)
    return failure();
  if (failed(verifyRank(loc, table, "table", 2, "[V, D]")))
    return failure();
  SmallVector<int64_t> shape(indices.getShape());
  shape.push_back(table.getDimSize(1));
  results.push_back(RankedTensorType::get(shape, table.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// ReshapeOp
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::verify() {
  RankedTensorType input = getInput().getType();
  RankedTensorType result = getResult().getType();
  if (input.getElementType() != result.getElementType())
    return emitOpError("result element type ")
           << result.getElementType() << " differs from the input's "
           << input.getElementType();
  if (input.getNumElements() != result.getNumElements())
    return emitOpError("cannot reshape ")
           << shapeStr(input.getShape()) << " (" << input.getNumElements()
           << " elements) to " << shapeStr(result.getShape()) << " ("
           << result.getNumElements() << " elements)";
  return success();
}

OpFoldResult ReshapeOp::fold(FoldAdaptor) {
  if (getInput().getType() == getType())
    return getInput();
  // A chain of reshapes is one reshape of the first input.
  if (auto producer = getInput().getDefiningOp<ReshapeOp>()) {
    getInputMutable().assign(producer.getInput());
    return getResult();
  }
  return {};
}

//===----------------------------------------------------------------------===//
// TransposeOp
//===----------------------------------------------------------------------===//

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &results) {
  RankedTensorType input = tensorOf(adaptor.getInput());
  if (!input)
    return failure();
  ArrayRef<int64_t> perm = adaptor.getPermutation();
  int64_t rank = input.getRank();
  if (static_cast<int64_t>(perm.size()) != rank)
    return emitOptionalError(loc, "'permutation' ", shapeStr(perm), " has ",
                             perm.size(), " entries but the input has rank ",
                             rank);
  llvm::SmallBitVector seen(rank);
  SmallVector<int64_t> shape;
  for (int64_t p : perm) {
    if (p < 0 || p >= rank || seen.test(p))
      return emitOptionalError(loc, "'permutation' ", shapeStr(perm),
                               " is not a permutation of [0, ", rank, ")");
    seen.set(p);
    shape.push_back(input.getDimSize(p));
  }
  results.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

OpFoldResult TransposeOp::fold(FoldAdaptor) {
  ArrayRef<int64_t> perm = getPermutation();
  if (llvm::equal(perm, llvm::seq<int64_t>(0, perm.size())))
    return getInput();
  // transpose(transpose(x, inner), outer) = transpose(x, inner ∘ outer).
  if (auto producer = getInput().getDefiningOp<TransposeOp>()) {
    ArrayRef<int64_t> inner = producer.getPermutation();
    SmallVector<int64_t> composed;
    for (int64_t p : perm)
      composed.push_back(inner[p]);
    getInputMutable().assign(producer.getInput());
    setPermutation(composed);
    if (llvm::equal(composed, llvm::seq<int64_t>(0, composed.size())))
      return getInput();
    return getResult();
  }
  return {};
}

//===----------------------------------------------------------------------===//
// SliceOp
//===----------------------------------------------------------------------===//

LogicalResult SliceOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &results) {
  RankedTensorType input = tensorOf(adaptor.getInput());
  if (!input)
    return failure();
  ArrayRef<int64_t> offsets = adaptor.getOffsets();
  ArrayRef<int64_t> sizes = adaptor.getSizes();
  ArrayRef<int64_t> strides = adaptor.getStrides();
  int64_t rank = input.getRank();
  for (auto [values, name] :
       {std::make_pair(offsets, "offsets"), std::make_pair(sizes, "sizes"),
        std::make_pair(strides, "strides")})
    if (static_cast<int64_t>(values.size()) != rank)
      return emitOptionalError(loc, "'", name, "' ", shapeStr(values), " has ",
                               values.size(),
                               " entries but the input has rank ", rank);
  for (int64_t d = 0; d < rank; ++d) {
    if (offsets[d] < 0 || sizes[d] < 1 || strides[d] < 1)
      return emitOptionalError(loc, "dimension ", d,
                               ": need offset >= 0, "
                               "size >= 1 and stride >= 1, got offset ",
                               offsets[d], ", size ", sizes[d], ", stride ",
                               strides[d]);
    std::optional<int64_t> last =
        llvm::checkedMulAdd<int64_t>(sizes[d] - 1, strides[d], offsets[d]);
    if (!last || *last >= input.getDimSize(d))
      return emitOptionalError(
          loc, "dimension ", d, ": the slice reaches index ",
          last ? std::to_string(*last) : std::string("beyond 2^63"),
          " but the input has size ", input.getDimSize(d));
  }
  results.push_back(RankedTensorType::get(sizes, input.getElementType()));
  return success();
}

OpFoldResult SliceOp::fold(FoldAdaptor) {
  if (getType() == getInput().getType() &&
      llvm::all_of(getOffsets(), [](int64_t o) { return o == 0; }) &&
      llvm::all_of(getStrides(), [](int64_t s) { return s == 1; }))
    return getInput();
  return {};
}

//===----------------------------------------------------------------------===//
// ConcatOp
//===----------------------------------------------------------------------===//

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  ValueRange inputs = adaptor.getInputs();
  if (inputs.empty())
    return emitOptionalError(loc, "needs at least one input");
  RankedTensorType first = tensorOf(inputs.front());
  if (!first)
    return failure();
  int64_t axis = adaptor.getAxis();
  if (axis < 0 || axis >= first.getRank())
    return emitOptionalError(loc, "'axis' = ", axis,
                             " is out of range for inputs of rank ",
                             first.getRank());
  SmallVector<int64_t> shape(first.getShape());
  for (auto [i, value] : llvm::enumerate(inputs.drop_front())) {
    RankedTensorType type = tensorOf(value);
    if (!type)
      return failure();
    if (type.getElementType() != first.getElementType())
      return emitOptionalError(loc, "input #", i + 1, " has element type ",
                               type.getElementType(), " but input #0 has ",
                               first.getElementType());
    if (type.getRank() != first.getRank())
      return emitOptionalError(
          loc, "input #", i + 1, " ", shapeStr(type.getShape()),
          " has a different rank than input #0 ", shapeStr(first.getShape()));
    for (int64_t d = 0; d < first.getRank(); ++d)
      if (d != axis && type.getDimSize(d) != first.getDimSize(d))
        return emitOptionalError(
            loc, "input #", i + 1, " ", shapeStr(type.getShape()),
            " differs from input #0 ", shapeStr(first.getShape()),
            " in dimension ", d, ", which is not the concatenation axis");
    shape[axis] += type.getDimSize(axis);
  }
  results.push_back(RankedTensorType::get(shape, first.getElementType()));
  return success();
}

OpFoldResult ConcatOp::fold(FoldAdaptor) {
  if (getInputs().size() == 1)
    return getInputs().front();
  return {};
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

template <typename Adaptor>
static LogicalResult inferReduce(std::optional<Location> loc, Adaptor adaptor,
                                 SmallVectorImpl<Type> &results) {
  RankedTensorType input = tensorOf(adaptor.getInput());
  if (!input)
    return failure();
  ArrayRef<int64_t> axes = adaptor.getAxes();
  int64_t rank = input.getRank();
  if (axes.empty())
    return emitOptionalError(loc, "'axes' must name at least one axis");
  for (auto [i, axis] : llvm::enumerate(axes))
    if (axis < 0 || axis >= rank || (i > 0 && axes[i - 1] >= axis))
      return emitOptionalError(loc, "'axes' ", shapeStr(axes),
                               " must be strictly increasing and within "
                               "[0, ",
                               rank, ")");
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank; ++d) {
    if (!llvm::is_contained(axes, d))
      shape.push_back(input.getDimSize(d));
    else if (adaptor.getKeepDims())
      shape.push_back(1);
  }
  results.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

LogicalResult ReduceSumOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &results) {
  return inferReduce(loc, adaptor, results);
}

LogicalResult ReduceMeanOp::inferReturnTypes(MLIRContext *,
                                             std::optional<Location> loc,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &results) {
  return inferReduce(loc, adaptor, results);
}

//===----------------------------------------------------------------------===//
// Losses
//===----------------------------------------------------------------------===//

LogicalResult CrossEntropyOp::inferReturnTypes(MLIRContext *,
                                               std::optional<Location> loc,
                                               Adaptor adaptor,
                                               SmallVectorImpl<Type> &results) {
  RankedTensorType logits = tensorOf(adaptor.getLogits());
  RankedTensorType labels = tensorOf(adaptor.getLabels());
  if (!logits || !labels)
    return failure();
  if (failed(verifyRank(loc, logits, "logits", 2, "[N, C]")) ||
      failed(verifyRank(loc, labels, "labels", 1, "[N]")))
    return failure();
  if (labels.getDimSize(0) != logits.getDimSize(0))
    return emitOptionalError(loc, "'labels' ", shapeStr(labels.getShape()),
                             " must hold one label per row of 'logits' ",
                             shapeStr(logits.getShape()));
  results.push_back(RankedTensorType::get({}, logits.getElementType()));
  return success();
}

LogicalResult MseLossOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &results) {
  RankedTensorType input = tensorOf(adaptor.getInput());
  RankedTensorType target = tensorOf(adaptor.getTarget());
  if (!input || !target)
    return failure();
  if (input != target)
    return emitOptionalError(loc, "'input' ", input, " and 'target' ", target,
                             " must have the same type");
  results.push_back(RankedTensorType::get({}, input.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// Gradient ops
//===----------------------------------------------------------------------===//

LogicalResult
CrossEntropyGradOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                     Adaptor adaptor,
                                     SmallVectorImpl<Type> &results) {
  RankedTensorType logits = tensorOf(adaptor.getLogits());
  RankedTensorType labels = tensorOf(adaptor.getLabels());
  RankedTensorType grad = tensorOf(adaptor.getGrad());
  if (!logits || !labels || !grad)
    return failure();
  if (failed(verifyRank(loc, logits, "logits", 2, "[N, C]")) ||
      failed(verifyRank(loc, labels, "labels", 1, "[N]")) ||
      failed(verifySameElementType(loc, {logits, grad}, {"logits", "grad"})))
    return failure();
  if (labels.getDimSize(0) != logits.getDimSize(0))
    return emitOptionalError(loc, "'labels' ", shapeStr(labels.getShape()),
                             " must hold one label per row of 'logits' ",
                             shapeStr(logits.getShape()));
  results.push_back(logits);
  return success();
}

LogicalResult SliceGradOp::verify() {
  RankedTensorType grad = getGrad().getType(), result = getType();
  if (grad.getElementType() != result.getElementType())
    return emitOpError("result element type ")
           << result.getElementType() << " differs from the gradient's "
           << grad.getElementType();
  // The result is the input that a slice with these attributes would read.
  SmallVector<Type> inferred;
  SliceOp::Properties props;
  props.offsets = DenseI64ArrayAttr::get(getContext(), getOffsets());
  props.sizes = DenseI64ArrayAttr::get(getContext(), grad.getShape());
  props.strides = DenseI64ArrayAttr::get(getContext(), getStrides());
  Value input = getResult();
  SliceOp::Adaptor adaptor(ValueRange(input), nullptr, props);
  return SliceOp::inferReturnTypes(getContext(), getLoc(), adaptor, inferred);
}

LogicalResult
LayerNormGradOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                  Adaptor adaptor,
                                  SmallVectorImpl<Type> &results) {
  RankedTensorType grad = tensorOf(adaptor.getGrad());
  RankedTensorType input = tensorOf(adaptor.getInput());
  RankedTensorType weight = tensorOf(adaptor.getWeight());
  if (!grad || !input || !weight)
    return failure();
  if (failed(verifySameElementType(loc, {input, grad, weight},
                                   {"input", "grad", "weight"})))
    return failure();
  if (grad != input)
    return emitOptionalError(loc, "'grad' ", shapeStr(grad.getShape()),
                             " must have the shape of 'input' ",
                             shapeStr(input.getShape()));
  if (failed(verifyNormalizedShape(loc, input, weight)))
    return failure();
  results.append({input, weight, weight});
  return success();
}

LogicalResult
BatchNormGradOp::inferReturnTypes(MLIRContext *context,
                                  std::optional<Location> loc, Adaptor adaptor,
                                  SmallVectorImpl<Type> &results) {
  RankedTensorType grad = tensorOf(adaptor.getGrad());
  RankedTensorType input = tensorOf(adaptor.getInput());
  if (!grad || !input)
    return failure();
  if (grad != input)
    return emitOptionalError(loc, "'grad' ", shapeStr(grad.getShape()),
                             " must have the shape of 'input' ",
                             shapeStr(input.getShape()));
  // The forward op's rules check the input and the weight (passed again as
  // the bias, which has the weight's shape).
  SmallVector<Value> operands = {adaptor.getInput(), adaptor.getWeight(),
                                 adaptor.getWeight()};
  BatchNormOp::Adaptor forward(operands, nullptr, BatchNormOp::Properties());
  SmallVector<Type> forwardTypes;
  if (failed(
          BatchNormOp::inferReturnTypes(context, loc, forward, forwardTypes)))
    return failure();
  results.append({input, forwardTypes[1], forwardTypes[1]});
  return success();
}

/// Checks that conv2d(input, weight) with the op's attributes has the type of
/// `grad`: the gradient ops' shapes are those of the convolution they undo.
template <typename GradOp>
static LogicalResult verifyConvGrad(GradOp op, Value input, Value weight) {
  SmallVector<Value> operands = {input, weight};
  Conv2DOp::Properties props;
  props.strides = op.getStridesAttr();
  props.padding = op.getPaddingAttr();
  props.dilation = op.getDilationAttr();
  props.groups = op.getGroupsAttr();
  Conv2DOp::Adaptor adaptor(operands, nullptr, props);
  SmallVector<Type> inferred;
  if (failed(Conv2DOp::inferReturnTypes(op.getContext(), op.getLoc(), adaptor,
                                        inferred)))
    return failure();
  if (inferred[0] != op.getGrad().getType())
    return op.emitOpError("'grad' has type ")
           << op.getGrad().getType()
           << " but the convolution it differentiates gives " << inferred[0];
  return success();
}

LogicalResult Conv2DInputGradOp::verify() {
  return verifyConvGrad(*this, getResult(), getWeight());
}

LogicalResult Conv2DWeightGradOp::verify() {
  return verifyConvGrad(*this, getInput(), getResult());
}

/// Checks that pooling `input` with the op's window attributes gives the type
/// of `grad`.
template <typename GradOp>
static LogicalResult verifyPoolGrad(GradOp op, Value input) {
  SmallVector<Value> operands = {input};
  MaxPool2DOp::Properties props;
  props.kernel_size = op.getKernelSizeAttr();
  props.strides = op.getStridesAttr();
  props.padding = op.getPaddingAttr();
  MaxPool2DOp::Adaptor adaptor(operands, nullptr, props);
  SmallVector<Type> inferred;
  if (failed(MaxPool2DOp::inferReturnTypes(op.getContext(), op.getLoc(),
                                           adaptor, inferred)))
    return failure();
  if (inferred[0] != op.getGrad().getType())
    return op.emitOpError("'grad' has type ")
           << op.getGrad().getType()
           << " but the pooling it differentiates gives " << inferred[0];
  return success();
}

LogicalResult MaxPool2DGradOp::verify() {
  return verifyPoolGrad(*this, getInput());
}

LogicalResult AvgPool2DGradOp::verify() {
  return verifyPoolGrad(*this, getResult());
}

LogicalResult EmbeddingGradOp::verify() {
  RankedTensorType grad = getGrad().getType(), result = getType();
  RankedTensorType indices = getIndices().getType();
  if (result.getRank() != 2)
    return emitOpError("result must be the [V, D] table, got ")
           << shapeStr(result.getShape());
  SmallVector<int64_t> expected(indices.getShape());
  expected.push_back(result.getDimSize(1));
  if (grad.getShape() != ArrayRef<int64_t>(expected) ||
      grad.getElementType() != result.getElementType())
    return emitOpError("'grad' ")
           << grad << " must be the embedding's result for indices "
           << shapeStr(indices.getShape()) << " and table " << result
           << ", i.e. " << shapeStr(expected);
  return success();
}

#define GET_OP_CLASSES
#include "dlc/Dialect/Dlc/IR/DlcOps.cpp.inc"
