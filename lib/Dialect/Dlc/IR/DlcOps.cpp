//===- DlcOps.cpp - dlc operations ----------------------------------------===//
//
// The parts of the dlc ops that every family shares: the helpers of the
// shape rules (declared in ShapeRules.h), the StrictAttributes trait, the
// result check of the ops with inferred types, and the op definitions
// generated from DlcOps.td. Each family's shape rules, verifiers and folders
// are in the Dlc<Family>Ops.cpp file named like its .td file.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/Dlc/IR/DlcOps.h"

#include "ShapeRules.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CheckedArithmetic.h"

using namespace mlir;
using namespace mlir::dlc;

//===----------------------------------------------------------------------===//
// Shape rule helpers
//===----------------------------------------------------------------------===//

std::string mlir::dlc::detail::shapeStr(ArrayRef<int64_t> dims) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "[";
  llvm::interleaveComma(dims, os);
  os << "]";
  return text;
}

RankedTensorType mlir::dlc::detail::tensorOf(Value value) {
  return value ? dyn_cast<RankedTensorType>(value.getType()) : nullptr;
}

LogicalResult
mlir::dlc::detail::verifySameElementType(std::optional<Location> loc,
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

LogicalResult mlir::dlc::detail::verifyRank(std::optional<Location> loc,
                                            RankedTensorType type,
                                            StringRef name, int64_t rank,
                                            StringRef layout) {
  if (type.getRank() == rank)
    return success();
  return emitOptionalError(loc, "'", name, "' must have rank ", rank, " (",
                           layout, "), got rank ", type.getRank(), " ",
                           shapeStr(type.getShape()));
}

LogicalResult mlir::dlc::detail::verifyPair(std::optional<Location> loc,
                                            ArrayRef<int64_t> values,
                                            StringRef name, int64_t min) {
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

std::optional<int64_t>
mlir::dlc::detail::windowOutputSize(int64_t in, int64_t kernel, int64_t stride,
                                    int64_t pad, int64_t dilation) {
  std::optional<int64_t> span =
      llvm::checkedMulAdd<int64_t>(dilation, kernel - 1, 1);
  std::optional<int64_t> padded = llvm::checkedMulAdd<int64_t>(2, pad, in);
  if (!span || !padded)
    return std::nullopt;
  if (*padded < *span)
    return 0;
  return (*padded - *span) / stride + 1;
}

LogicalResult
mlir::dlc::detail::verifyNormalizedShape(std::optional<Location> loc,
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

//===----------------------------------------------------------------------===//
// Strict attributes and inferred results
//===----------------------------------------------------------------------===//

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

#define GET_OP_CLASSES
#include "dlc/Dialect/Dlc/IR/DlcOps.cpp.inc"
