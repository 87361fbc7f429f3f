// --dlc-autodiff on a small MLP: forward ops, then their VJPs in reverse,
// returning the loss and one gradient per parameter in argument order.
// RUN: dlc-opt %s --dlc-autodiff | FileCheck %s
// RUN: dlc-opt %s "--dlc-autodiff=optimizer=sgd lr=0.5" | FileCheck %s --check-prefix=SGD

// The loss function itself is kept.
// CHECK-LABEL: func.func @mlp(
// CHECK-LABEL: func.func @mlp_train(
// CHECK-SAME: %[[W1:[^:]+]]: tensor<16x12xf32> {dlc.param}, %[[B1:[^:]+]]: tensor<16xf32> {dlc.param}, %[[W2:[^:]+]]: tensor<5x16xf32> {dlc.param}, %[[X:[^:]+]]: tensor<6x12xf32>, %[[Y:[^:]+]]: tensor<6xi64>)
// CHECK-SAME: -> (tensor<f32>, tensor<16x12xf32>, tensor<16xf32>, tensor<5x16xf32>)
// CHECK: %[[H:.+]] = dlc.linear %[[X]], %[[W1]], %[[B1]]
// CHECK: %[[R:.+]] = dlc.relu %[[H]]
// CHECK: %[[L:.+]] = dlc.linear %[[R]], %[[W2]]
// CHECK: %[[LOSS:.+]] = dlc.cross_entropy %[[L]], %[[Y]]
// CHECK: %[[ONE:.+]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK: %[[DL:.+]] = dlc.cross_entropy_grad %[[L]], %[[Y]], %[[ONE]]
// CHECK: %[[DR:.+]] = dlc.matmul %[[DL]], %[[W2]] : (tensor<6x5xf32>, tensor<5x16xf32>) -> tensor<6x16xf32>
// CHECK: %[[DW2:.+]] = dlc.matmul %[[DL]], %[[R]] {transpose_lhs} : (tensor<6x5xf32>, tensor<6x16xf32>) -> tensor<5x16xf32>
// CHECK: %[[DH:.+]] = dlc.relu_grad %[[DR]], %[[H]]
// CHECK: %[[DW1:.+]] = dlc.matmul %[[DH]], %[[X]] {transpose_lhs}
// CHECK: %[[DB1:.+]] = dlc.reduce_sum %[[DH]] axes [0]
// No gradient is built for the input %x.
// CHECK-NOT: dlc.matmul %[[DH]], %[[W1]]
// CHECK: return %[[LOSS]], %[[DW1]], %[[DB1]], %[[DW2]]

// SGD-LABEL: func.func @mlp_train(
// SGD: %[[LR:.+]] = arith.constant dense<5.000000e-01> : tensor<f32>
// SGD: %[[STEP:.+]] = dlc.mul %{{.+}}, %[[LR]]
// SGD: %[[NEW:.+]] = dlc.sub %arg0, %[[STEP]] : (tensor<16x12xf32>, tensor<16x12xf32>) -> tensor<16x12xf32>
// SGD: return %{{.+}}, %[[NEW]], %{{.+}}, %{{.+}} : tensor<f32>, tensor<16x12xf32>, tensor<16xf32>, tensor<5x16xf32>

func.func @mlp(%w1: tensor<16x12xf32> {dlc.param}, %b1: tensor<16xf32> {dlc.param}, %w2: tensor<5x16xf32> {dlc.param}, %x: tensor<6x12xf32>, %y: tensor<6xi64>) -> tensor<f32> {
  %h = dlc.linear %x, %w1, %b1 : (tensor<6x12xf32>, tensor<16x12xf32>, tensor<16xf32>) -> tensor<6x16xf32>
  %r = dlc.relu %h : tensor<6x16xf32>
  %l = dlc.linear %r, %w2 : (tensor<6x16xf32>, tensor<5x16xf32>) -> tensor<6x5xf32>
  %loss = dlc.cross_entropy %l, %y : (tensor<6x5xf32>, tensor<6xi64>) -> tensor<f32>
  return %loss : tensor<f32>
}
