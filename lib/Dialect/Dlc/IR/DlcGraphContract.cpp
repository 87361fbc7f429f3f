//===- DlcGraphContract.cpp - What a dlc graph may contain ----------------===//
//
// See DlcGraphContract.h. Sizes are multiplied with checked arithmetic; a
// size that does not fit is described by its power of two, which always
// does, so that the diagnostic itself cannot wrap.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/Dlc/IR/DlcGraphContract.h"

#include "dlc/Dialect/Dlc/IR/DlcDialect.h"
#include "dlc/Dialect/Dlc/IR/DlcMemoryPlan.h"
#include "dlc/Dialect/Dlc/IR/DlcOps.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Interfaces/CallInterfaces.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>

using namespace mlir;
using namespace mlir::dlc;

namespace {

/// `type` if it is a tensor the contract allows, whatever its size.
RankedTensorType asGraphTensor(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape() ||
      !tensor.getElementType().isIntOrFloat())
    return {};
  return tensor;
}

/// Bytes of one element, in whole bytes (an i1 takes one).
int64_t elementBytes(RankedTensorType tensor) {
  return (tensor.getElementType().getIntOrFloatBitWidth() + 7) / 8;
}

/// The element count of `tensor`, or none if it overflows int64. A zero
/// dimension makes it zero however large the others are.
std::optional<int64_t> elementCount(RankedTensorType tensor) {
  if (llvm::is_contained(tensor.getShape(), 0))
    return 0;
  int64_t count = 1;
  for (int64_t dim : tensor.getShape()) {
    std::optional<int64_t> product = llvm::checkedMul(count, dim);
    if (!product)
      return std::nullopt;
    count = *product;
  }
  return count;
}

/// `2^N` for a power of two, otherwise `about 2^N.N`.
std::string powerOfTwo(double log2) {
  double whole = std::round(log2);
  if (std::abs(log2 - whole) < 1e-9)
    return llvm::formatv("2^{0}", static_cast<int64_t>(whole)).str();
  return llvm::formatv("about 2^{0:f1}", log2).str();
}

/// Checks that `type` is a tensor the contract allows, naming it `what`.
LogicalResult checkTensor(Type type, function_ref<InFlightDiagnostic()> emit,
                          const Twine &what) {
  RankedTensorType tensor = asGraphTensor(type);
  if (!tensor)
    return emit() << what << " has type " << type
                  << "; the dlc graph contract needs ranked, statically "
                     "shaped tensors of integer or floating-point elements";
  if (getTensorBytes(tensor))
    return success();
  // Only sizes this large reach here, so no dimension is zero.
  double log2Count = 0;
  for (int64_t dim : tensor.getShape())
    log2Count += std::log2(static_cast<double>(dim));
  int64_t bytes = elementBytes(tensor);
  InFlightDiagnostic diag = emit() << what << " has type " << type << ": ";
  if (std::optional<int64_t> count = elementCount(tensor))
    diag << *count;
  else
    diag << powerOfTwo(log2Count);
  diag << " elements of " << bytes << (bytes == 1 ? " byte" : " bytes") << ", "
       << powerOfTwo(log2Count + std::log2(bytes))
       << " bytes in all, more than the 2^63 - 1 bytes (8 EiB) that a "
          "tensor's size may be";
  return diag;
}

} // namespace

std::optional<int64_t> mlir::dlc::getTensorBytes(Type type) {
  RankedTensorType tensor = asGraphTensor(type);
  if (!tensor)
    return std::nullopt;
  return shapedBytes(tensor);
}

LogicalResult mlir::dlc::verifyGraphContract(func::FuncOp func) {
  StringRef name = func.getName();
  if (func.isExternal())
    return func.emitError("@")
           << name
           << " has no body; the dlc graph contract needs a step of one block";
  if (!func.getBody().hasOneBlock())
    return func.emitError("@")
           << name << " has " << func.getBody().getBlocks().size()
           << " blocks; the dlc graph contract allows one: a step is one "
              "block, whose op order is its schedule";

  auto atFunc = [&] { return func.emitError(); };
  FunctionType type = func.getFunctionType();
  for (auto [i, input] : llvm::enumerate(type.getInputs()))
    if (failed(checkTensor(input, atFunc,
                           "argument #" + Twine(i) + " of @" + name)))
      return failure();
  for (auto [i, result] : llvm::enumerate(type.getResults())) {
    if (failed(checkTensor(result, atFunc,
                           "result #" + Twine(i) + " of @" + name)))
      return failure();
    // Marks of parameters on a result are the dialect's to refuse
    // (DlcDialect::verifyRegionResultAttribute).
  }

  // The ops of the body, and those of the couplings' regions, which run in
  // place (dlc.coupling verifies that they have no regions themselves).
  SmallVector<Operation *> ops;
  for (Operation &op : func.getBody().front()) {
    ops.push_back(&op);
    if (auto coupling = dyn_cast<CouplingOp>(op))
      for (Region *region : {&coupling.getF(), &coupling.getG()})
        for (Operation &inner : region->front())
          ops.push_back(&inner);
  }
  for (Operation *opPtr : ops) {
    Operation &op = *opPtr;
    if (op.getNumRegions() != 0 && !isa<CouplingOp>(op))
      return op.emitError("'")
             << op.getName()
             << "' has regions; the dlc graph contract allows no ops with "
                "regions (no control flow) but 'dlc.coupling': a step is one "
                "block, whose op order is its schedule";
    if (auto call = dyn_cast<CallOpInterface>(op)) {
      InFlightDiagnostic diag = op.emitError("'") << op.getName() << "' ";
      if (auto callee = dyn_cast<SymbolRefAttr>(call.getCallableForCallee()))
        diag << "calls " << callee;
      else
        diag << "is a call";
      diag << "; the dlc graph contract allows no calls: a step is one "
              "function of one block";
      return diag;
    }
    for (auto [i, result] : llvm::enumerate(op.getResults()))
      if (isa<ShapedType>(result.getType()) &&
          failed(checkTensor(
              result.getType(), [&] { return op.emitError(); },
              "result #" + Twine(i) + " of '" + op.getName().getStringRef() +
                  "'")))
        return failure();
  }
  return success();
}
