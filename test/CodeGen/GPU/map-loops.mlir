// --dlc-gpu-map-loops: each top-level loop nest of a bufferized step becomes
// one gpu.launch over a flattened 1-D grid; views and constants stay on the
// host.
// RUN: dlc-opt %s --dlc-gpu-map-loops --split-input-file | FileCheck %s
// RUN: dlc-opt %s "--dlc-gpu-map-loops=block-size=128" --split-input-file | FileCheck %s --check-prefix=B128
// RUN: dlc-opt %s "--dlc-gpu-map-loops=iterations-per-thread=1" --split-input-file | FileCheck %s --check-prefix=ONE

// 6 x 100 = 600 iterations: 3 blocks of 256 threads, the last 168 threads
// guarded off; the indices are recovered innermost first.
// CHECK-LABEL: func.func @parallel
// CHECK:       memref.view
// CHECK-DAG:   %[[C3:.*]] = arith.constant 3 : index
// CHECK-DAG:   %[[C256:.*]] = arith.constant 256 : index
// CHECK:       gpu.launch blocks(%[[BX:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %[[C3]], %{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}) threads(%[[TX:.*]], %{{.*}}, %{{.*}}) in (%[[BS:.*]] = %[[C256]],
// CHECK:         %[[MUL:.*]] = arith.muli %[[BX]], %[[BS]]
// CHECK:         %[[LIN:.*]] = arith.addi %[[MUL]], %[[TX]]
// CHECK:         %[[IN:.*]] = arith.cmpi ult, %[[LIN]], %{{.*}}
// CHECK:         scf.if %[[IN]] {
// CHECK:           %[[J:.*]] = arith.remui %[[LIN]], %{{.*}}
// CHECK:           %[[I:.*]] = arith.divui %[[LIN]], %{{.*}}
// CHECK:           memref.load %{{.*}}[%[[I]], %[[J]]]
// CHECK:           memref.store %{{.*}}, %{{.*}}[%[[I]], %[[J]]]
// CHECK:         gpu.terminator
// CHECK-NOT:   scf.parallel
// B128-LABEL: func.func @parallel
// B128:       arith.constant 5 : index
// B128:       gpu.launch
func.func @parallel(%arena: memref<4800xi8>, %out: memref<6x100xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c6 = arith.constant 6 : index
  %c100 = arith.constant 100 : index
  %in = memref.view %arena[%c0][] : memref<4800xi8> to memref<6x100xf32>
  scf.parallel (%i, %j) = (%c0, %c0) to (%c6, %c100) step (%c1, %c1) {
    %x = memref.load %in[%i, %j] : memref<6x100xf32>
    %y = arith.addf %x, %x : f32
    memref.store %y, %out[%i, %j] : memref<6x100xf32>
    scf.reduce
  }
  return
}

// -----

// A copy gets one thread per element (512 = 2 x 256: no guard).
// CHECK-LABEL: func.func @copy
// CHECK:       gpu.launch
// CHECK-NOT:     scf.if
// CHECK:         memref.load %arg0
// CHECK:         memref.store %{{.*}}, %arg1
// CHECK-NOT:   memref.copy
func.func @copy(%a: memref<2x256xf32>, %b: memref<2x256xf32>) {
  memref.copy %a, %b : memref<2x256xf32> to memref<2x256xf32>
  return
}

// -----

// A reduction to a scalar is a sequential loop plus the ops around it that
// read and write memory: they share one launch of a single thread.
// CHECK-LABEL: func.func @serial
// CHECK-COUNT-1: gpu.launch
// CHECK-SAME:    threads(%{{.*}}, %{{.*}}, %{{.*}}) in (%{{.*}} = %c1{{.*}}, %{{.*}} = %c1{{.*}}, %{{.*}} = %c1
// CHECK:         memref.store
// CHECK:         scf.for
// CHECK:         memref.load
// CHECK:         arith.mulf
// CHECK:         memref.store
// CHECK:         gpu.terminator
// CHECK-NEXT:  }
// CHECK-NEXT:  return
func.func @serial(%x: memref<64xf32>, %acc: memref<f32>, %out: memref<f32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %zero = arith.constant 0.0 : f32
  %half = arith.constant 0.5 : f32
  memref.store %zero, %acc[] : memref<f32>
  scf.for %i = %c0 to %c64 step %c1 {
    %a = memref.load %acc[] : memref<f32>
    %v = memref.load %x[%i] : memref<64xf32>
    %s = arith.addf %a, %v : f32
    memref.store %s, %acc[] : memref<f32>
  }
  %t = memref.load %acc[] : memref<f32>
  %m = arith.mulf %t, %half : f32
  memref.store %m, %out[] : memref<f32>
  return
}

