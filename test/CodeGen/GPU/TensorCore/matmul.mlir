// RUN: dlc-opt %s --dlc-gpu-tensor-core-matmul="slice-k=32" -split-input-file -verify-diagnostics | FileCheck %s
// RUN: dlc-opt %s --dlc-gpu-tensor-core-matmul="stages=2 slice-k=32" -split-input-file -verify-diagnostics | FileCheck %s --check-prefix=STAGES2
// RUN: dlc-opt %s --dlc-gpu-tensor-core-matmul="wide=false slice-k=32" -split-input-file -verify-diagnostics | FileCheck %s --check-prefix=NARROW
// RUN: dlc-opt %s --dlc-gpu-tensor-core-matmul -split-input-file -verify-diagnostics | FileCheck %s --check-prefix=K64

// A bf16 product with an f32 accumulator: one launch of 128x128 tiles (grid
// N/128 x M/128), 8 warps, rings of 3 K slices of A and B in dynamic shared
// memory (3 * (128 + 128) * 32 bf16 = 49152 bytes) filled by 16-byte
// cp.async copies, ldmatrix fragments (B transposed), and 16
// m16n8k16 mma.sync per 16 of K (a warp's 64x32 tile), 64 f32 accumulators
// per thread carried by the K loop.
// CHECK-LABEL: func @bf16
// CHECK-SAME: (%[[A:.+]]: memref<256x64xbf16>, %[[B:.+]]: memref<64x128xbf16>, %[[C:.+]]: memref<256x128xf32>)
// CHECK-NOT: linalg.matmul
// CHECK: %[[BYTES:.+]] = arith.constant 49152 : i32
// CHECK: gpu.launch blocks({{.+}}) in ({{.+}} = %c1{{[_0-9]*}}, {{.+}} = %c2{{[_0-9]*}}, {{.+}} = %c1{{[_0-9]*}}) threads({{.+}}) in ({{.+}} = %c256{{[_0-9]*}}, {{.+}}) dynamic_shared_memory_size %[[BYTES]]
// CHECK: %[[DYN:.+]] = gpu.dynamic_shared_memory : memref<?xi8, #gpu.address_space<workgroup>>
// CHECK: %[[SA:.+]] = memref.view %[[DYN]][%{{.+}}][] : memref<?xi8, #gpu.address_space<workgroup>> to memref<3x128x32xbf16, #gpu.address_space<workgroup>>
// CHECK: %[[SB:.+]] = memref.view %[[DYN]][%c24576{{[_0-9]*}}][] : memref<?xi8, #gpu.address_space<workgroup>> to memref<3x32x128xbf16, #gpu.address_space<workgroup>>
// Prologue: two slices, A (128x32) and B (32x128) in 2 + 2 copies a thread.
// CHECK-COUNT-2: nvgpu.device_async_copy %[[A]]{{.+}}, %[[SA]]{{.+}}, 8 {bypassL1}
// CHECK-COUNT-2: nvgpu.device_async_copy %[[B]]{{.+}}, %[[SB]]{{.+}}, 8 {bypassL1}
// CHECK: nvvm.cp.async.commit.group
// CHECK-COUNT-4: nvgpu.device_async_copy
// CHECK: nvvm.cp.async.commit.group
// CHECK: %[[ACC:.+]]:64 = scf.for
// CHECK: nvvm.cp.async.wait.group 1
// CHECK-NEXT: gpu.barrier
// CHECK: scf.if
// CHECK-COUNT-4: nvgpu.device_async_copy
// CHECK: nvvm.cp.async.commit.group
// CHECK-COUNT-4: nvgpu.ldmatrix %[[SA]]{{.+}} {numTiles = 4 : i32, transpose = false}
// CHECK-COUNT-2: nvgpu.ldmatrix %[[SB]]{{.+}} {numTiles = 4 : i32, transpose = true}
// CHECK-COUNT-16: nvvm.mma.sync {{.+}}multiplicandAPtxType = #nvvm.mma_type<bf16>, multiplicandBPtxType = #nvvm.mma_type<bf16>, shape = #nvvm.shape<m = 16, n = 8, k = 16>
// CHECK-COUNT-4: nvgpu.ldmatrix %[[SA]]
// CHECK-COUNT-2: nvgpu.ldmatrix %[[SB]]
// CHECK-COUNT-16: nvvm.mma.sync
// CHECK-NOT: nvvm.mma.sync
// CHECK: scf.yield
// CHECK: nvvm.cp.async.wait.group 0
// Epilogue: the output's initial value plus the accumulators, a pair of
// columns at a time.
// CHECK: %[[PAIR:.+]] = vector.from_elements %[[ACC]]#0, %[[ACC]]#1 : vector<2xf32>
// CHECK-NEXT: %[[OLD:.+]] = vector.load %[[C]][%{{.+}}, %{{.+}}] {alignment = 8 : i64} : memref<256x128xf32>, vector<2xf32>
// CHECK-NEXT: %[[SUM:.+]] = arith.addf %[[OLD]], %[[PAIR]] : vector<2xf32>
// CHECK-NEXT: vector.store %[[SUM]], %[[C]][%{{.+}}, %{{.+}}] {alignment = 8 : i64} : memref<256x128xf32>, vector<2xf32>
// CHECK-COUNT-31: vector.store
// CHECK-NOT: vector.store
// CHECK: gpu.terminator
// By default K advances 64 at a time where K allows: 8 chunks a row of A,
// four k16 steps per slice, 3 * (128 + 128) * 64 bf16 = 98304 bytes.
// K64-LABEL: func @bf16
// K64: arith.constant 98304 : i32
// K64: memref<3x128x64xbf16, #gpu.address_space<workgroup>>
// K64: memref<3x64x128xbf16, #gpu.address_space<workgroup>>
// K64: scf.for
// K64-COUNT-64: nvvm.mma.sync
// K64-NOT: nvvm.mma.sync
// K64: scf.yield
// STAGES2-LABEL: func @bf16
// STAGES2: arith.constant 32768 : i32
// STAGES2: memref<2x128x32xbf16, #gpu.address_space<workgroup>>
// STAGES2: memref<2x32x128xbf16, #gpu.address_space<workgroup>>
// STAGES2: nvvm.cp.async.wait.group 0
func.func @bf16(%a: memref<256x64xbf16>, %b: memref<64x128xbf16>, %c: memref<256x128xf32>) {
  linalg.matmul ins(%a, %b : memref<256x64xbf16>, memref<64x128xbf16>) outs(%c : memref<256x128xf32>)
  return
}

