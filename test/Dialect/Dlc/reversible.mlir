// Round trip of dlc.coupling: two regions of one block each, reading values
// from above, ending in dlc.yield.
// RUN: dlc-opt %s | dlc-opt | FileCheck %s
// RUN: dlc-opt %s --mlir-print-op-generic | dlc-opt | FileCheck %s

// CHECK-LABEL: func @coupling
// CHECK-SAME: (%[[X:.*]]: tensor<2x4xf32>, %[[W:.*]]: tensor<4x4xf32>)
// CHECK:      %[[Y1:.*]], %[[Y2:.*]] = dlc.coupling %[[X]], %[[X]] {beta = 1.000000e+00 : f64, lambda = 1.000000e-01 : f64, layer = 3 : i64} : tensor<2x4xf32> f {
// CHECK-NEXT: ^bb0(%[[A:.*]]: tensor<2x4xf32>):
// CHECK-NEXT:   %[[L:.*]] = dlc.linear %[[A]], %[[W]]
// CHECK-NEXT:   dlc.yield %[[L]] : tensor<2x4xf32>
// CHECK-NEXT: } g {
// CHECK-NEXT: ^bb0(%[[B:.*]]: tensor<2x4xf32>):
// CHECK-NEXT:   %[[T:.*]] = dlc.tanh %[[B]]
// CHECK-NEXT:   dlc.yield %[[T]] : tensor<2x4xf32>
// CHECK-NEXT: }
// CHECK-NEXT: return %[[Y1]], %[[Y2]]
func.func @coupling(%x: tensor<2x4xf32>, %w: tensor<4x4xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>) {
  %y1, %y2 = dlc.coupling %x, %x {lambda = 0.1 : f64, beta = 1.0 : f64, layer = 3} : tensor<2x4xf32> f {
  ^bb0(%a: tensor<2x4xf32>):
    %l = dlc.linear %a, %w : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
    dlc.yield %l : tensor<2x4xf32>
  } g {
  ^bb0(%b: tensor<2x4xf32>):
    %t = dlc.tanh %b : tensor<2x4xf32>
    dlc.yield %t : tensor<2x4xf32>
  }
  return %y1, %y2 : tensor<2x4xf32>, tensor<2x4xf32>
}

// --dlc-inline-couplings writes F, y1 = lambda x1 + F(x2), G, y2 = x2 + G(y1)
// (no product for a factor of 1).
// RUN: dlc-opt %s --dlc-inline-couplings | FileCheck %s --check-prefix=INLINE
// INLINE-LABEL: func @coupling
// INLINE-SAME: (%[[X:.*]]: tensor<2x4xf32>, %[[W:.*]]: tensor<4x4xf32>)
// INLINE-NEXT: %[[F:.*]] = dlc.linear %[[X]], %[[W]]
// INLINE-NEXT: %[[C:.*]] = arith.constant dense<1.000000e-01> : tensor<f32>
// INLINE-NEXT: %[[S:.*]] = dlc.mul %[[X]], %[[C]]
// INLINE-NEXT: %[[Y1:.*]] = dlc.add %[[S]], %[[F]]
// INLINE-NEXT: %[[G:.*]] = dlc.tanh %[[Y1]]
// INLINE-NEXT: %[[Y2:.*]] = dlc.add %[[X]], %[[G]]
// INLINE-NEXT: return %[[Y1]], %[[Y2]]
