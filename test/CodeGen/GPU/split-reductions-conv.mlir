// RUN: dlc-opt %s --dlc-to-linalg --dlc-gpu-split-reductions | FileCheck %s

// A 3x3 convolution's weight gradient: 36864 sums over (n, oh, ow) =
// 32 x 56 x 56, whose windowed input read cannot be collapsed. Keeping only
// oh sequential would need 36864 x 32 x 56 partial sums; so only the
// outermost reduction loop (n) becomes parallel: 32 partial sums per
// weight, each over (oh, ow), a batch that the tiled product kernel runs on
// the grid's z axis; then their combination into the f64 accumulator.
// CHECK-LABEL: func @weight_grad
// CHECK: %[[ACC:.+]] = linalg.generic {{.+}} outs(%{{.+}} : tensor<1x64x64x3x3xf64>)
// CHECK: %[[PART:.+]] = linalg.generic {{.+}} iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%{{.+}}, %{{.+}} : tensor<32x1x64x56x56xf32>, tensor<32x1x64x58x58xf32>) outs(%{{.+}} : tensor<1x64x64x3x3x32xf64>)
// CHECK: linalg.generic {{.+}} iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%[[PART]] : tensor<1x64x64x3x3x32xf64>) outs(%[[ACC]] : tensor<1x64x64x3x3xf64>)
// CHECK: arith.truncf
func.func @weight_grad(%dy: tensor<32x64x56x56xf32>, %x: tensor<32x64x56x56xf32>) -> tensor<64x64x3x3xf32> {
  %0 = dlc.conv2d_weight_grad %dy, %x {padding = array<i64: 1, 1>} : (tensor<32x64x56x56xf32>, tensor<32x64x56x56xf32>) -> tensor<64x64x3x3xf32>
  return %0 : tensor<64x64x3x3xf32>
}
