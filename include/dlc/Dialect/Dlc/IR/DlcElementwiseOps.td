//===- DlcElementwiseOps.td - dlc elementwise ops ----------*- tablegen -*-===//
//
// The elementwise ops of the dlc dialect: binary arithmetic with NumPy
// broadcasting, the unary activations, `gelu`, the seeded `dropout` and
// `convert` between floating-point types.
// Their rules are in DlcElementwiseOps.cpp; the tests are
// test/Dialect/Dlc/elementwise*.mlir.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_IR_DLCELEMENTWISEOPS_TD
#define DLC_DIALECT_DLC_IR_DLCELEMENTWISEOPS_TD

include "dlc/Dialect/Dlc/IR/DlcOpBase.td"

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

class Dlc_BinaryElementwiseOp<string mnemonic, string what>
    : Dlc_InferredOp<mnemonic, [
        DeclareOpInterfaceMethods<Dlc_DifferentiableOpInterface>]> {
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
    : Dlc_Op<mnemonic, !listconcat([
          Pure, SameOperandsAndResultType,
          DeclareOpInterfaceMethods<Dlc_DifferentiableOpInterface>], traits)> {
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

def Dlc_GeluOp : Dlc_Op<"gelu", [
    Pure, SameOperandsAndResultType,
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

def Dlc_DropoutOp : Dlc_Op<"dropout", [
    Pure, SameOperandsAndResultType,
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
  let arguments = (ins
    Dlc_FloatTensor:$input,
    ConfinedAttr<F64Attr, [Dlc_FloatNonNegative]>:$probability,
    I64Attr:$seed);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Dlc_ConvertOp : Dlc_Op<"convert", [
    Pure, DeclareOpInterfaceMethods<Dlc_DifferentiableOpInterface>]> {
  let summary = "elementwise conversion to another floating-point type";
  let description = [{
    Converts each element to the result's element type: exactly when the
    result is wider, rounding to nearest even when it is narrower (as
    `arith.truncf` does). The shape is unchanged. It is the one op whose
    operand and result element types differ; `--dlc-reversible` uses it to
    keep a bf16 model's reversible streams in f32.

    ```mlir
    %w = dlc.convert %x : tensor<8x512x768xbf16> to tensor<8x512x768xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `to` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

#endif // DLC_DIALECT_DLC_IR_DLCELEMENTWISEOPS_TD
