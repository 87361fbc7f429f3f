// --dlc-plan-memory reports when no plan fits in the 2^63 - 1 bytes that
// int64 offsets address (here alignment 2^62: three small buffers live at
// once would need offsets 0, 2^62 and 2^63), and when its csv= file cannot
// be written.
// RUN: not dlc-opt %s --dlc-plan-memory=alignment=4611686018427387904 2>&1 | FileCheck %s --check-prefix=BESTFIT
// RUN: not dlc-opt %s "--dlc-plan-memory=alignment=4611686018427387904 solver=exact" 2>&1 | FileCheck %s --check-prefix=EXACT
// RUN: not dlc-opt %s --dlc-plan-memory=csv=/dev/full 2>&1 | FileCheck %s --check-prefix=FULL
// RUN: not dlc-opt %s --dlc-plan-memory=csv=%t/missing-dir/b.csv 2>&1 | FileCheck %s --check-prefix=OPEN
// RUN: dlc-opt %s --dlc-plan-memory=alignment=2305843009213693952 | FileCheck %s --check-prefix=FITS

// BESTFIT: error: --dlc-plan-memory found no plan of at most 9223372036854775807 bytes for 3 buffers (best-fit found none; solver=exact may)
// EXACT: error: --dlc-plan-memory found no plan of at most 9223372036854775807 bytes for 3 buffers (proven infeasible)
// FULL: error: --dlc-plan-memory: cannot write '/dev/full': No space left on device
// OPEN: error: cannot write '{{.*}}missing-dir/b.csv': No such file or directory
// With alignment 2^61 the third buffer starts at 2^62.
// FITS: dlc.arena_size = 4611686018427387920 : i64
func.func @f(%x: memref<4xf32>, %out: memref<4xf32>) {
  %a = memref.alloc() : memref<4xf32>
  %b = memref.alloc() : memref<4xf32>
  %c = memref.alloc() : memref<4xf32>
  memref.copy %x, %a : memref<4xf32> to memref<4xf32>
  memref.copy %a, %b : memref<4xf32> to memref<4xf32>
  memref.copy %b, %c : memref<4xf32> to memref<4xf32>
  memref.copy %a, %out : memref<4xf32> to memref<4xf32>
  memref.copy %b, %out : memref<4xf32> to memref<4xf32>
  memref.copy %c, %out : memref<4xf32> to memref<4xf32>
  return
}
