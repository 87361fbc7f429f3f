//===- DlcAttrs.h - dlc attributes and enums --------------------*- C++ -*-===//
//
// Declares the enums of the dlc dialect.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_IR_DLCATTRS_H
#define DLC_DIALECT_DLC_IR_DLCATTRS_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"

#include "dlc/Dialect/Dlc/IR/DlcEnums.h.inc"

#endif // DLC_DIALECT_DLC_IR_DLCATTRS_H
