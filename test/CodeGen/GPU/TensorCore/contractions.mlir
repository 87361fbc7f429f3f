// RUN: dlc-opt %s --dlc-gpu-tensor-core-contractions -split-input-file | FileCheck %s

// A bf16 3x3 convolution into f32 after a zero fill: an implicit GEMM of
// X = 2*8*8 pixels by Y = 64 filters over K = 32*3*3 = 288, in slices of 32
// (64 does not divide K). 128 rows would be one block, so rows of 64: grid
// 1 x 2. Shared memory: two buffers of 64x32 A and 32x64 B bf16 slices
// (16384 bytes), then the two K tables of 288 32-bit offsets (2304 bytes).
// The block fills the tables, gathers slice 0 (A: a table row of 8 entries,
// 8 loads of the input; B: one entry, 8 loads of the filter), then per
// slice of the 9 gathers the next one while it multiplies this one on
// tensor cores (two k16 steps of 4 mma.sync a warp). The fill is gone:
// sums are stored, not added.
// CHECK-LABEL: func @conv
// CHECK-NOT: linalg.fill
// CHECK: gpu.launch blocks({{.+}}) in ({{.+}} = %c1{{[_0-9]*}}, {{.+}} = %c2{{[_0-9]*}}, {{.+}} = %c1{{[_0-9]*}}) threads({{.+}}) in ({{.+}} = %c256{{[_0-9]*}}, {{.+}} = %c1{{[_0-9]*}}, {{.+}} = %c1{{[_0-9]*}}) dynamic_shared_memory_size %c18688_i32
// CHECK: %[[SA:.+]] = memref.view {{.+}} to memref<2x64x32xbf16, #gpu.address_space<workgroup>>
// CHECK: %[[SB:.+]] = memref.view {{.+}} to memref<2x32x64xbf16, #gpu.address_space<workgroup>>
// CHECK: %[[TA:.+]] = memref.view {{.+}} to memref<288xi32, #gpu.address_space<workgroup>>
// CHECK: %[[TB:.+]] = memref.view {{.+}} to memref<288xi32, #gpu.address_space<workgroup>>
// CHECK: %[[X:.+]] = memref.reinterpret_cast %{{.+}} to offset: [0], sizes: [6400], strides: [1] : memref<2x32x10x10xbf16> to memref<6400xbf16>
// CHECK: %[[W:.+]] = memref.reinterpret_cast %{{.+}} to offset: [0], sizes: [18432], strides: [1] : memref<64x32x3x3xbf16> to memref<18432xbf16>
// CHECK: scf.for %{{.+}} = %{{.+}} to %c288{{[_0-9]*}} step %c256
// CHECK: memref.store %{{.+}}, %[[TA]]
// CHECK: memref.store %{{.+}}, %[[TB]]
// CHECK: gpu.barrier
// CHECK: vector.load %[[TA]]{{.+}} vector<8xi32>
// CHECK-COUNT-8: memref.load %[[X]]
// CHECK: memref.load %[[TB]]
// CHECK-COUNT-8: memref.load %[[W]]
// CHECK: vector.store %{{.+}}, %[[SA]]{{.+}} vector<8xbf16>
// CHECK: vector.store %{{.+}}, %[[SB]]{{.+}} vector<8xbf16>
// CHECK: gpu.barrier
// CHECK: scf.for %{{.+}} = %c0{{[_0-9]*}} to %c9{{[_0-9]*}} step %c1{{[_0-9]*}} iter_args
// CHECK-COUNT-8: memref.load %[[X]]
// CHECK-COUNT-8: memref.load %[[W]]
// CHECK: nvgpu.ldmatrix %[[SA]]{{.+}}transpose = false
// CHECK: nvgpu.ldmatrix %[[SA]]{{.+}}transpose = false
// CHECK: nvgpu.ldmatrix %[[SB]]{{.+}}transpose = true
// CHECK-COUNT-4: nvvm.mma.sync
// CHECK: nvgpu.ldmatrix %[[SA]]
// CHECK-COUNT-4: nvvm.mma.sync
// CHECK-NOT: nvvm.mma.sync
// CHECK: vector.store %{{.+}}, %[[SA]]
// CHECK: vector.store %{{.+}}, %[[SB]]
// CHECK: gpu.barrier
// CHECK: scf.yield
// CHECK: %[[Y:.+]] = memref.reinterpret_cast %{{.+}} sizes: [8192]
// CHECK-NOT: memref.load %[[Y]]
// CHECK-NOT: scf.if
// CHECK-COUNT-16: memref.store %{{.+}}, %[[Y]]
// CHECK-NOT: memref.store
// CHECK: gpu.terminator
func.func @conv(%x: memref<2x32x10x10xbf16>, %w: memref<64x32x3x3xbf16>, %y: memref<2x64x8x8xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%y : memref<2x64x8x8xf32>)
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%x, %w : memref<2x32x10x10xbf16>, memref<64x32x3x3xbf16>) outs(%y : memref<2x64x8x8xf32>)
  return
}

// -----

