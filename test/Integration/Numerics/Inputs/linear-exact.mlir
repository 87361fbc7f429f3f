// A linear layer, tanh and a sum: the reference of sampled-linear-all-rows.mlir.
func.func @g(%w: tensor<4x6xf32> {dlc.param}, %x: tensor<8x6xf32>, %norms: tensor<8xf32>) -> tensor<f32> {
  %y = dlc.linear %x, %w : (tensor<8x6xf32>, tensor<4x6xf32>) -> tensor<8x4xf32>
  %t = dlc.tanh %y : tensor<8x4xf32>
  %l = dlc.reduce_sum %t axes [0, 1] : (tensor<8x4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}
