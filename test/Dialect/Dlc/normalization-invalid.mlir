// Verifier errors of softmax, layer_norm and batch_norm.
// RUN: dlc-opt %s -split-input-file -verify-diagnostics

func.func @softmax_axis(%x: tensor<4x5xf32>) {
  // expected-error @+1 {{'dlc.softmax' op 'axis' = 2 is out of range for an input of rank 2}}
  %0 = dlc.softmax %x {axis = 2 : i64} : tensor<4x5xf32>
  return
}

// -----

func.func @softmax_negative_axis(%x: tensor<4x5xf32>) {
  // expected-error @+1 {{'dlc.softmax' op attribute 'axis' failed to satisfy constraint: 64-bit signless integer attribute whose value is non-negative}}
  %0 = dlc.softmax %x {axis = -1 : i64} : tensor<4x5xf32>
  return
}

// -----

func.func @softmax_missing_axis(%x: tensor<4x5xf32>) {
  // expected-error @+1 {{'dlc.softmax' op requires attribute 'axis'}}
  %0 = dlc.softmax %x : tensor<4x5xf32>
  return
}

// -----

func.func @layer_norm_not_suffix(%x: tensor<8x16x32xf32>, %g: tensor<16xf32>, %b: tensor<16xf32>) {
  // expected-error @+1 {{'weight' shape [16] must be a non-empty suffix of the input shape [8, 16, 32] (the normalized dimensions)}}
  %0 = dlc.layer_norm %x, %g, %b : (tensor<8x16x32xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<8x16x32xf32>
  return
}

// -----

func.func @layer_norm_scalar_weight(%x: tensor<8x16xf32>, %g: tensor<f32>, %b: tensor<f32>) {
  // expected-error @+1 {{'weight' shape [] must be a non-empty suffix of the input shape [8, 16]}}
  %0 = dlc.layer_norm %x, %g, %b : (tensor<8x16xf32>, tensor<f32>, tensor<f32>) -> tensor<8x16xf32>
  return
}

// -----

func.func @layer_norm_bias_shape(%x: tensor<8x16xf32>, %g: tensor<16xf32>, %b: tensor<8x16xf32>) {
  // expected-error @+1 {{'weight' [16] and 'bias' [8, 16] must have the same shape}}
  %0 = dlc.layer_norm %x, %g, %b : (tensor<8x16xf32>, tensor<16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
  return
}

// -----

func.func @layer_norm_types(%x: tensor<8x16xbf16>, %g: tensor<16xf32>, %b: tensor<16xf32>) {
  // expected-error @+1 {{'weight' has element type 'f32' but 'input' has 'bf16'; operands must share one element type}}
  %0 = dlc.layer_norm %x, %g, %b : (tensor<8x16xbf16>, tensor<16xf32>, tensor<16xf32>) -> tensor<8x16xbf16>
  return
}

// -----

func.func @layer_norm_negative_epsilon(%x: tensor<8x16xf32>, %g: tensor<16xf32>, %b: tensor<16xf32>) {
  // expected-error @+1 {{'dlc.layer_norm' op attribute 'epsilon' failed to satisfy constraint: 64-bit float attribute whose value is non-negative}}
  %0 = dlc.layer_norm %x, %g, %b {epsilon = -1.0 : f64} : (tensor<8x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<8x16xf32>
  return
}

// -----

func.func @batch_norm_rank(%x: tensor<64xf32>, %g: tensor<64xf32>, %b: tensor<64xf32>) {
  // expected-error @+1 {{'input' must have rank at least 2 ([N, C, ...]), got [64]}}
  %0:3 = dlc.batch_norm %x, %g, %b : (tensor<64xf32>, tensor<64xf32>, tensor<64xf32>) -> (tensor<64xf32>, tensor<64xf32>, tensor<64xf32>)
  return
}

// -----

func.func @batch_norm_channels(%x: tensor<2x64x8x8xf32>, %g: tensor<32xf32>, %b: tensor<64xf32>) {
  // expected-error @+1 {{'weight' must be [64], one value per channel of input [2, 64, 8, 8], got [32]}}
  %0:3 = dlc.batch_norm %x, %g, %b : (tensor<2x64x8x8xf32>, tensor<32xf32>, tensor<64xf32>) -> (tensor<2x64x8x8xf32>, tensor<64xf32>, tensor<64xf32>)
  return
}

// -----

func.func @batch_norm_bias(%x: tensor<2x64x8x8xf32>, %g: tensor<64xf32>, %b: tensor<1x64xf32>) {
  // expected-error @+1 {{'bias' must be [64], one value per channel of input [2, 64, 8, 8], got [1, 64]}}
  %0:3 = dlc.batch_norm %x, %g, %b : (tensor<2x64x8x8xf32>, tensor<64xf32>, tensor<1x64xf32>) -> (tensor<2x64x8x8xf32>, tensor<64xf32>, tensor<64xf32>)
  return
}

// -----

func.func @batch_norm_stats_type(%x: tensor<2x64x8x8xf32>, %g: tensor<64xf32>, %b: tensor<64xf32>) {
  // expected-error @+1 {{'dlc.batch_norm' op result #2 has type 'tensor<32xf32>' but the operands give 'tensor<64xf32>'}}
  %0:3 = dlc.batch_norm %x, %g, %b : (tensor<2x64x8x8xf32>, tensor<64xf32>, tensor<64xf32>) -> (tensor<2x64x8x8xf32>, tensor<64xf32>, tensor<32xf32>)
  return
}

// -----

func.func @batch_norm_result_count(%x: tensor<2x64x8x8xf32>, %g: tensor<64xf32>, %b: tensor<64xf32>) {
  // expected-error @+1 {{'dlc.batch_norm' op expected 3 results}}
  %0 = "dlc.batch_norm"(%x, %g, %b) : (tensor<2x64x8x8xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<2x64x8x8xf32>
  return
}
