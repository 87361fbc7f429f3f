//===- DlcDataMovementOps.td - dlc data movement ops -------*- tablegen -*-===//
//
// The ops of the dlc dialect that move elements without computing new ones:
// the `embedding` row lookup, and `reshape`, `transpose`, `slice` and
// `concat`, which carry the `Dlc_MovesElements` trait (DlcInterfaces.td).
// Their rules and folds are in DlcDataMovementOps.cpp; the tests are
// test/Dialect/Dlc/data-movement*.mlir.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_IR_DLCDATAMOVEMENTOPS_TD
#define DLC_DIALECT_DLC_IR_DLCDATAMOVEMENTOPS_TD

include "dlc/Dialect/Dlc/IR/DlcOpBase.td"

//===----------------------------------------------------------------------===//
// Lookup and data movement
//===----------------------------------------------------------------------===//

def Dlc_EmbeddingOp : Dlc_InferredOp<"embedding", [
    DeclareOpInterfaceMethods<Dlc_DifferentiableOpInterface>,
    DeclareOpInterfaceMethods<Dlc_IntegerOperandBoundOpInterface>]> {
  let summary = "row lookup in an embedding table";
  let description = [{
    Gathers rows of a `[V, D]` `table` at the integer `indices` (any shape
    `[...]`, `i32` or `i64`), giving `[..., D]`. Every index must lie in
    `[0, V)`; the result for an index outside it is unspecified. The verifier
    refuses an empty table (`V = 0`) unless `indices` is empty too, since no
    index can name a row of it (PyTorch raises).

    ```mlir
    %e = dlc.embedding %table, %ids
        : (tensor<30522x768xf32>, tensor<8x512xi64>) -> tensor<8x512x768xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$table, Dlc_IntegerTensor:$indices);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = [{
    $table `,` $indices attr-dict `:` functional-type(operands, results)
  }];
}

def Dlc_ReshapeOp : Dlc_Op<"reshape", [
    Pure, Dlc_MovesElements,
    DeclareOpInterfaceMethods<Dlc_DifferentiableOpInterface>]> {
  let summary = "reinterpret a tensor with another shape";
  let description = [{
    Returns the elements of `input`, in row-major order, as a tensor of the
    result type, which has the same element type and element count.

    ```mlir
    %h = dlc.reshape %x : (tensor<8x512x768xf32>) -> tensor<8x512x12x64xf32>
    ```
  }];
  let arguments = (ins Dlc_Tensor:$input);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Dlc_TransposeOp : Dlc_InferredOp<"transpose", [
    Dlc_MovesElements,
    DeclareOpInterfaceMethods<Dlc_DifferentiableOpInterface>]> {
  let summary = "permute the dimensions of a tensor";
  let description = [{
    Result dimension `i` is input dimension `permutation[i]`; `permutation`
    is a permutation of `[0, rank)`.

    ```mlir
    %t = dlc.transpose %x [0, 2, 1, 3]
        : (tensor<8x512x12x64xf32>) -> tensor<8x12x512x64xf32>
    ```
  }];
  let arguments = (ins Dlc_Tensor:$input, DenseI64ArrayAttr:$permutation);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat = [{
    $input $permutation attr-dict `:` functional-type(operands, results)
  }];
  let hasFolder = 1;
}

def Dlc_SliceOp : Dlc_InferredOp<"slice", [
    Dlc_MovesElements,
    DeclareOpInterfaceMethods<Dlc_DifferentiableOpInterface>]> {
  let summary = "strided box of a tensor";
  let description = [{
    Extracts, in every dimension `d`, the `sizes[d]` elements at
    `offsets[d] + k * strides[d]`; the result has shape `sizes`. Every index
    taken must lie inside the input; strides are positive.

    ```mlir
    %cls = dlc.slice %h offsets [0, 0, 0] sizes [8, 1, 768] strides [1, 1, 1]
        : (tensor<8x512x768xf32>) -> tensor<8x1x768xf32>
    ```
  }];
  let arguments = (ins Dlc_Tensor:$input, DenseI64ArrayAttr:$offsets,
                       DenseI64ArrayAttr:$sizes, DenseI64ArrayAttr:$strides);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat = [{
    $input `offsets` $offsets `sizes` $sizes `strides` $strides attr-dict `:`
    functional-type(operands, results)
  }];
  let hasFolder = 1;
}

def Dlc_ConcatOp : Dlc_InferredOp<"concat", [
    Dlc_MovesElements,
    DeclareOpInterfaceMethods<Dlc_DifferentiableOpInterface>]> {
  let summary = "join tensors along one axis";
  let description = [{
    Concatenates one or more tensors of one rank and element type along
    `axis`; all other dimensions must agree.

    ```mlir
    %c = dlc.concat %a, %b {axis = 1 : i64}
        : (tensor<32x64x28x28xf32>, tensor<32x32x28x28xf32>)
        -> tensor<32x96x28x28xf32>
    ```
  }];
  let arguments = (ins Variadic<Dlc_Tensor>:$inputs,
                       ConfinedAttr<I64Attr, [IntNonNegative]>:$axis);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat = [{
    $inputs attr-dict `:` functional-type(operands, results)
  }];
  let hasFolder = 1;
}

#endif // DLC_DIALECT_DLC_IR_DLCDATAMOVEMENTOPS_TD
