// Constant kernel scalars are recorded with their type and bits: here the
// bf16 zero that fills a slice gradient before the slice is written in.
// RUN: dlc-compile %s -o %t.dlcx
// RUN: sed '/^end$/q' %t.dlcx | FileCheck %s
// CHECK: launches 2
// CHECK-NEXT: launch 0 1 1 1 20 1 1 0 2 bf16:0x0 p1+0
// CHECK-NEXT: launch 1 1 1 1 6 1 1 0 2 p0+0 p1+0
func.func @f(%a0: tensor<2x3xbf16>) -> tensor<4x5xbf16> {
  %r0 = dlc.slice_grad %a0 offsets [1, 0] strides [2, 2] : (tensor<2x3xbf16>) -> tensor<4x5xbf16>
  return %r0 : tensor<4x5xbf16>
}
