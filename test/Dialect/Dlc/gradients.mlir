// Round trip of the gradient ops.
// RUN: dlc-opt %s | dlc-opt | FileCheck %s
// RUN: dlc-opt %s --mlir-print-op-generic | dlc-opt | FileCheck %s

// CHECK-LABEL: func @relu_grad
func.func @relu_grad(%dy: tensor<64x1024xf32>, %x: tensor<64x1024xf32>) -> tensor<64x1024xf32> {
  // CHECK: dlc.relu_grad %{{.*}}, %{{.*}} : tensor<64x1024xf32>
  %0 = dlc.relu_grad %dy, %x : tensor<64x1024xf32>
  return %0 : tensor<64x1024xf32>
}

// CHECK-LABEL: func @cross_entropy_grad
func.func @cross_entropy_grad(%l: tensor<64x10xbf16>, %y: tensor<64xi32>, %g: tensor<bf16>) -> tensor<64x10xbf16> {
  // CHECK: dlc.cross_entropy_grad %{{.*}}, %{{.*}}, %{{.*}} : (tensor<64x10xbf16>, tensor<64xi32>, tensor<bf16>) -> tensor<64x10xbf16>
  %0 = dlc.cross_entropy_grad %l, %y, %g : (tensor<64x10xbf16>, tensor<64xi32>, tensor<bf16>) -> tensor<64x10xbf16>
  return %0 : tensor<64x10xbf16>
}
