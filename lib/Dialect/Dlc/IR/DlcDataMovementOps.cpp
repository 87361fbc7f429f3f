//===- DlcDataMovementOps.cpp - dlc data movement ops ---------------------===//
//
// Shape rules, verifiers and folders of the lookup and data movement ops
// (DlcDataMovementOps.td): embedding, reshape, transpose, slice and concat.
// The folders remove identities and merge chains of reshapes and of
// transposes; embedding states the bound of its indices. Empty tensors move
// as any other, but an empty table has no row for an index to name, and
// element counts and concatenated sizes are computed without wrapping.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/Dlc/IR/DlcOps.h"

#include "ShapeRules.h"

#include "llvm/ADT/SmallBitVector.h"
#include "llvm/Support/CheckedArithmetic.h"

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::detail;

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
  // PyTorch raises "index out of range" for any index into an empty table;
  // without indices there is nothing to look up, and the result is empty.
  if (table.getDimSize(0) == 0 && !llvm::is_contained(indices.getShape(), 0))
    return emitOptionalError(
        loc, "'table' ", shapeStr(table.getShape()),
        " has no rows (V = 0), so none of the indices ",
        shapeStr(indices.getShape()),
        " can lie in [0, V); the table needs at least one row");
  SmallVector<int64_t> shape(indices.getShape());
  shape.push_back(table.getDimSize(1));
  results.push_back(RankedTensorType::get(shape, table.getElementType()));
  return success();
}

std::optional<int64_t> EmbeddingOp::getIntegerOperandBound(OpOperand &operand) {
  if (&operand != &getIndicesMutable())
    return std::nullopt;
  return getTable().getType().getDimSize(0);
}

//===----------------------------------------------------------------------===//
// ReshapeOp
//===----------------------------------------------------------------------===//

/// The element count of `shape`, or std::nullopt when it exceeds 2^63 - 1
/// (ShapedType::getNumElements would wrap).
static std::optional<int64_t> checkedNumElements(ArrayRef<int64_t> shape) {
  if (llvm::is_contained(shape, 0))
    return 0;
  int64_t count = 1;
  for (int64_t dim : shape) {
    std::optional<int64_t> next = llvm::checkedMul<int64_t>(count, dim);
    if (!next)
      return std::nullopt;
    count = *next;
  }
  return count;
}

LogicalResult ReshapeOp::verify() {
  RankedTensorType input = getInput().getType();
  RankedTensorType result = getResult().getType();
  if (input.getElementType() != result.getElementType())
    return emitOpError("result element type ")
           << result.getElementType() << " differs from the input's "
           << input.getElementType();
  std::optional<int64_t> in = checkedNumElements(input.getShape());
  std::optional<int64_t> out = checkedNumElements(result.getShape());
  auto count = [](std::optional<int64_t> n) {
    return n ? std::to_string(*n) + " elements"
             : std::string("more than 2^63 - 1 elements");
  };
  if (!in || !out || *in != *out)
    return emitOpError("cannot reshape ")
           << shapeStr(input.getShape()) << " (" << count(in) << ") to "
           << shapeStr(result.getShape()) << " (" << count(out)
           << "); a reshape keeps the element count, which must be below 2^63";
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
    std::optional<int64_t> joined =
        llvm::checkedAdd<int64_t>(shape[axis], type.getDimSize(axis));
    if (!joined)
      return emitOptionalError(loc, "input #", i + 1, " ",
                               shapeStr(type.getShape()),
                               " makes the concatenation longer than 2^63 "
                               "- 1 along axis ",
                               axis);
    shape[axis] = *joined;
  }
  results.push_back(RankedTensorType::get(shape, first.getElementType()));
  return success();
}

OpFoldResult ConcatOp::fold(FoldAdaptor) {
  if (getInputs().size() == 1)
    return getInputs().front();
  return {};
}
