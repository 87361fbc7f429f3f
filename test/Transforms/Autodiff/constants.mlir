// Ops that depend on no parameter are constants of the gradient, and ops
// whose results the loss does not read need no gradient: both may be ops of
// any dialect, and the step is built.
// RUN: dlc-opt %s --dlc-autodiff | FileCheck %s
// RUN: dlc-opt %s --dlc-autodiff -o %t.mlir
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: %python -c "import numpy as np, sys; d = sys.argv[1]; \
// RUN:   [np.save(f'{d}/arg{i}.npy', np.array(v, np.float32)) for i, v in enumerate([[1, 2, 3, 4], [0, 1, 2, 3]])]; \
// RUN:   [np.save(f'{d}/result{i}.npy', np.array(v, np.float64)) for i, v in enumerate([33.75, [2, 3, 0.5, 11]])]" %t.d
// RUN: dlc-run %t.mlir --entry=scaled_train --inputs=%t.d --compare=%t.d --rtol=1e-6 --atol=1e-7 | FileCheck %s --check-prefix=NUM

// loss = mean((k w - t)^2) with k = [2, 2, 1, -2]: k w - t = [2, 3, 1, -11],
// loss = 135 / 4 = 33.75 and dloss/dw = k (k w - t) / 2 = [2, 3, 0.5, 11].
// The arith.addf of the parameter is read by nothing and dropped.
// CHECK-LABEL: func.func @scaled_train(
// CHECK-SAME: -> (tensor<f32>, tensor<4xf32>)
// CHECK: %[[K:.+]] = arith.constant dense<[2.000000e+00, 2.000000e+00, 1.000000e+00, -2.000000e+00]>
// CHECK-NOT: arith.addf
// CHECK: dlc.mse_loss
// CHECK-NOT: arith.addf
// CHECK: %[[G:.+]] = dlc.mul %{{.+}}, %[[K]] :
// CHECK-NOT: arith.addf
// CHECK: return %{{.+}}, %[[G]]
// NUM: results match
func.func @scaled(%w: tensor<4xf32> {dlc.param}, %t: tensor<4xf32>) -> tensor<f32> {
  %k = arith.constant dense<[2.0, 2.0, 1.0, -2.0]> : tensor<4xf32>
  %unread = arith.addf %w, %w : tensor<4xf32>
  %y = dlc.mul %w, %k : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %l = dlc.mse_loss %y, %t : (tensor<4xf32>, tensor<4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// A computation on inputs only, here a tensor op, is a constant of the
// gradient, used by its backward as it is.
// CHECK-LABEL: func.func @prepared_train(
// CHECK: %[[X:.+]] = tensor.extract_slice %arg1[0] [4] [1]
// CHECK: dlc.mse_loss
// CHECK: %[[G:.+]] = dlc.mul %{{.+}}, %[[X]] :
// CHECK: return %{{.+}}, %[[G]]
func.func @prepared(%w: tensor<4xf32> {dlc.param}, %x: tensor<8xf32>, %t: tensor<4xf32>) -> tensor<f32> {
  %s = tensor.extract_slice %x[0] [4] [1] : tensor<8xf32> to tensor<4xf32>
  %y = dlc.mul %w, %s : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %l = dlc.mse_loss %y, %t : (tensor<4xf32>, tensor<4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}