// -----

// When the output was just filled with zeros (the lowering's accumulator),
// the fill goes and the kernel stores its sums without reading the output.
// CHECK-LABEL: func @zero_filled
// CHECK-SAME: (%{{.+}}: memref<128x32xbf16>, %{{.+}}: memref<32x128xbf16>, %[[C:.+]]: memref<128x128xf32>, %[[D:.+]]: memref<128x128xf32>)
// CHECK-NOT: outs(%[[C]]
// CHECK: linalg.fill ins(%{{.+}} : f32) outs(%[[D]] : memref<128x128xf32>)
// CHECK-NOT: outs(%[[C]]
// CHECK: gpu.launch
// CHECK-NOT: vector.load
// CHECK: vector.store
// CHECK: gpu.terminator
// STAGES2-LABEL: func @zero_filled
// K64-LABEL: func @zero_filled
// K64: arith.constant 49152 : i32
func.func @zero_filled(%a: memref<128x32xbf16>, %b: memref<32x128xbf16>, %c: memref<128x128xf32>, %d: memref<128x128xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%c : memref<128x128xf32>)
  linalg.fill ins(%zero : f32) outs(%d : memref<128x128xf32>)
  linalg.matmul ins(%a, %b : memref<128x32xbf16>, memref<32x128xbf16>) outs(%c : memref<128x128xf32>)
  return
}

// -----

// A fill of another value stays, and the kernel adds to it.
// CHECK-LABEL: func @one_filled
// CHECK: linalg.fill
// CHECK: gpu.launch
// CHECK: vector.load
// STAGES2-LABEL: func @one_filled
func.func @one_filled(%a: memref<128x32xbf16>, %b: memref<32x128xbf16>, %c: memref<128x128xf32>) {
  %one = arith.constant 1.0 : f32
  linalg.fill ins(%one : f32) outs(%c : memref<128x128xf32>)
  linalg.matmul ins(%a, %b : memref<128x32xbf16>, memref<32x128xbf16>) outs(%c : memref<128x128xf32>)
  return
}

// -----

