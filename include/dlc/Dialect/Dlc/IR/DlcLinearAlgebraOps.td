//===- DlcLinearAlgebraOps.td - dlc linear algebra ops -----*- tablegen -*-===//
//
// The contractions of the dlc dialect: `matmul`, `linear` (a fully connected
// layer) and `conv2d`. Their shape rules are in DlcLinearAlgebraOps.cpp;
// the tests are test/Dialect/Dlc/linear-algebra*.mlir.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_IR_DLCLINEARALGEBRAOPS_TD
#define DLC_DIALECT_DLC_IR_DLCLINEARALGEBRAOPS_TD

include "dlc/Dialect/Dlc/IR/DlcOpBase.td"

//===----------------------------------------------------------------------===//
// Linear algebra
//===----------------------------------------------------------------------===//

def Dlc_MatmulOp : Dlc_InferredOp<"matmul", [
    DeclareOpInterfaceMethods<Dlc_DifferentiableOpInterface>]> {
  let summary = "batched matrix product with optional transposes";
  let description = [{
    Multiplies the two innermost dimensions of `lhs` and `rhs`; all leading
    dimensions are batch dimensions and must be equal in both operands (both
    operands have the same rank, at least 2). With `transpose_lhs`
    (`transpose_rhs`) the operand's two innermost dimensions are swapped
    before the product, so attention scores are `matmul %q, %k
    {transpose_rhs}` without a separate transpose.

    ```mlir
    %s = dlc.matmul %q, %k {transpose_rhs}
        : (tensor<8x12x512x64xf32>, tensor<8x12x512x64xf32>)
        -> tensor<8x12x512x512xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$lhs, Dlc_FloatTensor:$rhs,
                       UnitAttr:$transpose_lhs, UnitAttr:$transpose_rhs);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
}

def Dlc_LinearOp : Dlc_InferredOp<"linear", [
    DeclareOpInterfaceMethods<Dlc_DifferentiableOpInterface>]> {
  let summary = "fully connected layer: input · weightᵀ + bias";
  let description = [{
    Computes `input · weightᵀ + bias` over the last dimension of `input`, as
    PyTorch's `nn.Linear` does. `input` is `[..., in]` (rank at least 1),
    `weight` is `[out, in]` and the optional `bias` is `[out]`; the result is
    `[..., out]`.

    ```mlir
    %h = dlc.linear %x, %w, %b
        : (tensor<64x784xf32>, tensor<1024x784xf32>, tensor<1024xf32>)
        -> tensor<64x1024xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input, Dlc_FloatTensor:$weight,
                       Optional<Dlc_FloatTensor>:$bias);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:`
    functional-type(operands, results)
  }];
}

def Dlc_Conv2DOp : Dlc_InferredOp<"conv2d", [
    DeclareOpInterfaceMethods<Dlc_DifferentiableOpInterface>]> {
  let summary = "2-D convolution (NCHW input, FCHW filter)";
  let description = [{
    Cross-correlates an `[N, C, H, W]` input with an `[F, C / groups, KH, KW]`
    filter, as PyTorch's `nn.Conv2d` does, and adds the optional `[F]` bias.
    `strides`, `padding` (zeros, applied on both sides) and `dilation` are
    `[height, width]` pairs; `groups` must divide both C and F. The output is
    `[N, F, OH, OW]` with
    `OH = (H + 2 * padding[0] - dilation[0] * (KH - 1) - 1) / strides[0] + 1`
    (rounded down), and likewise for OW.

    ```mlir
    %y = dlc.conv2d %x, %w {padding = array<i64: 1, 1>}
        : (tensor<32x64x56x56xf32>, tensor<64x64x3x3xf32>)
        -> tensor<32x64x56x56xf32>
    ```
  }];
  let arguments = (ins
    Dlc_FloatTensor:$input, Dlc_FloatTensor:$weight,
    Optional<Dlc_FloatTensor>:$bias,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
    DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0}">:$padding,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilation,
    DefaultValuedAttr<I64Attr, "1">:$groups);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:`
    functional-type(operands, results)
  }];
}

#endif // DLC_DIALECT_DLC_IR_DLCLINEARALGEBRAOPS_TD
