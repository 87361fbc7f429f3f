//===- DlcNormalizationOps.td - dlc normalization ops ------*- tablegen -*-===//
//
// The normalizations of the dlc dialect: `softmax`, `layer_norm` and
// `batch_norm` (training form). Their rules are in DlcNormalizationOps.cpp;
// the tests are test/Dialect/Dlc/normalization*.mlir.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_IR_DLCNORMALIZATIONOPS_TD
#define DLC_DIALECT_DLC_IR_DLCNORMALIZATIONOPS_TD

include "dlc/Dialect/Dlc/IR/DlcOpBase.td"

//===----------------------------------------------------------------------===//
// Normalization
//===----------------------------------------------------------------------===//

def Dlc_SoftmaxOp : Dlc_Op<"softmax", [
    Pure, SameOperandsAndResultType,
    DeclareOpInterfaceMethods<Dlc_DifferentiableOpInterface>]> {
  let summary = "softmax along one axis";
  let description = [{
    `exp(x - max) / sum(exp(x - max))` along `axis` (0 ≤ axis < rank), with
    the maximum subtracted for numerical stability.

    ```mlir
    %p = dlc.softmax %s {axis = 3 : i64} : tensor<8x12x512x512xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input,
                       ConfinedAttr<I64Attr, [IntNonNegative]>:$axis);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def Dlc_LayerNormOp : Dlc_InferredOp<"layer_norm", [
    DeclareOpInterfaceMethods<Dlc_DifferentiableOpInterface>]> {
  let summary = "layer normalization over the trailing dimensions";
  let description = [{
    Normalizes `input` over its trailing dimensions, those that `weight` and
    `bias` have (both share one shape, a suffix of the input's shape), then
    scales by `weight` and shifts by `bias`:
    `y = (x - mean) / sqrt(var + epsilon) * weight + bias`, where `var` is the
    biased variance (divided by the element count), as in PyTorch's
    `nn.LayerNorm`.

    ```mlir
    %y = dlc.layer_norm %x, %g, %b {epsilon = 9.9999999999999998E-13 : f64}
        : (tensor<8x512x768xf32>, tensor<768xf32>, tensor<768xf32>)
        -> tensor<8x512x768xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input, Dlc_FloatTensor:$weight,
                       Dlc_FloatTensor:$bias,
                       DefaultValuedAttr<ConfinedAttr<F64Attr,
                           [Dlc_FloatNonNegative]>, "1.0e-5">:$epsilon);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight `,` $bias attr-dict `:`
    functional-type(operands, results)
  }];
}

def Dlc_BatchNormOp : Dlc_InferredOp<"batch_norm", [
    DeclareOpInterfaceMethods<Dlc_DifferentiableOpInterface>]> {
  let summary = "batch normalization, training form";
  let description = [{
    Normalizes an `[N, C, ...]` input per channel with the statistics of the
    batch (training mode of PyTorch's `nn.BatchNorm2d`):
    `y = (x - mean) / sqrt(var + epsilon) * weight + bias`, where `mean` and
    `var` are taken over every dimension except the channel dimension 1 and
    `var` is biased. `weight` and `bias` are `[C]`. Besides `y` the op returns
    the batch `mean` and biased `var` (both `[C]`), from which a training step
    updates its running statistics.

    ```mlir
    %y, %mean, %var = dlc.batch_norm %x, %g, %b
        : (tensor<32x64x56x56xf32>, tensor<64xf32>, tensor<64xf32>)
        -> (tensor<32x64x56x56xf32>, tensor<64xf32>, tensor<64xf32>)
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input, Dlc_FloatTensor:$weight,
                       Dlc_FloatTensor:$bias,
                       DefaultValuedAttr<ConfinedAttr<F64Attr,
                           [Dlc_FloatNonNegative]>, "1.0e-5">:$epsilon);
  let results = (outs Dlc_FloatTensor:$result, Dlc_FloatTensor:$mean,
                      Dlc_FloatTensor:$variance);
  let assemblyFormat = [{
    $input `,` $weight `,` $bias attr-dict `:`
    functional-type(operands, results)
  }];
}

#endif // DLC_DIALECT_DLC_IR_DLCNORMALIZATIONOPS_TD
