// A chain of three tanh whose outputs the backward pass reads (1 KiB each,
// 3 KiB of saved activations alive at once at its most). Both solvers must
// find the plans derived here by hand.
//
// The training step (positions): #0 mul, #1 tanh a, #2 tanh b, #3 tanh c,
// #4 reduce_sum, #5..#8 seed the gradient, #9..#11 tanh c's VJP (reads c at
// #10), #12..#14 tanh b's (reads b at #13), #15..#17 tanh a's (reads a at
// #16), #18 mul's VJP, #19 return.

// RUN: dlc-opt %s --dlc-autodiff --dlc-remat="budget=0.67 solver=heuristic" 2>%t.log | FileCheck %s --check-prefix=TWO
// RUN: FileCheck %s --check-prefix=TWO-LOG < %t.log
// RUN: dlc-opt %s --dlc-autodiff --dlc-remat="budget=0.34 solver=heuristic" 2>&1 | FileCheck %s --check-prefix=ONE
// RUN: dlc-opt %s --dlc-autodiff --dlc-remat="budget=0.01 solver=heuristic" 2>&1 | FileCheck %s --check-prefix=NONE
// RUN: dlc-opt %s --dlc-autodiff --dlc-remat="budget=7000B measure=graph solver=heuristic" 2>&1 | FileCheck %s --check-prefix=PEAK
// RUN: dlc-opt %s --dlc-autodiff --dlc-remat="budget=8KiB measure=graph" 2>&1 | FileCheck %s --check-prefix=FITS
// RUN: dlc-opt %s --dlc-autodiff --dlc-remat="budget=0.34 solver=heuristic" --dlc-memory-report -o /dev/null 2>&1 | FileCheck %s --check-prefix=REPORT

// A byte budget bounds the compiled step (measure=compiled, the default):
// 6148 bytes unconstrained, = parameter and input (1 KiB each) and an arena
// of 4100 bytes that holds the outputs (the loss and the 1 KiB gradient)
// too, less than the graph-level peak of 7176 (the lowering writes some
// results in place). Rebuilding b takes 1 KiB out of the arena: 5124 bytes,
// the least the step reaches, which the error names and which is then a
// budget that is met.
// RUN: dlc-opt %s --dlc-autodiff --dlc-remat="budget=6148B" 2>&1 | FileCheck %s --check-prefix=COMPILED-FITS
// RUN: dlc-opt %s --dlc-autodiff --dlc-remat="budget=6KiB solver=heuristic" 2>&1 | FileCheck %s --check-prefix=COMPILED
// RUN: not dlc-opt %s --dlc-autodiff --dlc-remat="budget=5KiB solver=heuristic" 2>&1 | FileCheck %s --check-prefix=LEAST
// RUN: dlc-opt %s --dlc-autodiff --dlc-remat="budget=5124B solver=heuristic" 2>&1 | FileCheck %s --check-prefix=COMPILED
// RUN: %if cbc %{ dlc-opt %s --dlc-autodiff --dlc-remat="budget=6KiB solver=milp" 2>&1 | FileCheck %s --check-prefix=COMPILED %}
// RUN: not dlc-opt %s --dlc-autodiff --dlc-remat="budget=6KiB measure=bytes" 2>&1 | FileCheck %s --check-prefix=MEASURE
// COMPILED-FITS: the compiled step of 6148 bytes (0.0 MiB) is within the budget of 6148 bytes (0.0 MiB); nothing recomputed
// COMPILED: 1 recomputed ops
// COMPILED-SAME: compiled step 6148 bytes (0.0 MiB) -> 5124 bytes (0.0 MiB)
// COMPILED-SAME: graph-level peak 7176 bytes (0.0 MiB) -> 6152 bytes
// COMPILED: %[[A:.*]] = dlc.tanh
// COMPILED: dlc.tanh %[[A]] {dlc.recomputed}
// LEAST: error: --dlc-remat: the budget of 5120 bytes (0.0 MiB) for the compiled step cannot be met with heuristic; the least found is 5124 bytes (0.0 MiB), with budget=6152B measure=graph ({{[0-9]+}} plans of the compiled step tried; the least graph-level peak reached is 6152 bytes
// MEASURE: error: unknown measure 'bytes' for --dlc-remat; expected compiled or graph

