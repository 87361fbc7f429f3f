// A parameter that reaches the loss through an op without a vector-Jacobian
// product is an error at that op naming the parameter, never a gradient that
// silently leaves the path out (it was a constant zero for the first case).
// RUN: dlc-opt %s --dlc-autodiff -split-input-file -verify-diagnostics

// The reproducer: the parameter is used only inside a region, which no
// operand of the region's op shows.
// expected-note @+1 {{argument #0 of @region is here}}
func.func @region(%w: tensor<4xf32> {dlc.param}, %t: tensor<4xf32>) -> tensor<f32> {
  // expected-error @+1 {{--dlc-autodiff cannot differentiate through 'scf.execute_region': the 'dlc.param' argument #0 of @region reaches the loss through it; the graph contract allows one block of dlc ops, without regions}}
  %r = scf.execute_region -> tensor<4xf32> {
    %x = dlc.tanh %w : tensor<4xf32>
    scf.yield %x : tensor<4xf32>
  }
  %l = dlc.mse_loss %r, %t : (tensor<4xf32>, tensor<4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// The parameter named is the first that reaches the op, here through both
// the condition's producer and the branches.
// expected-note @+1 {{argument #1 of @branch is here}}
func.func @branch(%x: tensor<4xf32>, %w: tensor<4xf32> {dlc.param}, %v: tensor<4xf32> {dlc.param}, %c: i1) -> tensor<f32> {
  // expected-error @+1 {{--dlc-autodiff cannot differentiate through 'scf.if': the 'dlc.param' argument #1 of @branch reaches the loss through it; the graph contract allows one block of dlc ops, without regions}}
  %r = scf.if %c -> tensor<4xf32> {
    scf.yield %v : tensor<4xf32>
  } else {
    %y = dlc.mul %w, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    scf.yield %y : tensor<4xf32>
  }
  %l = dlc.mse_loss %r, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// An op of another dialect is not differentiated as if it were constant.
// expected-note @+1 {{argument #0 of @arith is here}}
func.func @arith(%w: tensor<4xf32> {dlc.param}, %t: tensor<4xf32>) -> tensor<f32> {
  // expected-error @+1 {{--dlc-autodiff cannot differentiate through 'arith.addf': the 'dlc.param' argument #0 of @arith reaches the loss through it; 'arith.addf' has no vector-Jacobian product}}
  %y = arith.addf %w, %w : tensor<4xf32>
  %z = dlc.relu %y : tensor<4xf32>
  %l = dlc.mse_loss %z, %t : (tensor<4xf32>, tensor<4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// A path through values that are not floating-point tensors (here an f32
// scalar) counts too. The first op of the path in schedule order is named.
// expected-note @+1 {{argument #0 of @scalar is here}}
func.func @scalar(%w: tensor<4xf32> {dlc.param}, %t: tensor<4xf32>) -> tensor<f32> {
  %c = arith.constant 1 : index
  // expected-error @+1 {{--dlc-autodiff cannot differentiate through 'tensor.extract': the 'dlc.param' argument #0 of @scalar reaches the loss through it; 'tensor.extract' has no vector-Jacobian product}}
  %e = tensor.extract %w[%c] : tensor<4xf32>
  %s = tensor.from_elements %e, %e, %e, %e : tensor<4xf32>
  %l = dlc.mse_loss %s, %t : (tensor<4xf32>, tensor<4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Ids computed from a parameter reach the loss through embedding's ids,
// which have no gradient; the op that made them is named.
// expected-note @+1 {{argument #1 of @ids is here}}
func.func @ids(%table: tensor<10x4xf32> {dlc.param}, %w: tensor<3xf32> {dlc.param}, %t: tensor<3x4xf32>) -> tensor<f32> {
  // expected-error @+1 {{--dlc-autodiff cannot differentiate through 'arith.fptosi': the 'dlc.param' argument #1 of @ids reaches the loss through it; 'arith.fptosi' has no vector-Jacobian product}}
  %ids = arith.fptosi %w : tensor<3xf32> to tensor<3xi64>
  %e = dlc.embedding %table, %ids : (tensor<10x4xf32>, tensor<3xi64>) -> tensor<3x4xf32>
  %l = dlc.mse_loss %e, %t : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// A call is no way around it.
func.func private @g(tensor<4xf32>) -> tensor<4xf32>

// expected-note @+1 {{argument #0 of @call is here}}
func.func @call(%w: tensor<4xf32> {dlc.param}, %t: tensor<4xf32>) -> tensor<f32> {
  // expected-error @+1 {{--dlc-autodiff cannot differentiate through 'func.call': the 'dlc.param' argument #0 of @call reaches the loss through it; 'func.call' has no vector-Jacobian product}}
  %y = func.call @g(%w) : (tensor<4xf32>) -> tensor<4xf32>
  %l = dlc.mse_loss %y, %t : (tensor<4xf32>, tensor<4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Gradient ops have no VJP of their own (no double backward).
// expected-note @+1 {{argument #0 of @twice is here}}
func.func @twice(%w: tensor<4xf32> {dlc.param}, %x: tensor<4xf32>, %t: tensor<4xf32>) -> tensor<f32> {
  // expected-error @+1 {{--dlc-autodiff cannot differentiate through 'dlc.relu_grad': the 'dlc.param' argument #0 of @twice reaches the loss through it; 'dlc.relu_grad' has no vector-Jacobian product}}
  %g = dlc.relu_grad %w, %x : tensor<4xf32>
  %l = dlc.mse_loss %g, %t : (tensor<4xf32>, tensor<4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}
