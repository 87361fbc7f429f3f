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
