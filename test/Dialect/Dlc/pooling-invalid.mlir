// Verifier errors of the pooling ops.
// RUN: dlc-opt %s -split-input-file -verify-diagnostics

func.func @max_pool_rank(%x: tensor<64x56x56xf32>) {
  // expected-error @+1 {{'input' must have rank 4 (NCHW), got rank 3 [64, 56, 56]}}
  %0 = dlc.max_pool2d %x {kernel_size = array<i64: 2, 2>} : (tensor<64x56x56xf32>) -> tensor<64x55x55xf32>
  return
}

// -----

func.func @max_pool_missing_kernel(%x: tensor<1x1x4x4xf32>) {
  // expected-error @+1 {{'dlc.max_pool2d' op requires attribute 'kernel_size'}}
  %0 = dlc.max_pool2d %x : (tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32>
  return
}

// -----

func.func @max_pool_kernel_size(%x: tensor<1x1x4x4xf32>) {
  // expected-error @+1 {{'kernel_size' must hold 2 values [height, width], got 1}}
  %0 = dlc.max_pool2d %x {kernel_size = array<i64: 2>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32>
  return
}

// -----

func.func @max_pool_kernel_zero(%x: tensor<1x1x4x4xf32>) {
  // expected-error @+1 {{'kernel_size' values must be at least 1, got [0, 2]}}
  %0 = dlc.max_pool2d %x {kernel_size = array<i64: 0, 2>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32>
  return
}

// -----

func.func @max_pool_padding_too_large(%x: tensor<1x1x4x4xf32>) {
  // expected-error @+1 {{'padding' [2, 0] must be at most half of 'kernel_size' [3, 3]}}
  %0 = dlc.max_pool2d %x {kernel_size = array<i64: 3, 3>, padding = array<i64: 2, 0>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x6x2xf32>
  return
}

// -----

func.func @max_pool_window_too_large(%x: tensor<1x1x4x4xf32>) {
  // expected-error @+1 {{the 5-wide window does not fit the padded input along width}}
  %0 = dlc.max_pool2d %x {kernel_size = array<i64: 1, 5>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x4x1xf32>
  return
}

// -----

func.func @avg_pool_stride(%x: tensor<1x1x4x4xf32>) {
  // expected-error @+1 {{'strides' values must be at least 1, got [1, -1]}}
  %0 = dlc.avg_pool2d %x {kernel_size = array<i64: 2, 2>, strides = array<i64: 1, -1>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32>
  return
}

// -----

func.func @avg_pool_result(%x: tensor<1x1x4x4xf32>) {
  // expected-error @+1 {{'dlc.avg_pool2d' op result has type 'tensor<1x1x2x2xf32>' but the operands give 'tensor<1x1x3x3xf32>'}}
  %0 = dlc.avg_pool2d %x {kernel_size = array<i64: 2, 2>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>
  return
}

// -----

func.func @avg_pool_bad_flag(%x: tensor<1x1x4x4xf32>) {
  // expected-error @+1 {{'dlc.avg_pool2d' op attribute 'count_include_pad' failed to satisfy constraint: bool attribute}}
  %0 = dlc.avg_pool2d %x {kernel_size = array<i64: 2, 2>, count_include_pad = 1 : i64} : (tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32>
  return
}

// -----

func.func @global_avg_pool_rank(%x: tensor<32x2048xf32>) {
  // expected-error @+1 {{'input' must have rank 4 (NCHW), got rank 2 [32, 2048]}}
  %0 = dlc.global_avg_pool2d %x : (tensor<32x2048xf32>) -> tensor<32x2048xf32>
  return
}

// -----

func.func @global_avg_pool_keeps_spatial(%x: tensor<32x2048x7x7xf32>) {
  // expected-error @+1 {{'dlc.global_avg_pool2d' op result has type 'tensor<32x2048x1x1xf32>' but the operands give 'tensor<32x2048xf32>'}}
  %0 = dlc.global_avg_pool2d %x : (tensor<32x2048x7x7xf32>) -> tensor<32x2048x1x1xf32>
  return
}
