// Per-layer checkpointing written in the IR: `solver=checkpoints` keeps the
// results of the ops marked {dlc.checkpoint} and recomputes every other
// forward value the backward pass reads, once, right before its first read.
//
// The chain of chain.mlir with its middle tanh marked. The backward pass
// reads the three tanh results (each VJP squares its tanh's output): the
// last is rebuilt from the checkpoint, the marked one is kept, and the first
// is rebuilt from the parameter and the input (the mul before it is not
// read by the backward pass, so it is copied too).
// RUN: dlc-opt %s --dlc-autodiff --dlc-remat=solver=checkpoints 2>%t.log | FileCheck %s
// RUN: FileCheck %s --check-prefix=LOG < %t.log
// LOG: dlc-remat: @chain_train (checkpoints, feasible, {{.*}}): 3 recomputed ops
// LOG-SAME: saved activations 3072 bytes (0.0 MiB) -> 1024 bytes

// CHECK-LABEL: func.func @chain_train
// CHECK:      %[[B:.*]] = dlc.tanh {{.*}} {dlc.checkpoint}
// CHECK:      %[[D2:.*]] = dlc.tanh %[[B]] {dlc.recomputed}
// CHECK-NEXT: dlc.mul %[[D2]], %[[D2]]
// CHECK:      dlc.mul %[[B]], %[[B]]
// CHECK:      %[[A2:.*]] = dlc.mul %arg1, %arg0 {dlc.recomputed}
// CHECK-NEXT: %[[C2:.*]] = dlc.tanh %[[A2]] {dlc.recomputed}
// CHECK-NEXT: dlc.mul %[[C2]], %[[C2]]
// CHECK-NOT: {dlc.recomputed}

// A budget is only checked: these marks need 1024 bytes of saved
// activations, which 0.3 of 3072 does not allow; 0.34 does.
// RUN: not dlc-opt %s --dlc-autodiff "--dlc-remat=solver=checkpoints budget=0.3" 2>&1 | FileCheck %s --check-prefix=OVER
// RUN: dlc-opt %s --dlc-autodiff "--dlc-remat=solver=checkpoints budget=0.34" -o /dev/null 2>&1 | FileCheck %s --check-prefix=LOG
// OVER: error: --dlc-remat: the budget of 921 bytes (0.0 MiB) for the saved activations cannot be met by the ops marked dlc.checkpoint, which need 1024 bytes (0.0 MiB)

// No marks: the step's inputs are the only checkpoint; everything is rebuilt.
// RUN: sed 's/ {dlc.checkpoint}//' %s | dlc-opt --dlc-autodiff --dlc-remat=solver=checkpoints -o /dev/null 2>&1 | FileCheck %s --check-prefix=NOMARKS
// NOMARKS: 4 recomputed ops{{.*}}saved activations 3072 bytes (0.0 MiB) -> 0 bytes

func.func @chain(%w: tensor<256xf32> {dlc.param}, %x: tensor<256xf32>) -> tensor<f32> {
  %a = dlc.mul %x, %w : (tensor<256xf32>, tensor<256xf32>) -> tensor<256xf32>
  %b = dlc.tanh %a : tensor<256xf32>
  %c = dlc.tanh %b {dlc.checkpoint} : tensor<256xf32>
  %d = dlc.tanh %c : tensor<256xf32>
  %loss = dlc.reduce_sum %d axes [0] : (tensor<256xf32>) -> tensor<f32>
  return %loss : tensor<f32>
}
