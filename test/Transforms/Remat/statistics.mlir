// --dlc-remat reports its counts (ops recomputed, bytes by which the peak and
// the saved activations fell) as an analysis remark of category dlc-remat,
// with the numbers of its summary line: this LLVM keeps no statistics, so
// --mlir-pass-statistics would show none. The chain's plans are derived in
// chain.mlir.
// RUN: dlc-opt %s --dlc-autodiff --dlc-remat="budget=0.34 solver=heuristic" --remarks-filter=dlc-remat -o /dev/null > %t.one 2>&1
// RUN: FileCheck %s < %t.one
// RUN: FileCheck %s --check-prefix=ONE < %t.one
// RUN: dlc-opt %s --dlc-autodiff --dlc-remat="budget=7000B measure=graph solver=heuristic" --remarks-filter=dlc-remat -o /dev/null > %t.peak 2>&1
// RUN: FileCheck %s < %t.peak
// RUN: FileCheck %s --check-prefix=PEAK < %t.peak
// RUN: dlc-opt %s --dlc-autodiff --dlc-remat="budget=8KiB measure=graph" --remarks-filter=dlc-remat -o /dev/null 2>&1 | FileCheck %s --check-prefix=FITS
// RUN: dlc-opt %s --dlc-autodiff --dlc-remat="budget=0.34 solver=heuristic" -o /dev/null 2>&1 | FileCheck %s --check-prefix=QUIET
// RUN: dlc-opt %s --dlc-autodiff --dlc-remat="budget=0.34 solver=heuristic" --remarks-filter=dlc-plan-memory -o /dev/null 2>&1 | FileCheck %s --check-prefix=QUIET

// The remark follows the summary line and carries its numbers: the ops
// recomputed, and before minus after for the peak and the saved activations.
// CHECK: dlc-remat: @chain_train ({{.*}}): [[#OPS:]] recomputed ops,
// CHECK-SAME: graph-level peak [[#PEAK_BEFORE:]] bytes (0.0 MiB) -> [[#PEAK_AFTER:]] bytes
// CHECK-SAME: saved activations [[#ACT_BEFORE:]] bytes (0.0 MiB) -> [[#ACT_AFTER:]] bytes
// CHECK-NEXT: remark: [Analysis] recompute | Category:dlc-remat | Function=chain_train |
// CHECK-SAME: activation-bytes-saved=[[#ACT_BEFORE - ACT_AFTER]],
// CHECK-SAME: peak-bytes-saved=[[#PEAK_BEFORE - PEAK_AFTER]],
// CHECK-SAME: recomputed-ops=[[#OPS]]{{$}}
// CHECK-NOT: remark:

// The numbers themselves: 0.34 keeps a and rebuilds b and c (2 ops, 3072 ->
// 1024 bytes of saved activations, the peak unchanged); 7000 bytes rebuild b
// (1 op, the peak 7176 -> 6152 bytes, the activations 3072 -> 2048).
// ONE: activation-bytes-saved=2048, peak-bytes-saved=0, recomputed-ops=2
// PEAK: activation-bytes-saved=1024, peak-bytes-saved=1024, recomputed-ops=1

// A step within its budget is not changed, and has no remark.
// FITS: nothing recomputed
// FITS-NOT: remark:

// Remarks are opt-in, by category: none without a filter, none under
// another pass's category.
// QUIET: dlc-remat: @chain_train
// QUIET-NOT: remark:

func.func @chain(%w: tensor<256xf32> {dlc.param}, %x: tensor<256xf32>) -> tensor<f32> {
  %a = dlc.mul %x, %w : (tensor<256xf32>, tensor<256xf32>) -> tensor<256xf32>
  %b = dlc.tanh %a : tensor<256xf32>
  %c = dlc.tanh %b : tensor<256xf32>
  %d = dlc.tanh %c : tensor<256xf32>
  %loss = dlc.reduce_sum %d axes [0] : (tensor<256xf32>) -> tensor<f32>
  return %loss : tensor<f32>
}
