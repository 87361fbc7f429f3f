// The embedding gradient on the GPU: one thread per column of the table, each
// walking the positions in order (no atomics, the CPU path's sums bit for
// bit), and no temporary rows allocated inside the kernel.
// RUN: dlc-compile %s --emit=mlir | FileCheck %s
// RUN: dlc-compile %s --emit=ptx | FileCheck %s --check-prefix=PTX

// CHECK: func.func @f
// The zero fill, one thread per element.
// CHECK: gpu.launch_func @dlc_kernels::@f_kernel blocks in (%{{.+}}, %{{.+}}, %{{.+}}) threads in (%c80,
// The accumulation, one thread per column.
// CHECK-NEXT: gpu.launch_func @dlc_kernels::@f_kernel_0 blocks in (%c1, %c1, %c1) threads in (%c8, %c1, %c1)
// CHECK-NEXT: return

// PTX: .visible .entry f_kernel_0(
// PTX-NOT: malloc
// The loop over positions: load, add, store to the id's row.
// PTX: add.rn.f32
// PTX-NOT: malloc
// PTX: ret;

func.func @f(%g: tensor<6x8xf32>, %ids: tensor<6xi32>) -> tensor<10x8xf32> {
  %0 = dlc.embedding_grad %g, %ids : (tensor<6x8xf32>, tensor<6xi32>) -> tensor<10x8xf32>
  return %0 : tensor<10x8xf32>
}
