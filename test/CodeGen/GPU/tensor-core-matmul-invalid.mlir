// RUN: dlc-opt %s --dlc-gpu-tensor-core-matmul="stages=4" -split-input-file -verify-diagnostics
// RUN: not dlc-opt %s --dlc-gpu-tensor-core-matmul="stages=1" 2>&1 | FileCheck %s --check-prefix=ONE

// A ring that does not fit in the 48 KiB of static shared memory.
func.func @too_many_stages(%a: memref<128x32xbf16>, %b: memref<32x128xbf16>, %c: memref<128x128xf32>) {
  // expected-error@+1 {{--dlc-gpu-tensor-core-matmul: 4 stages of 128x128 tiles need 65536 bytes of shared memory, over the 48 KiB a block may declare statically}}
  linalg.matmul ins(%a, %b : memref<128x32xbf16>, memref<32x128xbf16>) outs(%c : memref<128x128xf32>)
  return
}

// ONE: error: --dlc-gpu-tensor-core-matmul stages must be at least 2, got 1
