// --dlc-plan-memory reports, for each function it plans, the buffers it
// placed, the arena's bytes and the bytes above the lower bound as an
// analysis remark of category dlc-plan-memory: this LLVM keeps no
// statistics, so --mlir-pass-statistics would show none. The numbers are
// those of the arena attributes the pass writes (the plans are derived in
// plan.mlir).
// RUN: dlc-opt %s --dlc-plan-memory=alignment=64 --remarks-filter=dlc-plan-memory -split-input-file -verify-diagnostics | FileCheck %s

// Three buffers in 8192 bytes, the lower bound: nothing over it.
// CHECK-LABEL: func.func @chain
// CHECK-SAME: attributes {dlc.arena_lower_bound = 8192 : i64, dlc.arena_size = 8192 : i64}
// expected-remark @below {{[Analysis] arena | Category:dlc-plan-memory | Function=chain | arena-bytes=8192, buffers=3, bytes-over-lower-bound=0}}
func.func @chain(%x: memref<32x32xf32>, %out: memref<32x32xf32>) {
  %a = memref.alloc() : memref<32x32xf32>
  %b = memref.alloc() : memref<256xf32>
  memref.copy %x, %a : memref<32x32xf32> to memref<32x32xf32>
  %c = memref.alloc() : memref<32x32xf32>
  linalg.add ins(%a, %a : memref<32x32xf32>, memref<32x32xf32>) outs(%c : memref<32x32xf32>)
  memref.copy %c, %out : memref<32x32xf32> to memref<32x32xf32>
  return
}

// -----

// Two buffers of 100 bytes, live together: 200 bytes at most, but the second
// starts at 128 (the alignment), so the arena is 228 bytes, 28 over.
// CHECK-LABEL: func.func @views
// CHECK-SAME: attributes {dlc.arena_lower_bound = 200 : i64, dlc.arena_size = 228 : i64}
// expected-remark @below {{[Analysis] arena | Category:dlc-plan-memory | Function=views | arena-bytes=228, buffers=2, bytes-over-lower-bound=28}}
func.func @views(%x: memref<25xf32>, %out: memref<25xf32>) {
  %a = memref.alloc() : memref<5x5xf32>
  %flat = memref.collapse_shape %a [[0, 1]] : memref<5x5xf32> into memref<25xf32>
  %b = memref.alloc() : memref<25xf32>
  memref.copy %x, %b : memref<25xf32> to memref<25xf32>
  memref.copy %b, %flat : memref<25xf32> to memref<25xf32>
  memref.copy %flat, %out : memref<25xf32> to memref<25xf32>
  return
}

// -----

// Two functions of one module are planned apart, a remark each; one with
// nothing to plan gets no arena and no remark (-verify-diagnostics rejects
// a remark that no expected-remark names).
// CHECK-LABEL: func.func @first
// CHECK-SAME: attributes {dlc.arena_lower_bound = 64 : i64, dlc.arena_size = 64 : i64}
// CHECK-LABEL: func.func @second
// CHECK-SAME: attributes {dlc.arena_lower_bound = 128 : i64, dlc.arena_size = 128 : i64}
// CHECK-LABEL: func.func @unplannable
// CHECK-NOT: dlc.arena
// expected-remark @below {{[Analysis] arena | Category:dlc-plan-memory | Function=first | arena-bytes=64, buffers=1, bytes-over-lower-bound=0}}
func.func @first(%x: memref<16xf32>, %out: memref<16xf32>) {
  %a = memref.alloc() : memref<16xf32>
  memref.copy %x, %a : memref<16xf32> to memref<16xf32>
  memref.copy %a, %out : memref<16xf32> to memref<16xf32>
  return
}
// expected-remark @below {{[Analysis] arena | Category:dlc-plan-memory | Function=second | arena-bytes=128, buffers=2, bytes-over-lower-bound=0}}
func.func @second(%x: memref<16xf32>, %out: memref<16xf32>) {
  %a = memref.alloc() : memref<16xf32>
  memref.copy %x, %a : memref<16xf32> to memref<16xf32>
  %b = memref.alloc() : memref<16xf32>
  memref.copy %a, %b : memref<16xf32> to memref<16xf32>
  memref.copy %b, %out : memref<16xf32> to memref<16xf32>
  return
}
func.func @unplannable(%n: index) -> memref<4xf32> {
  %a = memref.alloc() : memref<4xf32>
  %d = memref.alloc(%n) : memref<?xf32>
  return %a : memref<4xf32>
}
