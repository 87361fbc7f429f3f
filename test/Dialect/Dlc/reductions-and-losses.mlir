// Round trip of reduce_sum, reduce_mean, cross_entropy and mse_loss.
// RUN: dlc-opt %s | dlc-opt | FileCheck %s
// RUN: dlc-opt %s --mlir-print-op-generic | dlc-opt | FileCheck %s

// CHECK-LABEL: func @reduce
func.func @reduce(%x: tensor<8x512x768xf32>) -> (tensor<8x1x768xf32>, tensor<512xf32>, tensor<f32>) {
  // CHECK: dlc.reduce_sum %{{.*}} axes [1] {keep_dims} : (tensor<8x512x768xf32>) -> tensor<8x1x768xf32>
  %0 = dlc.reduce_sum %x axes [1] {keep_dims} : (tensor<8x512x768xf32>) -> tensor<8x1x768xf32>
  // CHECK: dlc.reduce_mean %{{.*}} axes [0, 2] : (tensor<8x512x768xf32>) -> tensor<512xf32>
  %1 = dlc.reduce_mean %x axes [0, 2] : (tensor<8x512x768xf32>) -> tensor<512xf32>
  // Reducing every axis gives a rank-0 tensor.
  // CHECK: dlc.reduce_sum %{{.*}} axes [0, 1, 2] : (tensor<8x512x768xf32>) -> tensor<f32>
  %2 = dlc.reduce_sum %x axes [0, 1, 2] : (tensor<8x512x768xf32>) -> tensor<f32>
  return %0, %1, %2 : tensor<8x1x768xf32>, tensor<512xf32>, tensor<f32>
}

// CHECK-LABEL: func @cross_entropy
func.func @cross_entropy(%logits: tensor<64x10xf32>, %labels: tensor<64xi64>, %l16: tensor<3x5xbf16>, %lab32: tensor<3xi32>) -> (tensor<f32>, tensor<bf16>) {
  // CHECK: dlc.cross_entropy %{{.*}}, %{{.*}} : (tensor<64x10xf32>, tensor<64xi64>) -> tensor<f32>
  %0 = dlc.cross_entropy %logits, %labels : (tensor<64x10xf32>, tensor<64xi64>) -> tensor<f32>
  // CHECK: dlc.cross_entropy %{{.*}}, %{{.*}} : (tensor<3x5xbf16>, tensor<3xi32>) -> tensor<bf16>
  %1 = dlc.cross_entropy %l16, %lab32 : (tensor<3x5xbf16>, tensor<3xi32>) -> tensor<bf16>
  return %0, %1 : tensor<f32>, tensor<bf16>
}

// CHECK-LABEL: func @mse_loss
func.func @mse_loss(%y: tensor<8x512x768xf32>, %t: tensor<8x512x768xf32>) -> tensor<f32> {
  // CHECK: dlc.mse_loss %{{.*}}, %{{.*}} : (tensor<8x512x768xf32>, tensor<8x512x768xf32>) -> tensor<f32>
  %0 = dlc.mse_loss %y, %t : (tensor<8x512x768xf32>, tensor<8x512x768xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}
