// Errors of --dlc-autodiff.
// RUN: dlc-opt %s --dlc-autodiff -split-input-file -verify-diagnostics
// RUN: not dlc-opt %s --dlc-autodiff=optimizer=adam -split-input-file 2>&1 | FileCheck %s --check-prefix=OPT

// OPT: unknown optimizer 'adam' for --dlc-autodiff; expected none, sgd or adamw

// expected-error @+1 {{--dlc-autodiff needs @vector to return one rank-0 floating-point loss, but it returns 'tensor<3xf32>'}}
func.func @vector(%w: tensor<3xf32> {dlc.param}) -> tensor<3xf32> {
  return %w : tensor<3xf32>
}

// -----

func.func @taken(%w: tensor<3xf32> {dlc.param}, %t: tensor<3xf32>) -> tensor<f32> {
  %l = dlc.mse_loss %w, %t : (tensor<3xf32>, tensor<3xf32>) -> tensor<f32>
  return %l : tensor<f32>
}
// expected-error @-4 {{--dlc-autodiff would create @taken_train, which already exists}}
func.func @taken_train() {
  return
}
