// MLP classifier training objective: 784-1024-1024-10 with ReLU, batch 64,
// softmax cross-entropy over 10 classes (MNIST-sized).
//
// Parameters carry {dlc.param}; the other arguments are the step's inputs.
// Returns the mean loss over the batch.
func.func @mlp(
    %w1: tensor<1024x784xf32> {dlc.param},
    %b1: tensor<1024xf32> {dlc.param},
    %w2: tensor<1024x1024xf32> {dlc.param},
    %b2: tensor<1024xf32> {dlc.param},
    %w3: tensor<10x1024xf32> {dlc.param},
    %b3: tensor<10xf32> {dlc.param},
    %x: tensor<64x784xf32>,
    %labels: tensor<64xi64>) -> tensor<f32> {
  %fc1 = dlc.linear %x, %w1, %b1 : (tensor<64x784xf32>, tensor<1024x784xf32>, tensor<1024xf32>) -> tensor<64x1024xf32>
  %relu1 = dlc.relu %fc1 : tensor<64x1024xf32>
  %fc2 = dlc.linear %relu1, %w2, %b2 : (tensor<64x1024xf32>, tensor<1024x1024xf32>, tensor<1024xf32>) -> tensor<64x1024xf32>
  %relu2 = dlc.relu %fc2 : tensor<64x1024xf32>
  %fc3 = dlc.linear %relu2, %w3, %b3 : (tensor<64x1024xf32>, tensor<10x1024xf32>, tensor<10xf32>) -> tensor<64x10xf32>
  %loss = dlc.cross_entropy %fc3, %labels : (tensor<64x10xf32>, tensor<64xi64>) -> tensor<f32>
  return %loss : tensor<f32>
}
