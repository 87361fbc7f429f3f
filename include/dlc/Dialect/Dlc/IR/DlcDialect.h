//===- DlcDialect.h - The dlc dialect ---------------------------*- C++ -*-===//
//
// Declares the dlc dialect class. Include DlcOps.h for the ops.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_IR_DLCDIALECT_H
#define DLC_DIALECT_DLC_IR_DLCDIALECT_H

#include "mlir/IR/Dialect.h"

#include "dlc/Dialect/Dlc/IR/DlcDialect.h.inc"

#endif // DLC_DIALECT_DLC_IR_DLCDIALECT_H
