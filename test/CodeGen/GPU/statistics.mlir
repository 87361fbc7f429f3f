// The GPU passes report what they made of a step as analysis remarks, one per
// function and pass, under the pass's name as the category: this LLVM keeps
// no statistics, so --mlir-pass-statistics would show none. A small step
// through the GPU pipeline, by kind; the launches in the result are as many
// as the kernels the remarks count.
// RUN: dlc-opt %s --dlc-gpu-pipeline=format=none --remarks-filter='dlc-gpu-.*' -o %t.mlir 2>&1 | FileCheck %s --implicit-check-not=remark:
// RUN: FileCheck %s --check-prefix=IR < %t.mlir
// RUN: dlc-opt %s "--dlc-gpu-pipeline=format=none tensor-cores=false" --remarks-filter='dlc-gpu-.*' -o %t.tiled.mlir 2>&1 | FileCheck %s --check-prefix=TILED --implicit-check-not=remark:
// RUN: FileCheck %s --check-prefix=TILED-IR < %t.tiled.mlir

// The sum of 65536 values into one is split into partial sums and their
// combination (--dlc-gpu-split-reductions).
// CHECK: remark: [Analysis] split | Category:dlc-gpu-split-reductions | Function=step | split-reductions=1{{$}}
// The bf16 product on tensor cores, the bf16 convolution (K = 32 x 3 x 3 =
// 288, a multiple of 32) as an implicit GEMM on tensor cores, the f32
// product as a shared-memory tiled kernel.
// CHECK: remark: [Analysis] kernels | Category:dlc-gpu-tensor-core-matmul | Function=step | tensor-core-matmul-kernels=1{{$}}
// CHECK: remark: [Analysis] kernels | Category:dlc-gpu-tensor-core-contractions | Function=step | tensor-core-contraction-kernels=1{{$}}
// CHECK: remark: [Analysis] kernels | Category:dlc-gpu-tile-contractions | Function=step | tiled-contraction-kernels=1{{$}}
// Three loop nests a thread per iteration (the padded input's zero fill,
// the partial sums' fill and the partial sums), one copy (the input into
// its padding), and three single-thread launches (the f64 sum's zero, its
// combination, and its rounding to f32 into the result, which the arena plan
// puts in the partial sums' bytes, so it runs after the combination's launch,
// not in it). The bf16 product and convolution
// round their sums in their own epilogues, and the f32 product applies the
// relu in its own (FusedEpilogue.h): their accumulators' zero fills and the
// elementwise ops that read them are gone.
// CHECK: remark: [Analysis] kernels | Category:dlc-gpu-map-loops | Function=step | copy-kernels=1, loop-kernels=3, serial-kernels=3{{$}}

// 3 + 3 + 1 + 3 launches.
// IR-LABEL: func.func @step
// IR-COUNT-10: gpu.launch_func
// IR-NOT: gpu.launch_func

// Without tensor cores both bf16 contractions are tiled too, with the same
// fused epilogues.
// TILED: remark: [Analysis] split | Category:dlc-gpu-split-reductions | Function=step | split-reductions=1{{$}}
// TILED: remark: [Analysis] kernels | Category:dlc-gpu-tile-contractions | Function=step | tiled-contraction-kernels=3{{$}}
// TILED: remark: [Analysis] kernels | Category:dlc-gpu-map-loops | Function=step | copy-kernels=1, loop-kernels=3, serial-kernels=3{{$}}

// 3 + 3 + 1 + 3 launches.
// TILED-IR-LABEL: func.func @step
// TILED-IR-COUNT-10: gpu.launch_func
// TILED-IR-NOT: gpu.launch_func

func.func @step(%a: tensor<128x128xbf16>, %b: tensor<128x128xbf16>,
                %x: tensor<1x32x8x8xbf16>, %w: tensor<32x32x3x3xbf16>,
                %p: tensor<64x32xf32>, %q: tensor<32x64xf32>,
                %v: tensor<65536xf32>)
    -> (tensor<128x128xbf16>, tensor<1x32x8x8xbf16>, tensor<64x64xf32>,
        tensor<f32>) {
  %c = dlc.matmul %a, %b : (tensor<128x128xbf16>, tensor<128x128xbf16>) -> tensor<128x128xbf16>
  %y = dlc.conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 1, 1>} : (tensor<1x32x8x8xbf16>, tensor<32x32x3x3xbf16>) -> tensor<1x32x8x8xbf16>
  %m = dlc.matmul %p, %q : (tensor<64x32xf32>, tensor<32x64xf32>) -> tensor<64x64xf32>
  %r = dlc.relu %m : tensor<64x64xf32>
  %s = dlc.reduce_sum %v axes [0] : (tensor<65536xf32>) -> tensor<f32>
  return %c, %y, %r, %s : tensor<128x128xbf16>, tensor<1x32x8x8xbf16>, tensor<64x64xf32>, tensor<f32>
}
