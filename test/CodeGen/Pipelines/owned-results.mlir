// dlc-owned-results, the GPU pipeline's stage after bufferization when the
// results live in the arena (outputs-in-arena): a returned buffer that the
// function does not allocate (an argument, a view of one, a global) is
// copied into an allocation of its own; one it allocates, or a view of one,
// is returned as it is.
// RUN: dlc-opt %s --dlc-owned-results --split-input-file | FileCheck %s

// CHECK-LABEL: func.func @argument_and_view(
// CHECK-SAME:    %[[A:[^:]+]]: memref<2x3xf32>
// CHECK:         %[[V:.+]] = memref.collapse_shape %[[A]]
// CHECK:         %[[OA:.+]] = memref.alloc() : memref<2x3xf32>
// CHECK-NEXT:    memref.copy %[[A]], %[[OA]]
// CHECK-NEXT:    %[[OV:.+]] = memref.alloc() : memref<6xf32>
// CHECK-NEXT:    memref.copy %[[V]], %[[OV]]
// CHECK-NEXT:    return %[[OA]], %[[OV]]
func.func @argument_and_view(%a: memref<2x3xf32>) -> (memref<2x3xf32>, memref<6xf32>) {
  %v = memref.collapse_shape %a [[0, 1]] : memref<2x3xf32> into memref<6xf32>
  return %a, %v : memref<2x3xf32>, memref<6xf32>
}

// -----

memref.global "private" constant @table : memref<2xi64> = dense<[1, 2]>

// CHECK-LABEL: func.func @global_and_owned(
// CHECK:         %[[G:.+]] = memref.get_global @table
// CHECK:         %[[X:.+]] = memref.alloc() : memref<4xf32>
// CHECK:         %[[XV:.+]] = memref.expand_shape %[[X]]
// CHECK:         %[[OG:.+]] = memref.alloc() : memref<2xi64>
// CHECK-NEXT:    memref.copy %[[G]], %[[OG]]
// CHECK-NEXT:    return %[[OG]], %[[XV]]
func.func @global_and_owned(%a: memref<4xf32>) -> (memref<2xi64>, memref<2x2xf32>) {
  %g = memref.get_global @table : memref<2xi64>
  %x = memref.alloc() : memref<4xf32>
  memref.copy %a, %x : memref<4xf32> to memref<4xf32>
  %xv = memref.expand_shape %x [[0, 1]] output_shape [2, 2] : memref<4xf32> into memref<2x2xf32>
  return %g, %xv : memref<2xi64>, memref<2x2xf32>
}
