//===- DlcPoolingOps.td - dlc pooling ops ------------------*- tablegen -*-===//
//
// The pooling ops of the dlc dialect (NCHW): `max_pool2d`, `avg_pool2d` and
// `global_avg_pool2d`. Their shape rules are in DlcPoolingOps.cpp; the tests
// are test/Dialect/Dlc/pooling*.mlir.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_IR_DLCPOOLINGOPS_TD
#define DLC_DIALECT_DLC_IR_DLCPOOLINGOPS_TD

include "dlc/Dialect/Dlc/IR/DlcOpBase.td"

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

def Dlc_MaxPool2DOp
    : Dlc_InferredOp<"max_pool2d", [
        DeclareOpInterfaceMethods<Dlc_DifferentiableOpInterface>]> {
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
    : Dlc_InferredOp<"avg_pool2d", [
        DeclareOpInterfaceMethods<Dlc_DifferentiableOpInterface>]> {
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
    : Dlc_InferredOp<"global_avg_pool2d", [
        DeclareOpInterfaceMethods<Dlc_DifferentiableOpInterface>]> {
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

#endif // DLC_DIALECT_DLC_IR_DLCPOOLINGOPS_TD
