// Lowering of embedding and the data-movement ops to tensor ops.
// RUN: dlc-opt %s --dlc-to-linalg -split-input-file | FileCheck %s

// Embedding gathers clamped rows inside a generic over the result.
// CHECK-DAG: #[[IDS:.+]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func @embedding
// CHECK-SAME: (%[[TABLE:.+]]: tensor<11x4xf32>, %[[IDS_ARG:.+]]: tensor<3x5xi64>)
// CHECK: linalg.generic {indexing_maps = [#[[IDS]], #{{.+}}], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[IDS_ARG]] : tensor<3x5xi64>)
// CHECK: %[[C10:.+]] = arith.constant 10 : index
// CHECK: %[[ROW:.+]] = arith.minsi %{{.+}}, %[[C10]] : index
// CHECK: %[[COL:.+]] = linalg.index 2 : index
// CHECK: tensor.extract %[[TABLE]][%[[ROW]], %[[COL]]] : tensor<11x4xf32>
func.func @embedding(%t: tensor<11x4xf32>, %ids: tensor<3x5xi64>) -> tensor<3x5x4xf32> {
  %0 = dlc.embedding %t, %ids : (tensor<11x4xf32>, tensor<3x5xi64>) -> tensor<3x5x4xf32>
  return %0 : tensor<3x5x4xf32>
}

// -----