// -----

// The same ops with an arena buffer planned between them (%out, in the bytes
// of %x, which the loop reads last): the loop and what comes before it run
// in a launch before the buffer's view, the rest in one after it, so the
// plan's order of lives holds launch by launch.
// CHECK-LABEL: func.func @serial_across_plan
// CHECK:         gpu.launch
// CHECK:         scf.for
// CHECK:         gpu.terminator
// CHECK:       %[[OUT:.+]] = memref.view %{{.+}}[%c0{{.*}}][] {dlc.buffer = 2 : i64}
// CHECK:       gpu.launch
// CHECK-NOT:     scf.for
// CHECK:         memref.store %{{.+}}, %[[OUT]][]
// CHECK:         gpu.terminator
// CHECK-NEXT:  }
// CHECK-NEXT:  return %[[OUT]]
func.func @serial_across_plan(%in: memref<64xf32>) -> memref<f32> attributes {dlc.arena_size = 512 : i64} {
  %arena = memref.alloc() {dlc.arena} : memref<512xi8>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %c256 = arith.constant 256 : index
  %zero = arith.constant 0.0 : f32
  %half = arith.constant 0.5 : f32
  %x = memref.view %arena[%c0][] {dlc.buffer = 0 : i64} : memref<512xi8> to memref<64xf32>
  memref.copy %in, %x : memref<64xf32> to memref<64xf32>
  %acc = memref.view %arena[%c256][] {dlc.buffer = 1 : i64} : memref<512xi8> to memref<f32>
  memref.store %zero, %acc[] : memref<f32>
  scf.for %i = %c0 to %c64 step %c1 {
    %a = memref.load %acc[] : memref<f32>
    %v = memref.load %x[%i] : memref<64xf32>
    %s = arith.addf %a, %v : f32
    memref.store %s, %acc[] : memref<f32>
  }
  %out = memref.view %arena[%c0][] {dlc.buffer = 2 : i64} : memref<512xi8> to memref<f32>
  %t = memref.load %acc[] : memref<f32>
  %m = arith.mulf %t, %half : f32
  memref.store %m, %out[] : memref<f32>
  return %out : memref<f32>
}

// -----

// A loop of 4 x 2^20 iterations: each thread runs 4, a block apart (thread
// t of block k: (4k + j) * 256 + t), every iteration's load and arithmetic
// first, then the 4 stores. With iterations-per-thread=1, one each.
// CHECK-LABEL: func @large
// CHECK: gpu.launch blocks({{.+}}) in ({{.+}} = %c4096{{[_0-9]*}}, {{.+}}) threads({{.+}}) in ({{.+}} = %c256{{[_0-9]*}},
// CHECK: %[[LANE:.+]] = arith.remui %{{.+}}, %c256
// CHECK: %[[BASE:.+]] = arith.subi %{{.+}}, %[[LANE]]
// CHECK: %[[FIRST:.+]] = arith.muli %[[BASE]], %c4
// CHECK-COUNT-4: memref.load %{{.+}} : memref<2048x2048xbf16>
// CHECK-NOT: memref.load
// CHECK-COUNT-4: memref.store %{{.+}} : memref<2048x2048xbf16>
// CHECK: gpu.terminator
// ONE-LABEL: func @large
// ONE: gpu.launch blocks({{.+}}) in ({{.+}} = %c16384{{[_0-9]*}}, {{.+}})
// ONE-COUNT-1: memref.load
// ONE-NEXT: arith.addf
// ONE-NEXT: memref.store
func.func @large(%a: memref<2048x2048xbf16>, %b: memref<2048x2048xbf16>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2048 = arith.constant 2048 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%c2048, %c2048) step (%c1, %c1) {
    %x = memref.load %a[%i, %j] : memref<2048x2048xbf16>
    %y = arith.addf %x, %x : bf16
    memref.store %y, %b[%i, %j] : memref<2048x2048xbf16>
    scf.reduce
  }
  return
}
