//===- DlcInterfaces.cpp - dlc op interfaces ------------------------------===//
//
// Definitions of the op interfaces generated from DlcInterfaces.td.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/Dlc/IR/DlcInterfaces.h"

#include "dlc/Dialect/Dlc/IR/DlcInterfaces.cpp.inc"
