// RUN: dlc-opt %s --dlc-gpu-loop-order | FileCheck %s

// A column sum (the bias gradient of a linear layer): the batch loop, a
// reduction, comes first; it moves inside the column loop, so that the
// columns are the parallel loop the GPU maps to threads.
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1) -> (d1, d0)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[BN_IN:.*]] = affine_map<(d0, d1, d2, d3) -> (d1, d0, d2, d3)>
// CHECK-DAG: #[[BN_OUT:.*]] = affine_map<(d0, d1, d2, d3) -> (d0)>
// CHECK-LABEL: func.func @column_sum
// CHECK: linalg.generic {indexing_maps = [#[[IN]], #[[OUT]]], iterator_types = ["parallel", "reduction"]}
// CHECK-SAME: ins(%arg0 : memref<4x8xf32>) outs(%arg1 : memref<8xf32>)
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT:   %[[S:.*]] = arith.addf %[[X]], %[[ACC]] : f32
// CHECK-NEXT:   linalg.yield %[[S]] : f32
func.func @column_sum(%x: memref<4x8xf32>, %out: memref<8xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>,
                                   affine_map<(d0, d1) -> (d1)>],
                  iterator_types = ["reduction", "parallel"]}
      ins(%x : memref<4x8xf32>) outs(%out : memref<8xf32>) {
  ^bb0(%a: f32, %acc: f32):
    %s = arith.addf %a, %acc : f32
    linalg.yield %s : f32
  }
  return
}

// Batch-norm statistics sum over (n, h, w) for each channel c: the loops
// (n, c, h, w) become (c, n, h, w); the reductions keep their order.
// CHECK-LABEL: func.func @channel_sum
// CHECK: linalg.generic {indexing_maps = [#[[BN_IN]], #[[BN_OUT]]], iterator_types = ["parallel", "reduction", "reduction", "reduction"]}
func.func @channel_sum(%x: memref<2x3x4x5xf32>, %out: memref<3xf32>) {
  linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (n, c, h, w)>,
                                   affine_map<(n, c, h, w) -> (c)>],
                  iterator_types = ["reduction", "parallel", "reduction", "reduction"]}
      ins(%x : memref<2x3x4x5xf32>) outs(%out : memref<3xf32>) {
  ^bb0(%a: f32, %acc: f32):
    %s = arith.addf %a, %acc : f32
    linalg.yield %s : f32
  }
  return
}

// Ops whose parallel loops already come first are left as they are, named
// ops included.
// CHECK-LABEL: func.func @in_order
// CHECK: linalg.matmul ins(%arg0, %arg1 : memref<4x8xf32>, memref<8x2xf32>) outs(%arg2 : memref<4x2xf32>)
// CHECK: linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "reduction"]
// CHECK-SAME: ins(%arg0 : memref<4x8xf32>) outs(%arg3 : memref<4xf32>)
func.func @in_order(%a: memref<4x8xf32>, %b: memref<8x2xf32>, %c: memref<4x2xf32>, %r: memref<4xf32>) {
  linalg.matmul ins(%a, %b : memref<4x8xf32>, memref<8x2xf32>) outs(%c : memref<4x2xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>,
                                   affine_map<(d0, d1) -> (d0)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%a : memref<4x8xf32>) outs(%r : memref<4xf32>) {
  ^bb0(%x: f32, %acc: f32):
    %s = arith.addf %x, %acc : f32
    linalg.yield %s : f32
  }
  return
}
