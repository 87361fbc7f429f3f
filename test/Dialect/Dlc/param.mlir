// The `dlc.param` argument attribute marks trainable parameters, `dlc.frozen`
// weights that are read but not trained, `dlc.init` how a parameter starts.
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

// expected-error @+1 {{unknown dlc argument attribute 'dlc.parameter'; expected 'dlc.param', 'dlc.frozen', 'dlc.optimizer_state', 'dlc.step_state', 'dlc.step', 'dlc.updates' or 'dlc.init'}}
func.func @param_misspelled(%w: tensor<4xf32> {dlc.parameter}) {
  return
}


// -----

// CHECK-LABEL: func @frozen_and_init
// CHECK-SAME: %{{.*}}: tensor<8x4xf32> {dlc.frozen}, %{{.*}}: tensor<4x2xf32> {dlc.init = "zeros", dlc.param}
func.func @frozen_and_init(%w: tensor<8x4xf32> {dlc.frozen}, %up: tensor<4x2xf32> {dlc.param, dlc.init = "zeros"}) {
  return
}

// -----

// expected-error @+1 {{argument #0 is both 'dlc.frozen' and 'dlc.param'; an argument is trained, frozen, optimizer state or step state}}
func.func @param_and_frozen(%w: tensor<4xf32> {dlc.param, dlc.frozen}) {
  return
}

// -----

// expected-error @+1 {{'dlc.frozen' argument #0 must be a statically shaped floating-point tensor or memref, got 'tensor<4xi64>'}}
func.func @frozen_integer(%ids: tensor<4xi64> {dlc.frozen}) {
  return
}

// -----

// expected-error @+1 {{'dlc.init' on argument #0 must be "zeros", got "ones"}}
func.func @init_unknown(%w: tensor<4xf32> {dlc.param, dlc.init = "ones"}) {
  return
}

// -----

// expected-error @+1 {{'dlc.init' on argument #0, which is not a 'dlc.param': only trainable parameters are initialised by the step's tools}}
func.func @init_frozen(%w: tensor<4xf32> {dlc.frozen, dlc.init = "zeros"}) {
  return
}

// -----

// A training step's marks: the step number, and results that are the next
// values of arguments.
// CHECK-LABEL: func @updates
// CHECK-SAME: tensor<f32> {dlc.step}) -> (tensor<4xf32> {dlc.updates = 0 : i64}, tensor<4xf32> {dlc.optimizer_state, dlc.updates = 1 : i64})
func.func @updates(%w: tensor<4xf32> {dlc.param}, %m: tensor<4xf32> {dlc.optimizer_state}, %t: tensor<f32> {dlc.step}) -> (tensor<4xf32> {dlc.updates = 0 : i64}, tensor<4xf32> {dlc.optimizer_state, dlc.updates = 1 : i64}) {
  return %w, %m : tensor<4xf32>, tensor<4xf32>
}

// -----

// expected-error @+1 {{'dlc.updates' on result #0 names argument #2, but @updates_range has 1}}
func.func @updates_range(%w: tensor<4xf32> {dlc.param}) -> (tensor<4xf32> {dlc.updates = 2 : i64}) {
  return %w : tensor<4xf32>
}

// -----

// expected-error @+1 {{result #0 of type 'tensor<2xf32>' updates argument #0 of type 'tensor<4xf32>'; a next value has its argument's type}}
func.func @updates_type(%w: tensor<4xf32> {dlc.param}, %x: tensor<2xf32>) -> (tensor<2xf32> {dlc.updates = 0 : i64}) {
  return %x : tensor<2xf32>
}

// -----

// expected-error @+1 {{unknown dlc result attribute 'dlc.update'; expected 'dlc.optimizer_state', 'dlc.step_state' or 'dlc.updates'}}
func.func @result_misspelled(%w: tensor<4xf32> {dlc.param}) -> (tensor<4xf32> {dlc.update = 0 : i64}) {
  return %w : tensor<4xf32>
}

// -----

// expected-error @+1 {{'dlc.step' argument #0 must be a rank-0 floating-point tensor, got 'tensor<2xf32>'}}
func.func @step_not_scalar(%t: tensor<2xf32> {dlc.step}) {
  return
}
