//===- DlcInterfaces.cpp - dlc op interfaces ------------------------------===//
//
// Definitions of the op interfaces generated from DlcInterfaces.td, and the
// queries that tools ask through them instead of knowing the ops.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/Dlc/IR/DlcInterfaces.h"

#include <algorithm>

using namespace mlir;
using namespace mlir::dlc;

#include "dlc/Dialect/Dlc/IR/DlcInterfaces.cpp.inc"

int64_t mlir::dlc::getIntegerBound(Value value) {
  int64_t bound = 0;
  auto tighten = [&](int64_t b) { bound = bound ? std::min(bound, b) : b; };
  for (OpOperand &use : value.getUses()) {
    Operation *user = use.getOwner();
    if (auto consumer = dyn_cast<IntegerOperandBoundOpInterface>(user))
      if (std::optional<int64_t> b = consumer.getIntegerOperandBound(use))
        tighten(*b);
    // A moved copy of `value` is bounded by the consumers of the copy.
    if (user->hasTrait<MovesElements>())
      for (Value result : user->getResults())
        if (int64_t b = getIntegerBound(result))
          tighten(b);
  }
  return bound;
}