// A weight gradient into per-image f64 partial sums, as the GPU pipeline
// splits it: X = 64 filters, Y = 32*3*3 = 288, a batch of 4 images on the
// grid's z axis, K = 8*8 in one slice of 64. 12 blocks of 64x128 would leave
// the GPU idle: 64x64 tiles, five columns of them (the last partial).
// Shared memory: two buffers of 64x64 A and B slices (32768 bytes) and two
// tables of 64 entries. Each thread gathers two rows of 8 of each operand;
// a warp runs 4 k16 steps of 4 mma.sync. Sums are widened and added to the
// partial sums (no zero fill here), behind a guard for the partial tile.
// CHECK-LABEL: func @weight_grad
// CHECK: gpu.launch blocks({{.+}}) in ({{.+}} = %c5{{[_0-9]*}}, {{.+}} = %c1{{[_0-9]*}}, {{.+}} = %c4{{[_0-9]*}}) threads({{.+}}) dynamic_shared_memory_size %c33280_i32
// CHECK: memref<2x64x64xbf16, #gpu.address_space<workgroup>>
// CHECK: memref<2x64x64xbf16, #gpu.address_space<workgroup>>
// CHECK: %[[DY:.+]] = memref.reinterpret_cast %{{.+}} sizes: [16384]
// CHECK: %[[X:.+]] = memref.reinterpret_cast %{{.+}} sizes: [12800]
// CHECK: scf.for {{.+}} iter_args
// CHECK-COUNT-16: memref.load %[[DY]]
// CHECK-COUNT-16: memref.load %[[X]]
// CHECK-COUNT-16: nvvm.mma.sync
// CHECK-NOT: nvvm.mma.sync
// CHECK: scf.yield
// CHECK: %[[OUT:.+]] = memref.reinterpret_cast %{{.+}} sizes: [73728]
// CHECK: scf.if
// CHECK: %[[SUM:.+]] = arith.extf %{{.+}} : f32 to f64
// CHECK: %[[OLD:.+]] = memref.load %[[OUT]]
// CHECK: %[[NEW:.+]] = arith.addf %[[OLD]], %[[SUM]] : f64
// CHECK: memref.store %[[NEW]], %[[OUT]]
#dy = affine_map<(g, f, c, kh, kw, n, h, w) -> (n, g, f, h, w)>
#x = affine_map<(g, f, c, kh, kw, n, h, w) -> (n, g, c, kh + h, kw + w)>
#dw = affine_map<(g, f, c, kh, kw, n, h, w) -> (g, f, c, kh, kw, n)>
func.func @weight_grad(%dy: memref<4x1x64x8x8xbf16>, %x: memref<4x1x32x10x10xbf16>, %dw: memref<1x64x32x3x3x4xf64>) {
  linalg.generic {indexing_maps = [#dy, #x, #dw], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%dy, %x : memref<4x1x64x8x8xbf16>, memref<4x1x32x10x10xbf16>) outs(%dw : memref<1x64x32x3x3x4xf64>) {
  ^bb0(%a: bf16, %b: bf16, %acc: f64):
    %0 = arith.extf %a : bf16 to f32
    %1 = arith.extf %b : bf16 to f32
    %2 = arith.mulf %0, %1 : f32
    %3 = arith.extf %2 : f32 to f64
    %4 = arith.addf %acc, %3 : f64
    linalg.yield %4 : f64
  }
  return
}

// -----

// Left to the other kernels: f32 operands; K = 3*3*3 (not a multiple of
// 32); a body that is not a sum of widened products; a map with a division.
// CHECK-LABEL: func @left
// CHECK-NOT: gpu.launch
// CHECK: linalg.conv_2d_nchw_fchw {{.+}} memref<2x64x10x10xf32>
// CHECK: linalg.conv_2d_nchw_fchw {{.+}} memref<2x3x10x10xbf16>
// CHECK: linalg.generic
// CHECK: arith.subf
// CHECK: linalg.generic {{.+}} ins(%{{.+}}, %{{.+}} : memref<32x64xbf16>, memref<64x64xbf16>)
#a = affine_map<(m, n, k) -> (m, k)>
#b = affine_map<(m, n, k) -> (k, n)>
#c = affine_map<(m, n, k) -> (m, n)>
#half = affine_map<(m, n, k) -> (m floordiv 2, k)>
func.func @left(%x32: memref<2x64x10x10xf32>, %w32: memref<64x64x3x3xf32>, %y32: memref<2x64x8x8xf32>,
                %x3: memref<2x3x10x10xbf16>, %w3: memref<64x3x3x3xbf16>, %y: memref<2x64x8x8xf32>,
                %a: memref<64x64xbf16>, %b: memref<64x64xbf16>, %c: memref<64x64xf32>, %a2: memref<32x64xbf16>) {
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%x32, %w32 : memref<2x64x10x10xf32>, memref<64x64x3x3xf32>) outs(%y32 : memref<2x64x8x8xf32>)
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%x3, %w3 : memref<2x3x10x10xbf16>, memref<64x3x3x3xbf16>) outs(%y : memref<2x64x8x8xf32>)
  linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %b : memref<64x64xbf16>, memref<64x64xbf16>) outs(%c : memref<64x64xf32>) {
  ^bb0(%p: bf16, %q: bf16, %acc: f32):
    %0 = arith.extf %p : bf16 to f32
    %1 = arith.extf %q : bf16 to f32
    %2 = arith.subf %0, %1 : f32
    %3 = arith.addf %acc, %2 : f32
    linalg.yield %3 : f32
  }
  linalg.generic {indexing_maps = [#half, #b, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a2, %b : memref<32x64xbf16>, memref<64x64xbf16>) outs(%c : memref<64x64xf32>) {
  ^bb0(%p: bf16, %q: bf16, %acc: f32):
    %0 = arith.extf %p : bf16 to f32
    %1 = arith.extf %q : bf16 to f32
    %2 = arith.mulf %0, %1 : f32
    %3 = arith.addf %acc, %2 : f32
    linalg.yield %3 : f32
  }
  return
}