// f16 batches on the grid's z axis; sizes that are multiples of 64 but not
// of 128 take 64x64 tiles (a warp: 32x16, 4 mma.sync per 16 of K).
// CHECK-LABEL: func @f16_batch
// CHECK: gpu.launch blocks({{.+}}) in ({{.+}} = %c1{{[_0-9]*}}, {{.+}} = %c1{{[_0-9]*}}, {{.+}} = %c3{{[_0-9]*}})
// CHECK-SAME: dynamic_shared_memory_size %c24576_i32
// CHECK: memref<3x64x32xf16, #gpu.address_space<workgroup>>
// CHECK: memref<3x32x64xf16, #gpu.address_space<workgroup>>
// CHECK: nvgpu.device_async_copy %{{.+}}[%{{.+}}, %{{.+}}, %{{.+}}], %{{.+}}[%{{.+}}, %{{.+}}, %{{.+}}], 8
// CHECK: scf.for
// CHECK-COUNT-4: nvvm.mma.sync {{.+}} : (vector<2xf16>, vector<2xf16>, f32) -> !llvm.struct<(f32, f32, f32, f32)>
// CHECK-NOT: linalg.batch_matmul
// STAGES2-LABEL: func @f16_batch
// STAGES2: memref<2x64x32xf16, #gpu.address_space<workgroup>>
func.func @f16_batch(%a: memref<3x64x32xf16>, %b: memref<3x32x64xf16>, %c: memref<3x64x64xf32>) {
  linalg.batch_matmul ins(%a, %b : memref<3x64x32xf16>, memref<3x32x64xf16>) outs(%c : memref<3x64x64xf32>)
  return
}

// -----

// Left to the loop mapping: f32 operands; M not a multiple of 64; K not a
// multiple of 32; an operand whose rows are not 16-byte aligned; an f16
// accumulator.
// CHECK-LABEL: func @left_alone
// CHECK-NOT: gpu.launch
// CHECK-COUNT-5: linalg.matmul
// STAGES2-LABEL: func @left_alone
// STAGES2-NOT: gpu.launch
func.func @left_alone(%f: memref<64x64xf32>, %m: memref<96x64xbf16>, %k: memref<64x48xbf16>,
                      %b: memref<64x64xbf16>, %b48: memref<48x64xbf16>, %o: memref<64x64xf32>,
                      %o96: memref<96x64xf32>, %h: memref<64x64xf16>, %oh: memref<64x64xf16>,
                      %big: memref<64x72xbf16>) {
  linalg.matmul ins(%f, %f : memref<64x64xf32>, memref<64x64xf32>) outs(%o : memref<64x64xf32>)
  linalg.matmul ins(%m, %b : memref<96x64xbf16>, memref<64x64xbf16>) outs(%o96 : memref<96x64xf32>)
  linalg.matmul ins(%k, %b48 : memref<64x48xbf16>, memref<48x64xbf16>) outs(%o : memref<64x64xf32>)
  %sub = memref.subview %big[0, 4] [64, 64] [1, 1] : memref<64x72xbf16> to memref<64x64xbf16, strided<[72, 1], offset: 4>>
  linalg.matmul ins(%sub, %b : memref<64x64xbf16, strided<[72, 1], offset: 4>>, memref<64x64xbf16>) outs(%o : memref<64x64xf32>)
  linalg.matmul ins(%h, %h : memref<64x64xf16>, memref<64x64xf16>) outs(%oh : memref<64x64xf16>)
  return
}

// -----

// With two waves of 128x256 tiles (264 blocks on 132 multiprocessors) the
// block tile widens: a warp's 64x64 tile is 4 x 8 m16n8 tiles, 32 mma.sync
// per 16 of K from 4 + 4 ldmatrix, 128 accumulators; the rings take
// 3 * (128 + 256) * 32 bf16 = 73728 bytes. Without `wide`, 128x128.
// CHECK-LABEL: func @wide
// CHECK: arith.constant 73728 : i32
// CHECK: gpu.launch blocks({{.+}}) in ({{.+}} = %c8{{[_0-9]*}}, {{.+}} = %c33{{[_0-9]*}}, {{.+}} = %c1{{[_0-9]*}})
// CHECK: memref<3x32x256xbf16, #gpu.address_space<workgroup>>
// CHECK: scf.for {{.+}} -> (f32, f32
// CHECK-COUNT-4: nvgpu.ldmatrix {{.+}} transpose = false
// CHECK-COUNT-4: nvgpu.ldmatrix {{.+}} transpose = true
// CHECK-COUNT-32: nvvm.mma.sync
// CHECK-COUNT-64: vector.store
// CHECK-NOT: vector.store
// CHECK: gpu.terminator
// K64-LABEL: func @wide
// K64: arith.constant 147456 : i32
// K64: memref<3x64x256xbf16, #gpu.address_space<workgroup>>
// STAGES2-LABEL: func @wide
// NARROW-LABEL: func @wide
// NARROW: arith.constant 49152 : i32
// NARROW: gpu.launch blocks({{.+}}) in ({{.+}} = %c16{{[_0-9]*}}, {{.+}} = %c33{{[_0-9]*}}, {{.+}} = %c1{{[_0-9]*}})
func.func @wide(%a: memref<4224x64xbf16>, %b: memref<64x2048xbf16>, %c: memref<4224x2048xf32>) {
  linalg.matmul ins(%a, %b : memref<4224x64xbf16>, memref<64x2048xbf16>) outs(%c : memref<4224x2048xf32>)
  return
}

