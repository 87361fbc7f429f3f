// The graph contract (verifyGraphContract, DlcGraphContract.h): one block,
// no op with regions, no calls, `dlc.param` on arguments only, ranked and
// statically shaped tensors whose byte sizes fit in int64. --dlc-autodiff
// checks it on every function it differentiates.
// RUN: dlc-opt %s --dlc-autodiff -split-input-file -verify-diagnostics | FileCheck %s

// expected-error @+1 {{@blocks has 2 blocks; the dlc graph contract allows one: a step is one block, whose op order is its schedule}}
func.func @blocks(%w: tensor<4xf32> {dlc.param}, %t: tensor<4xf32>) -> tensor<f32> {
  cf.br ^next
^next:
  %l = dlc.mse_loss %w, %t : (tensor<4xf32>, tensor<4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Regions are refused even where no parameter flows.
func.func @region(%w: tensor<4xf32> {dlc.param}, %t: tensor<4xf32>) -> tensor<f32> {
  // expected-error @+1 {{'scf.execute_region' has regions; the dlc graph contract allows no ops with regions (no control flow) but 'dlc.coupling': a step is one block, whose op order is its schedule}}
  %u = scf.execute_region -> tensor<4xf32> {
    %r = dlc.relu %t : tensor<4xf32>
    scf.yield %r : tensor<4xf32>
  }
  %l = dlc.mse_loss %w, %u : (tensor<4xf32>, tensor<4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

func.func private @prepare(tensor<4xf32>) -> tensor<4xf32>

func.func @call(%w: tensor<4xf32> {dlc.param}, %t: tensor<4xf32>) -> tensor<f32> {
  // expected-error @+1 {{'func.call' calls @prepare; the dlc graph contract allows no calls: a step is one function of one block}}
  %u = func.call @prepare(%t) : (tensor<4xf32>) -> tensor<4xf32>
  %l = dlc.mse_loss %w, %u : (tensor<4xf32>, tensor<4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

func.func private @prepare(tensor<4xf32>) -> tensor<4xf32>

func.func @indirect(%w: tensor<4xf32> {dlc.param}, %t: tensor<4xf32>) -> tensor<f32> {
  %f = func.constant @prepare : (tensor<4xf32>) -> tensor<4xf32>
  // expected-error @+1 {{'func.call_indirect' is a call; the dlc graph contract allows no calls: a step is one function of one block}}
  %u = func.call_indirect %f(%t) : (tensor<4xf32>) -> tensor<4xf32>
  %l = dlc.mse_loss %w, %u : (tensor<4xf32>, tensor<4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// A recursive call is refused even when nothing reads it (running it would
// never end).
func.func @recursive(%w: tensor<4xf32> {dlc.param}, %t: tensor<4xf32>) -> tensor<f32> {
  // expected-error @+1 {{'func.call' calls @recursive; the dlc graph contract allows no calls: a step is one function of one block}}
  %again = func.call @recursive(%w, %t) : (tensor<4xf32>, tensor<4xf32>) -> tensor<f32>
  %l = dlc.mse_loss %w, %t : (tensor<4xf32>, tensor<4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// expected-error @+1 {{'dlc.param' on result #0 of @param_result; it marks parameters, which are function arguments}}
func.func @param_result(%w: tensor<4xf32> {dlc.param}, %t: tensor<4xf32>) -> (tensor<f32> {dlc.param}) {
  %l = dlc.mse_loss %w, %t : (tensor<4xf32>, tensor<4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// expected-error @+1 {{argument #1 of @dynamic has type 'tensor<?x4xf32>'; the dlc graph contract needs ranked, statically shaped tensors of integer or floating-point elements}}
func.func @dynamic(%w: tensor<4xf32> {dlc.param}, %x: tensor<?x4xf32>, %t: tensor<4xf32>) -> tensor<f32> {
  %l = dlc.mse_loss %w, %t : (tensor<4xf32>, tensor<4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// expected-error @+1 {{argument #1 of @unranked has type 'tensor<*xf32>'; the dlc graph contract needs ranked, statically shaped tensors of integer or floating-point elements}}
func.func @unranked(%w: tensor<4xf32> {dlc.param}, %x: tensor<*xf32>, %t: tensor<4xf32>) -> tensor<f32> {
  %l = dlc.mse_loss %w, %t : (tensor<4xf32>, tensor<4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// expected-error @+1 {{argument #1 of @scalar has type 'f32'; the dlc graph contract needs ranked, statically shaped tensors of integer or floating-point elements}}
func.func @scalar(%w: tensor<4xf32> {dlc.param}, %s: f32, %t: tensor<4xf32>) -> tensor<f32> {
  %l = dlc.mse_loss %w, %t : (tensor<4xf32>, tensor<4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// expected-error @+1 {{argument #1 of @index_elements has type 'tensor<4xindex>'; the dlc graph contract needs ranked, statically shaped tensors of integer or floating-point elements}}
func.func @index_elements(%w: tensor<4xf32> {dlc.param}, %i: tensor<4xindex>, %t: tensor<4xf32>) -> tensor<f32> {
  %l = dlc.mse_loss %w, %t : (tensor<4xf32>, tensor<4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// The dialect lets a bufferized step mark a memref as a parameter; a graph
// on tensors has none.
// expected-error @+1 {{argument #0 of @memref_param has type 'memref<4xf32>'; the dlc graph contract needs ranked, statically shaped tensors of integer or floating-point elements}}
func.func @memref_param(%m: memref<4xf32> {dlc.param}, %w: tensor<4xf32> {dlc.param}, %t: tensor<4xf32>) -> tensor<f32> {
  %l = dlc.mse_loss %w, %t : (tensor<4xf32>, tensor<4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

func.func @dynamic_result(%w: tensor<4xf32> {dlc.param}, %t: tensor<4xf32>) -> tensor<f32> {
  // expected-error @+1 {{result #0 of 'tensor.cast' has type 'tensor<?xf32>'; the dlc graph contract needs ranked, statically shaped tensors of integer or floating-point elements}}
  %d = tensor.cast %t : tensor<4xf32> to tensor<?xf32>
  %l = dlc.mse_loss %w, %t : (tensor<4xf32>, tensor<4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// 2^62 elements fit in int64, their 2^64 bytes do not.
// expected-error @+1 {{argument #0 of @bytes_overflow has type 'tensor<4611686018427387904xf32>': 4611686018427387904 elements of 4 bytes, 2^64 bytes in all, more than the 2^63 - 1 bytes (8 EiB) that a tensor's size may be}}
func.func @bytes_overflow(%w: tensor<4611686018427387904xf32> {dlc.param}, %t: tensor<4611686018427387904xf32>) -> tensor<f32> {
  %l = dlc.mse_loss %w, %t : (tensor<4611686018427387904xf32>, tensor<4611686018427387904xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// expected-error @+1 {{argument #1 of @elements_overflow has type 'tensor<1099511627776x1099511627776xf32>': 2^80 elements of 4 bytes, 2^82 bytes in all, more than the 2^63 - 1 bytes (8 EiB) that a tensor's size may be}}
func.func @elements_overflow(%w: tensor<4xf32> {dlc.param}, %x: tensor<1099511627776x1099511627776xf32>, %t: tensor<4xf32>) -> tensor<f32> {
  %l = dlc.mse_loss %w, %t : (tensor<4xf32>, tensor<4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

func.func @result_overflow(%w: tensor<4xf32> {dlc.param}, %t: tensor<4xf32>) -> tensor<f32> {
  // expected-error @+1 {{result #0 of 'tensor.empty' has type 'tensor<4000000000x4000000000xi8>': about 2^63.8 elements of 1 byte, about 2^63.8 bytes in all, more than the 2^63 - 1 bytes (8 EiB) that a tensor's size may be}}
  %e = tensor.empty() : tensor<4000000000x4000000000xi8>
  %l = dlc.mse_loss %w, %t : (tensor<4xf32>, tensor<4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// The largest sizes that fit, and a zero dimension however large the others,
// are allowed.
// CHECK-LABEL: func.func @largest_train(
// CHECK-SAME: tensor<2305843009213693951xf32>
// CHECK-SAME: tensor<9223372036854775807xi8>
// CHECK-SAME: tensor<0x4611686018427387904x4611686018427387904xf32>
func.func @largest(%w: tensor<4xf32> {dlc.param}, %a: tensor<2305843009213693951xf32>, %b: tensor<9223372036854775807xi8>, %c: tensor<0x4611686018427387904x4611686018427387904xf32>, %t: tensor<4xf32>) -> tensor<f32> {
  %l = dlc.mse_loss %w, %t : (tensor<4xf32>, tensor<4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}
