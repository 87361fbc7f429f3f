// Verifier errors of the reductions and losses.
// RUN: dlc-opt %s -split-input-file -verify-diagnostics

func.func @reduce_no_axes(%x: tensor<4x5xf32>) {
  // expected-error @+1 {{'axes' must name at least one axis}}
  %0 = dlc.reduce_sum %x axes [] : (tensor<4x5xf32>) -> tensor<4x5xf32>
  return
}

// -----

func.func @reduce_unsorted(%x: tensor<4x5x6xf32>) {
  // expected-error @+1 {{'axes' [2, 0] must be strictly increasing and within [0, 3)}}
  %0 = dlc.reduce_mean %x axes [2, 0] : (tensor<4x5x6xf32>) -> tensor<5xf32>
  return
}

// -----

func.func @reduce_repeated(%x: tensor<4x5x6xf32>) {
  // expected-error @+1 {{'axes' [1, 1] must be strictly increasing and within [0, 3)}}
  %0 = dlc.reduce_sum %x axes [1, 1] : (tensor<4x5x6xf32>) -> tensor<4x6xf32>
  return
}

// -----

func.func @reduce_out_of_range(%x: tensor<4x5xf32>) {
  // expected-error @+1 {{'axes' [2] must be strictly increasing and within [0, 2)}}
  %0 = dlc.reduce_sum %x axes [2] : (tensor<4x5xf32>) -> tensor<4x5xf32>
  return
}

// -----

