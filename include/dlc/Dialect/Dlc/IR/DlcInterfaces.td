//===- DlcInterfaces.td - dlc op interfaces -----------------*- tablegen -*-===//
//
// Interfaces that dlc's passes query instead of knowing every op. An op
// joins a pass by implementing the interface; the pass does not change.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_IR_DLCINTERFACES_TD
#define DLC_DIALECT_DLC_IR_DLCINTERFACES_TD

include "mlir/IR/OpBase.td"

def Dlc_DifferentiableOpInterface : OpInterface<"DifferentiableOpInterface"> {
  let cppNamespace = "::mlir::dlc";
  let description = [{
    An op that knows its vector-Jacobian product: given the gradient of a
    scalar with respect to each of its results, it builds the ops that give
    the gradient with respect to each of its operands. `--dlc-autodiff`
    calls it on every op of the forward pass in reverse order.
  }];
  let methods = [
    InterfaceMethod<[{
        Builds, at the builder's insertion point, the gradients of the
        operands from `resultGrads` (one per result; a null value for a
        result that receives no gradient). Appends one value per operand to
        `operandGrads`: the gradient, or a null value for an operand that is
        not differentiable (integer ids and labels). The forward values
        (operands and results) may be used; they stay alive until the
        backward op that reads them.
      }],
      "::llvm::LogicalResult", "buildVJP",
      (ins "::mlir::OpBuilder &":$builder,
           "::mlir::ValueRange":$resultGrads,
           "::llvm::SmallVectorImpl<::mlir::Value> &":$operandGrads)>
  ];
}

#endif // DLC_DIALECT_DLC_IR_DLCINTERFACES_TD