// -----

// One block short of two waves: 128x128 tiles.
// CHECK-LABEL: func @one_wave
// CHECK: arith.constant 49152 : i32
func.func @one_wave(%a: memref<4096x64xbf16>, %b: memref<64x2048xbf16>, %c: memref<4096x2048xf32>) {
  linalg.matmul ins(%a, %b : memref<4096x64xbf16>, memref<64x2048xbf16>) outs(%c : memref<4096x2048xf32>)
  return
}

// -----

// A batch that shares its lhs (a pointwise convolution: the weight times each
// image): A is read without the batch index, B and C with it.
// CHECK-LABEL: func @shared_lhs
// CHECK-SAME: (%[[A:.+]]: memref<64x64xbf16>, %[[B:.+]]: memref<3x64x128xbf16>, %[[C:.+]]: memref<3x64x128xf32>)
// CHECK: gpu.launch blocks({{.+}}) in ({{.+}} = %c1{{[_0-9]*}}, {{.+}} = %c1{{[_0-9]*}}, {{.+}} = %c3{{[_0-9]*}})
// CHECK: nvgpu.device_async_copy %[[A]][%{{[^,]+}}, %{{[^,]+}}], %{{.+}}, 8
// CHECK: nvgpu.device_async_copy %[[B]][%{{[^,]+}}, %{{[^,]+}}, %{{[^,]+}}], %{{.+}}, 8
// CHECK: vector.store %{{.+}}, %[[C]][%{{[^,]+}}, %{{[^,]+}}, %{{[^,]+}}]
// CHECK-NOT: linalg.batch_matmul
func.func @shared_lhs(%a: memref<64x64xbf16>, %b: memref<3x64x128xbf16>, %c: memref<3x64x128xf32>) {
  linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>]
      ins(%a, %b : memref<64x64xbf16>, memref<3x64x128xbf16>) outs(%c : memref<3x64x128xf32>)
  return
}

// -----

// Other broadcasts are left alone: here the rhs is shared.
// CHECK-LABEL: func @shared_rhs
// CHECK-NOT: gpu.launch
// CHECK: linalg.batch_matmul
func.func @shared_rhs(%a: memref<3x64x64xbf16>, %b: memref<64x128xbf16>, %c: memref<3x64x128xf32>) {
  linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d3, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>]
      ins(%a, %b : memref<3x64x64xbf16>, memref<64x128xbf16>) outs(%c : memref<3x64x128xf32>)
  return
}

// -----

// The rhs read transposed ([N, K], linear's weight): its slices are BN rows
// of BK (the layout of A's), copied with 16-byte cp.async along K and read
// by plain ldmatrix; A as before.
// CHECK-LABEL: func @transposed_rhs
// CHECK-SAME: (%[[A:.+]]: memref<128x64xbf16>, %[[B:.+]]: memref<128x64xbf16>, %[[C:.+]]: memref<128x128xf32>)
// CHECK: %[[SA:.+]] = memref.view {{.+}} to memref<3x128x32xbf16, #gpu.address_space<workgroup>>
// CHECK: %[[SB:.+]] = memref.view {{.+}} to memref<3x128x32xbf16, #gpu.address_space<workgroup>>
// CHECK-COUNT-2: nvgpu.device_async_copy %[[A]]{{.+}}, %[[SA]]{{.+}}, 8 {bypassL1}
// CHECK-COUNT-2: nvgpu.device_async_copy %[[B]]{{.+}}, %[[SB]]{{.+}}, 8 {bypassL1}
// CHECK: scf.for
// CHECK-COUNT-4: nvgpu.ldmatrix %[[SA]]{{.+}} {numTiles = 4 : i32, transpose = false}
// CHECK-COUNT-2: nvgpu.ldmatrix %[[SB]]{{.+}} {numTiles = 4 : i32, transpose = false}
// CHECK-COUNT-16: nvvm.mma.sync
// CHECK-NOT: linalg.matmul
func.func @transposed_rhs(%a: memref<128x64xbf16>, %b: memref<128x64xbf16>, %c: memref<128x128xf32>) {
  linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
      ins(%a, %b : memref<128x64xbf16>, memref<128x64xbf16>) outs(%c : memref<128x128xf32>)
  return
}

