//===- DlcOps.td - dlc operations --------------------------*- tablegen -*-===//
//
// The operations of the dlc dialect: the tensor ops that the forward pass of
// an MLP, a ResNet block and a transformer layer are written with. Shape rules
// live in the ops' `inferReturnTypes`, so a wrong shape is reported with the
// dimension at fault, and builders need no result type.
//
// This file is an umbrella: the ops are defined by family, one .td file each,
// named like the family's tests in test/Dialect/Dlc/ and mirrored by a .cpp
// file in lib/Dialect/Dlc/IR/; the classes they share are in DlcOpBase.td.
// TableGen emits the ops sorted by name, so the include order is free.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_IR_DLCOPS_TD
#define DLC_DIALECT_DLC_IR_DLCOPS_TD

include "dlc/Dialect/Dlc/IR/DlcOpBase.td"
include "dlc/Dialect/Dlc/IR/DlcLinearAlgebraOps.td"
include "dlc/Dialect/Dlc/IR/DlcElementwiseOps.td"
include "dlc/Dialect/Dlc/IR/DlcNormalizationOps.td"
include "dlc/Dialect/Dlc/IR/DlcPoolingOps.td"
include "dlc/Dialect/Dlc/IR/DlcDataMovementOps.td"
include "dlc/Dialect/Dlc/IR/DlcReductionsAndLossesOps.td"
include "dlc/Dialect/Dlc/IR/DlcGradientOps.td"
include "dlc/Dialect/Dlc/IR/DlcReversibleOps.td"
include "dlc/Dialect/Dlc/IR/DlcSamplingOps.td"

#endif // DLC_DIALECT_DLC_IR_DLCOPS_TD
