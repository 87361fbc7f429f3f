// A small step for the option tests: tanh of a parameter, its MSE loss.
func.func @f(%w: tensor<4xf32> {dlc.param}, %t: tensor<4xf32>) -> tensor<f32> {
  %x = dlc.tanh %w : tensor<4xf32>
  %l = dlc.mse_loss %x, %t : (tensor<4xf32>, tensor<4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}
