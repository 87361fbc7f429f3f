//===- DlcAttrs.td - dlc attributes and enums --------------*- tablegen -*-===//
//
// Attribute constraints and enums of the dlc dialect. Enums print as keywords
// in the custom assembly of the ops that use them.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_IR_DLCATTRS_TD
#define DLC_DIALECT_DLC_IR_DLCATTRS_TD

include "dlc/Dialect/Dlc/IR/DlcDialect.td"
include "mlir/IR/EnumAttr.td"

// A float attribute that is not negative (and not NaN): dropout
// probabilities and normalization epsilons.
def Dlc_FloatNonNegative : AttrConstraint<
    CPred<"!::llvm::cast<::mlir::FloatAttr>($_self).getValue().isNegative() && "
          "!::llvm::cast<::mlir::FloatAttr>($_self).getValue().isNaN()">,
    "whose value is non-negative">;

def Dlc_GeluApproximation : I32EnumAttr<"GeluApproximation",
    "how gelu evaluates the Gaussian CDF", [
      I32EnumAttrCase<"none", 0>,
      I32EnumAttrCase<"tanh", 1>
    ]> {
  let cppNamespace = "::mlir::dlc";
}

#endif // DLC_DIALECT_DLC_IR_DLCATTRS_TD
