// RUN: dlc-opt %s --dlc-gpu-tensor-core-matmul="stages=15" -split-input-file -verify-diagnostics
// RUN: not dlc-opt %s --dlc-gpu-tensor-core-matmul="stages=1" 2>&1 | FileCheck %s --check-prefix=ONE
// RUN: not dlc-opt %s --dlc-gpu-tensor-core-matmul="stages=9999999999" 2>&1 | FileCheck %s --check-prefix=MANY
// RUN: not dlc-opt %s --dlc-gpu-tensor-core-matmul="slice-k=48" 2>&1 | FileCheck %s --check-prefix=SLICE

// Rings that do not fit in the 227 KiB of shared memory a block may have.
func.func @too_many_stages(%a: memref<128x32xbf16>, %b: memref<32x128xbf16>, %c: memref<128x128xf32>) {
  // expected-error@+1 {{--dlc-gpu-tensor-core-matmul: 15 stages of 128x128 tiles need 245760 bytes of shared memory, over the 227 KiB a block may have on sm_90}}
  linalg.matmul ins(%a, %b : memref<128x32xbf16>, memref<32x128xbf16>) outs(%c : memref<128x128xf32>)
  return
}

// ONE: error: --dlc-gpu-tensor-core-matmul stages must be in [2, 32], got 1
// MANY: error: --dlc-gpu-tensor-core-matmul stages must be in [2, 32], got 9999999999
// SLICE: error: --dlc-gpu-tensor-core-matmul slice-k must be 32 or 64, got 48
