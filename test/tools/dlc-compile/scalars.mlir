// Constants a kernel uses are compiled into it (the pipeline sinks them back
// into each launch before outlining), so launches take buffers only: here
// the bf16 zero that fills a slice gradient before the slice is written in
// is a store of bfloat 0 in the kernel, not a kernel argument. (The artifact
// format still has typed scalar arguments, `bf16:0x...` and the like.)
// RUN: dlc-compile %s -o %t.dlcx
// RUN: sed '/^end$/q' %t.dlcx | FileCheck %s
// RUN: dlc-compile %s --emit=llvm -o - | FileCheck %s --check-prefix=LLVM
// CHECK: launches 2
// CHECK-NEXT: launch 0 1 1 1 20 1 1 0 1 p1+0
// CHECK-NEXT: launch 1 1 1 1 6 1 1 0 2 p0+0 p1+0
// LLVM: define ptx_kernel void @f_kernel(ptr %{{.+}})
// LLVM: store bfloat 0xR0000
func.func @f(%a0: tensor<2x3xbf16>) -> tensor<4x5xbf16> {
  %r0 = dlc.slice_grad %a0 offsets [1, 0] strides [2, 2] : (tensor<2x3xbf16>) -> tensor<4x5xbf16>
  return %r0 : tensor<4x5xbf16>
}
