// The backward ops --dlc-autodiff builds for each differentiable dlc op not
// covered by vjps.mlir or mlp.mlir (their numerical correctness is checked
// in test/Integration/Numerics/gradients).
// RUN: dlc-opt %s --dlc-autodiff -split-input-file | FileCheck %s

// matmul: dA = dY B (B was transposed), dB = dY^T A.
// CHECK-LABEL: func.func @matmul_train(
// CHECK-SAME: %[[A:[^:]+]]: tensor<2x3xf32> {dlc.param}, %[[B:[^:]+]]: tensor<4x3xf32> {dlc.param}
// CHECK: %[[DY:.+]] = dlc.mul %{{.+}}, %{{.+}} : (tensor<2x4xf32>, tensor<f32>) -> tensor<2x4xf32>
// CHECK: %[[DA:.+]] = dlc.matmul %[[DY]], %[[B]] : (tensor<2x4xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
// CHECK: %[[DB:.+]] = dlc.matmul %[[DY]], %[[A]] {transpose_lhs} : (tensor<2x4xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
// CHECK: return %{{.+}}, %[[DA]], %[[DB]]
func.func @matmul(%a: tensor<2x3xf32> {dlc.param}, %b: tensor<4x3xf32> {dlc.param}, %t: tensor<2x4xf32>) -> tensor<f32> {
  %y = dlc.matmul %a, %b {transpose_rhs} : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2x4xf32>
  %l = dlc.mse_loss %y, %t : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// conv2d: input and filter gradients carry the convolution's attributes; the
// bias gradient sums over batch and space.
// CHECK-LABEL: func.func @conv2d_train(
// CHECK-SAME: %[[X:[^:]+]]: tensor<1x2x5x5xf32> {dlc.param}, %[[W:[^:]+]]: tensor<3x2x3x3xf32> {dlc.param}
// CHECK: %[[DY:.+]] = dlc.mul %{{.+}}, %{{.+}} : (tensor<1x3x3x3xf32>, tensor<f32>) -> tensor<1x3x3x3xf32>
// CHECK: %[[DX:.+]] = dlc.conv2d_input_grad %[[DY]], %[[W]] {padding = array<i64: 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x3x3x3xf32>, tensor<3x2x3x3xf32>) -> tensor<1x2x5x5xf32>
// CHECK: %[[DW:.+]] = dlc.conv2d_weight_grad %[[DY]], %[[X]] {padding = array<i64: 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x3x3x3xf32>, tensor<1x2x5x5xf32>) -> tensor<3x2x3x3xf32>
// CHECK: %[[DB:.+]] = dlc.reduce_sum %[[DY]] axes [0, 2, 3] : (tensor<1x3x3x3xf32>) -> tensor<3xf32>
// CHECK: return %{{.+}}, %[[DX]], %[[DW]], %[[DB]]
func.func @conv2d(%x: tensor<1x2x5x5xf32> {dlc.param}, %w: tensor<3x2x3x3xf32> {dlc.param}, %b: tensor<3xf32> {dlc.param}, %t: tensor<1x3x3x3xf32>) -> tensor<f32> {
  %y = dlc.conv2d %x, %w, %b {strides = array<i64: 2, 2>, padding = array<i64: 1, 1>} : (tensor<1x2x5x5xf32>, tensor<3x2x3x3xf32>, tensor<3xf32>) -> tensor<1x3x3x3xf32>
  %l = dlc.mse_loss %y, %t : (tensor<1x3x3x3xf32>, tensor<1x3x3x3xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Pooling: max routes through the recomputed selection of the input, average
// spreads over the window; the two input gradients are summed.
// CHECK-LABEL: func.func @pools_train(
// CHECK-SAME: %[[X:[^:]+]]: tensor<1x2x6x6xf32> {dlc.param}
// CHECK: %[[DM:.+]] = dlc.mul %{{.+}}, %{{.+}} : (tensor<1x2x3x3xf32>, tensor<f32>) -> tensor<1x2x3x3xf32>
// CHECK: %[[DA:.+]] = dlc.mul %[[DM]], %{{.+}} : (tensor<1x2x3x3xf32>, tensor<f32>) -> tensor<1x2x3x3xf32>
// CHECK: %[[GA:.+]] = dlc.avg_pool2d_grad %[[DA]] {kernel_size = array<i64: 3, 3>, padding = array<i64: 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x2x3x3xf32>) -> tensor<1x2x6x6xf32>
// CHECK: %[[GM:.+]] = dlc.max_pool2d_grad %[[DM]], %[[X]] {kernel_size = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x2x3x3xf32>, tensor<1x2x6x6xf32>) -> tensor<1x2x6x6xf32>
// CHECK: %[[G:.+]] = dlc.add %[[GA]], %[[GM]]
// CHECK: return %{{.+}}, %[[G]]
func.func @pools(%x: tensor<1x2x6x6xf32> {dlc.param}, %t: tensor<1x2x3x3xf32>) -> tensor<f32> {
  %m = dlc.max_pool2d %x {kernel_size = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x2x6x6xf32>) -> tensor<1x2x3x3xf32>
  %a = dlc.avg_pool2d %x {kernel_size = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1>} : (tensor<1x2x6x6xf32>) -> tensor<1x2x3x3xf32>
  %y = dlc.sub %m, %a : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %l = dlc.mse_loss %y, %t : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Unary chain: gelu_grad, then sqrt' = 0.5 / y, exp' = y, sigmoid' =
// y (1 - y), tanh' = 1 - y^2, each from the forward result or input.
// CHECK-LABEL: func.func @unary_train(
// CHECK: %[[T:.+]] = dlc.tanh %arg0
// CHECK: %[[S:.+]] = dlc.sigmoid %[[T]]
// CHECK: %[[E:.+]] = dlc.exp %[[S]]
// CHECK: %[[R:.+]] = dlc.sqrt %[[E]]
// CHECK: %[[G:.+]] = dlc.gelu_grad %{{.+}}, %[[R]] : tensor<4xf32>
// CHECK: %[[HALF:.+]] = dlc.div %{{.+}}, %[[R]] : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK: %[[DR:.+]] = dlc.mul %[[G]], %[[HALF]]
// CHECK: %[[DE:.+]] = dlc.mul %[[DR]], %[[E]]
// CHECK: %[[OMS:.+]] = dlc.sub %{{.+}}, %[[S]]
// CHECK: %[[SP:.+]] = dlc.mul %[[S]], %[[OMS]]
// CHECK: %[[DS:.+]] = dlc.mul %[[DE]], %[[SP]]
// CHECK: %[[T2:.+]] = dlc.mul %[[T]], %[[T]]
// CHECK: %[[TP:.+]] = dlc.sub %{{.+}}, %[[T2]]
// CHECK: %[[DT:.+]] = dlc.mul %[[DS]], %[[TP]]
// CHECK: return %{{.+}}, %[[DT]]
func.func @unary(%x: tensor<4xf32> {dlc.param}) -> tensor<f32> {
  %a = dlc.tanh %x : tensor<4xf32>
  %b = dlc.sigmoid %a : tensor<4xf32>
  %c = dlc.exp %b : tensor<4xf32>
  %d = dlc.sqrt %c : tensor<4xf32>
  %e = dlc.gelu %d : tensor<4xf32>
  %l = dlc.reduce_mean %e axes [0] : (tensor<4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Norms: layer_norm_grad and batch_norm_grad recompute their statistics
// from the saved input; global_avg_pool2d's gradient is spread by 1/(H W).
// CHECK-LABEL: func.func @norms_train(
// CHECK: %[[Y:.+]], %{{.+}}, %{{.+}} = dlc.batch_norm %arg0, %arg1, %arg2
// CHECK: %[[SPREAD:.+]] = dlc.add %{{.+}}, %{{.+}} : (tensor<4x3x2x2xf32>, tensor<4x3x1x1xf32>) -> tensor<4x3x2x2xf32>
// CHECK: %[[DZ:.+]] = dlc.mul %[[SPREAD]], %{{.+}} : (tensor<4x3x2x2xf32>, tensor<f32>) -> tensor<4x3x2x2xf32>
// CHECK: %[[DY:.+]], %[[DLW:.+]], %[[DLB:.+]] = dlc.layer_norm_grad %[[DZ]], %[[Y]], %arg3
// CHECK: %[[DX:.+]], %[[DW:.+]], %[[DB:.+]] = dlc.batch_norm_grad %[[DY]], %arg0, %arg1
// CHECK: return %{{.+}}, %[[DX]], %[[DW]], %[[DB]], %[[DLW]], %[[DLB]]
func.func @norms(%x: tensor<4x3x2x2xf32> {dlc.param}, %g: tensor<3xf32> {dlc.param}, %b: tensor<3xf32> {dlc.param}, %lg: tensor<2x2xf32> {dlc.param}, %lb: tensor<2x2xf32> {dlc.param}) -> tensor<f32> {
  %y, %m, %v = dlc.batch_norm %x, %g, %b : (tensor<4x3x2x2xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<4x3x2x2xf32>, tensor<3xf32>, tensor<3xf32>)
  %z = dlc.layer_norm %y, %lg, %lb : (tensor<4x3x2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<4x3x2x2xf32>
  %p = dlc.global_avg_pool2d %z : (tensor<4x3x2x2xf32>) -> tensor<4x3xf32>
  %l = dlc.reduce_sum %p axes [0, 1] : (tensor<4x3xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Lookup and data movement: div's gradient for the numerator, slice_grad
// pads back, concat's gradient slices its slabs (both uses of %s summed),
// and embedding_grad accumulates rows into the table. The ids get none.
// CHECK-LABEL: func.func @lookup_train(
// CHECK-SAME: -> (tensor<f32>, tensor<10x4xf32>)
// CHECK: dlc.mse_loss
// CHECK: %[[DQ:.+]] = dlc.div %{{.+}}, %arg2
// CHECK: %[[DC:.+]] = dlc.slice_grad %[[DQ]] offsets [1, 0, 0] strides [1, 1, 1] : (tensor<2x2x4xf32>) -> tensor<4x2x4xf32>
// CHECK: %[[S0:.+]] = dlc.slice %[[DC]] offsets [0, 0, 0] sizes [2, 2, 4]
// CHECK: %[[S1:.+]] = dlc.slice %[[DC]] offsets [2, 0, 0] sizes [2, 2, 4]
// CHECK: %[[DS:.+]] = dlc.add %[[S0]], %[[S1]]
// CHECK: %[[DE:.+]] = dlc.slice_grad %[[DS]] offsets [0, 1, 0] strides [1, 1, 1] : (tensor<2x2x4xf32>) -> tensor<2x3x4xf32>
// CHECK: %[[DT:.+]] = dlc.embedding_grad %[[DE]], %arg1 : (tensor<2x3x4xf32>, tensor<2x3xi64>) -> tensor<10x4xf32>
// CHECK: return %{{.+}}, %[[DT]]
func.func @lookup(%table: tensor<10x4xf32> {dlc.param}, %ids: tensor<2x3xi64>, %t: tensor<2x2x4xf32>) -> tensor<f32> {
  %e = dlc.embedding %table, %ids : (tensor<10x4xf32>, tensor<2x3xi64>) -> tensor<2x3x4xf32>
  %s = dlc.slice %e offsets [0, 1, 0] sizes [2, 2, 4] strides [1, 1, 1] : (tensor<2x3x4xf32>) -> tensor<2x2x4xf32>
  %c = dlc.concat %s, %s {axis = 0 : i64} : (tensor<2x2x4xf32>, tensor<2x2x4xf32>) -> tensor<4x2x4xf32>
  %h = dlc.slice %c offsets [1, 0, 0] sizes [2, 2, 4] strides [1, 1, 1] : (tensor<4x2x4xf32>) -> tensor<2x2x4xf32>
  %q = dlc.div %h, %t : (tensor<2x2x4xf32>, tensor<2x2x4xf32>) -> tensor<2x2x4xf32>
  %l = dlc.mse_loss %q, %t : (tensor<2x2x4xf32>, tensor<2x2x4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// convert: the gradient goes back in the input's type.
// CHECK-LABEL: func.func @convert_train(
// CHECK-SAME: %[[W:[^:]+]]: tensor<3xbf16> {dlc.param}
// CHECK: %[[DY:.+]] = dlc.mul %{{.+}}, %{{.+}} : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
// CHECK: %[[DW:.+]] = dlc.convert %[[DY]] : tensor<3xf32> to tensor<3xbf16>
// CHECK: return %{{.+}}, %[[DW]]
func.func @convert(%w: tensor<3xbf16> {dlc.param}, %t: tensor<3xf32>) -> tensor<f32> {
  %0 = dlc.convert %w : tensor<3xbf16> to tensor<3xf32>
  %1 = dlc.mse_loss %0, %t : (tensor<3xf32>, tensor<3xf32>) -> tensor<f32>
  return %1 : tensor<f32>
}
