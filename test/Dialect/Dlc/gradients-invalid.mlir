// Verifier errors of the gradient ops.
// RUN: dlc-opt %s -split-input-file -verify-diagnostics

func.func @relu_grad_shapes(%dy: tensor<4xf32>, %x: tensor<5xf32>) {
  // expected-error @+1 {{'dlc.relu_grad' op requires the same type for all operands and results}}
  %0 = "dlc.relu_grad"(%dy, %x) : (tensor<4xf32>, tensor<5xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @cross_entropy_grad_rank(%l: tensor<64xf32>, %y: tensor<64xi64>, %g: tensor<f32>) {
  // expected-error @+1 {{'logits' must have rank 2 ([N, C]), got rank 1 [64]}}
  %0 = dlc.cross_entropy_grad %l, %y, %g : (tensor<64xf32>, tensor<64xi64>, tensor<f32>) -> tensor<64xf32>
  return
}

// -----

func.func @cross_entropy_grad_batch(%l: tensor<64x10xf32>, %y: tensor<32xi64>, %g: tensor<f32>) {
  // expected-error @+1 {{'labels' [32] must hold one label per row of 'logits' [64, 10]}}
  %0 = dlc.cross_entropy_grad %l, %y, %g : (tensor<64x10xf32>, tensor<32xi64>, tensor<f32>) -> tensor<64x10xf32>
  return
}

// -----

func.func @cross_entropy_grad_types(%l: tensor<64x10xf32>, %y: tensor<64xi64>, %g: tensor<f16>) {
  // expected-error @+1 {{'grad' has element type 'f16' but 'logits' has 'f32'; operands must share one element type}}
  %0 = dlc.cross_entropy_grad %l, %y, %g : (tensor<64x10xf32>, tensor<64xi64>, tensor<f16>) -> tensor<64x10xf32>
  return
}

// -----

func.func @cross_entropy_grad_vector_grad(%l: tensor<64x10xf32>, %y: tensor<64xi64>, %g: tensor<64xf32>) {
  // expected-error @+1 {{operand #2 must be 0D tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<64xf32>'}}
  %0 = dlc.cross_entropy_grad %l, %y, %g : (tensor<64x10xf32>, tensor<64xi64>, tensor<64xf32>) -> tensor<64x10xf32>
  return
}

// -----

func.func @gelu_grad_types(%dy: tensor<4xf32>, %x: tensor<4xf16>) {
  // expected-error @+1 {{'dlc.gelu_grad' op requires the same type for all operands and results}}
  %0 = "dlc.gelu_grad"(%dy, %x) : (tensor<4xf32>, tensor<4xf16>) -> tensor<4xf32>
  return
}

// -----

func.func @slice_grad_out_of_bounds(%dy: tensor<4xf32>) {
  // expected-error @+1 {{dimension 0: the slice reaches index 10 but the input has size 10}}
  %0 = dlc.slice_grad %dy offsets [1] strides [3] : (tensor<4xf32>) -> tensor<10xf32>
  return
}

// -----

func.func @slice_grad_rank(%dy: tensor<4xf32>) {
  // expected-error @+1 {{'offsets' [0, 0] has 2 entries but the input has rank 1}}
  %0 = dlc.slice_grad %dy offsets [0, 0] strides [1, 1] : (tensor<4xf32>) -> tensor<10xf32>
  return
}

// -----

func.func @slice_grad_type(%dy: tensor<4xf32>) {
  // expected-error @+1 {{'dlc.slice_grad' op result element type 'f16' differs from the gradient's 'f32'}}
  %0 = dlc.slice_grad %dy offsets [0] strides [1] : (tensor<4xf32>) -> tensor<10xf16>
  return
}

// -----

func.func @layer_norm_grad_shape(%dy: tensor<4x8xf32>, %x: tensor<4x9xf32>, %w: tensor<9xf32>) {
  // expected-error @+1 {{'grad' [4, 8] must have the shape of 'input' [4, 9]}}
  %0:3 = dlc.layer_norm_grad %dy, %x, %w : (tensor<4x8xf32>, tensor<4x9xf32>, tensor<9xf32>) -> (tensor<4x9xf32>, tensor<9xf32>, tensor<9xf32>)
  return
}

// -----

func.func @layer_norm_grad_weight(%dy: tensor<4x8xf32>, %x: tensor<4x8xf32>, %w: tensor<4xf32>) {
  // expected-error @+1 {{'weight' shape [4] must be a non-empty suffix of the input shape [4, 8]}}
  %0:3 = dlc.layer_norm_grad %dy, %x, %w : (tensor<4x8xf32>, tensor<4x8xf32>, tensor<4xf32>) -> (tensor<4x8xf32>, tensor<4xf32>, tensor<4xf32>)
  return
}

// -----

func.func @embedding_grad_table(%de: tensor<3x4xf32>, %ids: tensor<3xi64>) {
  // expected-error @+1 {{'dlc.embedding_grad' op result must be the [V, D] table, got [40]}}
  %0 = dlc.embedding_grad %de, %ids : (tensor<3x4xf32>, tensor<3xi64>) -> tensor<40xf32>
  return
}

// -----

func.func @embedding_grad_shape(%de: tensor<3x5xf32>, %ids: tensor<3xi64>) {
  // expected-error @+1 {{'dlc.embedding_grad' op 'grad' 'tensor<3x5xf32>' must be the embedding's result for indices [3] and table 'tensor<10x4xf32>', i.e. [3, 4]}}
  %0 = dlc.embedding_grad %de, %ids : (tensor<3x5xf32>, tensor<3xi64>) -> tensor<10x4xf32>
  return
}

// -----

func.func @batch_norm_grad_shape(%dy: tensor<2x4x3x3xf32>, %x: tensor<2x4x3x2xf32>, %w: tensor<4xf32>) {
  // expected-error @+1 {{'grad' [2, 4, 3, 3] must have the shape of 'input' [2, 4, 3, 2]}}
  %0:3 = dlc.batch_norm_grad %dy, %x, %w : (tensor<2x4x3x3xf32>, tensor<2x4x3x2xf32>, tensor<4xf32>) -> (tensor<2x4x3x2xf32>, tensor<4xf32>, tensor<4xf32>)
  return
}

// -----

func.func @batch_norm_grad_channels(%dy: tensor<2x4x3x3xf32>, %x: tensor<2x4x3x3xf32>, %w: tensor<3xf32>) {
  // expected-error @+1 {{'weight' must be [4], one value per channel of input [2, 4, 3, 3], got [3]}}
  %0:3 = dlc.batch_norm_grad %dy, %x, %w : (tensor<2x4x3x3xf32>, tensor<2x4x3x3xf32>, tensor<3xf32>) -> (tensor<2x4x3x3xf32>, tensor<3xf32>, tensor<3xf32>)
  return
}

// -----

func.func @conv2d_input_grad_shape(%dy: tensor<2x4x5x9xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'dlc.conv2d_input_grad' op 'grad' has type 'tensor<2x4x5x9xf32>' but the convolution it differentiates gives 'tensor<2x4x4x9xf32>'}}
  %0 = dlc.conv2d_input_grad %dy, %w {padding = array<i64: 1, 1>, strides = array<i64: 2, 1>} : (tensor<2x4x5x9xf32>, tensor<4x3x3x3xf32>) -> tensor<2x3x7x9xf32>
  return
}

