// Round trip of max_pool2d, avg_pool2d and global_avg_pool2d.
// RUN: dlc-opt %s | dlc-opt | FileCheck %s
// RUN: dlc-opt %s --mlir-print-op-generic | dlc-opt | FileCheck %s

// The ResNet stem pool: 3x3, stride 2, padding 1 halves 112x112.
// CHECK-LABEL: func @max_pool
func.func @max_pool(%x: tensor<32x64x112x112xf32>) -> tensor<32x64x56x56xf32> {
  // CHECK: dlc.max_pool2d %{{.*}} {kernel_size = array<i64: 3, 3>, padding = array<i64: 1, 1>, strides = array<i64: 2, 2>} : (tensor<32x64x112x112xf32>) -> tensor<32x64x56x56xf32>
  %0 = dlc.max_pool2d %x {kernel_size = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1>} : (tensor<32x64x112x112xf32>) -> tensor<32x64x56x56xf32>
  return %0 : tensor<32x64x56x56xf32>
}

// Default stride 1, no padding, on odd sizes: 7x5 with a 2x3 window is 6x3.
// CHECK-LABEL: func @max_pool_defaults
func.func @max_pool_defaults(%x: tensor<1x2x7x5xbf16>) -> tensor<1x2x6x3xbf16> {
  // CHECK: dlc.max_pool2d %{{.*}} {kernel_size = array<i64: 2, 3>} : (tensor<1x2x7x5xbf16>) -> tensor<1x2x6x3xbf16>
  %0 = dlc.max_pool2d %x {kernel_size = array<i64: 2, 3>} : (tensor<1x2x7x5xbf16>) -> tensor<1x2x6x3xbf16>
  return %0 : tensor<1x2x6x3xbf16>
}

// CHECK-LABEL: func @avg_pool
func.func @avg_pool(%x: tensor<32x64x56x56xf32>, %y: tensor<2x3x9x9xf16>) -> (tensor<32x64x28x28xf32>, tensor<2x3x5x5xf16>) {
  // CHECK: dlc.avg_pool2d %{{.*}} {kernel_size = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<32x64x56x56xf32>) -> tensor<32x64x28x28xf32>
  %0 = dlc.avg_pool2d %x {kernel_size = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<32x64x56x56xf32>) -> tensor<32x64x28x28xf32>
  // CHECK: dlc.avg_pool2d %{{.*}} {count_include_pad = false, kernel_size = array<i64: 3, 3>, padding = array<i64: 1, 1>, strides = array<i64: 2, 2>} : (tensor<2x3x9x9xf16>) -> tensor<2x3x5x5xf16>
  %1 = dlc.avg_pool2d %y {kernel_size = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1>, count_include_pad = false} : (tensor<2x3x9x9xf16>) -> tensor<2x3x5x5xf16>
  return %0, %1 : tensor<32x64x28x28xf32>, tensor<2x3x5x5xf16>
}

// CHECK-LABEL: func @global_avg_pool
func.func @global_avg_pool(%x: tensor<32x2048x7x7xf32>) -> tensor<32x2048xf32> {
  // CHECK: dlc.global_avg_pool2d %{{.*}} : (tensor<32x2048x7x7xf32>) -> tensor<32x2048xf32>
  %0 = dlc.global_avg_pool2d %x : (tensor<32x2048x7x7xf32>) -> tensor<32x2048xf32>
  return %0 : tensor<32x2048xf32>
}
