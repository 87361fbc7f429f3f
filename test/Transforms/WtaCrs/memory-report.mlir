// The memory report's sampling section: per input of sampled layers, the
// rows kept, the bytes kept for the weight gradients and whether the input
// is saved all the same (tanh's backward reads its output, the second
// input; the first is an argument, not a saved activation).
// RUN: dlc-opt %s --dlc-wta-crs=ratio=0.25 --dlc-autodiff --dlc-memory-report=json=%t.json -o /dev/null 2>&1 | FileCheck %s
// RUN: FileCheck %s --check-prefix=JSON < %t.json

// CHECK: sampled (WTA-CRS): 3 linear layers over 2 inputs keep 1.25 KiB (1280 bytes) of their inputs' 3.50 KiB for the weight gradients; 1 of the inputs are saved all the same (another op's backward reads them)
// CHECK-NEXT: input   0: 16 of 64 rows for 2 layers, 704 B kept instead of 2.00 KiB
// CHECK-NEXT: input   1: 16 of 64 rows for 1 layers, 576 B kept instead of 1.50 KiB (the input is saved all the same)
// JSON: "sampled": [
// JSON-NEXT: {
// JSON-NEXT: "input_bytes": 2048,
// JSON-NEXT: "input_saved": false,
// JSON-NEXT: "kept": 16,
// JSON-NEXT: "kept_bytes": 704,
// JSON-NEXT: "layers": 2,
// JSON-NEXT: "rows": 64
// JSON: "input_saved": true,
func.func @f(%x: tensor<4x16x8xf32>, %wq: tensor<6x8xf32> {dlc.param}, %bq: tensor<6xf32> {dlc.param},
             %wk: tensor<5x8xf32> {dlc.param}, %wo: tensor<3x6xf32> {dlc.param}) -> tensor<f32> {
  %q = dlc.linear %x, %wq, %bq : (tensor<4x16x8xf32>, tensor<6x8xf32>, tensor<6xf32>) -> tensor<4x16x6xf32>
  %k = dlc.linear %x, %wk : (tensor<4x16x8xf32>, tensor<5x8xf32>) -> tensor<4x16x5xf32>
  %t = dlc.tanh %q : tensor<4x16x6xf32>
  %o = dlc.linear %t, %wo : (tensor<4x16x6xf32>, tensor<3x6xf32>) -> tensor<4x16x3xf32>
  %s1 = dlc.reduce_sum %o axes [0, 1, 2] : (tensor<4x16x3xf32>) -> tensor<f32>
  %s2 = dlc.reduce_sum %k axes [0, 1, 2] : (tensor<4x16x5xf32>) -> tensor<f32>
  %l = dlc.add %s1, %s2 : (tensor<f32>, tensor<f32>) -> tensor<f32>
  return %l : tensor<f32>
}
