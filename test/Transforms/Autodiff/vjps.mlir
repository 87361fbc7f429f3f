// The vector-Jacobian products the ops build, one op per function.
// RUN: dlc-opt %s --dlc-autodiff -split-input-file | FileCheck %s

// A broadcast operand's gradient is summed back to its shape; a value used
// twice gets the sum of both gradients.
// CHECK-LABEL: func.func @add_train(
// CHECK-SAME: %[[A:[^:]+]]: tensor<3x4xf32> {dlc.param}, %[[B:[^:]+]]: tensor<4xf32> {dlc.param}
// CHECK: %[[S:.+]] = dlc.add %[[A]], %[[B]]
// CHECK: %[[DS:.+]] = dlc.mul %{{.+}}, %{{.+}} : (tensor<3x4xf32>, tensor<f32>) -> tensor<3x4xf32>
// CHECK: %[[DB:.+]] = dlc.reduce_sum %[[DS]] axes [0] : (tensor<3x4xf32>) -> tensor<4xf32>
// CHECK: %[[DA:.+]] = dlc.add %[[DS]], %[[DS]]
// CHECK: return %{{.+}}, %[[DA]], %[[DB]]
func.func @add(%a: tensor<3x4xf32> {dlc.param}, %b: tensor<4xf32> {dlc.param}, %t: tensor<3x4xf32>) -> tensor<f32> {
  %s = dlc.add %a, %b : (tensor<3x4xf32>, tensor<4xf32>) -> tensor<3x4xf32>
  %u = dlc.add %s, %a : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  %l = dlc.mse_loss %u, %t : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Dropout's gradient is dropout with the same seed and probability.
// CHECK-LABEL: func.func @dropout_train(
// CHECK: dlc.dropout %arg0 {probability = 2.500000e-01 : f64, seed = 9 : i64}
// CHECK: dlc.dropout %{{.+}} {probability = 2.500000e-01 : f64, seed = 9 : i64}
func.func @dropout(%a: tensor<8xf32> {dlc.param}, %t: tensor<8xf32>) -> tensor<f32> {
  %d = dlc.dropout %a {probability = 0.25 : f64, seed = 9} : tensor<8xf32>
  %l = dlc.mse_loss %d, %t : (tensor<8xf32>, tensor<8xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Softmax: y * (dy - sum(dy * y)), reading the saved output.
// CHECK-LABEL: func.func @softmax_train(
// CHECK: %[[Y:.+]] = dlc.softmax %arg0 {axis = 1 : i64}
// CHECK: %[[P:.+]] = dlc.mul %[[DY:.+]], %[[Y]]
// CHECK: %[[DOT:.+]] = dlc.reduce_sum %[[P]] axes [1] {keep_dims} : (tensor<2x5xf32>) -> tensor<2x1xf32>
// CHECK: %[[D:.+]] = dlc.sub %[[DY]], %[[DOT]]
// CHECK: dlc.mul %[[Y]], %[[D]]
func.func @softmax(%a: tensor<2x5xf32> {dlc.param}, %t: tensor<2x5xf32>) -> tensor<f32> {
  %y = dlc.softmax %a {axis = 1 : i64} : tensor<2x5xf32>
  %l = dlc.mse_loss %y, %t : (tensor<2x5xf32>, tensor<2x5xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Transpose's gradient uses the inverse permutation; reshape's reshapes back.
// CHECK-LABEL: func.func @movement_train(
// CHECK: dlc.transpose %{{.+}} [2, 0, 1] : (tensor<3x4x2xf32>) -> tensor<2x3x4xf32>
// CHECK: dlc.reshape %{{.+}} : (tensor<2x3x4xf32>) -> tensor<6x4xf32>
func.func @movement(%a: tensor<6x4xf32> {dlc.param}, %t: tensor<3x4x2xf32>) -> tensor<f32> {
  %r = dlc.reshape %a : (tensor<6x4xf32>) -> tensor<2x3x4xf32>
  %p = dlc.transpose %r [1, 2, 0] : (tensor<2x3x4xf32>) -> tensor<3x4x2xf32>
  %l = dlc.mse_loss %p, %t : (tensor<3x4x2xf32>, tensor<3x4x2xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// A parameter that the loss does not use gets a zero gradient.
// CHECK-LABEL: func.func @unused_train(
// CHECK: %[[Z:.+]] = arith.constant dense<0.000000e+00> : tensor<7xf32>
// CHECK: return %{{.+}}, %{{.+}}, %[[Z]]
func.func @unused(%a: tensor<3xf32> {dlc.param}, %b: tensor<7xf32> {dlc.param}, %t: tensor<3xf32>) -> tensor<f32> {
  %l = dlc.mse_loss %a, %t : (tensor<3xf32>, tensor<3xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Functions without parameters are left alone.
// CHECK-LABEL: func.func @inference(
// CHECK-NOT: func.func @inference_train
func.func @inference(%x: tensor<3xf32>) -> tensor<3xf32> {
  %y = dlc.relu %x : tensor<3xf32>
  return %y : tensor<3xf32>
}
