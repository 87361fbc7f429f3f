//===- DlcAttrs.cpp - dlc attributes and enums ----------------------------===//
//
// Definitions of the dlc enums generated from DlcAttrs.td.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/Dlc/IR/DlcAttrs.h"

#include "dlc/Dialect/Dlc/IR/DlcEnums.cpp.inc"