// The memory report lists the copies and their estimated time.
// REPORT: memory report for @chain_train (25 ops)
// REPORT-NEXT: compiled step:
// REPORT-NEXT: (the dlc-gpu-pipeline's stages
// REPORT-NEXT: graph-level peak:
// REPORT-NEXT: saved activations: 1.00 KiB (1024 bytes) alive at most at once
// REPORT-NEXT: recomputed (--dlc-remat): 2 ops, {{.*}} over the step without them
// REPORT-COUNT-2: ms  tensor<256xf32>  dlc.tanh

// The same plans from the MILP:
// RUN: %if cbc %{ dlc-opt %s --dlc-autodiff --dlc-remat="budget=0.34 solver=milp" 2>&1 | FileCheck %s --check-prefix=ONE %}
// RUN: %if cbc %{ dlc-opt %s --dlc-autodiff --dlc-remat="budget=0.01 solver=milp" 2>&1 | FileCheck %s --check-prefix=NONE %}
// RUN: %if cbc %{ dlc-opt %s --dlc-autodiff --dlc-remat="budget=7000B measure=graph solver=milp" 2>&1 | FileCheck %s --check-prefix=PEAK %}

// With a fraction of 0.67 (2058 bytes) of saved activations, one of the
// three can be kept no longer; which one is a tie in time, and the one
// recomputed is rebuilt from a kept neighbour right before its first read.
// TWO-LABEL: func.func @chain_train
// TWO-COUNT-1: {dlc.recomputed}
// TWO-NOT: {dlc.recomputed}
// TWO-LOG: saved activations 3072 bytes (0.0 MiB) -> 2048 bytes

// 0.34 (1044 bytes) keeps one: a. b and c are rebuilt from it, right before
// the first backward read of c (tanh c's VJP squares c).
// ONE: saved activations 3072 bytes (0.0 MiB) -> 1024 bytes
// ONE-LABEL: func.func @chain_train
// ONE:      %[[A:.*]] = dlc.tanh
// ONE:      %[[C:.*]] = dlc.tanh
// ONE:      %[[B2:.*]] = dlc.tanh %[[A]] {dlc.recomputed}
// ONE-NEXT: %[[C2:.*]] = dlc.tanh %[[B2]] {dlc.recomputed}
// ONE-NEXT: dlc.mul %[[C2]], %[[C2]]
// ONE:      dlc.mul %[[B2]], %[[B2]]
// ONE:      dlc.mul %[[A]], %[[A]]

// Next to nothing: the whole forward pass is run again from the parameter
// and the input, and no forward value is saved.
// NONE: saved activations 3072 bytes (0.0 MiB) -> 0 bytes
// NONE: dlc.mul %arg1, %arg0 {dlc.recomputed}
// NONE-COUNT-3: dlc.tanh {{.*}} {dlc.recomputed}

// The peak (7176 bytes at #8: w, x, a, b, c, the zero-filled and seeded
// gradient tensors and two 4-byte seeds) falls below 7000 bytes once b is
// not live there: b is recomputed from a before its first backward read.
// PEAK: dlc-remat: @chain_train ({{.*}}): 1 recomputed ops
// PEAK-SAME: graph-level peak 7176 bytes (0.0 MiB) -> 6152 bytes
// PEAK: %[[A:.*]] = dlc.tanh
// PEAK: %[[B2:.*]] = dlc.tanh %[[A]] {dlc.recomputed}
// PEAK-NEXT: dlc.mul %[[B2]], %[[B2]]

// FITS: the graph-level peak of 7176 bytes (0.0 MiB) is within the budget of 8192 bytes (0.0 MiB); nothing recomputed
// FITS-NOT: dlc.recomputed

func.func @chain(%w: tensor<256xf32> {dlc.param}, %x: tensor<256xf32>) -> tensor<f32> {
  %a = dlc.mul %x, %w : (tensor<256xf32>, tensor<256xf32>) -> tensor<256xf32>
  %b = dlc.tanh %a : tensor<256xf32>
  %c = dlc.tanh %b : tensor<256xf32>
  %d = dlc.tanh %c : tensor<256xf32>
  %loss = dlc.reduce_sum %d axes [0] : (tensor<256xf32>) -> tensor<f32>
  return %loss : tensor<f32>
}
