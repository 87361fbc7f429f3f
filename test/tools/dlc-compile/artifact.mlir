// dlc-compile writes the artifact of a training step: the manifest names
// every buffer (arguments in order, the planned arena, then the results,
// which live in the arena's bytes from their production on), the kernels
// and the launches with their arguments as buffer+offset or constants; the
// PTX module follows it.
// RUN: dlc-compile %s --passes=dlc-autodiff -o %t.dlcx
// RUN: sed '/^end$/q' %t.dlcx | FileCheck %s
// RUN: dlc-compile %s --passes=dlc-autodiff --emit=ptx | FileCheck %s --check-prefix=PTX
// RUN: dlc-compile %s --passes=dlc-autodiff --emit=mlir | FileCheck %s --check-prefix=MLIR

// CHECK:      DLCX {{[0-9]+}}
// CHECK-NEXT: function layer_train
// CHECK-NEXT: target sm_90
// CHECK-NEXT: buffers [[NB:[0-9]+]]
// CHECK-NEXT: buffer 0 param 0 f32 8x16 512 0
// CHECK-NEXT: buffer 1 input 1 f32 4x16 256 0
// CHECK-NEXT: buffer 2 arena -1 i8 [[ARENA:[0-9]+]] [[ARENA]] 0
// CHECK-NEXT: buffer 3 output 0 f32 scalar 4 0 at p2+[[LOSS:[0-9]+]]
// CHECK-NEXT: buffer 4 output 1 f32 8x16 512 0 at p2+[[GRAD:[0-9]+]]
// A step without an optimizer has no training loop to carry.
// CHECK-NEXT: step none
// CHECK-NEXT: updates 0
// All kernels are in one module (dlc-gpu-merge-modules), one launch each.
// CHECK-NEXT: modules 1
// CHECK-NEXT: module 0 ptx
// CHECK-NEXT: kernels [[NK:[0-9]+]]
// CHECK-NEXT: kernel 0 0 layer_train_kernel
// CHECK-NEXT: kernel 1 0 layer_train_kernel_0
// CHECK:      launches [[NK]]
// The first launch zero-fills the product's accumulator in the arena; the
// product reads the input and the weight in place (no transposed copy of
// it); the loss lands in output #0's bytes of the arena, and the last
// launch, the gradient's product, reads the input and writes output #1's.
// CHECK-NEXT: launch 0 {{.*}} 1 p2+0
// CHECK-NEXT: launch 1 {{.*}} 3 p1+0 p0+0 p2+0
// CHECK:      launch {{[0-9]+}} {{.*}} p2+[[LOSS]]
// CHECK:      launch {{[0-9]+}} {{.*}} p1+0 p2+[[GRAD]]{{$}}
// CHECK-NEXT: checksum
// CHECK-NEXT: end

// With outputs-in-arena=false the results are buffers of their own, written
// for the whole step, and the arena holds only the intermediates.
// RUN: dlc-compile %s --passes=dlc-autodiff --outputs-in-arena=false -o %t.out.dlcx
// RUN: sed '/^end$/q' %t.out.dlcx | FileCheck %s --check-prefix=OUTPARAMS
// OUTPARAMS:      buffer 2 output 0 f32 scalar 4 0{{$}}
// OUTPARAMS-NEXT: buffer 3 output 1 f32 8x16 512 0{{$}}
// OUTPARAMS-NEXT: buffer 4 arena -1 i8

// PTX: .target sm_90
// PTX: .visible .entry

// MLIR: func.func @layer_train
// MLIR: memref.alloc() {{.*}}dlc.arena
// MLIR: gpu.launch_func
// MLIR: gpu.binary

// --emit=llvm: the kernels' LLVM IR, one NVPTX kernel function each.
// RUN: dlc-compile %s --passes=dlc-autodiff --emit=llvm | FileCheck %s --check-prefix=LLVM
// LLVM: ; ModuleID = 'dlc_kernels'
// LLVM: define ptx_kernel void @layer_train_kernel(
// LLVM: call {{.*}} @llvm.nvvm.read.ptx.sreg.tid.x()

// Errors are named and nothing is written.
// RUN: not dlc-compile %s --emit=sass 2>&1 | FileCheck %s --check-prefix=EMIT
// EMIT: dlc-compile: error: --emit must be dlcx, mlir, llvm or ptx, not 'sass'
// RUN: not dlc-compile %s --function=nope 2>&1 | FileCheck %s --check-prefix=FUNC
// FUNC: dlc-compile: error: no function 'nope' in the input
// RUN: not dlc-compile %s --passes=no-such-pass 2>&1 | FileCheck %s --check-prefix=PASSES
// PASSES: dlc-compile: error: cannot parse --passes='no-such-pass'

func.func @layer(%w: tensor<8x16xf32> {dlc.param}, %x: tensor<4x16xf32>) -> tensor<f32> {
  %y = dlc.matmul %x, %w {transpose_rhs} : (tensor<4x16xf32>, tensor<8x16xf32>) -> tensor<4x8xf32>
  %r = dlc.relu %y : tensor<4x8xf32>
  %l = dlc.reduce_mean %r axes [0, 1] : (tensor<4x8xf32>) -> tensor<f32>
  return %l : tensor<f32>
}
