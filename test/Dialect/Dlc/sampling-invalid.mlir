// Verifier errors of the WTA-CRS ops.
// RUN: dlc-opt %s -split-input-file -verify-diagnostics

func.func @row_norms_scalar(%x: tensor<f32>) {
  // expected-error @+1 {{'input' must have rank at least 1}}
  %0 = dlc.row_norms %x : (tensor<f32>) -> tensor<f32>
  return
}

// -----

func.func @row_norms_shape(%x: tensor<4x5xf32>) {
  // expected-error @+1 {{result has type 'tensor<5xf32>' but the operands give 'tensor<4xf32>'}}
  %0 = dlc.row_norms %x : (tensor<4x5xf32>) -> tensor<5xf32>
  return
}

// -----

func.func @sample_too_many(%s: tensor<4xf32>) {
  // expected-error @+1 {{samples k = 5 rows of n = 4; it must be from 1 to n}}
  %i, %c, %n = dlc.wta_crs_sample %s {seed = 0 : i64} : (tensor<4xf32>) -> (tensor<5xi64>, tensor<5xf32>, tensor<i64>)
  return
}

// -----

func.func @sample_none(%s: tensor<4xf32>) {
  // expected-error @+1 {{samples k = 0 rows of n = 4; it must be from 1 to n}}
  %i, %c, %n = dlc.wta_crs_sample %s {seed = 0 : i64} : (tensor<4xf32>) -> (tensor<0xi64>, tensor<0xf32>, tensor<i64>)
  return
}

// -----

func.func @sample_matrix(%s: tensor<4x2xf32>) {
  // expected-error @+1 {{'scores' must be [n], got [4, 2]}}
  %i, %c, %n = dlc.wta_crs_sample %s {seed = 0 : i64} : (tensor<4x2xf32>) -> (tensor<2xi64>, tensor<2xf32>, tensor<i64>)
  return
}

// -----

func.func @sample_mismatched(%s: tensor<4xf32>) {
  // expected-error @+1 {{'indices' and 'scales' must both be [k], got [2] and [3]}}
  %i, %c, %n = dlc.wta_crs_sample %s {seed = 0 : i64} : (tensor<4xf32>) -> (tensor<2xi64>, tensor<3xf32>, tensor<i64>)
  return
}

// -----

func.func @sample_count(%s: tensor<4xf32>) {
  // expected-error @+1 {{'count' must be a rank-0 tensor, got [1]}}
  %i, %c, %n = dlc.wta_crs_sample %s {seed = 0 : i64} : (tensor<4xf32>) -> (tensor<2xi64>, tensor<2xf32>, tensor<1xi64>)
  return
}

// -----

func.func @sample_f16(%s: tensor<4xf16>) {
  // expected-error @+1 {{operand #0 must be statically shaped tensor of 32-bit float values}}
  %i, %c, %n = dlc.wta_crs_sample %s {seed = 0 : i64} : (tensor<4xf16>) -> (tensor<2xi64>, tensor<2xf32>, tensor<i64>)
  return
}

// -----

func.func @sampled_kept_width(%x: tensor<8x6xf32>, %w: tensor<4x6xf32>, %k: tensor<2x5xf32>, %i: tensor<2xi64>, %s: tensor<2xf32>, %n: tensor<8xf32>) {
  // expected-error @+1 {{'kept' must be [k, 6] of 'f32' (rows of 'input'), got 'tensor<2x5xf32>'}}
  %y = dlc.sampled_linear %x, %w sample(%k, %i, %s) norms %n : (tensor<8x6xf32>, tensor<4x6xf32>, tensor<2x5xf32>, tensor<2xi64>, tensor<2xf32>, tensor<8xf32>) -> tensor<8x4xf32>
  return
}

// -----

func.func @sampled_too_many(%x: tensor<2x6xf32>, %w: tensor<4x6xf32>, %k: tensor<3x6xf32>, %i: tensor<3xi64>, %s: tensor<3xf32>, %n: tensor<2xf32>) {
  // expected-error @+1 {{keeps k = 3 rows of the n = 2 of 'input'}}
  %y = dlc.sampled_linear %x, %w sample(%k, %i, %s) norms %n : (tensor<2x6xf32>, tensor<4x6xf32>, tensor<3x6xf32>, tensor<3xi64>, tensor<3xf32>, tensor<2xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @sampled_scales(%x: tensor<8x6xf32>, %w: tensor<4x6xf32>, %k: tensor<2x6xf32>, %i: tensor<2xi64>, %s: tensor<3xf32>, %n: tensor<8xf32>) {
  // expected-error @+1 {{'scales' must be [2], one per kept row, got [3]}}
  %y = dlc.sampled_linear %x, %w sample(%k, %i, %s) norms %n : (tensor<8x6xf32>, tensor<4x6xf32>, tensor<2x6xf32>, tensor<2xi64>, tensor<3xf32>, tensor<8xf32>) -> tensor<8x4xf32>
  return
}

// -----

func.func @sampled_norms(%x: tensor<2x4x6xf32>, %w: tensor<4x6xf32>, %k: tensor<2x6xf32>, %i: tensor<2xi64>, %s: tensor<2xf32>, %n: tensor<4xf32>) {
  // expected-error @+1 {{'norms' must be [8], one per row of 'input', got [4]}}
  %y = dlc.sampled_linear %x, %w sample(%k, %i, %s) norms %n : (tensor<2x4x6xf32>, tensor<4x6xf32>, tensor<2x6xf32>, tensor<2xi64>, tensor<2xf32>, tensor<4xf32>) -> tensor<2x4x4xf32>
  return
}

// -----

func.func @sampled_result(%x: tensor<8x6xf32>, %w: tensor<4x6xf32>, %k: tensor<2x6xf32>, %i: tensor<2xi64>, %s: tensor<2xf32>, %n: tensor<8xf32>) {
  // expected-error @+1 {{result must be 'tensor<8x4xf32>' (as dlc.linear gives), got 'tensor<8x5xf32>'}}
  %y = dlc.sampled_linear %x, %w sample(%k, %i, %s) norms %n : (tensor<8x6xf32>, tensor<4x6xf32>, tensor<2x6xf32>, tensor<2xi64>, tensor<2xf32>, tensor<8xf32>) -> tensor<8x5xf32>
  return
}

// -----

func.func @sampled_weight(%x: tensor<8x6xf32>, %w: tensor<4x5xf32>, %k: tensor<2x6xf32>, %i: tensor<2xi64>, %s: tensor<2xf32>, %n: tensor<8xf32>) {
  // expected-error @+1 {{'weight' [4, 5] must be [out, in] with in = 6, the last dimension of 'input' [8, 6]}}
  %y = dlc.sampled_linear %x, %w sample(%k, %i, %s) norms %n : (tensor<8x6xf32>, tensor<4x5xf32>, tensor<2x6xf32>, tensor<2xi64>, tensor<2xf32>, tensor<8xf32>) -> tensor<8x4xf32>
  return
}
