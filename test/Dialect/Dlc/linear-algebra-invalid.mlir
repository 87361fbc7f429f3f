// Verifier errors of matmul, linear and conv2d.
// RUN: dlc-opt %s -split-input-file -verify-diagnostics

func.func @matmul_int(%a: tensor<4x4xi32>, %b: tensor<4x4xi32>) {
  // expected-error @+1 {{operand #0 must be statically shaped tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<4x4xi32>'}}
  %0 = dlc.matmul %a, %b : (tensor<4x4xi32>, tensor<4x4xi32>) -> tensor<4x4xi32>
  return
}

// -----

func.func @matmul_dynamic(%a: tensor<?x4xf32>, %b: tensor<4x4xf32>) {
  // expected-error @+1 {{operand #0 must be statically shaped tensor}}
  %0 = dlc.matmul %a, %b : (tensor<?x4xf32>, tensor<4x4xf32>) -> tensor<?x4xf32>
  return
}

// -----

func.func @matmul_mixed_types(%a: tensor<4x4xf32>, %b: tensor<4x4xf16>) {
  // expected-error @+1 {{'rhs' has element type 'f16' but 'lhs' has 'f32'; operands must share one element type}}
  %0 = dlc.matmul %a, %b : (tensor<4x4xf32>, tensor<4x4xf16>) -> tensor<4x4xf32>
  return
}

// -----

func.func @matmul_rank1(%a: tensor<4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{'lhs' must have rank at least 2, got [4]}}
  %0 = dlc.matmul %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<f32>
  return
}

// -----

func.func @matmul_rank_mismatch(%a: tensor<2x4x4xf32>, %b: tensor<4x4xf32>) {
  // expected-error @+1 {{operands must have the same rank, got [2, 4, 4] and [4, 4]}}
  %0 = dlc.matmul %a, %b : (tensor<2x4x4xf32>, tensor<4x4xf32>) -> tensor<2x4x4xf32>
  return
}

// -----

func.func @matmul_batch_mismatch(%a: tensor<2x4x4xf32>, %b: tensor<3x4x4xf32>) {
  // expected-error @+1 {{batch dimension 0 differs: 'lhs' [2, 4, 4] vs 'rhs' [3, 4, 4]}}
  %0 = dlc.matmul %a, %b : (tensor<2x4x4xf32>, tensor<3x4x4xf32>) -> tensor<2x4x4xf32>
  return
}

// -----

func.func @matmul_contraction(%a: tensor<64x784xf32>, %b: tensor<512x1024xf32>) {
  // expected-error @+1 {{contraction sizes differ: 'lhs' [64, 784] has K = 784, 'rhs' [512, 1024] has K = 512}}
  %0 = dlc.matmul %a, %b : (tensor<64x784xf32>, tensor<512x1024xf32>) -> tensor<64x1024xf32>
  return
}

// -----

func.func @matmul_contraction_transposed(%a: tensor<4x8xf32>, %b: tensor<8x4xf32>) {
  // expected-error @+1 {{contraction sizes differ: 'lhs' [4, 8] (transposed) has K = 4, 'rhs' [8, 4] has K = 8}}
  %0 = dlc.matmul %a, %b {transpose_lhs} : (tensor<4x8xf32>, tensor<8x4xf32>) -> tensor<8x4xf32>
  return
}

// -----

