//===- DlcOps.td - dlc operations ---------------------------*- tablegen -*-===//
//
// The operations of the dlc dialect: the tensor ops that the forward pass of
// an MLP, a ResNet block and a transformer layer are written with. Shape rules
// live in the ops' `inferReturnTypes` (DlcOps.cpp), so a wrong shape is
// reported with the dimension at fault, and builders need no result type.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_IR_DLCOPS_TD
#define DLC_DIALECT_DLC_IR_DLCOPS_TD

include "dlc/Dialect/Dlc/IR/DlcAttrs.td"
include "dlc/Dialect/Dlc/IR/DlcInterfaces.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

// An op whose result types follow from its operands and attributes. The shape
// rules are its `inferReturnTypes`; `verify` applies them and compares the
// declared result types before the interface's generic check runs, so a bad
// operand or result is reported once, naming what is at fault.
class Dlc_InferredOp<string mnemonic, list<Trait> traits = []>
    : Dlc_Op<mnemonic, !listconcat([Pure, InferTypeOpAdaptor], traits)> {
  let hasVerifier = 1;
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::verify() {
      ::llvm::SmallVector<::mlir::Type> inferred;
      if (::mlir::failed(inferReturnTypes(getContext(), getLoc(),
                                          Adaptor(*this), inferred)))
        return ::mlir::failure();
      return ::mlir::dlc::verifyInferredResults(getOperation(), inferred);
    }
  }];
}

//===----------------------------------------------------------------------===//
// Linear algebra
//===----------------------------------------------------------------------===//

def Dlc_MatmulOp : Dlc_InferredOp<"matmul", [DeclareOpInterfaceMethods<Dlc_DifferentiableOpInterface>]> {
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

def Dlc_LinearOp : Dlc_InferredOp<"linear", [DeclareOpInterfaceMethods<Dlc_DifferentiableOpInterface>]> {
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

def Dlc_Conv2DOp : Dlc_InferredOp<"conv2d", [DeclareOpInterfaceMethods<Dlc_DifferentiableOpInterface>]> {
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

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

class Dlc_BinaryElementwiseOp<string mnemonic, string what>
    : Dlc_InferredOp<mnemonic, [DeclareOpInterfaceMethods<Dlc_DifferentiableOpInterface>]> {
  let summary = "elementwise " # what # " with broadcasting";
  let description = [{
    Computes the elementwise }] # what # [{ of `lhs` and `rhs`. The operands
    share one element type and broadcast like NumPy: shapes are aligned at
    their trailing dimension, a missing leading dimension counts as 1, and two
    aligned sizes must be equal or one of them 1. The result has the
    broadcast shape.

    ```mlir
    %y = dlc.}] # mnemonic # [{ %a, %b
        : (tensor<8x512x768xf32>, tensor<768xf32>) -> tensor<8x512x768xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$lhs, Dlc_FloatTensor:$rhs);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
}

def Dlc_AddOp : Dlc_BinaryElementwiseOp<"add", "sum">;
def Dlc_SubOp : Dlc_BinaryElementwiseOp<"sub", "difference">;
def Dlc_MulOp : Dlc_BinaryElementwiseOp<"mul", "product">;
def Dlc_DivOp : Dlc_BinaryElementwiseOp<"div", "quotient">;

class Dlc_UnaryElementwiseOp<string mnemonic, string formula,
                             list<Trait> traits = []>
    : Dlc_Op<mnemonic, !listconcat([Pure, SameOperandsAndResultType,
                                    DeclareOpInterfaceMethods<Dlc_DifferentiableOpInterface>],
                                   traits)> {
  let summary = "elementwise " # formula;
  let description = [{
    Applies `}] # formula # [{` to every element; the result has the
    type of the input.
  }];
  let arguments = (ins Dlc_FloatTensor:$input);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def Dlc_ReluOp : Dlc_UnaryElementwiseOp<"relu", "max(x, 0)">;
def Dlc_TanhOp : Dlc_UnaryElementwiseOp<"tanh", "tanh(x)">;
def Dlc_SigmoidOp : Dlc_UnaryElementwiseOp<"sigmoid", "1 / (1 + exp(-x))">;
def Dlc_ExpOp : Dlc_UnaryElementwiseOp<"exp", "exp(x)">;
def Dlc_SqrtOp : Dlc_UnaryElementwiseOp<"sqrt", "sqrt(x)">;

def Dlc_GeluOp : Dlc_Op<"gelu", [Pure, SameOperandsAndResultType,
                                 DeclareOpInterfaceMethods<Dlc_DifferentiableOpInterface>]> {
  let summary = "Gaussian error linear unit";
  let description = [{
    `gelu(x) = x · Φ(x)` with Φ the standard normal CDF, as PyTorch defines
    it. With `approximate none` (the default) Φ is evaluated exactly,
    `Φ(x) = (1 + erf(x / √2)) / 2`; with `approximate tanh` it is
    `(1 + tanh(√(2/π) · (x + 0.044715 x³))) / 2`.

    ```mlir
    %y = dlc.gelu %x approximate tanh : tensor<8x512x3072xf32>
    ```
  }];
  let arguments = (ins
    Dlc_FloatTensor:$input,
    DefaultValuedAttr<Dlc_GeluApproximation,
                      "::mlir::dlc::GeluApproximation::none">:$approximate);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = [{
    $input (`approximate` $approximate^)? attr-dict `:` type($input)
  }];
}