// CHECK-LABEL: func @slice
// CHECK: tensor.extract_slice %{{.+}}[1, 2] [3, 4] [2, 1] : tensor<7x9xf32> to tensor<3x4xf32>
func.func @slice(%x: tensor<7x9xf32>) -> tensor<3x4xf32> {
  %0 = dlc.slice %x offsets [1, 2] sizes [3, 4] strides [2, 1] : (tensor<7x9xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// CHECK-LABEL: func @concat
// CHECK-SAME: (%[[A:.+]]: tensor<2x3xf32>, %[[B:.+]]: tensor<2x1xf32>)
// CHECK: %[[E:.+]] = tensor.empty() : tensor<2x4xf32>
// CHECK: %[[R1:.+]] = tensor.insert_slice %[[A]] into %[[E]][0, 0] [2, 3] [1, 1]
// CHECK: tensor.insert_slice %[[B]] into %[[R1]][0, 3] [2, 1] [1, 1]
func.func @concat(%a: tensor<2x3xf32>, %b: tensor<2x1xf32>) -> tensor<2x4xf32> {
  %0 = dlc.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func @reshape_and_transpose
// CHECK: arith.constant dense<[4, 6]> : tensor<2xi64>
// CHECK: tensor.reshape
// CHECK: linalg.transpose ins(%{{.+}} : tensor<4x6xf32>) outs(%{{.+}} : tensor<6x4xf32>) permutation = [1, 0]
func.func @reshape_and_transpose(%x: tensor<2x3x4xf32>) -> tensor<6x4xf32> {
  %0 = dlc.reshape %x : (tensor<2x3x4xf32>) -> tensor<4x6xf32>
  %1 = dlc.transpose %0 [1, 0] : (tensor<4x6xf32>) -> tensor<6x4xf32>
  return %1 : tensor<6x4xf32>
}

// -----

// keep_dims reshapes the reduced tensor back to the op's result type.
// CHECK-LABEL: func @reduce_mean_keep_dims
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "reduction", "parallel"]
// CHECK: arith.constant 2.500000e-01 : f32
// CHECK: tensor.reshape {{.*}} -> tensor<3x1x5xf32>
func.func @reduce_mean_keep_dims(%x: tensor<3x4x5xf32>) -> tensor<3x1x5xf32> {
  %0 = dlc.reduce_mean %x axes [1] {keep_dims} : (tensor<3x4x5xf32>) -> tensor<3x1x5xf32>
  return %0 : tensor<3x1x5xf32>
}

// -----

// The embedding gradient: the positions sorted stably by (clamped) row id
// (each position's rank counts the positions before it in that order; the
// order gathers, for each rank, its position), each row's start (the count of
// smaller ids, for every row and one past the last), then one independent
// sum per table element over its row's ranks [start[v], start[v + 1]) in
// position order, from zero: repeated ids add up in position order (no
// atomics, the same sums on every target).
// CHECK-LABEL: func @embedding_grad
// CHECK-SAME: (%[[G:.+]]: tensor<6x8xf32>, %[[IDS:.+]]: tensor<6xi32>)
// CHECK: %[[ROWS:.+]] = linalg.generic {{.+}} ins(%[[IDS]] : tensor<6xi32>) outs(%{{.+}} : tensor<6xi64>)
// CHECK: arith.minsi
// Six positions are one run: (o, part | j) over [1, 6] with one part, then
// the [outputs, 1] sums reshaped.
// CHECK: %[[RUNS:.+]] = tensor.reshape %[[ROWS]]
// CHECK: %[[RANKP:.+]] = linalg.generic {{.+}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[RUNS]] : tensor<1x6xi64>) outs(%{{.+}} : tensor<6x1xi64>)
// CHECK: arith.cmpi slt
// CHECK: arith.cmpi eq
// CHECK: arith.cmpi ult
// CHECK: %[[RANK:.+]] = tensor.reshape %[[RANKP]]
// CHECK: linalg.generic {{.+}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%{{.+}} : tensor<1x6xi64>) outs(%{{.+}} : tensor<6x1xi64>)
// CHECK: arith.select
// CHECK: %[[ORDER:.+]] = tensor.reshape
// CHECK: linalg.generic {{.+}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%{{.+}} : tensor<1x6xi64>) outs(%{{.+}} : tensor<11x1xi64>)
// CHECK: %[[START:.+]] = tensor.reshape
// CHECK-DAG: %[[LO:.+]] = tensor.extract_slice %[[START]][0] [10] [1] : tensor<11xi64> to tensor<10xi64>
// CHECK-DAG: %[[HI:.+]] = tensor.extract_slice %[[START]][1] [10] [1] : tensor<11xi64> to tensor<10xi64>
// CHECK: linalg.generic {{.+}} iterator_types = ["parallel", "parallel"]} ins(%[[LO]], %[[HI]] : tensor<10xi64>, tensor<10xi64>) outs(%{{.+}} : tensor<10x8xf32>)
// CHECK: scf.for
// CHECK: tensor.extract %[[ORDER]]
// CHECK: tensor.extract %[[G]]
// CHECK: arith.addf
func.func @embedding_grad(%g: tensor<6x8xf32>, %ids: tensor<6xi32>) -> tensor<10x8xf32> {
  %0 = dlc.embedding_grad %g, %ids : (tensor<6x8xf32>, tensor<6xi32>) -> tensor<10x8xf32>
  return %0 : tensor<10x8xf32>
}

// -----

// 256 positions: the comparisons of every output with every position run as
// 4 parts of 64 positions each, (o, part | j) reading the ids as [4, 64],
// then a sum over the parts (integer sums: the same counts).
// CHECK-LABEL: func @embedding_grad_runs
// CHECK: linalg.generic {{.+}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%{{.+}} : tensor<4x64xi64>) outs(%{{.+}} : tensor<256x4xi64>)
// CHECK: linalg.index 1
// CHECK: arith.muli %{{.+}}, %c64
// CHECK: linalg.generic {{.+}} iterator_types = ["parallel", "reduction"]} ins(%{{.+}} : tensor<256x4xi64>) outs(%{{.+}} : tensor<256xi64>)
// CHECK: arith.addi
// CHECK: ins(%{{.+}} : tensor<4x64xi64>) outs(%{{.+}} : tensor<256x4xi64>)
// CHECK: ins(%{{.+}} : tensor<4x64xi64>) outs(%{{.+}} : tensor<101x4xi64>)
// CHECK: ins(%{{.+}} : tensor<101x4xi64>) outs(%{{.+}} : tensor<101xi64>)
func.func @embedding_grad_runs(%g: tensor<256x4xf32>, %ids: tensor<256xi64>) -> tensor<100x4xf32> {
  %0 = dlc.embedding_grad %g, %ids : (tensor<256x4xf32>, tensor<256xi64>) -> tensor<100x4xf32>
  return %0 : tensor<100x4xf32>
}