// -----

func.func @conv2d_weight_grad_channels(%dy: tensor<2x4x5x7xf32>, %x: tensor<2x3x7x9xf32>) {
  // expected-error @+1 {{'weight' [4, 2, 3, 3] must have C / groups = 3 input channels, for input [2, 3, 7, 9] and groups = 1}}
  %0 = dlc.conv2d_weight_grad %dy, %x : (tensor<2x4x5x7xf32>, tensor<2x3x7x9xf32>) -> tensor<4x2x3x3xf32>
  return
}

// -----

func.func @max_pool2d_grad_shape(%dy: tensor<2x3x4x4xf32>, %x: tensor<2x3x9x8xf32>) {
  // expected-error @+1 {{'dlc.max_pool2d_grad' op 'grad' has type 'tensor<2x3x4x4xf32>' but the pooling it differentiates gives 'tensor<2x3x5x4xf32>'}}
  %0 = dlc.max_pool2d_grad %dy, %x {kernel_size = array<i64: 3, 3>, padding = array<i64: 1, 1>, strides = array<i64: 2, 2>} : (tensor<2x3x4x4xf32>, tensor<2x3x9x8xf32>) -> tensor<2x3x9x8xf32>
  return
}

// -----

func.func @max_pool2d_grad_result(%dy: tensor<2x3x5x4xf32>, %x: tensor<2x3x9x8xf32>) {
  // expected-error @+1 {{'dlc.max_pool2d_grad' op failed to verify that all of {input, result} have same type}}
  %0 = dlc.max_pool2d_grad %dy, %x {kernel_size = array<i64: 3, 3>, padding = array<i64: 1, 1>, strides = array<i64: 2, 2>} : (tensor<2x3x5x4xf32>, tensor<2x3x9x8xf32>) -> tensor<2x3x9x8xf16>
  return
}

