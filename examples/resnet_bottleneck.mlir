// A ResNet-50 stage of three bottleneck blocks on a 56x56x256 feature map,
// batch 32, with training-mode batch norm, followed by global average pooling
// and a 1000-way classifier with cross-entropy loss. Each block's output is
// marked {dlc.checkpoint}: per-layer checkpointing with
// --dlc-remat=solver=checkpoints keeps those and recomputes the rest.
//
// Parameters carry {dlc.param}; the other arguments are the step's inputs.
// Returns the mean loss over the batch.
func.func @resnet_bottleneck(
    %b0_conv1_w: tensor<64x256x1x1xf32> {dlc.param},
    %b0_bn1_g: tensor<64xf32> {dlc.param},
    %b0_bn1_b: tensor<64xf32> {dlc.param},
    %b0_conv2_w: tensor<64x64x3x3xf32> {dlc.param},
    %b0_bn2_g: tensor<64xf32> {dlc.param},
    %b0_bn2_b: tensor<64xf32> {dlc.param},
    %b0_conv3_w: tensor<256x64x1x1xf32> {dlc.param},
    %b0_bn3_g: tensor<256xf32> {dlc.param},
    %b0_bn3_b: tensor<256xf32> {dlc.param},
    %b1_conv1_w: tensor<64x256x1x1xf32> {dlc.param},
    %b1_bn1_g: tensor<64xf32> {dlc.param},
    %b1_bn1_b: tensor<64xf32> {dlc.param},
    %b1_conv2_w: tensor<64x64x3x3xf32> {dlc.param},
    %b1_bn2_g: tensor<64xf32> {dlc.param},
    %b1_bn2_b: tensor<64xf32> {dlc.param},
    %b1_conv3_w: tensor<256x64x1x1xf32> {dlc.param},
    %b1_bn3_g: tensor<256xf32> {dlc.param},
    %b1_bn3_b: tensor<256xf32> {dlc.param},
    %b2_conv1_w: tensor<64x256x1x1xf32> {dlc.param},
    %b2_bn1_g: tensor<64xf32> {dlc.param},
    %b2_bn1_b: tensor<64xf32> {dlc.param},
    %b2_conv2_w: tensor<64x64x3x3xf32> {dlc.param},
    %b2_bn2_g: tensor<64xf32> {dlc.param},
    %b2_bn2_b: tensor<64xf32> {dlc.param},
    %b2_conv3_w: tensor<256x64x1x1xf32> {dlc.param},
    %b2_bn3_g: tensor<256xf32> {dlc.param},
    %b2_bn3_b: tensor<256xf32> {dlc.param},
    %fc_w: tensor<1000x256xf32> {dlc.param},
    %fc_b: tensor<1000xf32> {dlc.param},
    %x: tensor<32x256x56x56xf32>,
    %labels: tensor<32xi64>) -> tensor<f32> {
  // Bottleneck block 0: 1x1 256->64, 3x3 64->64, 1x1 64->256, identity shortcut.
  %b0_conv1 = dlc.conv2d %x, %b0_conv1_w : (tensor<32x256x56x56xf32>, tensor<64x256x1x1xf32>) -> tensor<32x64x56x56xf32>
  %b0_bn1, %b0_bn1_mean, %b0_bn1_var = dlc.batch_norm %b0_conv1, %b0_bn1_g, %b0_bn1_b : (tensor<32x64x56x56xf32>, tensor<64xf32>, tensor<64xf32>) -> (tensor<32x64x56x56xf32>, tensor<64xf32>, tensor<64xf32>)
  %b0_relu1 = dlc.relu %b0_bn1 : tensor<32x64x56x56xf32>
  %b0_conv2 = dlc.conv2d %b0_relu1, %b0_conv2_w {padding = array<i64: 1, 1>} : (tensor<32x64x56x56xf32>, tensor<64x64x3x3xf32>) -> tensor<32x64x56x56xf32>
  %b0_bn2, %b0_bn2_mean, %b0_bn2_var = dlc.batch_norm %b0_conv2, %b0_bn2_g, %b0_bn2_b : (tensor<32x64x56x56xf32>, tensor<64xf32>, tensor<64xf32>) -> (tensor<32x64x56x56xf32>, tensor<64xf32>, tensor<64xf32>)
  %b0_relu2 = dlc.relu %b0_bn2 : tensor<32x64x56x56xf32>
  %b0_conv3 = dlc.conv2d %b0_relu2, %b0_conv3_w : (tensor<32x64x56x56xf32>, tensor<256x64x1x1xf32>) -> tensor<32x256x56x56xf32>
  %b0_bn3, %b0_bn3_mean, %b0_bn3_var = dlc.batch_norm %b0_conv3, %b0_bn3_g, %b0_bn3_b : (tensor<32x256x56x56xf32>, tensor<256xf32>, tensor<256xf32>) -> (tensor<32x256x56x56xf32>, tensor<256xf32>, tensor<256xf32>)
  %b0_sum = dlc.add %b0_bn3, %x : (tensor<32x256x56x56xf32>, tensor<32x256x56x56xf32>) -> tensor<32x256x56x56xf32>
  %b0_out = dlc.relu %b0_sum {dlc.checkpoint} : tensor<32x256x56x56xf32>
  // Bottleneck block 1: 1x1 256->64, 3x3 64->64, 1x1 64->256, identity shortcut.
  %b1_conv1 = dlc.conv2d %b0_out, %b1_conv1_w : (tensor<32x256x56x56xf32>, tensor<64x256x1x1xf32>) -> tensor<32x64x56x56xf32>
  %b1_bn1, %b1_bn1_mean, %b1_bn1_var = dlc.batch_norm %b1_conv1, %b1_bn1_g, %b1_bn1_b : (tensor<32x64x56x56xf32>, tensor<64xf32>, tensor<64xf32>) -> (tensor<32x64x56x56xf32>, tensor<64xf32>, tensor<64xf32>)
  %b1_relu1 = dlc.relu %b1_bn1 : tensor<32x64x56x56xf32>
  %b1_conv2 = dlc.conv2d %b1_relu1, %b1_conv2_w {padding = array<i64: 1, 1>} : (tensor<32x64x56x56xf32>, tensor<64x64x3x3xf32>) -> tensor<32x64x56x56xf32>
  %b1_bn2, %b1_bn2_mean, %b1_bn2_var = dlc.batch_norm %b1_conv2, %b1_bn2_g, %b1_bn2_b : (tensor<32x64x56x56xf32>, tensor<64xf32>, tensor<64xf32>) -> (tensor<32x64x56x56xf32>, tensor<64xf32>, tensor<64xf32>)
  %b1_relu2 = dlc.relu %b1_bn2 : tensor<32x64x56x56xf32>
  %b1_conv3 = dlc.conv2d %b1_relu2, %b1_conv3_w : (tensor<32x64x56x56xf32>, tensor<256x64x1x1xf32>) -> tensor<32x256x56x56xf32>
  %b1_bn3, %b1_bn3_mean, %b1_bn3_var = dlc.batch_norm %b1_conv3, %b1_bn3_g, %b1_bn3_b : (tensor<32x256x56x56xf32>, tensor<256xf32>, tensor<256xf32>) -> (tensor<32x256x56x56xf32>, tensor<256xf32>, tensor<256xf32>)
  %b1_sum = dlc.add %b1_bn3, %b0_out : (tensor<32x256x56x56xf32>, tensor<32x256x56x56xf32>) -> tensor<32x256x56x56xf32>
  %b1_out = dlc.relu %b1_sum {dlc.checkpoint} : tensor<32x256x56x56xf32>
  // Bottleneck block 2: 1x1 256->64, 3x3 64->64, 1x1 64->256, identity shortcut.
  %b2_conv1 = dlc.conv2d %b1_out, %b2_conv1_w : (tensor<32x256x56x56xf32>, tensor<64x256x1x1xf32>) -> tensor<32x64x56x56xf32>
  %b2_bn1, %b2_bn1_mean, %b2_bn1_var = dlc.batch_norm %b2_conv1, %b2_bn1_g, %b2_bn1_b : (tensor<32x64x56x56xf32>, tensor<64xf32>, tensor<64xf32>) -> (tensor<32x64x56x56xf32>, tensor<64xf32>, tensor<64xf32>)
  %b2_relu1 = dlc.relu %b2_bn1 : tensor<32x64x56x56xf32>
  %b2_conv2 = dlc.conv2d %b2_relu1, %b2_conv2_w {padding = array<i64: 1, 1>} : (tensor<32x64x56x56xf32>, tensor<64x64x3x3xf32>) -> tensor<32x64x56x56xf32>
  %b2_bn2, %b2_bn2_mean, %b2_bn2_var = dlc.batch_norm %b2_conv2, %b2_bn2_g, %b2_bn2_b : (tensor<32x64x56x56xf32>, tensor<64xf32>, tensor<64xf32>) -> (tensor<32x64x56x56xf32>, tensor<64xf32>, tensor<64xf32>)
  %b2_relu2 = dlc.relu %b2_bn2 : tensor<32x64x56x56xf32>
  %b2_conv3 = dlc.conv2d %b2_relu2, %b2_conv3_w : (tensor<32x64x56x56xf32>, tensor<256x64x1x1xf32>) -> tensor<32x256x56x56xf32>
  %b2_bn3, %b2_bn3_mean, %b2_bn3_var = dlc.batch_norm %b2_conv3, %b2_bn3_g, %b2_bn3_b : (tensor<32x256x56x56xf32>, tensor<256xf32>, tensor<256xf32>) -> (tensor<32x256x56x56xf32>, tensor<256xf32>, tensor<256xf32>)
  %b2_sum = dlc.add %b2_bn3, %b1_out : (tensor<32x256x56x56xf32>, tensor<32x256x56x56xf32>) -> tensor<32x256x56x56xf32>
  %b2_out = dlc.relu %b2_sum {dlc.checkpoint} : tensor<32x256x56x56xf32>
  // Classifier head.
  %pool = dlc.global_avg_pool2d %b2_out : (tensor<32x256x56x56xf32>) -> tensor<32x256xf32>
  %logits = dlc.linear %pool, %fc_w, %fc_b : (tensor<32x256xf32>, tensor<1000x256xf32>, tensor<1000xf32>) -> tensor<32x1000xf32>
  %loss = dlc.cross_entropy %logits, %labels : (tensor<32x1000xf32>, tensor<32xi64>) -> tensor<f32>
  return %loss : tensor<f32>
}
