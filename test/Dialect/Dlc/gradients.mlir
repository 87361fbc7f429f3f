// Round trip of the gradient ops.
// RUN: dlc-opt %s | dlc-opt | FileCheck %s
// RUN: dlc-opt %s --mlir-print-op-generic | dlc-opt | FileCheck %s

// CHECK-LABEL: func @relu_grad
func.func @relu_grad(%dy: tensor<64x1024xf32>, %x: tensor<64x1024xf32>) -> tensor<64x1024xf32> {
  // CHECK: dlc.relu_grad %{{.*}}, %{{.*}} : tensor<64x1024xf32>
  %0 = dlc.relu_grad %dy, %x : tensor<64x1024xf32>
  return %0 : tensor<64x1024xf32>
}

// CHECK-LABEL: func @cross_entropy_grad
func.func @cross_entropy_grad(%l: tensor<64x10xbf16>, %y: tensor<64xi32>, %g: tensor<bf16>) -> tensor<64x10xbf16> {
  // CHECK: dlc.cross_entropy_grad %{{.*}}, %{{.*}}, %{{.*}} : (tensor<64x10xbf16>, tensor<64xi32>, tensor<bf16>) -> tensor<64x10xbf16>
  %0 = dlc.cross_entropy_grad %l, %y, %g : (tensor<64x10xbf16>, tensor<64xi32>, tensor<bf16>) -> tensor<64x10xbf16>
  return %0 : tensor<64x10xbf16>
}

// CHECK-LABEL: func @gelu_grad
func.func @gelu_grad(%dy: tensor<8x3072xf32>, %x: tensor<8x3072xf32>) -> (tensor<8x3072xf32>, tensor<8x3072xf32>) {
  // CHECK: dlc.gelu_grad %{{.*}}, %{{.*}} : tensor<8x3072xf32>
  // CHECK: dlc.gelu_grad %{{.*}}, %{{.*}} approximate tanh : tensor<8x3072xf32>
  %0 = dlc.gelu_grad %dy, %x : tensor<8x3072xf32>
  %1 = dlc.gelu_grad %dy, %x approximate tanh : tensor<8x3072xf32>
  return %0, %1 : tensor<8x3072xf32>, tensor<8x3072xf32>
}

// CHECK-LABEL: func @slice_grad
func.func @slice_grad(%dy: tensor<8x1x768xf32>, %dv: tensor<3xf16>) -> (tensor<8x512x768xf32>, tensor<10xf16>) {
  // CHECK: dlc.slice_grad %{{.*}} offsets [0, 0, 0] strides [1, 1, 1] : (tensor<8x1x768xf32>) -> tensor<8x512x768xf32>
  %0 = dlc.slice_grad %dy offsets [0, 0, 0] strides [1, 1, 1] : (tensor<8x1x768xf32>) -> tensor<8x512x768xf32>
  // CHECK: dlc.slice_grad %{{.*}} offsets [1] strides [3] : (tensor<3xf16>) -> tensor<10xf16>
  %1 = dlc.slice_grad %dv offsets [1] strides [3] : (tensor<3xf16>) -> tensor<10xf16>
  return %0, %1 : tensor<8x512x768xf32>, tensor<10xf16>
}

// CHECK-LABEL: func @layer_norm_grad
func.func @layer_norm_grad(%dy: tensor<8x512x768xf32>, %x: tensor<8x512x768xf32>, %w: tensor<768xf32>) -> (tensor<8x512x768xf32>, tensor<768xf32>, tensor<768xf32>) {
  // CHECK: dlc.layer_norm_grad %{{.*}}, %{{.*}}, %{{.*}} {epsilon = 9.9999999999999998E-13 : f64} : (tensor<8x512x768xf32>, tensor<8x512x768xf32>, tensor<768xf32>) -> (tensor<8x512x768xf32>, tensor<768xf32>, tensor<768xf32>)
  %dx, %dw, %db = dlc.layer_norm_grad %dy, %x, %w {epsilon = 1.0e-12 : f64} : (tensor<8x512x768xf32>, tensor<8x512x768xf32>, tensor<768xf32>) -> (tensor<8x512x768xf32>, tensor<768xf32>, tensor<768xf32>)
  return %dx, %dw, %db : tensor<8x512x768xf32>, tensor<768xf32>, tensor<768xf32>
}

