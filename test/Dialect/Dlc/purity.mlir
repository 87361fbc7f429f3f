// Every dlc op is free of side effects, dropout included, so generic passes
// may erase, merge and clone them.
// RUN: dlc-opt %s -cse -canonicalize | FileCheck %s

// An unused op is erased, and CSE merges identical dropouts (the same
// input, probability and seed give the same mask); different seeds are kept.
// CHECK-LABEL: func @pure
// CHECK-SAME: (%[[X:.+]]: tensor<4x6xf32>)
// CHECK-NEXT: %[[D:.+]] = dlc.dropout %[[X]]
// CHECK-NEXT: %[[S:.+]] = dlc.add %[[D]], %[[D]]
// CHECK-NEXT: %[[E:.+]] = dlc.dropout %[[X]] {probability = 5.000000e-01 : f64, seed = 6 : i64}
// CHECK-NEXT: return %[[S]], %[[E]]
func.func @pure(%x: tensor<4x6xf32>) -> (tensor<4x6xf32>, tensor<4x6xf32>) {
  %unused = dlc.exp %x : tensor<4x6xf32>
  %0 = dlc.dropout %x {probability = 0.5 : f64, seed = 5} : tensor<4x6xf32>
  %1 = dlc.dropout %x {probability = 0.5 : f64, seed = 5} : tensor<4x6xf32>
  %2 = dlc.add %0, %1 : (tensor<4x6xf32>, tensor<4x6xf32>) -> tensor<4x6xf32>
  %3 = dlc.dropout %x {probability = 0.5 : f64, seed = 6} : tensor<4x6xf32>
  return %2, %3 : tensor<4x6xf32>, tensor<4x6xf32>
}
