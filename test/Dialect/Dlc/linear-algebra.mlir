// Round trip of matmul, linear and conv2d: custom form, then generic form.
// RUN: dlc-opt %s | dlc-opt | FileCheck %s
// RUN: dlc-opt %s --mlir-print-op-generic | dlc-opt | FileCheck %s

// CHECK-LABEL: func @matmul_2d
func.func @matmul_2d(%a: tensor<64x784xf32>, %b: tensor<784x1024xf32>) -> tensor<64x1024xf32> {
  // CHECK: dlc.matmul %{{.*}}, %{{.*}} : (tensor<64x784xf32>, tensor<784x1024xf32>) -> tensor<64x1024xf32>
  %0 = dlc.matmul %a, %b : (tensor<64x784xf32>, tensor<784x1024xf32>) -> tensor<64x1024xf32>
  return %0 : tensor<64x1024xf32>
}

// CHECK-LABEL: func @matmul_batched_transposed
func.func @matmul_batched_transposed(%q: tensor<8x12x512x64xbf16>, %k: tensor<8x12x512x64xbf16>) -> tensor<8x12x512x512xbf16> {
  // CHECK: dlc.matmul %{{.*}}, %{{.*}} {transpose_rhs} : (tensor<8x12x512x64xbf16>, tensor<8x12x512x64xbf16>) -> tensor<8x12x512x512xbf16>
  %0 = dlc.matmul %q, %k {transpose_rhs} : (tensor<8x12x512x64xbf16>, tensor<8x12x512x64xbf16>) -> tensor<8x12x512x512xbf16>
  return %0 : tensor<8x12x512x512xbf16>
}

// CHECK-LABEL: func @matmul_both_transposed
func.func @matmul_both_transposed(%a: tensor<3x7x5xf16>, %b: tensor<3x2x7xf16>) -> tensor<3x5x2xf16> {
  // CHECK: dlc.matmul %{{.*}}, %{{.*}} {transpose_lhs, transpose_rhs} : (tensor<3x7x5xf16>, tensor<3x2x7xf16>) -> tensor<3x5x2xf16>
  %0 = dlc.matmul %a, %b {transpose_lhs, transpose_rhs} : (tensor<3x7x5xf16>, tensor<3x2x7xf16>) -> tensor<3x5x2xf16>
  return %0 : tensor<3x5x2xf16>
}

// CHECK-LABEL: func @linear_bias
func.func @linear_bias(%x: tensor<8x512x768xf32>, %w: tensor<3072x768xf32>, %b: tensor<3072xf32>) -> tensor<8x512x3072xf32> {
  // CHECK: dlc.linear %{{.*}}, %{{.*}}, %{{.*}} : (tensor<8x512x768xf32>, tensor<3072x768xf32>, tensor<3072xf32>) -> tensor<8x512x3072xf32>
  %0 = dlc.linear %x, %w, %b : (tensor<8x512x768xf32>, tensor<3072x768xf32>, tensor<3072xf32>) -> tensor<8x512x3072xf32>
  return %0 : tensor<8x512x3072xf32>
}

// CHECK-LABEL: func @linear_no_bias_vector
func.func @linear_no_bias_vector(%x: tensor<5xf64>, %w: tensor<3x5xf64>) -> tensor<3xf64> {
  // CHECK: dlc.linear %{{.*}}, %{{.*}} : (tensor<5xf64>, tensor<3x5xf64>) -> tensor<3xf64>
  %0 = dlc.linear %x, %w : (tensor<5xf64>, tensor<3x5xf64>) -> tensor<3xf64>
  return %0 : tensor<3xf64>
}

// CHECK-LABEL: func @conv2d_defaults
func.func @conv2d_defaults(%x: tensor<32x256x56x56xf32>, %w: tensor<64x256x1x1xf32>) -> tensor<32x64x56x56xf32> {
  // CHECK: dlc.conv2d %{{.*}}, %{{.*}} : (tensor<32x256x56x56xf32>, tensor<64x256x1x1xf32>) -> tensor<32x64x56x56xf32>
  %0 = dlc.conv2d %x, %w : (tensor<32x256x56x56xf32>, tensor<64x256x1x1xf32>) -> tensor<32x64x56x56xf32>
  return %0 : tensor<32x64x56x56xf32>
}

// Stride 2 with padding 3 on 224x224 gives 112x112 (the ResNet stem); the
// default-valued dilation and groups are not printed.
// CHECK-LABEL: func @conv2d_stem
func.func @conv2d_stem(%x: tensor<2x3x224x224xf32>, %w: tensor<64x3x7x7xf32>, %b: tensor<64xf32>) -> tensor<2x64x112x112xf32> {
  // CHECK: dlc.conv2d %{{.*}}, %{{.*}}, %{{.*}} {padding = array<i64: 3, 3>, strides = array<i64: 2, 2>} : (tensor<2x3x224x224xf32>, tensor<64x3x7x7xf32>, tensor<64xf32>) -> tensor<2x64x112x112xf32>
  %0 = dlc.conv2d %x, %w, %b {strides = array<i64: 2, 2>, padding = array<i64: 3, 3>, dilation = array<i64: 1, 1>, groups = 1} : (tensor<2x3x224x224xf32>, tensor<64x3x7x7xf32>, tensor<64xf32>) -> tensor<2x64x112x112xf32>
  return %0 : tensor<2x64x112x112xf32>
}

// Grouped, dilated convolution on odd sizes: OH = (13 + 2 - 2*2 - 1)/1 + 1 = 11,
// OW = (9 + 0 - 2*2 - 1)/2 + 1 = 3.
// CHECK-LABEL: func @conv2d_grouped_dilated
func.func @conv2d_grouped_dilated(%x: tensor<1x6x13x9xf16>, %w: tensor<4x3x3x3xf16>) -> tensor<1x4x11x3xf16> {
  // CHECK: dlc.conv2d %{{.*}}, %{{.*}} {dilation = array<i64: 2, 2>, groups = 2 : i64, padding = array<i64: 1, 0>, strides = array<i64: 1, 2>} : (tensor<1x6x13x9xf16>, tensor<4x3x3x3xf16>) -> tensor<1x4x11x3xf16>
  %0 = dlc.conv2d %x, %w {strides = array<i64: 1, 2>, padding = array<i64: 1, 0>, dilation = array<i64: 2, 2>, groups = 2} : (tensor<1x6x13x9xf16>, tensor<4x3x3x3xf16>) -> tensor<1x4x11x3xf16>
  return %0 : tensor<1x4x11x3xf16>
}
