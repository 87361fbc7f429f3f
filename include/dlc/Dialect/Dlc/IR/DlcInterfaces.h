//===- DlcInterfaces.h - dlc op interfaces ----------------------*- C++ -*-===//
//
// Declares the op interfaces and traits of the dlc dialect
// (DlcInterfaces.td) and the queries built on them.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_IR_DLCINTERFACES_H
#define DLC_DIALECT_DLC_IR_DLCINTERFACES_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpDefinition.h"

#include <cstdint>
#include <optional>

namespace mlir::dlc {
/// Op trait: the op only moves the elements of its operands; each result
/// element is a copy of an operand element, and no operand is read in any
/// other way (Dlc_MovesElements in DlcInterfaces.td).
template <typename ConcreteType>
class MovesElements : public OpTrait::TraitBase<ConcreteType, MovesElements> {};
} // namespace mlir::dlc

#include "dlc/Dialect/Dlc/IR/DlcInterfaces.h.inc"

namespace mlir::dlc {
/// The exclusive upper bound that the consumers of `value` accept for its
/// integer elements, so that drawing them from `[0, bound)` gives valid
/// inputs: the smallest IntegerOperandBoundOpInterface bound over the uses of
/// `value`, where a use by an op with the MovesElements trait is bounded by
/// that op's results, recursively. Returns 0 when no use bounds `value` (and
/// also when the smallest bound is a dimension of size 0).
int64_t getIntegerBound(Value value);
} // namespace mlir::dlc

#endif // DLC_DIALECT_DLC_IR_DLCINTERFACES_H
