// The `dlc.param` argument attribute marks trainable parameters.
// RUN: dlc-opt %s -split-input-file -verify-diagnostics | FileCheck %s

// CHECK-LABEL: func @params
// CHECK-SAME: %{{.*}}: tensor<1024x784xf32> {dlc.param}, %{{.*}}: tensor<1024xbf16> {dlc.param}, %{{.*}}: tensor<64xi64>
func.func @params(%w: tensor<1024x784xf32> {dlc.param}, %b: tensor<1024xbf16> {dlc.param}, %labels: tensor<64xi64>) {
  return
}

// -----

// expected-error @+1 {{'dlc.param' must be a unit attribute, got true}}
func.func @param_not_unit(%w: tensor<4xf32> {dlc.param = true}) {
  return
}

// -----

// expected-error @+1 {{'dlc.param' argument #1 must be a statically shaped floating-point tensor or memref, got 'tensor<64xi64>'}}
func.func @param_integer(%w: tensor<4xf32> {dlc.param}, %labels: tensor<64xi64> {dlc.param}) {
  return
}

// -----

// expected-error @+1 {{'dlc.param' argument #0 must be a statically shaped floating-point tensor or memref, got 'tensor<?x4xf32>'}}
func.func @param_dynamic(%w: tensor<?x4xf32> {dlc.param}) {
  return
}

// -----

// expected-error @+1 {{unknown dlc argument attribute 'dlc.parameter'; expected 'dlc.param' or 'dlc.optimizer_state'}}
func.func @param_misspelled(%w: tensor<4xf32> {dlc.parameter}) {
  return
}

