// Lowering of the reducing ops: softmax, norms, pooling, reductions, losses.
// RUN: dlc-opt %s --dlc-to-linalg -split-input-file | FileCheck %s

// Softmax subtracts the maximum along the axis before exponentiating.
// CHECK-DAG: #[[ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.+]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func @softmax
// CHECK: %[[NEGINF:.+]] = arith.constant 0xFF800000 : f32
// CHECK: %[[MAXINIT:.+]] = linalg.fill ins(%[[NEGINF]] : f32)
// CHECK: %[[MAX:.+]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]]], iterator_types = ["parallel", "reduction"]}
// CHECK: arith.maximumf
// CHECK: %[[EXP:.+]] = linalg.generic {{.*}} ins(%{{.+}}, %[[MAX]] : tensor<4x7xf32>, tensor<4xf32>)
// CHECK: arith.subf
// CHECK: math.exp
// Sums of f32 accumulate in f64 and round once.
// CHECK: %[[SUM64:.+]] = linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]} ins(%[[EXP]] : tensor<4x7xf32>) outs(%{{.+}} : tensor<4xf64>)
// CHECK: arith.extf %{{.+}} : f32 to f64
// CHECK: arith.addf %{{.+}}, %{{.+}} : f64
// CHECK: %[[SUM:.+]] = linalg.generic {{.*}} ins(%[[SUM64]] : tensor<4xf64>)
// CHECK: arith.truncf %{{.+}} : f64 to f32
// The normalizing generic exponentiates again instead of reading the
// exponentials, which are then read only by the sum (and fuse into it).
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ROW]], #[[ID]]], {{.*}} ins(%{{.+}}, %[[MAX]], %[[SUM]] : tensor<4x7xf32>, tensor<4xf32>, tensor<4xf32>)
// CHECK: arith.subf
// CHECK: math.exp
// CHECK: arith.divf
func.func @softmax(%x: tensor<4x7xf32>) -> tensor<4x7xf32> {
  %0 = dlc.softmax %x {axis = 1 : i64} : tensor<4x7xf32>
  return %0 : tensor<4x7xf32>
}

// -----

// Layer norm: mean, biased variance, then one normalizing generic that reads
// the weight and bias along the normalized dimensions.
// CHECK-DAG: #[[STAT:.+]] = affine_map<(d0, d1, d2) -> (d0)>
// CHECK-DAG: #[[PARAM:.+]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-LABEL: func @layer_norm
// CHECK: arith.constant 0.066666666666666666 : f64
// CHECK: linalg.generic {indexing_maps = [#{{.+}}, #[[STAT]], #[[STAT]], #[[PARAM]], #[[PARAM]], #{{.+}}]
// CHECK: arith.constant 1.000000e-03 : f64
// CHECK: math.rsqrt
func.func @layer_norm(%x: tensor<2x3x5xf64>, %w: tensor<3x5xf64>, %b: tensor<3x5xf64>) -> tensor<2x3x5xf64> {
  %0 = dlc.layer_norm %x, %w, %b {epsilon = 1.0e-3 : f64} : (tensor<2x3x5xf64>, tensor<3x5xf64>, tensor<3x5xf64>) -> tensor<2x3x5xf64>
  return %0 : tensor<2x3x5xf64>
}

// -----

// Batch norm reduces over every dimension but the channels and returns the
// statistics it computed.
// CHECK-DAG: #[[CH:.+]] = affine_map<(d0, d1, d2, d3) -> (d1)>
// CHECK-LABEL: func @batch_norm
// CHECK: %[[SUM64:.+]] = linalg.generic {indexing_maps = [#{{.+}}, #[[CH]]], iterator_types = ["reduction", "parallel", "reduction", "reduction"]}
// CHECK: %[[SUM:.+]] = linalg.generic {{.*}} ins(%[[SUM64]] : tensor<3xf64>)
// CHECK: %[[MEAN:.+]] = linalg.generic {{.*}} ins(%[[SUM]] : tensor<3xf32>)
// CHECK: %[[SQ:.+]] = linalg.generic {{.*}} ins(%{{.+}}, %[[MEAN]] : tensor<4x3x5x5xf32>, tensor<3xf32>)
// CHECK: %[[SQSUM64:.+]] = linalg.generic {{.*}} ins(%[[SQ]] : tensor<4x3x5x5xf32>)
// CHECK: %[[SQSUM:.+]] = linalg.generic {{.*}} ins(%[[SQSUM64]] : tensor<3xf64>)
// CHECK: %[[VAR:.+]] = linalg.generic {{.*}} ins(%[[SQSUM]] : tensor<3xf32>)
// CHECK: %[[Y:.+]] = linalg.generic {{.*}} ins(%{{.+}}, %[[MEAN]], %[[VAR]], %{{.+}}, %{{.+}} :
// CHECK: return %[[Y]], %[[MEAN]], %[[VAR]]
func.func @batch_norm(%x: tensor<4x3x5x5xf32>, %w: tensor<3xf32>, %b: tensor<3xf32>) -> (tensor<4x3x5x5xf32>, tensor<3xf32>, tensor<3xf32>) {
  %y, %m, %v = dlc.batch_norm %x, %w, %b : (tensor<4x3x5x5xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<4x3x5x5xf32>, tensor<3xf32>, tensor<3xf32>)
  return %y, %m, %v : tensor<4x3x5x5xf32>, tensor<3xf32>, tensor<3xf32>
}

