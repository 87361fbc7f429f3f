// Option errors of --dlc-plan-memory.
// RUN: not dlc-opt %s --dlc-plan-memory=solver=greedy 2>&1 | FileCheck %s --check-prefix=SOLVER
// RUN: not dlc-opt %s --dlc-plan-memory=alignment=48 2>&1 | FileCheck %s --check-prefix=ALIGN

// SOLVER: unknown solver 'greedy' for --dlc-plan-memory; expected best-fit or exact
// ALIGN: --dlc-plan-memory alignment must be a power of two, got 48
func.func @f(%out: memref<4xf32>) {
  %a = memref.alloc() : memref<4xf32>
  memref.copy %a, %out : memref<4xf32> to memref<4xf32>
  return
}
