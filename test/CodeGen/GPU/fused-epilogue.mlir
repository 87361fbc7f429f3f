// RUN: dlc-opt %s --dlc-gpu-tile-contractions -split-input-file | FileCheck %s
// RUN: dlc-opt %s --dlc-gpu-tensor-core-matmul -split-input-file | FileCheck %s --check-prefix=MMA
// RUN: dlc-opt %s --dlc-gpu-tensor-core-contractions -split-input-file | FileCheck %s --check-prefix=CONV
// RUN: dlc-opt %s --dlc-gpu-tile-contractions=fuse-epilogue=false -split-input-file | FileCheck %s --check-prefix=OFF
// RUN: dlc-opt %s --dlc-gpu-pipeline=format=none -split-input-file | FileCheck %s --check-prefix=PIPE
// RUN: dlc-opt %s "--dlc-gpu-pipeline=format=none fuse-epilogues=false" -split-input-file | FileCheck %s --check-prefix=PIPE-OFF

// A bf16 linear layer as bufferization leaves it: a zero-filled f32
// accumulator, the product into it, and one elementwise op (bias, relu,
// rounding to bf16) that reads it into the result. The tiled kernel starts
// its sums from the fill's value, applies the elementwise op to each one
// (bias loaded at the column) and stores bf16; the accumulator, its fill and
// the elementwise op are gone, and the result's allocation comes before the
// launch. The tensor-core kernel does the same, two columns at a time.
// CHECK-LABEL: func @linear_bf16
// CHECK-SAME: (%[[X:.+]]: memref<64x128xbf16>, %[[W:.+]]: memref<128x128xbf16>, %[[B:.+]]: memref<128xbf16>)
// CHECK-NOT: memref<64x128xf32>
// CHECK: %[[OUT:.+]] = memref.alloc() {alignment = 64 : i64} : memref<64x128xbf16>
// CHECK: gpu.launch
// CHECK-NOT: memref.load %[[OUT]]
// CHECK: scf.for
// CHECK: memref.load %[[B]]
// CHECK: arith.maximumf
// CHECK: %[[R:.+]] = arith.truncf %{{.+}} : f32 to bf16
// CHECK: memref.store %[[R]], %[[OUT]]
// CHECK: gpu.terminator
// CHECK-NOT: linalg.
// CHECK: return %[[OUT]]
// With fuse-epilogue=false (the pipeline's fuse-epilogues=false) the kernel
// stores its sums into the accumulator, and the elementwise op reads it.
// OFF-LABEL: func @linear_bf16
// OFF: memref<64x128xf32>
// OFF: gpu.launch
// OFF-NOT: arith.maximumf
// OFF: gpu.terminator
// OFF: arith.maximumf
// Through the pipeline, its fuse-epilogues option decides whether the f32
// accumulator is planned.
// PIPE-LABEL: func @linear_bf16
// PIPE-NOT: memref<64x128xf32>
// PIPE: return
// PIPE-OFF-LABEL: func @linear_bf16
// PIPE-OFF: memref<64x128xf32>
// MMA-LABEL: func @linear_bf16
// MMA-NOT: memref<64x128xf32>
// MMA: %[[OUT:.+]] = memref.alloc() {alignment = 64 : i64} : memref<64x128xbf16>
// MMA: gpu.launch
// MMA: nvvm.mma.sync
// MMA-NOT: vector.store
// MMA: arith.truncf %{{.+}} : f32 to bf16
// MMA: memref.store %{{.+}}, %[[OUT]]
// MMA: gpu.terminator
// MMA-NOT: linalg.
// MMA: return %[[OUT]]
#mk = affine_map<(d0, d1, d2) -> (d0, d2)>
#nk = affine_map<(d0, d1, d2) -> (d1, d2)>
#mn = affine_map<(d0, d1, d2) -> (d0, d1)>
#id = affine_map<(d0, d1) -> (d0, d1)>
#col = affine_map<(d0, d1) -> (d1)>
func.func @linear_bf16(%x: memref<64x128xbf16>, %w: memref<128x128xbf16>,
                       %b: memref<128xbf16>) -> memref<64x128xbf16> {
  %zero = arith.constant 0.0 : f32
  %acc = memref.alloc() {alignment = 64 : i64} : memref<64x128xf32>
  linalg.fill ins(%zero : f32) outs(%acc : memref<64x128xf32>)
  linalg.matmul indexing_maps = [#mk, #nk, #mn]
      ins(%x, %w : memref<64x128xbf16>, memref<128x128xbf16>)
      outs(%acc : memref<64x128xf32>)
  %out = memref.alloc() {alignment = 64 : i64} : memref<64x128xbf16>
  linalg.generic {indexing_maps = [#id, #col, #id],
                  iterator_types = ["parallel", "parallel"]}
      ins(%acc, %b : memref<64x128xf32>, memref<128xbf16>)
      outs(%out : memref<64x128xbf16>) {
  ^bb0(%s: f32, %bias: bf16, %o: bf16):
    %e = arith.extf %bias : bf16 to f32
    %a = arith.addf %s, %e : f32
    %r = arith.maximumf %a, %zero : f32
    %t = arith.truncf %r : f32 to bf16
    linalg.yield %t : bf16
  }
  return %out : memref<64x128xbf16>
}

// -----

// An f32 product whose accumulator starts from a fill of one (not zero) and
// whose reader uses the loop indices: the sums start from 1.0, and the
// indices are the element's.
// CHECK-LABEL: func @fill_one_and_indices
// CHECK-NOT: memref<32x32xf32, {{.*}}> = memref.alloc
// CHECK: %[[ONE:.+]] = arith.constant 1.000000e+00 : f32
// CHECK: gpu.launch
// CHECK: scf.for {{.+}} iter_args({{.+}} = %[[ONE]],
// CHECK: arith.index_cast
// CHECK: memref.store
// CHECK-NOT: linalg.generic
func.func @fill_one_and_indices(%p: memref<32x16xf32>, %q: memref<16x32xf32>,
                                %out: memref<32x32xf32>) {
  %one = arith.constant 1.0 : f32
  %acc = memref.alloc() : memref<32x32xf32>
  linalg.fill ins(%one : f32) outs(%acc : memref<32x32xf32>)
  linalg.matmul ins(%p, %q : memref<32x16xf32>, memref<16x32xf32>)
                outs(%acc : memref<32x32xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>,
                                   affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%acc : memref<32x32xf32>) outs(%out : memref<32x32xf32>) {
  ^bb0(%s: f32, %o: f32):
    %i = linalg.index 0 : index
    %ii = arith.index_cast %i : index to i32
    %f = arith.sitofp %ii : i32 to f32
    %r = arith.addf %s, %f : f32
    linalg.yield %r : f32
  }
  return
}

// -----

// Not fused: the accumulator has a second reader (it is also returned), so
// it must exist; the kernel stores the sums and the elementwise op stays.
// CHECK-LABEL: func @second_reader
// CHECK: %[[ACC:.+]] = memref.alloc() : memref<32x32xf32>
// CHECK: gpu.launch
// CHECK: memref.store %{{.+}}, %[[ACC]]
// CHECK: gpu.terminator
// CHECK: linalg.generic
// CHECK: return %[[ACC]]
func.func @second_reader(%p: memref<32x16xf32>, %q: memref<16x32xf32>,
                         %out: memref<32x32xf32>) -> memref<32x32xf32> {
  %zero = arith.constant 0.0 : f32
  %acc = memref.alloc() : memref<32x32xf32>
  linalg.fill ins(%zero : f32) outs(%acc : memref<32x32xf32>)
  linalg.matmul ins(%p, %q : memref<32x16xf32>, memref<16x32xf32>)
                outs(%acc : memref<32x32xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>,
                                   affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%acc : memref<32x32xf32>) outs(%out : memref<32x32xf32>) {
  ^bb0(%s: f32, %o: f32):
    %r = arith.negf %s : f32
    linalg.yield %r : f32
  }
  return %acc : memref<32x32xf32>
}

// -----

// Not fused: between the product and its reader an op writes the bias the
// reader reads, so the reader's values exist only after it.
// CHECK-LABEL: func @input_written_between
// CHECK: memref.alloc() : memref<32x32xf32>
// CHECK: gpu.launch
// CHECK: linalg.fill
// CHECK: linalg.generic
func.func @input_written_between(%p: memref<32x16xf32>, %q: memref<16x32xf32>,
                                 %bias: memref<32xf32>,
                                 %out: memref<32x32xf32>) {
  %zero = arith.constant 0.0 : f32
  %acc = memref.alloc() : memref<32x32xf32>
  linalg.fill ins(%zero : f32) outs(%acc : memref<32x32xf32>)
  linalg.matmul ins(%p, %q : memref<32x16xf32>, memref<16x32xf32>)
                outs(%acc : memref<32x32xf32>)
  linalg.fill ins(%zero : f32) outs(%bias : memref<32xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>,
                                   affine_map<(d0, d1) -> (d1)>,
                                   affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%acc, %bias : memref<32x32xf32>, memref<32xf32>)
      outs(%out : memref<32x32xf32>) {
  ^bb0(%s: f32, %c: f32, %o: f32):
    %r = arith.addf %s, %c : f32
    linalg.yield %r : f32
  }
  return
}

// -----

// Not fused: the reader adds to the output's old value, which the kernel
// would have to read; and one that writes over the product's operand,
// which other blocks still read while the kernel stores.
// CHECK-LABEL: func @reads_its_output
// CHECK: gpu.launch
// CHECK: linalg.generic
// CHECK-LABEL: func @overwrites_an_operand
// CHECK: gpu.launch
// CHECK: linalg.generic
func.func @reads_its_output(%p: memref<32x16xf32>, %q: memref<16x32xf32>,
                            %out: memref<32x32xf32>) {
  %zero = arith.constant 0.0 : f32
  %acc = memref.alloc() : memref<32x32xf32>
  linalg.fill ins(%zero : f32) outs(%acc : memref<32x32xf32>)
  linalg.matmul ins(%p, %q : memref<32x16xf32>, memref<16x32xf32>)
                outs(%acc : memref<32x32xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>,
                                   affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%acc : memref<32x32xf32>) outs(%out : memref<32x32xf32>) {
  ^bb0(%s: f32, %o: f32):
    %r = arith.addf %s, %o : f32
    linalg.yield %r : f32
  }
  return
}
func.func @overwrites_an_operand(%p: memref<32x32xf32>, %q: memref<32x32xf32>) {
  %zero = arith.constant 0.0 : f32
  %acc = memref.alloc() : memref<32x32xf32>
  linalg.fill ins(%zero : f32) outs(%acc : memref<32x32xf32>)
  linalg.matmul ins(%p, %q : memref<32x32xf32>, memref<32x32xf32>)
                outs(%acc : memref<32x32xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>,
                                   affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%acc : memref<32x32xf32>) outs(%p : memref<32x32xf32>) {
  ^bb0(%s: f32, %o: f32):
    linalg.yield %s : f32
  }
  return
}

// -----

// Attention's scores: a batched bf16 product of [b*h, s, s] sums that its
// reader sees through a reshape as [b, h, s, s], and whose body uses the head
// index. The kernel splits the batch index into (b, h) = (i / 4, i mod 4)
// for the reader's indices and stores bf16 at the 4-d element; the
// accumulator, its fill, the view and the reader are gone.
// CHECK-LABEL: func @batched_through_reshape
// CHECK-NOT: xf32> = memref.alloc
// CHECK: gpu.launch
// CHECK: arith.remui %{{.+}}, %[[C4:.+]] : index
// CHECK: arith.truncf %{{.+}} : f32 to bf16
// CHECK: memref.store %{{.+}}, %{{.+}}[%{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}] : memref<2x4x64x64xbf16>
// CHECK: gpu.terminator
// CHECK-NOT: linalg.
// CHECK-NOT: memref.reshape
// CHECK: return
// MMA-LABEL: func @batched_through_reshape
// MMA-NOT: xf32> = memref.alloc
// MMA: gpu.launch
// MMA: nvvm.mma.sync
// MMA: arith.divui %{{.+}}, %{{.+}} : index
// MMA: arith.remui %{{.+}}, %{{.+}} : index
// MMA: arith.uitofp
// MMA: memref.store %{{.+}}, %{{.+}}[%{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}] : memref<2x4x64x64xbf16>
// MMA: gpu.terminator
// MMA-NOT: linalg.
// MMA-NOT: memref.reshape
// MMA: return
#bq = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
#bk = affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>
#bo = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @batched_through_reshape(%q: memref<8x64x64xbf16>,
                                   %k: memref<8x64x64xbf16>,
                                   %shape: memref<4xi64>)
    -> memref<2x4x64x64xbf16> {
  %zero = arith.constant 0.0 : f32
  %acc = memref.alloc() {alignment = 64 : i64} : memref<8x64x64xf32>
  linalg.fill ins(%zero : f32) outs(%acc : memref<8x64x64xf32>)
  linalg.batch_matmul indexing_maps = [#bq, #bk, #bo]
      ins(%q, %k : memref<8x64x64xbf16>, memref<8x64x64xbf16>)
      outs(%acc : memref<8x64x64xf32>)
  %heads = memref.reshape %acc(%shape)
      : (memref<8x64x64xf32>, memref<4xi64>) -> memref<2x4x64x64xf32>
  %out = memref.alloc() {alignment = 64 : i64} : memref<2x4x64x64xbf16>
  linalg.generic {indexing_maps = [#id4, #id4],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%heads : memref<2x4x64x64xf32>) outs(%out : memref<2x4x64x64xbf16>) {
  ^bb0(%s: f32, %o: bf16):
    %h = linalg.index 1 : index
    %hi = arith.index_cast %h : index to i32
    %hf = arith.uitofp %hi : i32 to f32
    %r = arith.mulf %s, %hf : f32
    %t = arith.truncf %r : f32 to bf16
    linalg.yield %t : bf16
  }
  return %out : memref<2x4x64x64xbf16>
}

// -----

// Fused across other work: between the product and its reader (seen through
// an expand_shape) another op reads the product's operand and writes a buffer
// the reader does not read, as attention's backward interleaves its two
// products. The reader's result is stored by the kernel, and the op between
// stays where it was.
// CHECK-LABEL: func @other_work_between
// CHECK-NOT: memref<32x32xf32> = memref.alloc
// CHECK: gpu.launch
// CHECK: memref.store %{{.+}}, %{{.+}}[%{{.+}}, %{{.+}}, %{{.+}}] : memref<2x16x32xf32>
// CHECK: gpu.terminator
// CHECK: linalg.generic
// CHECK-SAME: outs(%{{.+}} : memref<32x16xf32>)
// CHECK-NOT: linalg.generic
func.func @other_work_between(%p: memref<32x16xf32>, %q: memref<16x32xf32>,
                              %other: memref<32x16xf32>,
                              %out: memref<2x16x32xf32>) {
  %zero = arith.constant 0.0 : f32
  %acc = memref.alloc() : memref<32x32xf32>
  linalg.fill ins(%zero : f32) outs(%acc : memref<32x32xf32>)
  linalg.matmul ins(%p, %q : memref<32x16xf32>, memref<16x32xf32>)
                outs(%acc : memref<32x32xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>,
                                   affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%p : memref<32x16xf32>) outs(%other : memref<32x16xf32>) {
  ^bb0(%a: f32, %o: f32):
    %r = arith.negf %a : f32
    linalg.yield %r : f32
  }
  %split = memref.expand_shape %acc [[0, 1], [2]] output_shape [2, 16, 32]
      : memref<32x32xf32> into memref<2x16x32xf32>
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>,
                                   affine_map<(d0, d1, d2) -> (d0, d1, d2)>],
                  iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%split : memref<2x16x32xf32>) outs(%out : memref<2x16x32xf32>) {
  ^bb0(%s: f32, %o: f32):
    %r = arith.negf %s : f32
    linalg.yield %r : f32
  }
  return
}

// -----

// Not fused: an op between the product and its reader reads the buffer the
// reader writes (its old values), so the reader's stores must wait.
// CHECK-LABEL: func @output_read_between
// CHECK: memref.alloc() : memref<32x32xf32>
// CHECK: gpu.launch
// CHECK: linalg.generic
// CHECK-SAME: ins(%{{.+}} : memref<32x32xf32>) outs(%{{.+}} : memref<32x32xf32>)
// CHECK: linalg.generic
func.func @output_read_between(%p: memref<32x16xf32>, %q: memref<16x32xf32>,
                               %saved: memref<32x32xf32>,
                               %out: memref<32x32xf32>) {
  %zero = arith.constant 0.0 : f32
  %acc = memref.alloc() : memref<32x32xf32>
  linalg.fill ins(%zero : f32) outs(%acc : memref<32x32xf32>)
  linalg.matmul ins(%p, %q : memref<32x16xf32>, memref<16x32xf32>)
                outs(%acc : memref<32x32xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>,
                                   affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%out : memref<32x32xf32>) outs(%saved : memref<32x32xf32>) {
  ^bb0(%a: f32, %o: f32):
    linalg.yield %a : f32
  }
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>,
                                   affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%acc : memref<32x32xf32>) outs(%out : memref<32x32xf32>) {
  ^bb0(%s: f32, %o: f32):
    %r = arith.negf %s : f32
    linalg.yield %r : f32
  }
  return
}

