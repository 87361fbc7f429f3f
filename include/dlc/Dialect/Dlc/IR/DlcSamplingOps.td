//===- DlcSamplingOps.td - Activation sampling ops ---------*- tablegen -*-===//
//
// The ops of WTA-CRS activation sampling (Liu et al., 2023): a linear
// layer's weight gradient sum_i g_i^T x_i over its n input rows is estimated
// from k of them, so the forward keeps k rows of its input instead of n.
// `dlc.row_norms` scores the rows, `dlc.wta_crs_sample` picks them,
// `dlc.embedding` gathers them from a `dlc.stop_gradient` of the input, and
// `dlc.sampled_linear` is the layer whose backward uses the estimate.
// `--dlc-wta-crs` forms them; docs/wta-crs.md describes the estimator.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_IR_DLCSAMPLINGOPS_TD
#define DLC_DIALECT_DLC_IR_DLCSAMPLINGOPS_TD

include "dlc/Dialect/Dlc/IR/DlcOpBase.td"

def Dlc_F32Tensor : StaticShapeTensorOf<[F32]>;
def Dlc_I64Tensor : StaticShapeTensorOf<[I64]>;

def Dlc_StopGradientOp : Dlc_Op<"stop_gradient", [
    Pure, SameOperandsAndResultType]> {
  let summary = "the input, as a value that carries no gradient";
  let description = [{
    Returns `input` unchanged; `--dlc-autodiff` treats the result as a
    constant, so no gradient flows back through it (PyTorch's `detach`,
    JAX's `stop_gradient`). The lowering replaces it by its input.

    ```mlir
    %d = dlc.stop_gradient %x : tensor<4096x768xbf16>
    ```
  }];
  let arguments = (ins Dlc_Tensor:$input);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def Dlc_RowNormsOp : Dlc_InferredOp<"row_norms"> {
  let summary = "Euclidean norm of each row (over the last dimension)";
  let description = [{
    For `input` `[..., d]` (rank at least 1, any float type), gives the
    `[...]` tensor of `sqrt(sum_j input[..., j]^2)`, in f32, summed in f32
    (f64 for an f64 input). The result carries no gradient: the op has no
    vector-Jacobian product, and `--dlc-autodiff` refuses a path from a
    parameter to the loss through it (the sampler's scores are read through
    `dlc.stop_gradient`).

    ```mlir
    %n = dlc.row_norms %x : (tensor<4096x768xbf16>) -> tensor<4096xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input);
  let results = (outs Dlc_F32Tensor:$result);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
}

def Dlc_WtaCrsSampleOp : Dlc_Op<"wta_crs_sample", [Pure]> {
  let summary = "winner-take-all column-row sampling of k of n rows";
  let description = [{
    Picks `k` of the `n` rows scored by `scores` (`[n]` f32, the result
    types give `k`, `1 <= k <= n`) for an unbiased estimate of a sum
    `sum_i t_i` from `sum_r scales[r] * t[indices[r]]`. With `w_i` the
    scores (a negative or NaN score counts as 0; all zero: all 1) and
    `S = sum_i w_i`:

    1. The rows by decreasing `w` (ties: lower index first); `T(c)` the sum
       of the first `c`. The deterministic count `c` minimizes
       `(S - T(c))^2 / (k - c)` over `0 <= c < k` (the bound on the sampled
       part's variance when `w` is proportional to `|t_i|`; first minimum),
       or is the first `c <= k` with `T(c) = S`, whose variance is 0.
    2. Slots `r < c` hold the top `c` rows in that order, scale 1.
    3. Slots `r >= c` each draw, with replacement, a row `j` of the rest
       with probability `w_j / R`, `R = S - T(c)` (the inverse of the rest's
       cumulative sum in index order at `u_r * R`, with `u_r` the uniform
       number `(z >> 11) / 2^53` from the hash that `dlc.dropout` uses at
       position `r` of the stream of `seed`), scale `R / ((k - c) * w_j)`;
       when `R = 0` they are row 0 with scale 0.

    `count` is `c`. Sums are in f64; the results are a pure function of
    `scores` and `seed`.

    ```mlir
    %idx, %scales, %c = dlc.wta_crs_sample %scores {seed = 3 : i64}
        : (tensor<4096xf32>) -> (tensor<1228xi64>, tensor<1228xf32>, tensor<i64>)
    ```
  }];
  let arguments = (ins Dlc_F32Tensor:$scores, I64Attr:$seed);
  let results = (outs Dlc_I64Tensor:$indices, Dlc_F32Tensor:$scales,
                      Dlc_I64Tensor:$count);
  let assemblyFormat = [{
    $scores attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Dlc_SampledLinearOp : Dlc_Op<"sampled_linear", [
    Pure, DeclareOpInterfaceMethods<Dlc_DifferentiableOpInterface>]> {
  let summary = "a linear layer whose weight gradient is estimated from "
                "sampled rows";
  let description = [{
    Computes `dlc.linear %input, %weight(, %bias)` exactly. Its backward
    differs: with `dy` the result's gradient as `[n, out]` (n the rows of
    `input`), the input and bias gradients are exact (`dy · weight`,
    `sum_i dy_i`), and the weight gradient is the estimate

    ```
    sum_r scales[r] * dy[indices[r]]^T · kept[r]
    ```

    where `kept` `[k, in]` holds rows `indices` of `input` (gathered in the
    forward; the op does not check that they are) and `indices` `[k]`,
    `scales` `[k]` come from `dlc.wta_crs_sample`. The backward reads
    `kept` instead of `input`, so `input` need not be saved. `norms` `[n]`
    f32 is the row norms of the previous step's `dy` that scored the
    sample: the state the layer carries between steps, whose next value,
    the row norms of this step's `dy`, `nextNorms` builds. `kept`,
    `indices`, `scales` and `norms` do not change the result: their
    gradients are zero.

    ```mlir
    %y = dlc.sampled_linear %x, %w bias %b sample(%kept, %idx, %scales)
        norms %norms
        : (tensor<8x512x768xbf16>, tensor<2304x768xbf16>, tensor<2304xbf16>,
           tensor<1228x768xbf16>, tensor<1228xi64>, tensor<1228xf32>,
           tensor<4096xf32>) -> tensor<8x512x2304xbf16>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input, Dlc_FloatTensor:$weight,
                       Optional<Dlc_FloatTensor>:$bias,
                       Dlc_FloatTensor:$kept, Dlc_I64Tensor:$indices,
                       Dlc_F32Tensor:$scales, Dlc_F32Tensor:$norms);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`bias` $bias^)? `sample` `(` $kept `,` $indices `,`
    $scales `)` `norms` $norms attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The row norms of `resultGrad` (the gradient of the result) as
    /// `[n]` f32: the next value of `norms`, built at the insertion point.
    ::mlir::Value buildNextNorms(::mlir::OpBuilder &builder,
                                 ::mlir::Value resultGrad);
  }];
}

#endif // DLC_DIALECT_DLC_IR_DLCSAMPLINGOPS_TD
