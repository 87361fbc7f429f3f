// Round trip of embedding, reshape, transpose, slice and concat.
// RUN: dlc-opt %s | dlc-opt | FileCheck %s
// RUN: dlc-opt %s --mlir-print-op-generic | dlc-opt | FileCheck %s

// CHECK-LABEL: func @embedding
func.func @embedding(%table: tensor<30522x768xf32>, %ids: tensor<8x512xi64>, %ids32: tensor<5xi32>, %t16: tensor<10x3xbf16>) -> (tensor<8x512x768xf32>, tensor<5x3xbf16>) {
  // CHECK: dlc.embedding %{{.*}}, %{{.*}} : (tensor<30522x768xf32>, tensor<8x512xi64>) -> tensor<8x512x768xf32>
  %0 = dlc.embedding %table, %ids : (tensor<30522x768xf32>, tensor<8x512xi64>) -> tensor<8x512x768xf32>
  // CHECK: dlc.embedding %{{.*}}, %{{.*}} : (tensor<10x3xbf16>, tensor<5xi32>) -> tensor<5x3xbf16>
  %1 = dlc.embedding %t16, %ids32 : (tensor<10x3xbf16>, tensor<5xi32>) -> tensor<5x3xbf16>
  return %0, %1 : tensor<8x512x768xf32>, tensor<5x3xbf16>
}

// CHECK-LABEL: func @reshape
func.func @reshape(%x: tensor<8x512x768xf32>, %ids: tensor<8x512xi64>) -> (tensor<8x512x12x64xf32>, tensor<4096xi64>) {
  // CHECK: dlc.reshape %{{.*}} : (tensor<8x512x768xf32>) -> tensor<8x512x12x64xf32>
  %0 = dlc.reshape %x : (tensor<8x512x768xf32>) -> tensor<8x512x12x64xf32>
  // Integer tensors reshape too.
  // CHECK: dlc.reshape %{{.*}} : (tensor<8x512xi64>) -> tensor<4096xi64>
  %1 = dlc.reshape %ids : (tensor<8x512xi64>) -> tensor<4096xi64>
  return %0, %1 : tensor<8x512x12x64xf32>, tensor<4096xi64>
}

// CHECK-LABEL: func @transpose
func.func @transpose(%x: tensor<8x512x12x64xf32>, %m: tensor<3x5xf16>) -> (tensor<8x12x512x64xf32>, tensor<5x3xf16>) {
  // CHECK: dlc.transpose %{{.*}} [0, 2, 1, 3] : (tensor<8x512x12x64xf32>) -> tensor<8x12x512x64xf32>
  %0 = dlc.transpose %x [0, 2, 1, 3] : (tensor<8x512x12x64xf32>) -> tensor<8x12x512x64xf32>
  // CHECK: dlc.transpose %{{.*}} [1, 0] : (tensor<3x5xf16>) -> tensor<5x3xf16>
  %1 = dlc.transpose %m [1, 0] : (tensor<3x5xf16>) -> tensor<5x3xf16>
  return %0, %1 : tensor<8x12x512x64xf32>, tensor<5x3xf16>
}

// CHECK-LABEL: func @slice
func.func @slice(%h: tensor<8x512x768xf32>, %v: tensor<10xi32>) -> (tensor<8x1x768xf32>, tensor<3xi32>) {
  // CHECK: dlc.slice %{{.*}} offsets [0, 0, 0] sizes [8, 1, 768] strides [1, 1, 1] : (tensor<8x512x768xf32>) -> tensor<8x1x768xf32>
  %0 = dlc.slice %h offsets [0, 0, 0] sizes [8, 1, 768] strides [1, 1, 1] : (tensor<8x512x768xf32>) -> tensor<8x1x768xf32>
  // Indices 1, 4, 7: the last one taken is 1 + 2 * 3 = 7 < 10.
  // CHECK: dlc.slice %{{.*}} offsets [1] sizes [3] strides [3] : (tensor<10xi32>) -> tensor<3xi32>
  %1 = dlc.slice %v offsets [1] sizes [3] strides [3] : (tensor<10xi32>) -> tensor<3xi32>
  return %0, %1 : tensor<8x1x768xf32>, tensor<3xi32>
}

// CHECK-LABEL: func @concat
func.func @concat(%a: tensor<32x64x28x28xf32>, %b: tensor<32x32x28x28xf32>, %c: tensor<32x1x28x28xf32>) -> tensor<32x97x28x28xf32> {
  // CHECK: dlc.concat %{{.*}}, %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<32x64x28x28xf32>, tensor<32x32x28x28xf32>, tensor<32x1x28x28xf32>) -> tensor<32x97x28x28xf32>
  %0 = dlc.concat %a, %b, %c {axis = 1 : i64} : (tensor<32x64x28x28xf32>, tensor<32x32x28x28xf32>, tensor<32x1x28x28xf32>) -> tensor<32x97x28x28xf32>
  return %0 : tensor<32x97x28x28xf32>
}
