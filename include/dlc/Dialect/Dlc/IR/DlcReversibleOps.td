//===- DlcReversibleOps.td - Reversible couplings ----------*- tablegen -*-===//
//
// The reversible coupling of MEFT (Liao, Tan, Monz, 2023) and its
// terminator: the one dlc op with regions. `--dlc-reversible` forms it from
// a layer stack, `--dlc-autodiff` rebuilds its inputs from its outputs in
// the backward instead of saving them, and `--dlc-inline-couplings` (which
// the lowering runs first) writes it as plain ops.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_IR_DLCREVERSIBLEOPS_TD
#define DLC_DIALECT_DLC_IR_DLCREVERSIBLEOPS_TD

include "dlc/Dialect/Dlc/IR/DlcOpBase.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"

def Dlc_CouplingOp : Dlc_Op<"coupling", [
    RecursiveMemoryEffects,
    AllTypesMatch<["x1", "x2", "y1", "y2"]>]> {
  let summary = "a reversible coupling of two streams";
  let description = [{
    Computes, from the two streams `x1` and `x2`,

    ```
    y1 = lambda * x1 + F(x2)
    y2 = beta   * x2 + G(y1)
    ```

    where `F` and `G` are the op's two regions, each one block that takes
    one stream-shaped tensor and yields one. The map is invertible whatever
    `F` and `G` are (`lambda` and `beta` are nonzero):

    ```
    x2 = (y2 - G(y1)) / beta
    x1 = (y1 - F(x2)) / lambda
    ```

    so a backward pass can rebuild a coupling's inputs from its outputs
    instead of saving them, which is what `--dlc-autodiff` does: only the
    outputs of the top coupling of a chain are kept. The regions may read
    values defined above (weights, masks); they hold plain dlc ops, no
    regions. Evaluated in place, F runs first, then the combination into
    `y1`, then G and the combination into `y2`: that is the schedule
    `--dlc-inline-couplings` writes out. `layer` numbers the coupling for
    diagnostics and the memory report.

    ```mlir
    %y1, %y2 = dlc.coupling %x1, %x2 {beta = 1.0 : f64, lambda = 0.1 : f64}
        : tensor<8x512x768xf32>
        f {
        ^bb0(%x: tensor<8x512x768xf32>):
          ...
          dlc.yield %f : tensor<8x512x768xf32>
        } g {
        ^bb0(%y: tensor<8x512x768xf32>):
          ...
          dlc.yield %g : tensor<8x512x768xf32>
        }
    ```
  }];
  let arguments = (ins
    Dlc_FloatTensor:$x1,
    Dlc_FloatTensor:$x2,
    F64Attr:$lambda,
    F64Attr:$beta,
    OptionalAttr<I64Attr>:$layer);
  let results = (outs Dlc_FloatTensor:$y1, Dlc_FloatTensor:$y2);
  let regions = (region SizedRegion<1>:$f, SizedRegion<1>:$g);
  let assemblyFormat = [{
    $x1 `,` $x2 attr-dict `:` type($x1) `f` $f `g` $g
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The value each region yields.
    ::mlir::Value getFResult();
    ::mlir::Value getGResult();
    /// Evaluates region `region` (F or G) on `input` at the builder's
    /// insertion point, cloning its ops; `mapping` receives the clones.
    /// Returns the clone of the yielded value.
    ::mlir::Value cloneRegion(::mlir::OpBuilder &b, ::mlir::Region &region,
                              ::mlir::Value input,
                              ::mlir::IRMapping &mapping);
    /// Replaces the op by plain ops in its place (F, y1, G, y2).
    void inlineCoupling(::mlir::RewriterBase &rewriter);
  }];
}

def Dlc_YieldOp : Dlc_Op<"yield", [
    Pure, Terminator, ReturnLike, HasParent<"CouplingOp">]> {
  let summary = "the value a coupling's region computes";
  let arguments = (ins Dlc_FloatTensor:$value);
  let assemblyFormat = "$value attr-dict `:` type($value)";
}

#endif // DLC_DIALECT_DLC_IR_DLCREVERSIBLEOPS_TD
