// The loss of Inputs/linear-exact.mlir, its linear layer sampled at k = n:
// every row is deterministic (scale 1), so the weight gradient is exact.
func.func @f(%w: tensor<4x6xf32> {dlc.param}, %x: tensor<8x6xf32>, %norms: tensor<8xf32>) -> tensor<f32> {
  %d = dlc.stop_gradient %x : tensor<8x6xf32>
  %n = dlc.row_norms %d : (tensor<8x6xf32>) -> tensor<8xf32>
  %p = dlc.mul %n, %norms : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  %i, %s, %c = dlc.wta_crs_sample %p {seed = 7 : i64} : (tensor<8xf32>) -> (tensor<8xi64>, tensor<8xf32>, tensor<i64>)
  %kept = dlc.embedding %d, %i : (tensor<8x6xf32>, tensor<8xi64>) -> tensor<8x6xf32>
  %y = dlc.sampled_linear %x, %w sample(%kept, %i, %s) norms %norms : (tensor<8x6xf32>, tensor<4x6xf32>, tensor<8x6xf32>, tensor<8xi64>, tensor<8xf32>, tensor<8xf32>) -> tensor<8x4xf32>
  %t = dlc.tanh %y : tensor<8x4xf32>
  %l = dlc.reduce_sum %t axes [0, 1] : (tensor<8x4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}
