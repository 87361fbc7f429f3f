// The dialect's discardable marks of --dlc-remat are unit attributes, and a
// checkpoint marks an op with results to keep.
// RUN: dlc-opt %s -split-input-file -verify-diagnostics

func.func @checkpoint_not_unit(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'dlc.checkpoint' must be a unit attribute}}
  %y = dlc.relu %x {dlc.checkpoint = 1 : i64} : tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @checkpoint_no_results() {
  // expected-error @+1 {{'dlc.checkpoint' marks an op whose results are kept; this op has none}}
  return {dlc.checkpoint}
}

// -----

func.func @recomputed_not_unit(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'dlc.recomputed' must be a unit attribute}}
  %y = dlc.relu %x {dlc.recomputed = "yes"} : tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// Both are accepted where they belong.
func.func @marks(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = dlc.relu %x {dlc.checkpoint} : tensor<4xf32>
  %z = dlc.relu %y {dlc.recomputed} : tensor<4xf32>
  return %z : tensor<4xf32>
}
