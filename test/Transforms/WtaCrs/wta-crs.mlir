// --dlc-wta-crs: the trainable linear layers become dlc.sampled_linear, the
// layers that read one input share its sample, each gets a norm state
// argument, the frozen layer is left alone; --dlc-autodiff returns each
// state's next value and marks it as the update of its argument.
// RUN: dlc-opt %s --dlc-wta-crs=ratio=0.25 2>&1 | FileCheck %s
// RUN: dlc-opt %s --dlc-wta-crs=ratio=0.25 --dlc-autodiff 2>/dev/null | FileCheck %s --check-prefix=TRAIN

// CHECK: dlc-wta-crs: @f: 3 of 3 trainable linear layers sampled at 0.25 (2 inputs); their inputs for the weight gradients 3584 bytes (0.0 MiB) -> 1280 bytes (0.0 MiB) kept
// CHECK-LABEL: func.func @f(
// CHECK-SAME: %[[X:[^:]*]]: tensor<4x16x8xf32>
// CHECK-SAME: %[[N0:[^:]*]]: tensor<64xf32> {dlc.step_state}
// CHECK-SAME: %[[N1:[^:]*]]: tensor<64xf32> {dlc.step_state}
// CHECK-SAME: %[[N2:[^:]*]]: tensor<64xf32> {dlc.step_state}
// CHECK: %[[D:.*]] = dlc.stop_gradient %[[X]]
// CHECK: %[[R:.*]] = dlc.reshape %[[D]] : (tensor<4x16x8xf32>) -> tensor<64x8xf32>
// CHECK: dlc.row_norms %[[R]]
// CHECK: %[[I:.*]], %[[S:.*]], %{{.*}} = dlc.wta_crs_sample %{{.*}} {seed = 1 : i64} : (tensor<64xf32>) -> (tensor<16xi64>, tensor<16xf32>, tensor<i64>)
// CHECK: %[[K:.*]] = dlc.embedding %[[R]], %[[I]]
// CHECK: dlc.sampled_linear %[[X]], %{{.*}} bias %{{.*}} sample(%[[K]], %[[I]], %[[S]]) norms %[[N0]]
// CHECK: dlc.sampled_linear %[[X]], %{{.*}} sample(%[[K]], %[[I]], %[[S]]) norms %[[N1]]
// CHECK: dlc.linear
// CHECK: dlc.wta_crs_sample %{{.*}} {seed = 2 : i64}
// CHECK: dlc.sampled_linear {{.*}} norms %[[N2]]

// TRAIN-LABEL: func.func @f_train(
// TRAIN-SAME: {dlc.step_state}
// TRAIN-SAME: -> (tensor<f32>, tensor<6x8xf32>, tensor<6xf32>, tensor<5x8xf32>, tensor<3x6xf32>, tensor<64xf32> {dlc.step_state, dlc.updates = 6 : i64}, tensor<64xf32> {dlc.step_state, dlc.updates = 7 : i64}, tensor<64xf32> {dlc.step_state, dlc.updates = 8 : i64})
// TRAIN: dlc.row_norms %{{.*}} : (tensor<64x5xf32>) -> tensor<64xf32>
// TRAIN: dlc.row_norms %{{.*}} : (tensor<64x3xf32>) -> tensor<64xf32>
func.func @f(%x: tensor<4x16x8xf32>, %wq: tensor<6x8xf32> {dlc.param}, %bq: tensor<6xf32> {dlc.param},
             %wk: tensor<5x8xf32> {dlc.param}, %wf: tensor<4x5xf32> {dlc.frozen},
             %wo: tensor<3x6xf32> {dlc.param}) -> tensor<f32> {
  %q = dlc.linear %x, %wq, %bq : (tensor<4x16x8xf32>, tensor<6x8xf32>, tensor<6xf32>) -> tensor<4x16x6xf32>
  %k = dlc.linear %x, %wk : (tensor<4x16x8xf32>, tensor<5x8xf32>) -> tensor<4x16x5xf32>
  %f = dlc.linear %k, %wf : (tensor<4x16x5xf32>, tensor<4x5xf32>) -> tensor<4x16x4xf32>
  %t = dlc.tanh %q : tensor<4x16x6xf32>
  %o = dlc.linear %t, %wo : (tensor<4x16x6xf32>, tensor<3x6xf32>) -> tensor<4x16x3xf32>
  %s1 = dlc.reduce_sum %o axes [0, 1, 2] : (tensor<4x16x3xf32>) -> tensor<f32>
  %s2 = dlc.reduce_sum %f axes [0, 1, 2] : (tensor<4x16x4xf32>) -> tensor<f32>
  %l = dlc.add %s1, %s2 : (tensor<f32>, tensor<f32>) -> tensor<f32>
  return %l : tensor<f32>
}