// -----

func.func @avg_pool2d_grad_shape(%dy: tensor<2x3x5x5xf32>) {
  // expected-error @+1 {{'dlc.avg_pool2d_grad' op 'grad' has type 'tensor<2x3x5x5xf32>' but the pooling it differentiates gives 'tensor<2x3x5x4xf32>'}}
  %0 = dlc.avg_pool2d_grad %dy {kernel_size = array<i64: 3, 3>, padding = array<i64: 1, 1>, strides = array<i64: 2, 2>} : (tensor<2x3x5x5xf32>) -> tensor<2x3x9x8xf32>
  return
}

// -----

func.func @avg_pool2d_grad_window(%dy: tensor<2x3x5x5xf32>) {
  // expected-error @+1 {{'padding' [2, 1] must be at most half of 'kernel_size' [3, 3]}}
  %0 = dlc.avg_pool2d_grad %dy {kernel_size = array<i64: 3, 3>, padding = array<i64: 2, 1>, strides = array<i64: 2, 2>} : (tensor<2x3x5x5xf32>) -> tensor<2x3x9x8xf32>
  return
}

// -----

// The gradients refuse the empty tensors their forward ops refuse.

func.func @cross_entropy_grad_no_classes(%l: tensor<4x0xf32>, %y: tensor<4xi64>, %g: tensor<f32>) {
  // expected-error @+1 {{'logits' [4, 0] has no classes (C = 0), so no label can lie in [0, C)}}
  %0 = dlc.cross_entropy_grad %l, %y, %g : (tensor<4x0xf32>, tensor<4xi64>, tensor<f32>) -> tensor<4x0xf32>
  return
}

// -----

func.func @cross_entropy_grad_no_rows(%l: tensor<0x10xf32>, %y: tensor<0xi64>, %g: tensor<f32>) {
  // expected-error @+1 {{'logits' [0, 10] has an empty batch (N = 0)}}
  %0 = dlc.cross_entropy_grad %l, %y, %g : (tensor<0x10xf32>, tensor<0xi64>, tensor<f32>) -> tensor<0x10xf32>
  return
}

// -----

func.func @embedding_grad_empty_table(%de: tensor<3x4xf32>, %ids: tensor<3xi64>) {
  // expected-error @+1 {{'table' [0, 4] has no rows (V = 0), so none of the indices [3] can lie in [0, V)}}
  %0 = dlc.embedding_grad %de, %ids : (tensor<3x4xf32>, tensor<3xi64>) -> tensor<0x4xf32>
  return
}

// -----

// Valid: no index, so nothing to scatter into the empty table.
func.func @embedding_grad_nothing(%de: tensor<0x4xf32>, %ids: tensor<0xi64>) -> tensor<0x4xf32> {
  %0 = dlc.embedding_grad %de, %ids : (tensor<0x4xf32>, tensor<0xi64>) -> tensor<0x4xf32>
  return %0 : tensor<0x4xf32>
}