def Dlc_DropoutOp : Dlc_Op<"dropout", [Pure, SameOperandsAndResultType,
                                       DeclareOpInterfaceMethods<Dlc_DifferentiableOpInterface>]> {
  let summary = "deterministic dropout with an explicit seed";
  let description = [{
    Zeroes each element with probability `probability` and scales the kept
    ones by `1 / (1 - probability)`. The mask is a pure function of `seed`
    and the element's row-major linear index `i`, so evaluating the op twice
    (for instance when a pass recomputes it) gives the same mask, on every
    back end:

    ```
    z = seed + (i + 1) * 0x9E3779B97F4A7C15            (all mod 2^64)
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
    z = (z ^ (z >> 27)) * 0x94D049BB133111EB
    z = z ^ (z >> 31)                                   (SplitMix64)
    keep element i  iff  (z >> 40) >= ceil(probability * 2^24)
    ```

    that is, when the uniform number `(z >> 40) / 2^24` in [0, 1) is at
    least `probability`. Two dropout ops should be given different seeds.

    ```mlir
    %y = dlc.dropout %x {probability = 1.000000e-01 : f64, seed = 7 : i64}
        : tensor<8x512x768xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input,
                       ConfinedAttr<F64Attr, [Dlc_FloatNonNegative]>:$probability,
                       I64Attr:$seed);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Normalization
//===----------------------------------------------------------------------===//

def Dlc_SoftmaxOp : Dlc_Op<"softmax", [Pure, SameOperandsAndResultType,
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

def Dlc_LayerNormOp : Dlc_InferredOp<"layer_norm", [DeclareOpInterfaceMethods<Dlc_DifferentiableOpInterface>]> {
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

def Dlc_BatchNormOp : Dlc_InferredOp<"batch_norm", [DeclareOpInterfaceMethods<Dlc_DifferentiableOpInterface>]> {
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

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

def Dlc_MaxPool2DOp
    : Dlc_InferredOp<"max_pool2d", [DeclareOpInterfaceMethods<Dlc_DifferentiableOpInterface>]> {
  let summary = "2-D max pooling (NCHW)";
  let description = [{
    Takes the maximum over `kernel_size` windows of an `[N, C, H, W]` input.
    `kernel_size`, `strides` and `padding` are `[height, width]` pairs;
    padding (at most half the window) is never selected. The output is
    `[N, C, OH, OW]` with `OH = (H + 2 * padding[0] - kernel_size[0]) /
    strides[0] + 1` (rounded down), and likewise for OW.

    ```mlir
    %y = dlc.max_pool2d %x {kernel_size = array<i64: 3, 3>,
                            strides = array<i64: 2, 2>,
                            padding = array<i64: 1, 1>}
        : (tensor<32x64x112x112xf32>) -> tensor<32x64x56x56xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input,
                       DenseI64ArrayAttr:$kernel_size,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0}">:$padding);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
}

def Dlc_AvgPool2DOp
    : Dlc_InferredOp<"avg_pool2d", [DeclareOpInterfaceMethods<Dlc_DifferentiableOpInterface>]> {
  let summary = "2-D average pooling (NCHW)";
  let description = [{
    Averages over `kernel_size` windows of an `[N, C, H, W]` input, with the
    window and output shape rules of `dlc.max_pool2d`. With
    `count_include_pad` (the default, as in PyTorch) a window's sum is divided
    by the full window size, padded zeros included; without it, by the number
    of input elements the window covers.

    ```mlir
    %y = dlc.avg_pool2d %x {kernel_size = array<i64: 2, 2>,
                            strides = array<i64: 2, 2>}
        : (tensor<32x64x56x56xf32>) -> tensor<32x64x28x28xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input,
                       DenseI64ArrayAttr:$kernel_size,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0}">:$padding,
                       DefaultValuedAttr<BoolAttr, "true">:$count_include_pad);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
}

def Dlc_GlobalAvgPool2DOp
    : Dlc_InferredOp<"global_avg_pool2d", [DeclareOpInterfaceMethods<Dlc_DifferentiableOpInterface>]> {
  let summary = "mean over the spatial dimensions (NCHW to NC)";
  let description = [{
    Averages an `[N, C, H, W]` input over H and W, giving `[N, C]`, ready
    for a `dlc.linear` classifier.

    ```mlir
    %y = dlc.global_avg_pool2d %x
        : (tensor<32x2048x7x7xf32>) -> tensor<32x2048xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Lookup and data movement
//===----------------------------------------------------------------------===//

def Dlc_EmbeddingOp : Dlc_InferredOp<"embedding", [DeclareOpInterfaceMethods<Dlc_DifferentiableOpInterface>]> {
  let summary = "row lookup in an embedding table";
  let description = [{
    Gathers rows of a `[V, D]` `table` at the integer `indices` (any shape
    `[...]`, `i32` or `i64`), giving `[..., D]`. Every index must lie in
    `[0, V)`; the result for an index outside it is unspecified.

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

def Dlc_ReshapeOp : Dlc_Op<"reshape", [Pure, DeclareOpInterfaceMethods<Dlc_DifferentiableOpInterface>]> {
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

def Dlc_TransposeOp : Dlc_InferredOp<"transpose", [DeclareOpInterfaceMethods<Dlc_DifferentiableOpInterface>]> {
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

def Dlc_SliceOp : Dlc_InferredOp<"slice", [DeclareOpInterfaceMethods<Dlc_DifferentiableOpInterface>]> {
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

def Dlc_ConcatOp : Dlc_InferredOp<"concat", [DeclareOpInterfaceMethods<Dlc_DifferentiableOpInterface>]> {
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

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

class Dlc_ReduceOp<string mnemonic, string what>
    : Dlc_InferredOp<mnemonic, [DeclareOpInterfaceMethods<Dlc_DifferentiableOpInterface>]> {
  let summary = what # " over a set of axes";
  let description = [{
    Reduces `input` to the }] # what # [{ of its elements over `axes`
    (strictly increasing, each in `[0, rank)`). With `keep_dims` the reduced
    dimensions stay as size 1; otherwise they are removed, and reducing every
    axis gives a rank-0 tensor.

    ```mlir
    %r = dlc.}] # mnemonic # [{ %x axes [1] {keep_dims}
        : (tensor<8x512x768xf32>) -> tensor<8x1x768xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input, DenseI64ArrayAttr:$axes,
                       UnitAttr:$keep_dims);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = [{
    $input `axes` $axes attr-dict `:` functional-type(operands, results)
  }];
}

def Dlc_ReduceSumOp : Dlc_ReduceOp<"reduce_sum", "sum">;
def Dlc_ReduceMeanOp : Dlc_ReduceOp<"reduce_mean", "mean">;

//===----------------------------------------------------------------------===//
// Losses
//===----------------------------------------------------------------------===//

def Dlc_CrossEntropyOp : Dlc_InferredOp<"cross_entropy", [DeclareOpInterfaceMethods<Dlc_DifferentiableOpInterface>]> {
  let summary = "softmax cross-entropy with integer class labels";
  let description = [{
    For `[N, C]` `logits` and `[N]` integer `labels` (each in `[0, C)`),
    returns the mean over the batch of `logsumexp(logits[n]) -
    logits[n, labels[n]]` as a rank-0 tensor, like PyTorch's
    `nn.CrossEntropyLoss` with its default mean reduction.

    ```mlir
    %loss = dlc.cross_entropy %logits, %labels
        : (tensor<64x10xf32>, tensor<64xi64>) -> tensor<f32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$logits, Dlc_IntegerTensor:$labels);
  let results = (outs Dlc_FloatScalar:$result);
  let assemblyFormat = [{
    $logits `,` $labels attr-dict `:` functional-type(operands, results)
  }];
}

def Dlc_MseLossOp : Dlc_InferredOp<"mse_loss", [DeclareOpInterfaceMethods<Dlc_DifferentiableOpInterface>]> {
  let summary = "mean squared error";
  let description = [{
    Returns `mean((input - target)²)` over all elements as a rank-0 tensor;
    `input` and `target` have the same type.

    ```mlir
    %loss = dlc.mse_loss %y, %t
        : (tensor<8x512x768xf32>, tensor<8x512x768xf32>) -> tensor<f32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input, Dlc_FloatTensor:$target);
  let results = (outs Dlc_FloatScalar:$result);
  let assemblyFormat = [{
    $input `,` $target attr-dict `:` functional-type(operands, results)
  }];
}

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

def Dlc_CrossEntropyGradOp : Dlc_InferredOp<"cross_entropy_grad"> {
  let summary = "gradient of cross_entropy with respect to the logits";
  let description = [{
    The vector-Jacobian product of `dlc.cross_entropy`:
    `(softmax(logits) - onehot(labels)) * grad / N` for `[N, C]` logits,
    `[N]` integer labels and the rank-0 gradient of the loss. The softmax is
    recomputed from the logits (with the maximum subtracted).

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

def Dlc_EmbeddingGradOp : Dlc_Op<"embedding_grad", [Pure]> {
  let summary = "gradient of embedding with respect to the table";
  let description = [{
    The vector-Jacobian product of `dlc.embedding`: a `[V, D]` table (the
    result type) of zeros to which each row of `grad` (`[..., D]`) is added
    at the row its index names (indices clamped into `[0, V)` as the
    lowering of `dlc.embedding` does). Repeated indices accumulate.

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

#endif // DLC_DIALECT_DLC_IR_DLCOPS_TD