// -----

// A bf16 convolution rounded to bf16: the implicit-GEMM kernel rounds each
// sum and stores it at the element's (n, f, oh, ow); no f32 output is left.
// (The tiled kernel fuses it the same way.)
// CONV-LABEL: func @conv_bf16
// CONV-SAME: %[[OUT:[^:]+]]: memref<1x32x8x8xbf16>
// CONV-NOT: memref.alloc
// CONV: gpu.launch
// CONV: nvvm.mma.sync
// CONV: %[[R:.+]] = arith.truncf %{{.+}} : f32 to bf16
// CONV: memref.store %[[R]], %[[OUT]][%{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}] : memref<1x32x8x8xbf16>
// CONV: gpu.terminator
// CONV-NOT: linalg.
// CHECK-LABEL: func @conv_bf16
// CHECK-NOT: memref.alloc
// CHECK: gpu.launch
// CHECK: arith.truncf
// CHECK-NOT: linalg.
func.func @conv_bf16(%x: memref<1x32x10x10xbf16>, %w: memref<32x32x3x3xbf16>,
                     %out: memref<1x32x8x8xbf16>) {
  %zero = arith.constant 0.0 : f32
  %acc = memref.alloc() : memref<1x32x8x8xf32>
  linalg.fill ins(%zero : f32) outs(%acc : memref<1x32x8x8xf32>)
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>,
                            strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : memref<1x32x10x10xbf16>, memref<32x32x3x3xbf16>)
      outs(%acc : memref<1x32x8x8xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>,
                                   affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%acc : memref<1x32x8x8xf32>) outs(%out : memref<1x32x8x8xbf16>) {
  ^bb0(%s: f32, %o: bf16):
    %t = arith.truncf %s : f32 to bf16
    linalg.yield %t : bf16
  }
  return
}