// -----

// Max pooling pads with -inf, so padding is never selected.
// CHECK-LABEL: func @max_pool
// CHECK: %[[NEGINF:.+]] = arith.constant 0xFF800000 : f32
// CHECK: %[[P:.+]] = tensor.pad %{{.+}} low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: tensor.yield %[[NEGINF]]
// CHECK: linalg.pooling_nchw_max {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>} ins(%[[P]], %{{.+}} : tensor<2x3x11x10xf32>, tensor<3x3xf32>)
func.func @max_pool(%x: tensor<2x3x9x8xf32>) -> tensor<2x3x5x4xf32> {
  %0 = dlc.max_pool2d %x {kernel_size = array<i64: 3, 3>, padding = array<i64: 1, 1>, strides = array<i64: 2, 2>} : (tensor<2x3x9x8xf32>) -> tensor<2x3x5x4xf32>
  return %0 : tensor<2x3x5x4xf32>
}

// -----

// Without count_include_pad each window divides by the input elements it
// covers, computed from the output position.
// CHECK-LABEL: func @avg_pool_exclude_pad
// CHECK: linalg.pooling_nchw_sum
// CHECK: linalg.index 2
// CHECK: arith.minsi
// CHECK: arith.maxsi
// CHECK: linalg.index 3
// CHECK: arith.divf
func.func @avg_pool_exclude_pad(%x: tensor<2x3x9x9xf32>) -> tensor<2x3x5x5xf32> {
  %0 = dlc.avg_pool2d %x {count_include_pad = false, kernel_size = array<i64: 3, 3>, padding = array<i64: 1, 1>, strides = array<i64: 2, 2>} : (tensor<2x3x9x9xf32>) -> tensor<2x3x5x5xf32>
  return %0 : tensor<2x3x5x5xf32>
}

// -----

// Cross-entropy: log-sum-exp with the maximum subtracted, minus the logit of
// the (clamped) label, averaged over the batch.
// CHECK-LABEL: func @cross_entropy
// CHECK-SAME: (%[[LOGITS:.+]]: tensor<7x5xf32>, %[[LABELS:.+]]: tensor<7xi64>)
// CHECK: arith.maximumf
// CHECK: math.exp
// CHECK: linalg.generic {{.*}} ins(%{{.+}}, %{{.+}}, %[[LABELS]] : tensor<7xf32>, tensor<7xf32>, tensor<7xi64>)
// CHECK: arith.maxsi
// CHECK: arith.minsi
// CHECK: tensor.extract %[[LOGITS]]
// CHECK: math.log
// CHECK: arith.constant 0.142857149 : f32
func.func @cross_entropy(%l: tensor<7x5xf32>, %y: tensor<7xi64>) -> tensor<f32> {
  %0 = dlc.cross_entropy %l, %y : (tensor<7x5xf32>, tensor<7xi64>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// CHECK-LABEL: func @global_avg_pool
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "reduction", "reduction"]
// CHECK: arith.constant 0.0238095243 : f32
func.func @global_avg_pool(%x: tensor<3x5x7x6xf32>) -> tensor<3x5xf32> {
  %0 = dlc.global_avg_pool2d %x : (tensor<3x5x7x6xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

// CHECK-LABEL: func @reduce_sum_all
// CHECK: linalg.generic {{.*}}iterator_types = ["reduction", "reduction"]} ins(%{{.+}} : tensor<3x4xf32>) outs(%{{.+}} : tensor<f64>)
func.func @reduce_sum_all(%x: tensor<3x4xf32>) -> tensor<f32> {
  %0 = dlc.reduce_sum %x axes [0, 1] : (tensor<3x4xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// CHECK-LABEL: func @mse_loss
// CHECK: %[[D:.+]] = arith.subf
// CHECK: arith.mulf %[[D]], %[[D]] : f32
// CHECK: iterator_types = ["reduction", "reduction"]
// CHECK: arith.constant 0.0833333358 : f32
func.func @mse_loss(%a: tensor<3x4xf32>, %b: tensor<3x4xf32>) -> tensor<f32> {
  %0 = dlc.mse_loss %a, %b : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}
