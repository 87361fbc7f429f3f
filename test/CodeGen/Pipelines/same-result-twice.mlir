// A step that returns one value twice (the reliability campaign's c05,
// which crashed buffer-results-to-out-params) compiles on both pipelines,
// every result in an out-parameter of its own, and dlc-run computes each
// repetition equal to the first.
// RUN: dlc-opt %s --dlc-cpu-pipeline --mlir-print-ir-after=buffer-results-to-out-params -o /dev/null 2>&1 | FileCheck %s --check-prefix=OUT
// RUN: dlc-opt %s --dlc-cpu-pipeline | FileCheck %s --check-prefix=CPU
// RUN: dlc-opt %s --dlc-gpu-pipeline=format=none | FileCheck %s --check-prefix=GPU
// RUN: dlc-run %s | FileCheck %s --check-prefix=EXEC

// OUT-LABEL: func.func @f(
// OUT-SAME:    %[[A:[^:]+]]: memref<4xf32>, %[[R0:[^:]+]]: memref<4xf32> {bufferize.result}, %[[R1:[^:]+]]: memref<4xf32> {bufferize.result}, %[[R2:[^:]+]]: memref<4xf32> {bufferize.result}, %[[R3:[^:]+]]: memref<4xf32> {bufferize.result})
// OUT:         outs(%[[R0]] : memref<4xf32>)
// OUT:         outs(%[[R1]] : memref<4xf32>)
// OUT:         linalg.copy ins(%[[R0]] : memref<4xf32>) outs(%[[R2]] : memref<4xf32>)
// OUT:         memref.copy %[[A]], %[[R3]]
// OUT-NEXT:    return{{$}}

// CPU: llvm.func @f(
// GPU: gpu.launch_func

// EXEC:      result #0: tensor<4xf32>: {{.*}} checksum [[RELU:[0-9a-f]+]]
// EXEC-NEXT: result #1: tensor<4xf32>: {{.*}} checksum [[TANH:[0-9a-f]+]]
// EXEC-NEXT: result #2: tensor<4xf32>: {{.*}} checksum [[RELU]]
// EXEC-NEXT: result #3: tensor<4xf32>: min -2.50007 max 0.0877225
func.func @f(%a: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %r = dlc.relu %a : tensor<4xf32>
  %s = dlc.tanh %a : tensor<4xf32>
  return %r, %s, %r, %a : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}
