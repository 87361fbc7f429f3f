// The CPU pipeline takes a dlc graph to the LLVM dialect: results become
// caller-allocated out-parameters, the C interface wrapper is emitted on
// request, and no dlc, linalg, tensor or memref op is left.
// RUN: dlc-opt %s --dlc-cpu-pipeline | FileCheck %s
// RUN: dlc-opt %s --dlc-cpu-pipeline | FileCheck %s --check-prefix=NOLEFT

// CHECK: llvm.func @step(
// CHECK-NOT: dlc.param
// CHECK: llvm.func @_mlir_ciface_step(%{{.+}}: !llvm.ptr, %{{.+}}: !llvm.ptr, %{{.+}}: !llvm.ptr, %{{.+}}: !llvm.ptr)
// CHECK-SAME: {{^}} attributes {llvm.emit_c_interface} {
// NOLEFT-NOT: {{dlc\.|linalg\.|tensor\.|memref\.|bufferization\.}}
func.func @step(%w: tensor<3x5xf32> {dlc.param}, %x: tensor<4x5xf32>, %labels: tensor<4xi64>) -> tensor<f32> attributes {llvm.emit_c_interface} {
  %logits = dlc.linear %x, %w : (tensor<4x5xf32>, tensor<3x5xf32>) -> tensor<4x3xf32>
  %act = dlc.gelu %logits : tensor<4x3xf32>
  %loss = dlc.cross_entropy %act, %labels : (tensor<4x3xf32>, tensor<4xi64>) -> tensor<f32>
  return %loss : tensor<f32>
}
