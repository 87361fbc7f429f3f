// RUN: dlc-opt %s --dlc-fuse-widening | FileCheck %s

// dlc-fuse-widening fuses the f32 widening of a narrow tensor into every
// linalg.generic that reads it and extracts elements narrow, so that the f32
// copy is gone; a widening that an op other than a generic reads stays.

#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>

// Two readers (a reduction and an elementwise op) and an extract: the
// widening goes, each reader widens what it loads.
// CHECK-LABEL: func.func @two_readers
//  CHECK-SAME: (%[[X:.*]]: tensor<4x8xbf16>
//   CHECK-NOT: tensor<4x8xf32> = linalg.generic
//       CHECK: linalg.generic {{.*}} ins(%[[X]] : tensor<4x8xbf16>) outs(%{{.*}} : tensor<4xf32>)
//       CHECK:   arith.extf
//       CHECK:   arith.addf
//       CHECK: linalg.generic {{.*}} ins(%[[X]], %{{.*}} : tensor<4x8xbf16>, tensor<4xf32>) outs(%{{.*}} : tensor<4x8xf32>)
//       CHECK:   arith.extf
//       CHECK:   arith.divf
//       CHECK: %[[E:.*]] = tensor.extract %[[X]][%{{.*}}, %{{.*}}] : tensor<4x8xbf16>
//       CHECK: arith.extf %[[E]] : bf16 to f32
func.func @two_readers(%x: tensor<4x8xbf16>, %i: index) -> (tensor<4xf32>, tensor<4x8xf32>, f32) {
  %e0 = tensor.empty() : tensor<4x8xf32>
  %wide = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<4x8xbf16>) outs(%e0 : tensor<4x8xf32>) {
  ^bb0(%a: bf16, %o: f32):
    %w = arith.extf %a : bf16 to f32
    linalg.yield %w : f32
  } -> tensor<4x8xf32>
  %zero = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e1 : tensor<4xf32>) -> tensor<4xf32>
  %sum = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]}
      ins(%wide : tensor<4x8xf32>) outs(%init : tensor<4xf32>) {
  ^bb0(%a: f32, %acc: f32):
    %s = arith.addf %a, %acc : f32
    linalg.yield %s : f32
  } -> tensor<4xf32>
  %e2 = tensor.empty() : tensor<4x8xf32>
  %div = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%wide, %sum : tensor<4x8xf32>, tensor<4xf32>) outs(%e2 : tensor<4x8xf32>) {
  ^bb0(%a: f32, %s: f32, %o: f32):
    %d = arith.divf %a, %s : f32
    linalg.yield %d : f32
  } -> tensor<4x8xf32>
  %c0 = arith.constant 0 : index
  %elem = tensor.extract %wide[%c0, %i] : tensor<4x8xf32>
  return %sum, %div, %elem : tensor<4xf32>, tensor<4x8xf32>, f32
}

// A product reads the widening: it stays for the product, and the generic
// beside it still reads the narrow tensor.
// CHECK-LABEL: func.func @product_reader
//       CHECK: %[[W:.*]] = linalg.generic {{.*}} ins(%{{.*}} : tensor<4x8xbf16>) outs(%{{.*}} : tensor<4x8xf32>)
//       CHECK: linalg.matmul ins(%[[W]], %{{.*}} : tensor<4x8xf32>, tensor<8x4xf32>)
func.func @product_reader(%x: tensor<4x8xbf16>, %y: tensor<8x4xf32>) -> tensor<4x4xf32> {
  %e0 = tensor.empty() : tensor<4x8xf32>
  %wide = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<4x8xbf16>) outs(%e0 : tensor<4x8xf32>) {
  ^bb0(%a: bf16, %o: f32):
    %w = arith.extf %a : bf16 to f32
    linalg.yield %w : f32
  } -> tensor<4x8xf32>
  %zero = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<4x4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e1 : tensor<4x4xf32>) -> tensor<4x4xf32>
  %p = linalg.matmul ins(%wide, %y : tensor<4x8xf32>, tensor<8x4xf32>) outs(%init : tensor<4x4xf32>) -> tensor<4x4xf32>
  return %p : tensor<4x4xf32>
}

// A conversion that does more than widen (here it also scales) is not a
// widening and is left alone.
// CHECK-LABEL: func.func @not_a_widening
//       CHECK: arith.extf
//  CHECK-NEXT: arith.mulf
func.func @not_a_widening(%x: tensor<4x8xbf16>) -> (tensor<4xf32>, tensor<4x8xf32>) {
  %e0 = tensor.empty() : tensor<4x8xf32>
  %two = arith.constant 2.0 : f32
  %wide = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<4x8xbf16>) outs(%e0 : tensor<4x8xf32>) {
  ^bb0(%a: bf16, %o: f32):
    %w = arith.extf %a : bf16 to f32
    %m = arith.mulf %w, %two : f32
    linalg.yield %m : f32
  } -> tensor<4x8xf32>
  %zero = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e1 : tensor<4xf32>) -> tensor<4xf32>
  %sum = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]}
      ins(%wide : tensor<4x8xf32>) outs(%init : tensor<4xf32>) {
  ^bb0(%a: f32, %acc: f32):
    %s = arith.addf %a, %acc : f32
    linalg.yield %s : f32
  } -> tensor<4xf32>
  return %sum, %wide : tensor<4xf32>, tensor<4x8xf32>
}
