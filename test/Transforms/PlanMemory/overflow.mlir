// --dlc-plan-memory computes bytes with checked arithmetic: what needs more
// than the 2^63 - 1 bytes an int64 offset addresses is an error at the
// allocation, never a plan whose offsets wrapped (reproducer
// w04-plan-memory-arena-overflow.mlir got an arena of 2^62 bytes holding
// buffers at [0, 2^62) and [2^62, 2^63)).
// RUN: dlc-opt %s --dlc-plan-memory -split-input-file -verify-diagnostics | FileCheck %s
// RUN: dlc-opt %s --dlc-plan-memory=solver=exact -split-input-file -verify-diagnostics | FileCheck %s

// Two buffers of 2^62 bytes live at once.
func.func @live_together(%out: memref<4xf32>) {
  %a = memref.alloc() : memref<1152921504606846976xf32>
  // expected-error @+1 {{'memref.alloc' op cannot be planned by --dlc-plan-memory (it is buffer 1; times are op positions in the block): the buffers live at time 1 need more than 9223372036854775807 bytes, the largest arena 64-bit offsets address: buffer 1 adds 4611686018427387904 bytes to 4611686018427387904 live already}}
  %b = memref.alloc() : memref<1152921504606846976xf32>
  %ca = memref.subview %a[0] [4] [1] : memref<1152921504606846976xf32> to memref<4xf32, strided<[1]>>
  %cb = memref.subview %b[0] [4] [1] : memref<1152921504606846976xf32> to memref<4xf32, strided<[1]>>
  memref.copy %ca, %cb : memref<4xf32, strided<[1]>> to memref<4xf32, strided<[1]>>
  memref.copy %cb, %out : memref<4xf32, strided<[1]>> to memref<4xf32>
  return
}

// -----

// One buffer of 2^64 bytes (its byte count wrapped to 0, and it was left
// unplanned as if it took no memory).
func.func @too_large(%out: memref<4xf32>) {
  // expected-error @+1 {{'memref.alloc' op of 'memref<4611686018427387904xf32>' needs more than 9223372036854775807 bytes (2^63 - 1), more than an arena with 64-bit offsets holds; --dlc-plan-memory cannot place it}}
  %a = memref.alloc() : memref<4611686018427387904xf32>
  %ca = memref.subview %a[0] [4] [1] : memref<4611686018427387904xf32> to memref<4xf32, strided<[1]>>
  memref.copy %ca, %out : memref<4xf32, strided<[1]>> to memref<4xf32>
  return
}

// -----

// Two buffers of 2^62 bytes one after the other share the arena.
// CHECK-LABEL: func.func @one_after_the_other
// CHECK-SAME: attributes {dlc.arena_lower_bound = 4611686018427387904 : i64, dlc.arena_size = 4611686018427387904 : i64}
func.func @one_after_the_other(%out: memref<4xf32>) {
  %a = memref.alloc() : memref<1152921504606846976xf32>
  %ca = memref.subview %a[0] [4] [1] : memref<1152921504606846976xf32> to memref<4xf32, strided<[1]>>
  memref.copy %ca, %out : memref<4xf32, strided<[1]>> to memref<4xf32>
  %b = memref.alloc() : memref<1152921504606846976xf32>
  %cb = memref.subview %b[0] [4] [1] : memref<1152921504606846976xf32> to memref<4xf32, strided<[1]>>
  memref.copy %cb, %out : memref<4xf32, strided<[1]>> to memref<4xf32>
  return
}

