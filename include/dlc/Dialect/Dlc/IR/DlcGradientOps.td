//===- DlcGradientOps.td - dlc gradient ops ----------------*- tablegen -*-===//
//
// The gradient ops of the dlc dialect: the vector-Jacobian products that
// the forward ops' `buildVJP` (DlcOpsVJP.cpp) emits where a gradient is not
// a composition of forward ops. Each takes the attributes of the op it
// differentiates and is checked against that op's shape rules
// (DlcGradientOps.cpp); the tests are test/Dialect/Dlc/gradients*.mlir.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_IR_DLCGRADIENTOPS_TD
#define DLC_DIALECT_DLC_IR_DLCGRADIENTOPS_TD

include "dlc/Dialect/Dlc/IR/DlcOpBase.td"

//===----------------------------------------------------------------------===//
// Gradient ops
//===----------------------------------------------------------------------===//

def Dlc_ReluGradOp : Dlc_Op<"relu_grad", [Pure, SameOperandsAndResultType]> {
  let summary = "gradient of relu";
  let description = [{
    The vector-Jacobian product of `dlc.relu`: `grad` where `input > 0`,
    zero elsewhere (also at 0 and NaN, as PyTorch's threshold backward).

    ```mlir
    %dx = dlc.relu_grad %dy, %x : tensor<64x1024xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$grad, Dlc_FloatTensor:$input);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "$grad `,` $input attr-dict `:` type($result)";
}

def Dlc_CrossEntropyGradOp : Dlc_InferredOp<"cross_entropy_grad", [
    DeclareOpInterfaceMethods<Dlc_IntegerOperandBoundOpInterface>]> {
  let summary = "gradient of cross_entropy with respect to the logits";
  let description = [{
    The vector-Jacobian product of `dlc.cross_entropy`:
    `(softmax(logits) - onehot(labels)) * grad / N` for `[N, C]` logits,
    `[N]` integer labels and the rank-0 gradient of the loss. The softmax is
    recomputed from the logits (with the maximum subtracted). Valid exactly
    where `dlc.cross_entropy` is: `C` and `N` at least 1.

    ```mlir
    %dlogits = dlc.cross_entropy_grad %logits, %labels, %dloss
        : (tensor<64x10xf32>, tensor<64xi64>, tensor<f32>) -> tensor<64x10xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$logits, Dlc_IntegerTensor:$labels,
                       Dlc_FloatScalar:$grad);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = [{
    $logits `,` $labels `,` $grad attr-dict `:`
    functional-type(operands, results)
  }];
}

def Dlc_GeluGradOp : Dlc_Op<"gelu_grad", [Pure, SameOperandsAndResultType]> {
  let summary = "gradient of gelu";
  let description = [{
    The vector-Jacobian product of `dlc.gelu`: `grad * gelu'(input)` with
    the derivative of the same form (`approximate none`:
    `Φ(x) + x φ(x)`; `approximate tanh`: the derivative of the tanh
    formula).

    ```mlir
    %dx = dlc.gelu_grad %dy, %x approximate tanh : tensor<8x512x3072xf32>
    ```
  }];
  let arguments = (ins
    Dlc_FloatTensor:$grad, Dlc_FloatTensor:$input,
    DefaultValuedAttr<Dlc_GeluApproximation,
                      "::mlir::dlc::GeluApproximation::none">:$approximate);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = [{
    $grad `,` $input (`approximate` $approximate^)? attr-dict `:`
    type($result)
  }];
}

def Dlc_SliceGradOp : Dlc_Op<"slice_grad", [Pure]> {
  let summary = "gradient of slice: scatter into zeros";
  let description = [{
    The vector-Jacobian product of `dlc.slice`: a tensor of the result
    type (the sliced op's input type), zero except at the elements the slice
    took (`offsets[d] + k * strides[d]`), which hold `grad`.

    ```mlir
    %dh = dlc.slice_grad %dcls offsets [0, 0, 0] strides [1, 1, 1]
        : (tensor<8x1x768xf32>) -> tensor<8x512x768xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$grad, DenseI64ArrayAttr:$offsets,
                       DenseI64ArrayAttr:$strides);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = [{
    $grad `offsets` $offsets `strides` $strides attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Dlc_LayerNormGradOp : Dlc_InferredOp<"layer_norm_grad"> {
  let summary = "gradient of layer_norm";
  let description = [{
    The vector-Jacobian product of `dlc.layer_norm` with the same
    `epsilon`: from the output gradient, the input and the weight, it
    recomputes the normalized input `x̂` and returns the gradients of the
    input, the weight and the bias:
    `dx = (g - mean(g) - x̂ mean(g x̂)) / sqrt(var + epsilon)` with
    `g = grad * weight` and means over the normalized dimensions,
    `dweight = sum(grad * x̂)` and `dbias = sum(grad)` over the others.

    ```mlir
    %dx, %dw, %db = dlc.layer_norm_grad %dy, %x, %w
        : (tensor<8x512x768xf32>, tensor<8x512x768xf32>, tensor<768xf32>)
        -> (tensor<8x512x768xf32>, tensor<768xf32>, tensor<768xf32>)
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$grad, Dlc_FloatTensor:$input,
                       Dlc_FloatTensor:$weight,
                       DefaultValuedAttr<ConfinedAttr<F64Attr,
                           [Dlc_FloatNonNegative]>, "1.0e-5">:$epsilon);
  let results = (outs Dlc_FloatTensor:$input_grad,
                      Dlc_FloatTensor:$weight_grad,
                      Dlc_FloatTensor:$bias_grad);
  let assemblyFormat = [{
    $grad `,` $input `,` $weight attr-dict `:`
    functional-type(operands, results)
  }];
}

def Dlc_BatchNormGradOp : Dlc_InferredOp<"batch_norm_grad"> {
  let summary = "gradient of batch_norm (training form)";
  let description = [{
    The vector-Jacobian product of `dlc.batch_norm`'s normalized output,
    with the same `epsilon`: from the output gradient, the `[N, C, ...]`
    input and the `[C]` weight, it recomputes the batch statistics and
    returns the gradients of the input, the weight and the bias, as
    `dlc.layer_norm_grad` does with the statistics taken over every
    dimension but the channels.

    ```mlir
    %dx, %dw, %db = dlc.batch_norm_grad %dy, %x, %w
        : (tensor<32x64x56x56xf32>, tensor<32x64x56x56xf32>, tensor<64xf32>)
        -> (tensor<32x64x56x56xf32>, tensor<64xf32>, tensor<64xf32>)
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$grad, Dlc_FloatTensor:$input,
                       Dlc_FloatTensor:$weight,
                       DefaultValuedAttr<ConfinedAttr<F64Attr,
                           [Dlc_FloatNonNegative]>, "1.0e-5">:$epsilon);
  let results = (outs Dlc_FloatTensor:$input_grad,
                      Dlc_FloatTensor:$weight_grad,
                      Dlc_FloatTensor:$bias_grad);
  let assemblyFormat = [{
    $grad `,` $input `,` $weight attr-dict `:`
    functional-type(operands, results)
  }];
}

def Dlc_Conv2DInputGradOp : Dlc_Op<"conv2d_input_grad", [Pure]> {
  let summary = "gradient of conv2d with respect to its input";
  let description = [{
    The vector-Jacobian product of `dlc.conv2d` for its input: given the
    output gradient `[N, F, OH, OW]` and the filter, the gradient of the
    `[N, C, H, W]` input (the result type; it is not implied by the output
    shape when strides exceed 1). The attributes are the convolution's.
    Each input element receives the sum, over the output positions and
    filter taps that read it, of output gradient times filter weight.

    ```mlir
    %dx = dlc.conv2d_input_grad %dy, %w {padding = array<i64: 1, 1>}
        : (tensor<32x64x56x56xf32>, tensor<64x64x3x3xf32>)
        -> tensor<32x64x56x56xf32>
    ```
  }];
  let arguments = (ins
    Dlc_FloatTensor:$grad, Dlc_FloatTensor:$weight,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
    DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0}">:$padding,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilation,
    DefaultValuedAttr<I64Attr, "1">:$groups);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = [{
    $grad `,` $weight attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Dlc_Conv2DWeightGradOp : Dlc_Op<"conv2d_weight_grad", [Pure]> {
  let summary = "gradient of conv2d with respect to its filter";
  let description = [{
    The vector-Jacobian product of `dlc.conv2d` for its filter: given the
    output gradient `[N, F, OH, OW]` and the input, the gradient of the
    `[F, C / groups, KH, KW]` filter (the result type). The attributes are
    the convolution's. Each filter weight receives the sum, over the batch
    and the output positions, of output gradient times the input element it
    multiplied.

    ```mlir
    %dw = dlc.conv2d_weight_grad %dy, %x {padding = array<i64: 1, 1>}
        : (tensor<32x64x56x56xf32>, tensor<32x64x56x56xf32>)
        -> tensor<64x64x3x3xf32>
    ```
  }];
  let arguments = (ins
    Dlc_FloatTensor:$grad, Dlc_FloatTensor:$input,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
    DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0}">:$padding,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilation,
    DefaultValuedAttr<I64Attr, "1">:$groups);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = [{
    $grad `,` $input attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Dlc_MaxPool2DGradOp
    : Dlc_Op<"max_pool2d_grad", [Pure, AllTypesMatch<["input", "result"]>]> {
  let summary = "gradient of max_pool2d";
  let description = [{
    The vector-Jacobian product of `dlc.max_pool2d`: each output gradient
    goes to the input element its window selected, and an input element
    selected by several overlapping windows receives their sum. The
    selection is recomputed from `input`: the first maximum of the window in
    row-major order (as PyTorch's CPU kernel picks it); padding is never
    selected, and a window whose elements are all `-inf` passes no gradient.
    The attributes are the pooling's.

    ```mlir
    %dx = dlc.max_pool2d_grad %dy, %x {kernel_size = array<i64: 3, 3>,
                                       strides = array<i64: 2, 2>,
                                       padding = array<i64: 1, 1>}
        : (tensor<32x64x56x56xf32>, tensor<32x64x112x112xf32>)
        -> tensor<32x64x112x112xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$grad, Dlc_FloatTensor:$input,
                       DenseI64ArrayAttr:$kernel_size,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0}">:$padding);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = [{
    $grad `,` $input attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Dlc_AvgPool2DGradOp : Dlc_Op<"avg_pool2d_grad", [Pure]> {
  let summary = "gradient of avg_pool2d";
  let description = [{
    The vector-Jacobian product of `dlc.avg_pool2d`: each input element
    receives, from every window that covers it, that window's output
    gradient divided by the window's divisor (the full window size with
    `count_include_pad`, else the number of input elements it covers). The
    result type is the pooling's input type, which the output shape does not
    imply when strides exceed 1. The attributes are the pooling's.

    ```mlir
    %dx = dlc.avg_pool2d_grad %dy {kernel_size = array<i64: 2, 2>,
                                   strides = array<i64: 2, 2>}
        : (tensor<32x64x28x28xf32>) -> tensor<32x64x56x56xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$grad,
                       DenseI64ArrayAttr:$kernel_size,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0}">:$padding,
                       DefaultValuedAttr<BoolAttr, "true">:$count_include_pad);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = [{
    $grad attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Dlc_EmbeddingGradOp : Dlc_Op<"embedding_grad", [
    Pure, DeclareOpInterfaceMethods<Dlc_IntegerOperandBoundOpInterface>]> {
  let summary = "gradient of embedding with respect to the table";
  let description = [{
    The vector-Jacobian product of `dlc.embedding`: a `[V, D]` table (the
    result type) of zeros to which each row of `grad` (`[..., D]`) is added
    at the row its index names (indices clamped into `[0, V)` as the
    lowering of `dlc.embedding` does). Repeated indices accumulate. As for
    `dlc.embedding`, a table of no rows is refused unless `indices` is empty.

    ```mlir
    %dtable = dlc.embedding_grad %de, %ids
        : (tensor<8x512x768xf32>, tensor<8x512xi64>) -> tensor<30522x768xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$grad, Dlc_IntegerTensor:$indices);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = [{
    $grad `,` $indices attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

#endif // DLC_DIALECT_DLC_IR_DLCGRADIENTOPS_TD