// -----

// The lhs read transposed ([K, M], a weight gradient's dyᵀ): its slices are
// BK rows of BM, read by ldmatrix with .trans; both transposed in a batch.
// CHECK-LABEL: func @transposed_lhs
// CHECK-SAME: (%[[A:.+]]: memref<64x128xbf16>, %[[B:.+]]: memref<64x128xbf16>, %[[C:.+]]: memref<128x128xf32>)
// CHECK: %[[SA:.+]] = memref.view {{.+}} to memref<3x32x128xbf16, #gpu.address_space<workgroup>>
// CHECK: %[[SB:.+]] = memref.view {{.+}} to memref<3x32x128xbf16, #gpu.address_space<workgroup>>
// CHECK: scf.for
// CHECK-COUNT-4: nvgpu.ldmatrix %[[SA]]{{.+}} {numTiles = 4 : i32, transpose = true}
// CHECK-COUNT-2: nvgpu.ldmatrix %[[SB]]{{.+}} {numTiles = 4 : i32, transpose = true}
// CHECK-LABEL: func @both_transposed_batch
// CHECK-SAME: (%[[A:.+]]: memref<2x64x128xbf16>, %[[B:.+]]: memref<2x64x64xbf16>, %[[C:.+]]: memref<2x128x64xf32>)
// CHECK: gpu.launch blocks({{.+}}) in ({{.+}} = %c1{{[_0-9]*}}, {{.+}} = %c1{{[_0-9]*}}, {{.+}} = %c2{{[_0-9]*}})
// CHECK: %[[SA:.+]] = memref.view {{.+}} to memref<3x32x128xbf16, #gpu.address_space<workgroup>>
// CHECK: %[[SB:.+]] = memref.view {{.+}} to memref<3x64x32xbf16, #gpu.address_space<workgroup>>
// CHECK: nvgpu.device_async_copy %[[A]][%{{[^,]+}}, %{{[^,]+}}, %{{[^,]+}}], %[[SA]]
// CHECK: nvgpu.ldmatrix %[[SA]]{{.+}} {numTiles = 4 : i32, transpose = true}
// CHECK: nvgpu.ldmatrix %[[SB]]{{.+}} {numTiles = 4 : i32, transpose = false}
// CHECK-NOT: linalg.batch_matmul
func.func @transposed_lhs(%a: memref<64x128xbf16>, %b: memref<64x128xbf16>, %c: memref<128x128xf32>) {
  linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (k, m)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (m, n)>]
      ins(%a, %b : memref<64x128xbf16>, memref<64x128xbf16>) outs(%c : memref<128x128xf32>)
  return
}
func.func @both_transposed_batch(%a: memref<2x64x128xbf16>, %b: memref<2x64x64xbf16>, %c: memref<2x128x64xf32>) {
  linalg.batch_matmul indexing_maps = [affine_map<(b, m, n, k) -> (b, k, m)>, affine_map<(b, m, n, k) -> (b, n, k)>, affine_map<(b, m, n, k) -> (b, m, n)>]
      ins(%a, %b : memref<2x64x128xbf16>, memref<2x64x64xbf16>) outs(%c : memref<2x128x64xf32>)
  return
}

// -----

// A map that is neither the default nor a transpose (the lhs broadcast over
// the rows) is left to the other kernels.
// CHECK-LABEL: func @broadcast_lhs
// CHECK-NOT: gpu.launch
// CHECK: linalg.matmul
func.func @broadcast_lhs(%a: memref<64xbf16>, %b: memref<64x128xbf16>, %c: memref<128x128xf32>) {
  linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (k)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (m, n)>]
      ins(%a, %b : memref<64xbf16>, memref<64x128xbf16>) outs(%c : memref<128x128xf32>)
  return
}
