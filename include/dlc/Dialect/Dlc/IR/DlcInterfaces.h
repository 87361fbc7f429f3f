//===- DlcInterfaces.h - dlc op interfaces ----------------------*- C++ -*-===//
//
// Declares the op interfaces of the dlc dialect (DlcInterfaces.td).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_IR_DLCINTERFACES_H
#define DLC_DIALECT_DLC_IR_DLCINTERFACES_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpDefinition.h"

#include "dlc/Dialect/Dlc/IR/DlcInterfaces.h.inc"

#endif // DLC_DIALECT_DLC_IR_DLCINTERFACES_H
