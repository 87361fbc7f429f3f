// Lowering of the pooling gradients: every (padded) input position gathers
// from the windows that cover it, so no scatter is needed.
// RUN: dlc-opt %s --dlc-to-linalg -split-input-file | FileCheck %s

// Max pooling first finds each window's first strict maximum (tap index, -1
// when none beats -inf), then routes a window's gradient to that tap.
// CHECK-DAG: #[[WIN:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 * 2 + d4, d3 * 2 + d5)>
// CHECK-DAG: #[[TAP:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d4, d5)>
// CHECK-DAG: #[[OUT:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func @max_pool_grad
// CHECK-SAME: (%[[DY:.+]]: tensor<2x3x5x4xf32>, %[[X:.+]]: tensor<2x3x9x8xf32>)
// CHECK: %[[P:.+]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: %[[NONE:.+]] = linalg.fill ins(%{{.+}} : i64) outs(%{{.+}} : tensor<2x3x5x4xi64>)
// CHECK: %[[SEL:.+]]:2 = linalg.generic {indexing_maps = [#[[WIN]], #[[TAP]], #[[OUT]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%[[P]], %{{.+}} : tensor<2x3x11x10xf32>, tensor<3x3xf32>) outs(%{{.+}}, %[[NONE]] :
// CHECK: arith.cmpf ogt
// CHECK: linalg.generic {indexing_maps = [#[[TAP]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%{{.+}} : tensor<3x3xf32>) outs(%{{.+}} : tensor<2x3x11x10xf64>)
// CHECK: arith.remsi
// CHECK: %[[CHOSEN:.+]] = tensor.extract %[[SEL]]#1[
// CHECK: arith.cmpi eq, %[[CHOSEN]]
// CHECK: tensor.extract %[[DY]][
// CHECK: tensor.extract_slice %{{.+}}[0, 0, 1, 1] [2, 3, 9, 8] [1, 1, 1, 1] : tensor<2x3x11x10xf32> to tensor<2x3x9x8xf32>
func.func @max_pool_grad(%dy: tensor<2x3x5x4xf32>, %x: tensor<2x3x9x8xf32>) -> tensor<2x3x9x8xf32> {
  %0 = dlc.max_pool2d_grad %dy, %x {kernel_size = array<i64: 3, 3>, padding = array<i64: 1, 1>, strides = array<i64: 2, 2>} : (tensor<2x3x5x4xf32>, tensor<2x3x9x8xf32>) -> tensor<2x3x9x8xf32>
  return %0 : tensor<2x3x9x8xf32>
}

// -----

// Average pooling divides each window's gradient by its divisor first (here
// the full window: 1/6), then every input position sums its windows' shares.
// CHECK-LABEL: func @avg_pool_grad
// CHECK-SAME: (%[[DY:.+]]: tensor<1x2x3x3xf32>)
// CHECK: %[[SHARE:.+]] = linalg.generic
// CHECK: %[[SIXTH:.+]] = arith.constant 0.16666
// CHECK: arith.mulf %{{.+}}, %[[SIXTH]]
// CHECK: linalg.generic {{.+}} ins(%{{.+}} : tensor<2x3xf32>) outs(%{{.+}} : tensor<1x2x6x7xf64>)
// CHECK: tensor.extract %[[SHARE]][
// CHECK-NOT: tensor.extract_slice
// CHECK: return
func.func @avg_pool_grad(%dy: tensor<1x2x3x3xf32>) -> tensor<1x2x6x7xf32> {
  %0 = dlc.avg_pool2d_grad %dy {kernel_size = array<i64: 2, 3>, strides = array<i64: 2, 2>} : (tensor<1x2x3x3xf32>) -> tensor<1x2x6x7xf32>
  return %0 : tensor<1x2x6x7xf32>
}
