// The embedding gradient on the GPU: every step is one thread per element
// (ranks of the positions, the sorted order gathered from them, the rows'
// starts, then one thread per table element summing its row's positions in
// position order: no atomics, the CPU path's sums bit for bit), and no
// temporary allocated inside a kernel. (Here there are too few positions for
// runs: one part each.)
// RUN: dlc-compile %s --emit=mlir | FileCheck %s
// RUN: dlc-compile %s --emit=ptx | FileCheck %s --check-prefix=PTX

// CHECK: func.func @f
// Clamped ids, the ranks and the order (each with its zero fill).
// CHECK-COUNT-5: gpu.launch_func @dlc_kernels::@f_kernel{{(_[0-9])?}} blocks in (%c1, %c1, %c1) threads in (%c6, %c1, %c1)
// The rows' starts (and their fill): one thread per table row and one past
// the last.
// CHECK-COUNT-2: gpu.launch_func @dlc_kernels::@f_kernel_{{[0-9]}} blocks in (%c1, %c1, %c1) threads in (%c11, %c1, %c1)
// The sums: one thread per table element (10 x 8).
// CHECK: gpu.launch_func @dlc_kernels::@f_kernel_6 blocks in (%c1, %c1, %c1) threads in (%c80, %c1, %c1)
// CHECK: return

// PTX-NOT: malloc
// PTX: .visible .entry f_kernel_6(
// PTX: add.rn.f32
// PTX-NOT: malloc

func.func @f(%g: tensor<6x8xf32>, %ids: tensor<6xi32>) -> tensor<10x8xf32> {
  %0 = dlc.embedding_grad %g, %ids : (tensor<6x8xf32>, tensor<6xi32>) -> tensor<10x8xf32>
  return %0 : tensor<10x8xf32>
}