func.func @matmul_wrong_result(%a: tensor<4x8xf32>, %b: tensor<8x2xf32>) {
  // expected-error @+1 {{'dlc.matmul' op result has type 'tensor<4x3xf32>' but the operands give 'tensor<4x2xf32>'}}
  %0 = dlc.matmul %a, %b : (tensor<4x8xf32>, tensor<8x2xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @linear_in_mismatch(%x: tensor<64x784xf32>, %w: tensor<1024x512xf32>) {
  // expected-error @+1 {{'weight' [1024, 512] must be [out, in] with in = 784, the last dimension of 'input' [64, 784]}}
  %0 = dlc.linear %x, %w : (tensor<64x784xf32>, tensor<1024x512xf32>) -> tensor<64x1024xf32>
  return
}

// -----

func.func @linear_weight_rank(%x: tensor<64x784xf32>, %w: tensor<784xf32>) {
  // expected-error @+1 {{'weight' must have rank 2 ([out, in]), got rank 1 [784]}}
  %0 = dlc.linear %x, %w : (tensor<64x784xf32>, tensor<784xf32>) -> tensor<64xf32>
  return
}

// -----

func.func @linear_bias_shape(%x: tensor<64x784xf32>, %w: tensor<1024x784xf32>, %b: tensor<784xf32>) {
  // expected-error @+1 {{'bias' must be [1024], got [784]}}
  %0 = dlc.linear %x, %w, %b : (tensor<64x784xf32>, tensor<1024x784xf32>, tensor<784xf32>) -> tensor<64x1024xf32>
  return
}

// -----

func.func @linear_scalar_input(%x: tensor<f32>, %w: tensor<4x1xf32>) {
  // expected-error @+1 {{'input' must have rank at least 1}}
  %0 = dlc.linear %x, %w : (tensor<f32>, tensor<4x1xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @linear_bias_type(%x: tensor<2x4xbf16>, %w: tensor<3x4xbf16>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'bias' has element type 'f32' but 'input' has 'bf16'; operands must share one element type}}
  %0 = dlc.linear %x, %w, %b : (tensor<2x4xbf16>, tensor<3x4xbf16>, tensor<3xf32>) -> tensor<2x3xbf16>
  return
}

// -----

func.func @conv2d_input_rank(%x: tensor<3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'input' must have rank 4 (NCHW), got rank 3 [3, 8, 8]}}
  %0 = dlc.conv2d %x, %w : (tensor<3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<4x6x6xf32>
  return
}

// -----

func.func @conv2d_weight_rank(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3xf32>) {
  // expected-error @+1 {{'weight' must have rank 4 (FCHW), got rank 3 [4, 3, 3]}}
  %0 = dlc.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv2d_channels(%x: tensor<1x3x8x8xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+1 {{'weight' [4, 2, 3, 3] must have C / groups = 3 input channels, for input [1, 3, 8, 8] and groups = 1}}
  %0 = dlc.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv2d_groups(%x: tensor<1x6x8x8xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+1 {{'groups' = 4 must be positive and divide both the input channels (6) and the output channels (4)}}
  %0 = dlc.conv2d %x, %w {groups = 4} : (tensor<1x6x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv2d_zero_groups(%x: tensor<1x6x8x8xf32>, %w: tensor<4x6x3x3xf32>) {
  // expected-error @+1 {{'groups' = 0 must be positive}}
  %0 = dlc.conv2d %x, %w {groups = 0} : (tensor<1x6x8x8xf32>, tensor<4x6x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv2d_stride_zero(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'strides' values must be at least 1, got [0, 1]}}
  %0 = dlc.conv2d %x, %w {strides = array<i64: 0, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv2d_padding_size(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'padding' must hold 2 values [height, width], got 4}}
  %0 = dlc.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  return
}

// -----

func.func @conv2d_negative_padding(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'padding' values must be at least 0, got [-1, 0]}}
  %0 = dlc.conv2d %x, %w {padding = array<i64: -1, 0>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x4x6xf32>
  return
}

// -----

func.func @conv2d_dilation_zero(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'dilation' values must be at least 1, got [1, 0]}}
  %0 = dlc.conv2d %x, %w {dilation = array<i64: 1, 0>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv2d_filter_too_large(%x: tensor<1x3x4x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{the 3-wide filter (dilation 2) does not fit the padded input along height}}
  %0 = dlc.conv2d %x, %w {dilation = array<i64: 2, 1>} : (tensor<1x3x4x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x1x6xf32>
  return
}

// -----

func.func @conv2d_bias(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'bias' must be [4], got [3]}}
  %0 = dlc.conv2d %x, %w, %b : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv2d_wrong_result(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'dlc.conv2d' op result has type 'tensor<1x4x8x8xf32>' but the operands give 'tensor<1x4x6x6xf32>'}}
  %0 = dlc.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  return
}
