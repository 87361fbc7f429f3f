// dlc-compile writes the artifact of a step that returns one value twice:
// each result is an output buffer of its own, the repetition filled by a
// copy kernel from the first (the reliability campaign's c05).
// RUN: dlc-compile %s -o %t.dlcx
// RUN: sed '/^end$/q' %t.dlcx | FileCheck %s

// CHECK:      buffers 3
// CHECK-NEXT: buffer 0 input 0 f32 4 16 0
// CHECK-NEXT: buffer 1 output 0 f32 4 16 0
// CHECK-NEXT: buffer 2 output 1 f32 4 16 0
// CHECK:      launches 2
// CHECK-NEXT: launch 0 {{.*}} p0+0 p1+0
// CHECK-NEXT: launch 1 {{.*}} p1+0 p2+0
func.func @f(%a: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %r = dlc.relu %a : tensor<4xf32>
  return %r, %r : tensor<4xf32>, tensor<4xf32>
}
