// RUN: dlc-opt %s --dlc-gpu-tile-contractions -split-input-file | FileCheck %s

// An f32 product with partial tiles (100 x 33) and a partial K slice
// (70 = 8 x 8 + 6): small sides and the grid-filling rule give 32x32 tiles
// (2x2 elements a thread), so the grid is 4 x 2. Slice 0 goes to registers
// before the loop; each of the 8 full slices is stored to shared memory,
// the next one loaded, and 8 K positions multiplied; the tail multiplies 6.
// Every element starts from the output's value; stores are guarded.
// CHECK-LABEL: func @matmul_edges
// CHECK-SAME: (%[[A:.+]]: memref<100x70xf32>, %[[B:.+]]: memref<70x33xf32>, %[[C:.+]]: memref<100x33xf32>)
// CHECK-NOT: linalg.matmul
// CHECK: gpu.launch blocks({{.+}}) in ({{.+}} = %c4{{[_0-9]*}}, {{.+}} = %c2{{[_0-9]*}}, {{.+}} = %c1{{[_0-9]*}}) threads({{.+}}) in ({{.+}} = %c256{{[_0-9]*}}, {{.+}} = %c1{{[_0-9]*}}, {{.+}} = %c1{{[_0-9]*}})
// CHECK-SAME: workgroup(%[[SX:.+]] : memref<8x36xf32, #gpu.address_space<workgroup>>, %[[SY:.+]] : memref<8x36xf32, #gpu.address_space<workgroup>>)
// CHECK-COUNT-4: memref.load %[[C]]
// CHECK: memref.load %[[A]]
// CHECK: memref.load %[[B]]
// CHECK: %[[R:.+]]:6 = scf.for %{{.+}} = %c0{{.*}} to %c8{{.*}} step %c1{{.*}} iter_args
// CHECK: memref.store %{{.+}}, %[[SX]]
// CHECK: memref.store %{{.+}}, %[[SY]]
// CHECK: gpu.barrier
// CHECK: memref.load %[[A]]
// CHECK: memref.load %[[B]]
// CHECK-COUNT-32: arith.mulf
// CHECK: gpu.barrier
// CHECK: scf.yield
// CHECK: memref.store %[[R]]#4, %[[SX]]
// CHECK: memref.store %[[R]]#5, %[[SY]]
// CHECK: gpu.barrier
// CHECK-COUNT-24: arith.mulf
// CHECK-NOT: arith.mulf
// CHECK: scf.if
// CHECK: memref.store %{{.+}}, %[[C]]
func.func @matmul_edges(%a: memref<100x70xf32>, %b: memref<70x33xf32>, %c: memref<100x33xf32>) {
  linalg.matmul ins(%a, %b : memref<100x70xf32>, memref<70x33xf32>) outs(%c : memref<100x33xf32>)
  return
}

// -----

// Large sides: 128x128 tiles, 8x8 elements a thread; whole tiles need no
// guard. The batch is the grid's z axis.
// CHECK-LABEL: func @batch_matmul_large
// CHECK: gpu.launch blocks({{.+}}) in ({{.+}} = %c8{{[_0-9]*}}, {{.+}} = %c16{{[_0-9]*}}, {{.+}} = %c4{{[_0-9]*}})
// CHECK-SAME: workgroup(%{{.+}} : memref<8x132xf32, #gpu.address_space<workgroup>>, %{{.+}} : memref<8x132xf32, #gpu.address_space<workgroup>>)
// CHECK: scf.for {{.+}} -> (f32,
// CHECK-COUNT-512: arith.mulf
// CHECK: scf.yield
// CHECK-NOT: scf.if
// CHECK-COUNT-64: memref.store %{{.+}}, %{{.+}}[%{{.+}}, %{{.+}}, %{{.+}}] : memref<4x1024x2048xf32>
func.func @batch_matmul_large(%a: memref<4x1024x64xf32>, %b: memref<4x64x2048xf32>, %c: memref<4x1024x2048xf32>) {
  linalg.batch_matmul ins(%a, %b : memref<4x1024x64xf32>, memref<4x64x2048xf32>) outs(%c : memref<4x1024x2048xf32>)
  return
}

// -----

