// Round trip of the elementwise ops: broadcasting binary ops, unary
// activations, dropout and convert.
// RUN: dlc-opt %s | dlc-opt | FileCheck %s
// RUN: dlc-opt %s --mlir-print-op-generic | dlc-opt | FileCheck %s

// CHECK-LABEL: func @binary_same_shape
func.func @binary_same_shape(%a: tensor<4x5xf32>, %b: tensor<4x5xf32>) -> (tensor<4x5xf32>, tensor<4x5xf32>, tensor<4x5xf32>, tensor<4x5xf32>) {
  // CHECK: dlc.add %{{.*}}, %{{.*}} : (tensor<4x5xf32>, tensor<4x5xf32>) -> tensor<4x5xf32>
  // CHECK: dlc.sub %{{.*}}, %{{.*}} : (tensor<4x5xf32>, tensor<4x5xf32>) -> tensor<4x5xf32>
  // CHECK: dlc.mul %{{.*}}, %{{.*}} : (tensor<4x5xf32>, tensor<4x5xf32>) -> tensor<4x5xf32>
  // CHECK: dlc.div %{{.*}}, %{{.*}} : (tensor<4x5xf32>, tensor<4x5xf32>) -> tensor<4x5xf32>
  %0 = dlc.add %a, %b : (tensor<4x5xf32>, tensor<4x5xf32>) -> tensor<4x5xf32>
  %1 = dlc.sub %a, %b : (tensor<4x5xf32>, tensor<4x5xf32>) -> tensor<4x5xf32>
  %2 = dlc.mul %a, %b : (tensor<4x5xf32>, tensor<4x5xf32>) -> tensor<4x5xf32>
  %3 = dlc.div %a, %b : (tensor<4x5xf32>, tensor<4x5xf32>) -> tensor<4x5xf32>
  return %0, %1, %2, %3 : tensor<4x5xf32>, tensor<4x5xf32>, tensor<4x5xf32>, tensor<4x5xf32>
}

// A bias row, a scalar, and two operands that both broadcast.
// CHECK-LABEL: func @binary_broadcast
func.func @binary_broadcast(%x: tensor<8x512x768xbf16>, %b: tensor<768xbf16>, %s: tensor<bf16>, %c: tensor<3x1x5xf16>, %r: tensor<4x1xf16>) -> (tensor<8x512x768xbf16>, tensor<8x512x768xbf16>, tensor<3x4x5xf16>) {
  // CHECK: dlc.add %{{.*}}, %{{.*}} : (tensor<8x512x768xbf16>, tensor<768xbf16>) -> tensor<8x512x768xbf16>
  %0 = dlc.add %x, %b : (tensor<8x512x768xbf16>, tensor<768xbf16>) -> tensor<8x512x768xbf16>
  // CHECK: dlc.mul %{{.*}}, %{{.*}} : (tensor<bf16>, tensor<8x512x768xbf16>) -> tensor<8x512x768xbf16>
  %1 = dlc.mul %s, %0 : (tensor<bf16>, tensor<8x512x768xbf16>) -> tensor<8x512x768xbf16>
  // CHECK: dlc.sub %{{.*}}, %{{.*}} : (tensor<3x1x5xf16>, tensor<4x1xf16>) -> tensor<3x4x5xf16>
  %2 = dlc.sub %c, %r : (tensor<3x1x5xf16>, tensor<4x1xf16>) -> tensor<3x4x5xf16>
  return %0, %1, %2 : tensor<8x512x768xbf16>, tensor<8x512x768xbf16>, tensor<3x4x5xf16>
}

// CHECK-LABEL: func @unary
func.func @unary(%x: tensor<2x3xf64>) -> tensor<2x3xf64> {
  // CHECK: dlc.relu %{{.*}} : tensor<2x3xf64>
  // CHECK: dlc.tanh %{{.*}} : tensor<2x3xf64>
  // CHECK: dlc.sigmoid %{{.*}} : tensor<2x3xf64>
  // CHECK: dlc.exp %{{.*}} : tensor<2x3xf64>
  // CHECK: dlc.sqrt %{{.*}} : tensor<2x3xf64>
  %0 = dlc.relu %x : tensor<2x3xf64>
  %1 = dlc.tanh %0 : tensor<2x3xf64>
  %2 = dlc.sigmoid %1 : tensor<2x3xf64>
  %3 = dlc.exp %2 : tensor<2x3xf64>
  %4 = dlc.sqrt %3 : tensor<2x3xf64>
  return %4 : tensor<2x3xf64>
}

// The exact form is the default and is not printed.
// CHECK-LABEL: func @gelu
func.func @gelu(%x: tensor<8x3072xf32>) -> (tensor<8x3072xf32>, tensor<8x3072xf32>, tensor<8x3072xf32>) {
  // CHECK: dlc.gelu %{{.*}} : tensor<8x3072xf32>
  // CHECK: dlc.gelu %{{.*}} approximate tanh : tensor<8x3072xf32>
  // CHECK: dlc.gelu %{{.*}} : tensor<8x3072xf32>
  %0 = dlc.gelu %x : tensor<8x3072xf32>
  %1 = dlc.gelu %x approximate tanh : tensor<8x3072xf32>
  %2 = dlc.gelu %x approximate none : tensor<8x3072xf32>
  return %0, %1, %2 : tensor<8x3072xf32>, tensor<8x3072xf32>, tensor<8x3072xf32>
}

// CHECK-LABEL: func @dropout
func.func @dropout(%x: tensor<8x512x768xf16>) -> tensor<8x512x768xf16> {
  // CHECK: dlc.dropout %{{.*}} {probability = 1.000000e-01 : f64, seed = 42 : i64} : tensor<8x512x768xf16>
  %0 = dlc.dropout %x {probability = 0.1 : f64, seed = 42} : tensor<8x512x768xf16>
  return %0 : tensor<8x512x768xf16>
}

// CHECK-LABEL: func @convert
func.func @convert(%x: tensor<8x768xbf16>) -> (tensor<8x768xf32>, tensor<8x768xf16>) {
  // CHECK: dlc.convert %{{.*}} : tensor<8x768xbf16> to tensor<8x768xf32>
  %0 = dlc.convert %x : tensor<8x768xbf16> to tensor<8x768xf32>
  // CHECK: dlc.convert %{{.*}} : tensor<8x768xf32> to tensor<8x768xf16>
  %1 = dlc.convert %0 : tensor<8x768xf32> to tensor<8x768xf16>
  return %0, %1 : tensor<8x768xf32>, tensor<8x768xf16>
}
