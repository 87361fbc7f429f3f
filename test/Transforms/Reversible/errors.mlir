// Bad options and stacks --dlc-reversible cannot make reversible: each is
// one located error and a non-zero exit.
// RUN: not dlc-opt %S/stack.mlir --dlc-reversible=variant=4 2>&1 | FileCheck %s --check-prefix=VARIANT
// RUN: not dlc-opt %S/stack.mlir --dlc-reversible=lambda=0 2>&1 | FileCheck %s --check-prefix=LAMBDA
// RUN: not dlc-opt %S/stack.mlir "--dlc-reversible=variant=2 beta=0.0" 2>&1 | FileCheck %s --check-prefix=BETA
// RUN: not dlc-opt %S/stack.mlir --dlc-reversible=beta=inf 2>&1 | FileCheck %s --check-prefix=INF
// RUN: not dlc-opt %S/stack.mlir --dlc-reversible=lambda=small 2>&1 | FileCheck %s --check-prefix=NAN
// RUN: not dlc-opt %S/stack.mlir --dlc-reversible=adapter-width=0 2>&1 | FileCheck %s --check-prefix=WIDTH
// RUN: not dlc-opt %S/stack.mlir --dlc-reversible=activation=swish 2>&1 | FileCheck %s --check-prefix=ACT
// RUN: not dlc-opt %S/stack.mlir --dlc-reversible=streams=f16 2>&1 | FileCheck %s --check-prefix=STREAMS
// RUN: not dlc-opt %S/stack.mlir --dlc-reversible=layers=2 2>&1 | FileCheck %s --check-prefix=RANGE
// RUN: not dlc-opt %s --dlc-reversible=function=one_layer 2>&1 | FileCheck %s --check-prefix=ONE
// RUN: not dlc-opt %s --dlc-reversible=function=side_read 2>&1 | FileCheck %s --check-prefix=SIDE
// RUN: not dlc-opt %s --dlc-reversible=function=unalike 2>&1 | FileCheck %s --check-prefix=UNALIKE
// RUN: not dlc-opt %s --dlc-reversible=function=widths 2>&1 | FileCheck %s --check-prefix=WIDTHS
// RUN: not dlc-opt %s "--dlc-reversible=function=one_block variant=3" 2>&1 | FileCheck %s --check-prefix=SPLIT
// RUN: dlc-opt %S/stack.mlir --dlc-reversible 2>/dev/null | not dlc-opt --dlc-reversible 2>&1 | FileCheck %s --check-prefix=TWICE

// VARIANT: error: --dlc-reversible: variant=4 is not a MEFT variant; expected 1 (F = layer, G = adapter), 2 (F = adapter, G = layer) or 3 (F = attention block, G = MLP block)
// LAMBDA: error: --dlc-reversible: lambda=0 cannot be inverted: the backward rebuilds x1 = (y1 - F(x2)) / lambda; choose a finite nonzero value (MEFT uses 0.1 or 1)
// BETA: error: --dlc-reversible: beta=0.0 cannot be inverted: the backward rebuilds x2 = (y2 - G(y1)) / beta
// INF: error: --dlc-reversible: beta=inf cannot be inverted
// NAN: error: --dlc-reversible: lambda='small' is not a number
// WIDTH: error: --dlc-reversible: adapter-width=0 must be at least 1
// ACT: error: --dlc-reversible: unknown activation 'swish'; expected gelu or relu
// STREAMS: error: --dlc-reversible: unknown streams='f16'; expected f32, f64 or model
// RANGE: error: --dlc-reversible: layers='2' selects no layer of the 2 marked {dlc.checkpoint}; expected indices below 2
// TWICE: error: --dlc-reversible: @stack is reversible already

