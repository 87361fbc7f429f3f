// A valid function, then (after a split marker) one that fails to verify.
func.func @good(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = dlc.relu %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @bad(%x: tensor<64x784xf32>, %w: tensor<1024x512xf32>) -> tensor<64x1024xf32> {
  %0 = dlc.linear %x, %w : (tensor<64x784xf32>, tensor<1024x512xf32>) -> tensor<64x1024xf32>
  return %0 : tensor<64x1024xf32>
}
