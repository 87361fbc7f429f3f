//===- DlcReductionsAndLossesOps.td - reductions and losses *- tablegen -*-===//
//
// The ops of the dlc dialect that reduce a tensor: `reduce_sum` and
// `reduce_mean` over a set of axes, and the losses `cross_entropy` and
// `mse_loss`, which return a rank-0 mean. Their shape rules are in
// DlcReductionsAndLossesOps.cpp; the tests are
// test/Dialect/Dlc/reductions-and-losses*.mlir.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_IR_DLCREDUCTIONSANDLOSSESOPS_TD
#define DLC_DIALECT_DLC_IR_DLCREDUCTIONSANDLOSSESOPS_TD

include "dlc/Dialect/Dlc/IR/DlcOpBase.td"

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

class Dlc_ReduceOp<string mnemonic, string what, string onEmpty>
    : Dlc_InferredOp<mnemonic, [
        DeclareOpInterfaceMethods<Dlc_DifferentiableOpInterface>]> {
  let summary = what # " over a set of axes";
  let description = [{
    Reduces `input` to the }] # what # [{ of its elements over `axes`
    (strictly increasing, each in `[0, rank)`). With `keep_dims` the reduced
    dimensions stay as size 1; otherwise they are removed, and reducing every
    axis gives a rank-0 tensor.
    }] # onEmpty # [{

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

def Dlc_ReduceSumOp : Dlc_ReduceOp<"reduce_sum", "sum",
    "Axes of size 0 are allowed: the sum of no elements is 0, as in PyTorch.">;
def Dlc_ReduceMeanOp : Dlc_ReduceOp<"reduce_mean", "mean",
    "The verifier refuses axes of size 0 unless the result is empty as well: "
    "every result element would be a mean of no elements, which PyTorch "
    "returns as NaN and which has no value.">;

//===----------------------------------------------------------------------===//
// Losses
//===----------------------------------------------------------------------===//

def Dlc_CrossEntropyOp : Dlc_InferredOp<"cross_entropy", [
    DeclareOpInterfaceMethods<Dlc_DifferentiableOpInterface>,
    DeclareOpInterfaceMethods<Dlc_IntegerOperandBoundOpInterface>]> {
  let summary = "softmax cross-entropy with integer class labels";
  let description = [{
    For `[N, C]` `logits` and `[N]` integer `labels` (each in `[0, C)`),
    returns the mean over the batch of `logsumexp(logits[n]) -
    logits[n, labels[n]]` as a rank-0 tensor, like PyTorch's
    `nn.CrossEntropyLoss` with its default mean reduction. The verifier
    refuses `C = 0`, where no label is valid (PyTorch raises), and `N = 0`,
    whose mean over no rows has no value (PyTorch returns NaN).

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

def Dlc_MseLossOp : Dlc_InferredOp<"mse_loss", [
    DeclareOpInterfaceMethods<Dlc_DifferentiableOpInterface>]> {
  let summary = "mean squared error";
  let description = [{
    Returns `mean((input - target)²)` over all elements as a rank-0 tensor;
    `input` and `target` have the same type, which must hold at least one
    element (the mean of none has no value; PyTorch returns NaN).

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

#endif // DLC_DIALECT_DLC_IR_DLCREDUCTIONSANDLOSSESOPS_TD