// ONE: [[@LINE+4]]:8: error: --dlc-reversible: cannot tell where layer #0 starts: a stack of one layer has no other layer to compare it with; mark at least two layer outputs {dlc.checkpoint}
func.func @one_layer(%w: tensor<4x4xf32> {dlc.param}, %x: tensor<3x4xf32>) -> tensor<f32> {
  %h = dlc.tanh %x : tensor<3x4xf32>
  %a = dlc.linear %h, %w : (tensor<3x4xf32>, tensor<4x4xf32>) -> tensor<3x4xf32>
  %o = dlc.add %h, %a {dlc.checkpoint} : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  %l = dlc.reduce_sum %o axes [0, 1] : (tensor<3x4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// The head reads the first layer's output too: not a chain.
// SIDE: [[@LINE+7]]:9: error: --dlc-reversible: the layers are not a chain: a value computed before layer #1's output (this op), other than the output, is read after it
func.func @side_read(%w0: tensor<4x4xf32> {dlc.param}, %w1: tensor<4x4xf32> {dlc.param},
                     %x: tensor<3x4xf32>) -> tensor<f32> {
  %h = dlc.tanh %x : tensor<3x4xf32>
  %a0 = dlc.linear %h, %w0 : (tensor<3x4xf32>, tensor<4x4xf32>) -> tensor<3x4xf32>
  %o0 = dlc.add %h, %a0 {dlc.checkpoint} : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  %a1 = dlc.linear %o0, %w1 : (tensor<3x4xf32>, tensor<4x4xf32>) -> tensor<3x4xf32>
  %o1 = dlc.add %o0, %a1 {dlc.checkpoint} : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  %s = dlc.add %o1, %o0 : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  %l = dlc.reduce_sum %s axes [0, 1] : (tensor<3x4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// Layer #2 has one block more than layer #1.
// UNALIKE: [[@LINE+11]]:9: error: --dlc-reversible: the layers are not alike: layer #2 has 1 points that one value crosses, layer #1 has 0
func.func @unalike(%w0: tensor<4x4xf32> {dlc.param}, %w1: tensor<4x4xf32> {dlc.param},
                   %w2: tensor<4x4xf32> {dlc.param}, %x: tensor<3x4xf32>) -> tensor<f32> {
  %h = dlc.tanh %x : tensor<3x4xf32>
  %a0 = dlc.linear %h, %w0 : (tensor<3x4xf32>, tensor<4x4xf32>) -> tensor<3x4xf32>
  %o0 = dlc.add %h, %a0 {dlc.checkpoint} : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  %a1 = dlc.linear %o0, %w1 : (tensor<3x4xf32>, tensor<4x4xf32>) -> tensor<3x4xf32>
  %o1 = dlc.add %o0, %a1 {dlc.checkpoint} : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  %a2 = dlc.linear %o1, %w2 : (tensor<3x4xf32>, tensor<4x4xf32>) -> tensor<3x4xf32>
  %r2 = dlc.add %o1, %a2 : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  %b2 = dlc.linear %r2, %w2 : (tensor<3x4xf32>, tensor<4x4xf32>) -> tensor<3x4xf32>
  %o2 = dlc.add %r2, %b2 {dlc.checkpoint} : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  %l = dlc.reduce_sum %o2 axes [0, 1] : (tensor<3x4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// WIDTHS: [[@LINE+6]]:9: error: --dlc-reversible: the layers are not a chain of equal-shaped layers: layer #1 outputs 'tensor<3x2xf32>' but layer #0 outputs 'tensor<3x4xf32>'
func.func @widths(%w0: tensor<4x4xf32> {dlc.param}, %w1: tensor<2x4xf32> {dlc.param},
                  %x: tensor<3x4xf32>) -> tensor<f32> {
  %h = dlc.tanh %x : tensor<3x4xf32>
  %a0 = dlc.linear %h, %w0 : (tensor<3x4xf32>, tensor<4x4xf32>) -> tensor<3x4xf32>
  %o0 = dlc.add %h, %a0 {dlc.checkpoint} : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  %o1 = dlc.linear %o0, %w1 {dlc.checkpoint} : (tensor<3x4xf32>, tensor<2x4xf32>) -> tensor<3x2xf32>
  %l = dlc.reduce_sum %o1 axes [0, 1] : (tensor<3x2xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// Residual layers of one block: nothing to split for variant 3.
// SPLIT: [[@LINE+5]]:9: error: --dlc-reversible: variant=3 needs layer #0 to be two blocks, the second starting at a value that one point of the layer crosses and more than one op reads (a transformer layer's attention output); it has none
func.func @one_block(%w0: tensor<4x4xf32> {dlc.param}, %w1: tensor<4x4xf32> {dlc.param},
                     %x: tensor<3x4xf32>) -> tensor<f32> {
  %h = dlc.tanh %x : tensor<3x4xf32>
  %a0 = dlc.linear %h, %w0 : (tensor<3x4xf32>, tensor<4x4xf32>) -> tensor<3x4xf32>
  %o0 = dlc.add %h, %a0 {dlc.checkpoint} : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  %a1 = dlc.linear %o0, %w1 : (tensor<3x4xf32>, tensor<4x4xf32>) -> tensor<3x4xf32>
  %o1 = dlc.add %o0, %a1 {dlc.checkpoint} : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  %l = dlc.reduce_sum %o1 axes [0, 1] : (tensor<3x4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}
