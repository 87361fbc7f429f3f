// --dlc-plan-memory=plan-results places returned buffers in the arena too,
// each live from its allocation to the return; without it they stay
// allocations of their own (plan.mlir's @unplannable).
// RUN: dlc-opt %s --dlc-plan-memory="alignment=64 plan-results" | FileCheck %s
// RUN: dlc-opt %s --dlc-plan-memory="alignment=64 plan-results solver=exact" | FileCheck %s --check-prefix=EXACT
// RUN: dlc-opt %s --dlc-plan-memory=alignment=64 | FileCheck %s --check-prefix=OFF

// %t (4096 B) is last read by the first add, so the result %r (4096 B,
// allocated after it) can take its bytes; %s (1024 B) is returned too, so it
// keeps its bytes to the return, beside %u (the second add's input). Arena
// 9216 = %t + %s + %u at the first add = %u + %r + %s at the second.
// CHECK-LABEL: func.func @step
// CHECK-SAME: dlc.arena_size = 9216 : i64
// CHECK: %[[ARENA:.+]] = memref.alloc() {alignment = 64 : i64, dlc.arena} : memref<9216xi8>
// CHECK: %[[T:.+]] = memref.view %[[ARENA]][%c0{{.*}}][] {dlc.buffer = 0 : i64} : memref<9216xi8> to memref<32x32xf32>
// CHECK: %[[S:.+]] = memref.view %[[ARENA]][%c8192{{.*}}][] {dlc.buffer = 1 : i64} : memref<9216xi8> to memref<256xf32>
// CHECK: %[[R:.+]] = memref.view %[[ARENA]][%c0{{.*}}][] {dlc.buffer = 3 : i64} : memref<9216xi8> to memref<32x32xf32>
// CHECK-NOT: memref.alloc()
// CHECK: return %[[R]], %[[S]]
// EXACT: dlc.arena_size = 9216 : i64
// Without it the two results keep allocations of their own.
// OFF-LABEL: func.func @step
// OFF-SAME: dlc.arena_size = 8192 : i64
// OFF: memref.alloc() : memref<256xf32>
// OFF: memref.alloc() : memref<32x32xf32>
func.func @step(%x: memref<32x32xf32>, %y: memref<256xf32>) -> (memref<32x32xf32>, memref<256xf32>) {
  %t = memref.alloc() : memref<32x32xf32>
  %s = memref.alloc() : memref<256xf32>
  memref.copy %x, %t : memref<32x32xf32> to memref<32x32xf32>
  memref.copy %y, %s : memref<256xf32> to memref<256xf32>
  %u = memref.alloc() : memref<32x32xf32>
  linalg.add ins(%t, %t : memref<32x32xf32>, memref<32x32xf32>) outs(%u : memref<32x32xf32>)
  %r = memref.alloc() : memref<32x32xf32>
  linalg.add ins(%u, %u : memref<32x32xf32>, memref<32x32xf32>) outs(%r : memref<32x32xf32>)
  return %r, %s : memref<32x32xf32>, memref<256xf32>
}
