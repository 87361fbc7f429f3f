// Round trip of softmax, layer_norm and batch_norm.
// RUN: dlc-opt %s | dlc-opt | FileCheck %s
// RUN: dlc-opt %s --mlir-print-op-generic | dlc-opt | FileCheck %s

// CHECK-LABEL: func @softmax
func.func @softmax(%s: tensor<8x12x512x512xf32>, %t: tensor<3x7xbf16>) -> (tensor<8x12x512x512xf32>, tensor<3x7xbf16>) {
  // CHECK: dlc.softmax %{{.*}} {axis = 3 : i64} : tensor<8x12x512x512xf32>
  %0 = dlc.softmax %s {axis = 3 : i64} : tensor<8x12x512x512xf32>
  // CHECK: dlc.softmax %{{.*}} {axis = 0 : i64} : tensor<3x7xbf16>
  %1 = dlc.softmax %t {axis = 0 : i64} : tensor<3x7xbf16>
  return %0, %1 : tensor<8x12x512x512xf32>, tensor<3x7xbf16>
}

// The default epsilon (1e-5) is not printed.
// CHECK-LABEL: func @layer_norm
func.func @layer_norm(%x: tensor<8x512x768xf32>, %g: tensor<768xf32>, %b: tensor<768xf32>, %g2: tensor<512x768xf32>, %b2: tensor<512x768xf32>) -> (tensor<8x512x768xf32>, tensor<8x512x768xf32>) {
  // CHECK: dlc.layer_norm %{{.*}}, %{{.*}}, %{{.*}} {epsilon = 9.9999999999999998E-13 : f64} : (tensor<8x512x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<8x512x768xf32>
  %0 = dlc.layer_norm %x, %g, %b {epsilon = 1.0e-12 : f64} : (tensor<8x512x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<8x512x768xf32>
  // CHECK: dlc.layer_norm %{{.*}}, %{{.*}}, %{{.*}} : (tensor<8x512x768xf32>, tensor<512x768xf32>, tensor<512x768xf32>) -> tensor<8x512x768xf32>
  %1 = dlc.layer_norm %x, %g2, %b2 {epsilon = 1.0e-5 : f64} : (tensor<8x512x768xf32>, tensor<512x768xf32>, tensor<512x768xf32>) -> tensor<8x512x768xf32>
  return %0, %1 : tensor<8x512x768xf32>, tensor<8x512x768xf32>
}

// CHECK-LABEL: func @batch_norm
func.func @batch_norm(%x: tensor<32x64x56x56xf16>, %g: tensor<64xf16>, %b: tensor<64xf16>, %v: tensor<16x5xf32>, %vg: tensor<5xf32>, %vb: tensor<5xf32>) -> (tensor<32x64x56x56xf16>, tensor<64xf16>, tensor<64xf16>, tensor<16x5xf32>) {
  // CHECK: %result, %mean, %variance = dlc.batch_norm %{{.*}}, %{{.*}}, %{{.*}} : (tensor<32x64x56x56xf16>, tensor<64xf16>, tensor<64xf16>) -> (tensor<32x64x56x56xf16>, tensor<64xf16>, tensor<64xf16>)
  %y, %mean, %var = dlc.batch_norm %x, %g, %b : (tensor<32x64x56x56xf16>, tensor<64xf16>, tensor<64xf16>) -> (tensor<32x64x56x56xf16>, tensor<64xf16>, tensor<64xf16>)
  // A rank-2 input normalizes features over the batch (BatchNorm1d).
  // CHECK: dlc.batch_norm %{{.*}}, %{{.*}}, %{{.*}} {epsilon = 1.000000e-03 : f64} : (tensor<16x5xf32>, tensor<5xf32>, tensor<5xf32>) -> (tensor<16x5xf32>, tensor<5xf32>, tensor<5xf32>)
  %y2:3 = dlc.batch_norm %v, %vg, %vb {epsilon = 1.0e-3 : f64} : (tensor<16x5xf32>, tensor<5xf32>, tensor<5xf32>) -> (tensor<16x5xf32>, tensor<5xf32>, tensor<5xf32>)
  return %y, %mean, %var, %y2#0 : tensor<32x64x56x56xf16>, tensor<64xf16>, tensor<64xf16>, tensor<16x5xf32>
}
