// dlc-distinct-results, the pipelines' first bufferization stage: a tensor
// that a function returns more than once is returned as a copy after its
// first occurrence, so that every result bufferizes into a buffer of its
// own; results returned once are left alone.
// RUN: dlc-opt %s --dlc-distinct-results --split-input-file | FileCheck %s

// CHECK-LABEL: func.func @twice(
// CHECK:         %[[R:.+]] = dlc.relu
// CHECK:         %[[E:.+]] = tensor.empty() : tensor<4xf32>
// CHECK:         %[[C:.+]] = linalg.copy ins(%[[R]] : tensor<4xf32>) outs(%[[E]] : tensor<4xf32>)
// CHECK:         return %[[R]], %[[C]] :
func.func @twice(%a: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %r = dlc.relu %a : tensor<4xf32>
  return %r, %r : tensor<4xf32>, tensor<4xf32>
}

// -----

// Each repetition gets its own copy; an argument returned twice too.
// CHECK-LABEL: func.func @thrice_and_argument(
// CHECK-SAME:    %[[A:[^:]+]]: tensor<2x3xf32>
// CHECK:         %[[R:.+]] = dlc.tanh
// CHECK:         %[[C1:.+]] = linalg.copy ins(%[[R]] : {{.*}}) outs(%{{.+}} : tensor<2x3xf32>)
// CHECK:         %[[C2:.+]] = linalg.copy ins(%[[R]] : {{.*}}) outs(%{{.+}} : tensor<2x3xf32>)
// CHECK:         %[[CA:.+]] = linalg.copy ins(%[[A]] : {{.*}}) outs(%{{.+}} : tensor<2x3xf32>)
// CHECK:         return %[[R]], %[[C1]], %[[A]], %[[C2]], %[[CA]] :
func.func @thrice_and_argument(%a: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %r = dlc.tanh %a : tensor<2x3xf32>
  return %r, %r, %a, %r, %a : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// Distinct results, and a repeated scalar (not a buffer), stay as they are.
// CHECK-LABEL: func.func @distinct(
// CHECK-NOT:     linalg.copy
// CHECK:         return
func.func @distinct(%a: tensor<4xf32>, %i: i32) -> (tensor<4xf32>, tensor<4xf32>, i32, i32) {
  %r = dlc.relu %a : tensor<4xf32>
  %s = dlc.sigmoid %a : tensor<4xf32>
  return %r, %s, %i, %i : tensor<4xf32>, tensor<4xf32>, i32, i32
}