// An f64 accumulator: at most 32 elements a thread (4x8, a 64x128 tile).
// The op's own body runs per element: f32 product, widened, f64 sum.
// CHECK-LABEL: func @f64_accumulator
// CHECK: gpu.launch blocks({{.+}}) in ({{.+}} = %c32{{[_0-9]*}}, {{.+}} = %c16{{[_0-9]*}}, {{.+}} = %c1{{[_0-9]*}})
// CHECK-SAME: workgroup(%{{.+}} : memref<8x68xf32, #gpu.address_space<workgroup>>, %{{.+}} : memref<8x132xf32, #gpu.address_space<workgroup>>)
// CHECK: scf.for {{.+}} -> (f64,
// CHECK: arith.mulf %{{.+}}, %{{.+}} : f32
// CHECK-NEXT: arith.extf %{{.+}} : f32 to f64
// CHECK-NEXT: arith.addf %{{.+}}, %{{.+}} : f64
#lhs = affine_map<(m, n, k) -> (m, k)>
#rhs = affine_map<(m, n, k) -> (k, n)>
#out = affine_map<(m, n, k) -> (m, n)>
func.func @f64_accumulator(%a: memref<2048x64xf32>, %b: memref<64x2048xf32>, %c: memref<2048x2048xf64>) {
  linalg.generic {indexing_maps = [#lhs, #rhs, #out], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %b : memref<2048x64xf32>, memref<64x2048xf32>) outs(%c : memref<2048x2048xf64>) {
  ^bb0(%x: f32, %y: f32, %acc: f64):
    %p = arith.mulf %x, %y : f32
    %w = arith.extf %p : f32 to f64
    %s = arith.addf %acc, %w : f64
    linalg.yield %s : f64
  }
  return
}

// -----

// A convolution: X = (n, oh, ow) = 128 positions read through the input
// window (oh + kh, ow + kw), Y = 16 filters, K = (c, kh, kw) = 72. bf16
// operands stay bf16 in shared memory; the body widens them.
// CHECK-LABEL: func @conv_bf16
// CHECK-SAME: (%[[X:.+]]: memref<2x8x10x10xbf16>, %[[W:.+]]: memref<16x8x3x3xbf16>, %[[Y:.+]]: memref<2x16x8x8xf32>)
// CHECK-NOT: linalg.conv_2d_nchw_fchw
// CHECK: gpu.launch
// CHECK-SAME: workgroup(%{{.+}} : memref<8x36xbf16, #gpu.address_space<workgroup>>, %{{.+}} : memref<8x20xbf16, #gpu.address_space<workgroup>>)
// CHECK: memref.load %[[X]]
// CHECK: memref.load %[[W]]
// CHECK: scf.for
// CHECK: arith.extf %{{.+}} : bf16 to f32
// CHECK: memref.store %{{.+}}, %[[Y]]
func.func @conv_bf16(%x: memref<2x8x10x10xbf16>, %w: memref<16x8x3x3xbf16>, %y: memref<2x16x8x8xf32>) {
  linalg.conv_2d_nchw_fchw ins(%x, %w : memref<2x8x10x10xbf16>, memref<16x8x3x3xbf16>) outs(%y : memref<2x16x8x8xf32>)
  return
}

// -----

// Left to the loop mapping: a side shorter than 16 (4 rows), and a body that
// reads loop indices.
// CHECK-LABEL: func @left_alone
// CHECK-NOT: gpu.launch
// CHECK: linalg.matmul
// CHECK: linalg.generic
#lhs2 = affine_map<(m, n, k) -> (m, k)>
#rhs2 = affine_map<(m, n, k) -> (k, n)>
#out2 = affine_map<(m, n, k) -> (m, n)>
func.func @left_alone(%a: memref<4x70xf32>, %b: memref<70x33xf32>, %c: memref<4x33xf32>,
                      %d: memref<64x70xf32>, %f: memref<70x64xf32>, %e: memref<64x64xf32>) {
  linalg.matmul ins(%a, %b : memref<4x70xf32>, memref<70x33xf32>) outs(%c : memref<4x33xf32>)
  linalg.generic {indexing_maps = [#lhs2, #rhs2, #out2], iterator_types = ["parallel", "parallel", "reduction"]} ins(%d, %f : memref<64x70xf32>, memref<70x64xf32>) outs(%e : memref<64x64xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %i = linalg.index 2 : index
    %j = arith.index_cast %i : index to i32
    %fi = arith.sitofp %j : i32 to f32
    %p = arith.mulf %x, %fi : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}
