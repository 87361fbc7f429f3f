// dlc-compile writes the artifact of a step that returns a view of its input
// (a reshape): the result is copied into the arena (dlc-owned-results), and
// the output names those bytes, not the input's.
// RUN: dlc-compile %s -o %t.dlcx
// RUN: sed '/^end$/q' %t.dlcx | FileCheck %s

// CHECK:      buffer 0 input 0 f32 2x3x4 96 0
// CHECK-NEXT: buffer 1 arena -1 i8 96 96 0
// CHECK:      buffer {{[0-9]+}} output 0 f32 4x6 96 0 at p1+0
// CHECK:      launches 1
// CHECK-NEXT: launch 0 {{.*}} p0+0 p1+0
func.func @f(%a: tensor<2x3x4xf32>) -> tensor<4x6xf32> {
  %r = dlc.reshape %a : (tensor<2x3x4xf32>) -> tensor<4x6xf32>
  return %r : tensor<4x6xf32>
}
