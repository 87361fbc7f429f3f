// dlc-compile writes the artifact of a step that returns one value twice:
// each result is an output of its own (in bytes of the arena of its own),
// the repetition filled by a copy kernel from the first (the reliability
// campaign's c05).
// RUN: dlc-compile %s -o %t.dlcx
// RUN: sed '/^end$/q' %t.dlcx | FileCheck %s

// CHECK:      buffers 4
// CHECK-NEXT: buffer 0 input 0 f32 4 16 0
// CHECK-NEXT: buffer 1 arena -1 i8 272 272 0
// CHECK-NEXT: buffer 2 output 0 f32 4 16 0 at p1+[[A:[0-9]+]]
// CHECK-NEXT: buffer 3 output 1 f32 4 16 0 at p1+[[B:[0-9]+]]
// CHECK:      launches 2
// CHECK-NEXT: launch 0 {{.*}} p0+0 p1+[[A]]
// CHECK-NEXT: launch 1 {{.*}} p1+[[A]] p1+[[B]]
func.func @f(%a: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %r = dlc.relu %a : tensor<4xf32>
  return %r, %r : tensor<4xf32>, tensor<4xf32>
}
