// Bad options and graphs --dlc-adapters cannot adapt: each is one located
// error and a non-zero exit.
// RUN: not dlc-opt %s --dlc-adapters=width=0 2>&1 | FileCheck %s --check-prefix=WIDTH
// RUN: not dlc-opt %s --dlc-adapters=activation=swish 2>&1 | FileCheck %s --check-prefix=ACT
// RUN: not dlc-opt %s --dlc-adapters=freeze=some 2>&1 | FileCheck %s --check-prefix=FREEZE
// RUN: not dlc-opt %s "--dlc-adapters=layers=2 function=two_layers" 2>&1 | FileCheck %s --check-prefix=RANGE
// RUN: not dlc-opt %s "--dlc-adapters=layers=1:1 function=two_layers" 2>&1 | FileCheck %s --check-prefix=EMPTY
// RUN: not dlc-opt %s --dlc-adapters=layers=x 2>&1 | FileCheck %s --check-prefix=SYNTAX
// RUN: not dlc-opt %s --dlc-adapters=function=g 2>&1 | FileCheck %s --check-prefix=FUNC
// RUN: not dlc-opt %s --dlc-adapters=function=unmarked 2>&1 | FileCheck %s --check-prefix=UNMARKED
// RUN: not dlc-opt %s --dlc-adapters=function=vector 2>&1 | FileCheck %s --check-prefix=RANK

// WIDTH: error: --dlc-adapters: width=0 must be at least 1
// ACT: error: --dlc-adapters: unknown activation 'swish'; expected gelu or relu
// FREEZE: error: --dlc-adapters: unknown freeze='some'; expected stack, all or none
// RANGE: error: --dlc-adapters: layers='2' selects no layer of the 2 marked {dlc.checkpoint}; expected indices below 2
// EMPTY: error: --dlc-adapters: layers='1:1' selects no layer of the 2 marked {dlc.checkpoint}; expected indices below 2
// SYNTAX: error: --dlc-adapters: layers='x' is not N or A:B (layer indices)
// FUNC: error: --dlc-adapters: no function @g with a body in the module
// UNMARKED: [[@LINE+13]]:1: error: --dlc-adapters found no layer output in @unmarked: mark each layer's output op {dlc.checkpoint}
// RANK: [[@LINE+19]]:8: error: --dlc-adapters: layer output #0 must be one statically shaped floating-point tensor of rank >= 2 (features last), got 'tensor<4xf32>'

func.func @two_layers(%w0: tensor<4x4xf32> {dlc.param}, %w1: tensor<4x4xf32> {dlc.param},
                      %x: tensor<3x4xf32>) -> tensor<f32> {
  %0 = dlc.linear %x, %w0 : (tensor<3x4xf32>, tensor<4x4xf32>) -> tensor<3x4xf32>
  %1 = dlc.relu %0 {dlc.checkpoint} : tensor<3x4xf32>
  %2 = dlc.linear %1, %w1 : (tensor<3x4xf32>, tensor<4x4xf32>) -> tensor<3x4xf32>
  %3 = dlc.relu %2 {dlc.checkpoint} : tensor<3x4xf32>
  %4 = dlc.reduce_sum %3 axes [0, 1] : (tensor<3x4xf32>) -> tensor<f32>
  return %4 : tensor<f32>
}

func.func @unmarked(%w: tensor<4x4xf32> {dlc.param}, %x: tensor<3x4xf32>) -> tensor<f32> {
  %0 = dlc.linear %x, %w : (tensor<3x4xf32>, tensor<4x4xf32>) -> tensor<3x4xf32>
  %1 = dlc.reduce_sum %0 axes [0, 1] : (tensor<3x4xf32>) -> tensor<f32>
  return %1 : tensor<f32>
}

func.func @vector(%w: tensor<4xf32> {dlc.param}, %x: tensor<4xf32>) -> tensor<f32> {
  %0 = dlc.mul %x, %w {dlc.checkpoint} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = dlc.reduce_sum %0 axes [0] : (tensor<4xf32>) -> tensor<f32>
  return %1 : tensor<f32>
}