func.func @reduce_keep_dims_result(%x: tensor<4x5xf32>) {
  // expected-error @+1 {{'dlc.reduce_sum' op result has type 'tensor<4xf32>' but the operands give 'tensor<4x1xf32>'}}
  %0 = dlc.reduce_sum %x axes [1] {keep_dims} : (tensor<4x5xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @cross_entropy_logits_rank(%l: tensor<64xf32>, %y: tensor<64xi64>) {
  // expected-error @+1 {{'logits' must have rank 2 ([N, C]), got rank 1 [64]}}
  %0 = dlc.cross_entropy %l, %y : (tensor<64xf32>, tensor<64xi64>) -> tensor<f32>
  return
}

// -----

func.func @cross_entropy_labels_rank(%l: tensor<64x10xf32>, %y: tensor<64x1xi64>) {
  // expected-error @+1 {{'labels' must have rank 1 ([N]), got rank 2 [64, 1]}}
  %0 = dlc.cross_entropy %l, %y : (tensor<64x10xf32>, tensor<64x1xi64>) -> tensor<f32>
  return
}

// -----

func.func @cross_entropy_batch(%l: tensor<64x10xf32>, %y: tensor<32xi64>) {
  // expected-error @+1 {{'labels' [32] must hold one label per row of 'logits' [64, 10]}}
  %0 = dlc.cross_entropy %l, %y : (tensor<64x10xf32>, tensor<32xi64>) -> tensor<f32>
  return
}

// -----

func.func @cross_entropy_float_labels(%l: tensor<64x10xf32>, %y: tensor<64xf32>) {
  // expected-error @+1 {{operand #1 must be statically shaped tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<64xf32>'}}
  %0 = dlc.cross_entropy %l, %y : (tensor<64x10xf32>, tensor<64xf32>) -> tensor<f32>
  return
}

// -----

func.func @cross_entropy_vector_result(%l: tensor<64x10xf32>, %y: tensor<64xi64>) {
  // expected-error @+1 {{result #0 must be 0D tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<64xf32>'}}
  %0 = dlc.cross_entropy %l, %y : (tensor<64x10xf32>, tensor<64xi64>) -> tensor<64xf32>
  return
}

// -----

func.func @mse_shapes(%a: tensor<4x5xf32>, %b: tensor<5xf32>) {
  // expected-error @+1 {{'input' 'tensor<4x5xf32>' and 'target' 'tensor<5xf32>' must have the same type}}
  %0 = dlc.mse_loss %a, %b : (tensor<4x5xf32>, tensor<5xf32>) -> tensor<f32>
  return
}

// -----

func.func @mse_result_type(%a: tensor<4x5xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+1 {{'dlc.mse_loss' op result has type 'tensor<f16>' but the operands give 'tensor<f32>'}}
  %0 = dlc.mse_loss %a, %b : (tensor<4x5xf32>, tensor<4x5xf32>) -> tensor<f16>
  return
}

// -----

// Empty tensors: a mean over no elements has no value (PyTorch gives NaN);
// a sum over them is 0, and an empty result computes nothing.

func.func @reduce_mean_empty_axis(%x: tensor<4x0xf32>) {
  // expected-error @+1 {{'axes' [1] of 'input' [4, 0] hold no elements: each element of the result [4] would be a mean of 0 elements, which is undefined; reduce only non-empty axes (reduce_sum over an empty axis gives 0)}}
  %0 = dlc.reduce_mean %x axes [1] : (tensor<4x0xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @reduce_mean_empty_axis_keep_dims(%x: tensor<3x0x5xf32>) {
  // expected-error @+1 {{'axes' [0, 1] of 'input' [3, 0, 5] hold no elements: each element of the result [1, 1, 5] would be a mean of 0 elements}}
  %0 = dlc.reduce_mean %x axes [0, 1] {keep_dims} : (tensor<3x0x5xf32>) -> tensor<1x1x5xf32>
  return
}

// -----

func.func @reduce_mean_all_of_empty(%x: tensor<0xf32>) {
  // expected-error @+1 {{'axes' [0] of 'input' [0] hold no elements: each element of the result [] would be a mean of 0 elements}}
  %0 = dlc.reduce_mean %x axes [0] : (tensor<0xf32>) -> tensor<f32>
  return
}

// -----

// Valid: sums over empty axes, and a mean whose result is empty too.
func.func @empty_reductions_with_a_value(%x: tensor<4x0xf32>, %y: tensor<0x3xf32>) -> (tensor<4xf32>, tensor<0xf32>) {
  %0 = dlc.reduce_sum %x axes [1] : (tensor<4x0xf32>) -> tensor<4xf32>
  %1 = dlc.reduce_mean %y axes [1] : (tensor<0x3xf32>) -> tensor<0xf32>
  return %0, %1 : tensor<4xf32>, tensor<0xf32>
}

// -----

// Reproducer c04-zero-classes.mlir: dlc-run drew labels for 0 classes and
// the compiled code read outside the logits.
func.func @cross_entropy_no_classes(%l: tensor<4x0xf32>, %y: tensor<4xi64>) {
  // expected-error @+1 {{'logits' [4, 0] has no classes (C = 0), so no label can lie in [0, C); cross_entropy needs at least one class}}
  %0 = dlc.cross_entropy %l, %y : (tensor<4x0xf32>, tensor<4xi64>) -> tensor<f32>
  return
}

// -----

func.func @cross_entropy_no_rows(%l: tensor<0x10xf32>, %y: tensor<0xi64>) {
  // expected-error @+1 {{'logits' [0, 10] has an empty batch (N = 0), whose mean loss is undefined; cross_entropy needs at least one row}}
  %0 = dlc.cross_entropy %l, %y : (tensor<0x10xf32>, tensor<0xi64>) -> tensor<f32>
  return
}

// -----

func.func @cross_entropy_nothing(%l: tensor<0x0xf32>, %y: tensor<0xi32>) {
  // expected-error @+1 {{'logits' [0, 0] has no classes (C = 0)}}
  %0 = dlc.cross_entropy %l, %y : (tensor<0x0xf32>, tensor<0xi32>) -> tensor<f32>
  return
}

// -----

func.func @mse_empty(%a: tensor<0x5xf32>, %b: tensor<0x5xf32>) {
  // expected-error @+1 {{'input' [0, 5] has no elements, and the mean squared error of 0 elements is undefined; mse_loss needs at least one element}}
  %0 = dlc.mse_loss %a, %b : (tensor<0x5xf32>, tensor<0x5xf32>) -> tensor<f32>
  return
}

// -----

// Valid: one class is enough (every label is 0).
func.func @cross_entropy_one_class(%l: tensor<4x1xf32>, %y: tensor<4xi64>) -> tensor<f32> {
  %0 = dlc.cross_entropy %l, %y : (tensor<4x1xf32>, tensor<4xi64>) -> tensor<f32>
  return %0 : tensor<f32>
}
