// A `dlc.frozen` weight is read but not trained: --dlc-autodiff gives it no
// gradient, no update and no optimizer state, and stops the backward where
// only frozen weights would need it. The memory report counts it as frozen.
// RUN: dlc-opt %s --dlc-autodiff | FileCheck %s
// RUN: dlc-opt %s "--dlc-autodiff=optimizer=adamw" | FileCheck %s --check-prefix=ADAMW
// RUN: dlc-opt %s --dlc-autodiff --dlc-memory-report=compiled=false -o /dev/null 2>&1 | FileCheck %s --check-prefix=REPORT

// y = relu(x W0^T) W1^T with W0 frozen: only W1 gets a gradient, and the
// product with W0 needs no backward (no gradient flows into x or W0).
// CHECK-LABEL: func.func @f_train(
// CHECK-SAME: %[[W0:[^:]+]]: tensor<4x3xf32> {dlc.frozen}, %[[W1:[^:]+]]: tensor<2x4xf32> {dlc.param}, %{{[^:]+}}: tensor<5x3xf32>, %{{[^:]+}}: tensor<5x2xf32>)
// CHECK-SAME: -> (tensor<f32>, tensor<2x4xf32>)
// CHECK:     %[[H:.*]] = dlc.relu
// CHECK:     dlc.mse_loss
// CHECK-NOT: dlc.relu_grad
// CHECK:     dlc.matmul %{{.*}}, %[[H]] {transpose_lhs}
// CHECK-NOT: dlc.relu_grad
// CHECK:     return

// ADAMW-LABEL: func.func @f_train(
// ADAMW-SAME: {dlc.frozen}, %{{[^:]+}}: tensor<2x4xf32> {dlc.param}, %{{[^:]+}}: tensor<5x3xf32>, %{{[^:]+}}: tensor<5x2xf32>, %{{[^:]+}}: tensor<2x4xf32> {dlc.optimizer_state}, %{{[^:]+}}: tensor<2x4xf32> {dlc.optimizer_state}, %{{[^:]+}}: tensor<f32> {dlc.step})
// ADAMW-SAME: -> (tensor<f32>, tensor<2x4xf32> {dlc.updates = 1 : i64}, tensor<2x4xf32> {dlc.optimizer_state, dlc.updates = 4 : i64}, tensor<2x4xf32> {dlc.optimizer_state, dlc.updates = 5 : i64})

// REPORT:      at the graph-level peak:
// REPORT-NEXT:   parameters 32 B (32 bytes)
// REPORT-NEXT:   frozen parameters 48 B (48 bytes)
// REPORT-NEXT:   inputs 100 B (100 bytes)
func.func @f(%w0: tensor<4x3xf32> {dlc.frozen}, %w1: tensor<2x4xf32> {dlc.param},
             %x: tensor<5x3xf32>, %t: tensor<5x2xf32>) -> tensor<f32> {
  %0 = dlc.linear %x, %w0 : (tensor<5x3xf32>, tensor<4x3xf32>) -> tensor<5x4xf32>
  %h = dlc.relu %0 : tensor<5x4xf32>
  %y = dlc.linear %h, %w1 : (tensor<5x4xf32>, tensor<2x4xf32>) -> tensor<5x2xf32>
  %l = dlc.mse_loss %y, %t : (tensor<5x2xf32>, tensor<5x2xf32>) -> tensor<f32>
  return %l : tensor<f32>
}
