// RUN: dlc-opt %s --dlc-gpu-map-loops --split-input-file -verify-diagnostics
// RUN: not dlc-opt %s "--dlc-gpu-map-loops=block-size=2000" --split-input-file 2>&1 | FileCheck %s --check-prefix=BLOCK
// BLOCK: error: --dlc-gpu-map-loops: block-size must be in [1, 1024]
// RUN: not dlc-opt %s "--dlc-gpu-map-loops=iterations-per-thread=0" --split-input-file 2>&1 | FileCheck %s --check-prefix=ITER
// RUN: not dlc-opt %s "--dlc-gpu-map-loops=iterations-per-thread=4611686018427387904" --split-input-file 2>&1 | FileCheck %s --check-prefix=ITER
// ITER: error: --dlc-gpu-map-loops: iterations-per-thread must be in [1, 1024], got
// RUN: not dlc-opt %s "--dlc-gpu-split-reductions=threads=0" 2>&1 | FileCheck %s --check-prefix=THREADS
// THREADS: error: --dlc-gpu-split-reductions: threads must be in [1, 2^40], got 0

func.func @dynamic_bounds(%out: memref<?xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %x = arith.constant 1.0 : f32
  // expected-error @+1 {{--dlc-gpu-map-loops: a parallel loop needs static bounds and positive steps}}
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    memref.store %x, %out[%i] : memref<?xf32>
    scf.reduce
  }
  return
}

// -----

// A value read from device memory cannot steer the host.
func.func @value_to_host(%x: memref<f32>, %out: memref<4xf32>) -> f32 {
  // expected-error @+1 {{--dlc-gpu-map-loops: this op touches memory and returns a value the host needs; it cannot run on the GPU}}
  %v = memref.load %x[] : memref<f32>
  return %v : f32
}

