// One AdamW step, checked against numbers worked out by hand.
// RUN: dlc-opt %s "--dlc-autodiff=optimizer=adamw lr=0.1" | FileCheck %s
// RUN: dlc-opt %s "--dlc-autodiff=optimizer=adamw lr=0.1" -o %t.mlir
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: %python -c "import numpy as np, sys; d = sys.argv[1]; \
// RUN:   [np.save(f'{d}/arg{i}.npy', np.array(v, np.float32)) for i, v in enumerate([[1, -2], [0, 0], [0, 0], [0, 0], 1.0])]; \
// RUN:   [np.save(f'{d}/result{i}.npy', np.array(v, np.float64)) for i, v in enumerate([2.5, [0.899, -1.898], [0.1, -0.2], [0.001, 0.004]])]" %t.d
// RUN: dlc-run %t.mlir --entry=f_train --inputs=%t.d --compare=%t.d --rtol=1e-6 --atol=1e-7 | FileCheck %s --check-prefix=NUM

// The step takes the moments (m, then v) and the step number (dlc.step)
// after the original arguments, and returns the loss, the new parameter and
// the new moments, marked as optimizer state; each new value names the
// argument it replaces next step (dlc.updates).
// CHECK-LABEL: func.func @f_train(
// CHECK-SAME: %[[W:[^:]+]]: tensor<2xf32> {dlc.param}, %[[T:[^:]+]]: tensor<2xf32>, %[[M:[^:]+]]: tensor<2xf32> {dlc.optimizer_state}, %[[V:[^:]+]]: tensor<2xf32> {dlc.optimizer_state}, %[[STEP:[^:]+]]: tensor<f32> {dlc.step})
// CHECK-SAME: -> (tensor<f32>, tensor<2xf32> {dlc.updates = 0 : i64}, tensor<2xf32> {dlc.optimizer_state, dlc.updates = 2 : i64}, tensor<2xf32> {dlc.optimizer_state, dlc.updates = 3 : i64})
// CHECK: dlc.sqrt

// loss = mean((w - t)^2) = (1 + 4) / 2 = 2.5 and g = 2 (w - t) / 2 = w.
// With m = v = 0 at step 1: m' = 0.1 g = [0.1, -0.2], v' = 0.001 g^2 =
// [0.001, 0.004]; the bias-corrected m'/0.1 / sqrt(v'/0.001) = sign(g), so
// w' = w - 0.1 (sign(g) + 0.01 w) = [0.899, -1.898].
// NUM: results match

// A bf16 model's update runs in f32 (in bf16, beta2 = 0.999 rounds to 1 and
// its bias correction to 0): the step number is f32, the moments keep bf16,
// and the same step gives w' = [0.899, -1.898] to bf16's precision.
// RUN: sed s/f32/bf16/g %s | dlc-opt "--dlc-autodiff=optimizer=adamw lr=0.1" -o %t.bf16.mlir
// RUN: FileCheck %s --check-prefix=BF16 < %t.bf16.mlir
// BF16-LABEL: func.func @f_train(
// BF16-SAME: tensor<2xbf16> {dlc.optimizer_state}, %{{[^:]+}}: tensor<f32> {dlc.step})
// BF16-SAME: -> (tensor<bf16>, tensor<2xbf16> {dlc.updates = 0 : i64}, tensor<2xbf16> {dlc.optimizer_state, dlc.updates = 2 : i64}, tensor<2xbf16> {dlc.optimizer_state, dlc.updates = 3 : i64})
// BF16: dlc.convert %{{.*}} : tensor<2xbf16> to tensor<2xf32>
// BF16: dlc.sqrt %{{.*}} : tensor<2xf32>
// BF16: dlc.convert %{{.*}} : tensor<2xf32> to tensor<2xbf16>
// RUN: rm -rf %t.b && mkdir -p %t.b
// RUN: %python -c "import numpy as np, sys; d = sys.argv[1]; \
// RUN:   [np.save(f'{d}/arg{i}.npy', np.array(v, np.float32)) for i, v in enumerate([[1, -2], [0, 0], [0, 0], [0, 0], 1.0])]; \
// RUN:   [np.save(f'{d}/result{i}.npy', np.array(v, np.float64)) for i, v in enumerate([2.5, [0.899, -1.898], [0.1, -0.2], [0.001, 0.004]])]" %t.b
// RUN: dlc-run %t.bf16.mlir --entry=f_train --inputs=%t.b --compare=%t.b --rtol=1e-2 --atol=1e-5 | FileCheck %s --check-prefix=NUM
func.func @f(%w: tensor<2xf32> {dlc.param}, %t: tensor<2xf32>) -> tensor<f32> {
  %l = dlc.mse_loss %w, %t : (tensor<2xf32>, tensor<2xf32>) -> tensor<f32>
  return %l : tensor<f32>
}
