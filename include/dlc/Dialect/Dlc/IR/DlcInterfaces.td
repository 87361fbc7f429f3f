//===- DlcInterfaces.td - dlc op interfaces ----------------*- tablegen -*-===//
//
// Interfaces and traits that dlc's passes and tools query instead of knowing
// every op. An op joins a pass by implementing the interface; the pass does
// not change.
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

def Dlc_IntegerOperandBoundOpInterface
    : OpInterface<"IntegerOperandBoundOpInterface"> {
  let cppNamespace = "::mlir::dlc";
  let description = [{
    An op that reads an integer operand as indices into one of its
    dimensions, and so accepts its elements only in `[0, bound)`: token ids
    that select rows of an embedding table, class labels that select columns
    of the logits. The verifier cannot check values, so the bound is a
    contract of the op, stated by the op: a tool that has to make up integer
    inputs (`dlc-run` draws the arguments it is not given) asks the
    consumers of a value for their bounds instead of knowing the ops.

    `mlir::dlc::getIntegerBound(value)` (DlcInterfaces.h) is that query: the
    smallest bound over the uses of `value`, looking through the data
    movement ops, which carry the `Dlc_MovesElements` trait. Moving ids
    around (reshaping, transposing, slicing or concatenating them) keeps them
    ids, so a value bounds what it was moved from.

    Moving is a trait and not a second method of this interface because it
    is a fact about the op, not about any bound: the data movement ops copy
    elements without reading them, whatever consumes the copies, and a trait
    says so once per op, without an implementation that would always answer
    "the result's bound". It also keeps this interface to the ops that
    actually constrain values.
  }];
  let methods = [
    InterfaceMethod<[{
        Returns the exclusive upper bound that the op accepts for the
        elements of `operand`, one of its own operands: each must lie in
        `[0, bound)`. Returns std::nullopt for an operand that the op does
        not index with.
      }],
      "::std::optional<int64_t>", "getIntegerOperandBound",
      (ins "::mlir::OpOperand &":$operand)>
  ];
}

// An op that only moves the elements of its operands: each result element is
// a copy of an operand element, and the op reads no operand in any other way
// (as an index, a mask or a shape). A property of the elements of a result
// (the range that its consumers accept) therefore holds for the operands'
// elements. `dlc.embedding` copies table rows but reads its indices, so it is
// not one of these ops. Carried by reshape, transpose, slice and concat.
def Dlc_MovesElements : NativeOpTrait<"MovesElements"> {
  let cppNamespace = "::mlir::dlc";
}

#endif // DLC_DIALECT_DLC_IR_DLCINTERFACES_TD