// CHECK-LABEL: func @embedding_grad
func.func @embedding_grad(%de: tensor<8x512x768xf32>, %ids: tensor<8x512xi64>) -> tensor<30522x768xf32> {
  // CHECK: dlc.embedding_grad %{{.*}}, %{{.*}} : (tensor<8x512x768xf32>, tensor<8x512xi64>) -> tensor<30522x768xf32>
  %0 = dlc.embedding_grad %de, %ids : (tensor<8x512x768xf32>, tensor<8x512xi64>) -> tensor<30522x768xf32>
  return %0 : tensor<30522x768xf32>
}

// CHECK-LABEL: func @batch_norm_grad
func.func @batch_norm_grad(%dy: tensor<32x64x56x56xf32>, %x: tensor<32x64x56x56xf32>, %w: tensor<64xf32>) -> (tensor<32x64x56x56xf32>, tensor<64xf32>, tensor<64xf32>) {
  // CHECK: dlc.batch_norm_grad %{{.*}}, %{{.*}}, %{{.*}} : (tensor<32x64x56x56xf32>, tensor<32x64x56x56xf32>, tensor<64xf32>) -> (tensor<32x64x56x56xf32>, tensor<64xf32>, tensor<64xf32>)
  %dx, %dw, %db = dlc.batch_norm_grad %dy, %x, %w : (tensor<32x64x56x56xf32>, tensor<32x64x56x56xf32>, tensor<64xf32>) -> (tensor<32x64x56x56xf32>, tensor<64xf32>, tensor<64xf32>)
  return %dx, %dw, %db : tensor<32x64x56x56xf32>, tensor<64xf32>, tensor<64xf32>
}

// CHECK-LABEL: func @conv2d_grads
func.func @conv2d_grads(%dy: tensor<2x4x4x9xf32>, %x: tensor<2x3x7x9xf32>, %w: tensor<4x3x3x3xf32>) -> (tensor<2x3x7x9xf32>, tensor<4x3x3x3xf32>) {
  // CHECK: dlc.conv2d_input_grad %{{.*}}, %{{.*}} {padding = array<i64: 1, 1>, strides = array<i64: 2, 1>} : (tensor<2x4x4x9xf32>, tensor<4x3x3x3xf32>) -> tensor<2x3x7x9xf32>
  %dx = dlc.conv2d_input_grad %dy, %w {padding = array<i64: 1, 1>, strides = array<i64: 2, 1>} : (tensor<2x4x4x9xf32>, tensor<4x3x3x3xf32>) -> tensor<2x3x7x9xf32>
  // CHECK: dlc.conv2d_weight_grad %{{.*}}, %{{.*}} {padding = array<i64: 1, 1>, strides = array<i64: 2, 1>} : (tensor<2x4x4x9xf32>, tensor<2x3x7x9xf32>) -> tensor<4x3x3x3xf32>
  %dw = dlc.conv2d_weight_grad %dy, %x {padding = array<i64: 1, 1>, strides = array<i64: 2, 1>} : (tensor<2x4x4x9xf32>, tensor<2x3x7x9xf32>) -> tensor<4x3x3x3xf32>
  return %dx, %dw : tensor<2x3x7x9xf32>, tensor<4x3x3x3xf32>
}

// CHECK-LABEL: func @pool2d_grads
func.func @pool2d_grads(%dy: tensor<2x3x5x4xf32>, %x: tensor<2x3x9x8xf32>) -> (tensor<2x3x9x8xf32>, tensor<2x3x9x8xf32>) {
  // CHECK: dlc.max_pool2d_grad %{{.*}}, %{{.*}} {kernel_size = array<i64: 3, 3>, padding = array<i64: 1, 1>, strides = array<i64: 2, 2>} : (tensor<2x3x5x4xf32>, tensor<2x3x9x8xf32>) -> tensor<2x3x9x8xf32>
  %0 = dlc.max_pool2d_grad %dy, %x {kernel_size = array<i64: 3, 3>, padding = array<i64: 1, 1>, strides = array<i64: 2, 2>} : (tensor<2x3x5x4xf32>, tensor<2x3x9x8xf32>) -> tensor<2x3x9x8xf32>
  // CHECK: dlc.avg_pool2d_grad %{{.*}} {count_include_pad = false, kernel_size = array<i64: 3, 3>, padding = array<i64: 1, 1>, strides = array<i64: 2, 2>} : (tensor<2x3x5x4xf32>) -> tensor<2x3x9x8xf32>
  %1 = dlc.avg_pool2d_grad %dy {count_include_pad = false, kernel_size = array<i64: 3, 3>, padding = array<i64: 1, 1>, strides = array<i64: 2, 2>} : (tensor<2x3x5x4xf32>) -> tensor<2x3x9x8xf32>
  return %0, %1 : tensor<2x3x9x8xf32>, tensor<2x3x9x8xf32>
}
