// --dlc-plan-memory on small bufferized functions, with plans worked out by
// hand.
// RUN: dlc-opt %s --dlc-plan-memory=alignment=64 -split-input-file | FileCheck %s
// RUN: dlc-opt %s --dlc-plan-memory="alignment=64 solver=exact" -split-input-file | FileCheck %s --check-prefix=EXACT

// Three buffers: %a (4096 B) lives over ops #0-#3, %b (1024 B) over #1-#2,
// %c (4096 B) over #3-#4. Best-fit places %a at 0, %b above it at 4096; %c
// starts where %a is last read (#3), so it cannot share %a's bytes, and
// takes %b's free bytes and beyond: 4096. Arena 8192 = the lower bound
// (4096 + 4096 at op #3).
// CHECK-LABEL: func.func @chain
// CHECK-SAME: attributes {dlc.arena_lower_bound = 8192 : i64, dlc.arena_size = 8192 : i64}
// CHECK: %[[ARENA:.+]] = memref.alloc() {alignment = 64 : i64, dlc.arena} : memref<8192xi8>
// CHECK: %[[A:.+]] = memref.view %[[ARENA]][%c0{{.*}}][] {dlc.buffer = 0 : i64} : memref<8192xi8> to memref<32x32xf32>
// CHECK: %[[B:.+]] = memref.view %[[ARENA]][%c4096{{.*}}][] {dlc.buffer = 1 : i64} : memref<8192xi8> to memref<256xf32>
// CHECK: %[[C:.+]] = memref.view %[[ARENA]][%c4096{{.*}}][] {dlc.buffer = 2 : i64} : memref<8192xi8> to memref<32x32xf32>
// CHECK-NOT: memref.alloc()
// EXACT-LABEL: func.func @chain
// EXACT-SAME: dlc.arena_size = 8192 : i64
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

// Views count as uses: %a stays live until its collapsed view is read at
// the end, so %b (allocated while %a lives) cannot take its bytes. Offsets
// are multiples of the alignment (a 100-byte buffer takes 128 at 64).
// CHECK-LABEL: func.func @views
// CHECK-SAME: attributes {dlc.arena_lower_bound = 200 : i64, dlc.arena_size = 228 : i64}
// CHECK: memref.view %{{.+}}[%c0{{.*}}][] {dlc.buffer = 0 : i64} : memref<228xi8> to memref<5x5xf32>
// CHECK: memref.view %{{.+}}[%c128{{.*}}][] {dlc.buffer = 1 : i64} : memref<228xi8> to memref<25xf32>
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

// A returned buffer and one with a dynamic shape are left alone; with
// nothing to plan, the function gets no arena.
// CHECK-LABEL: func.func @unplannable
// CHECK-NOT: dlc.arena
// CHECK: memref.alloc() : memref<4xf32>
// CHECK: memref.alloc(%{{.+}}) : memref<?xf32>
func.func @unplannable(%n: index) -> memref<4xf32> {
  %a = memref.alloc() : memref<4xf32>
  %d = memref.alloc(%n) : memref<?xf32>
  return %a : memref<4xf32>
}
