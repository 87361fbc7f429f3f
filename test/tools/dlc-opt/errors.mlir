// dlc-opt reports a verifier error with its location and exits non-zero,
// printing no IR.
// RUN: not dlc-opt %s 2>&1 | FileCheck %s
// RUN: not dlc-opt %s > %t.out 2>/dev/null; count 0 < %t.out

func.func @bad(%x: tensor<64x784xf32>, %w: tensor<1024x512xf32>) -> tensor<64x1024xf32> {
  // CHECK: errors.mlir:[[# @LINE + 1]]:8: error: 'weight' [1024, 512] must be [out, in] with in = 784
  %0 = dlc.linear %x, %w : (tensor<64x784xf32>, tensor<1024x512xf32>) -> tensor<64x1024xf32>
  return %0 : tensor<64x1024xf32>
}
