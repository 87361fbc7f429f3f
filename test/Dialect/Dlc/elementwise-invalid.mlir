// Verifier errors of the elementwise ops.
// RUN: dlc-opt %s -split-input-file -verify-diagnostics

func.func @add_no_broadcast(%a: tensor<8x3xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{shapes [8, 3] and [4] do not broadcast: sizes 3 and 4 meet in dimension 1 of the result}}
  %0 = dlc.add %a, %b : (tensor<8x3xf32>, tensor<4xf32>) -> tensor<8x3xf32>
  return
}

// -----

func.func @mul_mixed_types(%a: tensor<4xf32>, %b: tensor<4xbf16>) {
  // expected-error @+1 {{'rhs' has element type 'bf16' but 'lhs' has 'f32'; operands must share one element type}}
  %0 = dlc.mul %a, %b : (tensor<4xf32>, tensor<4xbf16>) -> tensor<4xf32>
  return
}

// -----

func.func @sub_wrong_result(%a: tensor<3x1xf32>, %b: tensor<1x4xf32>) {
  // expected-error @+1 {{'dlc.sub' op result has type 'tensor<3x1xf32>' but the operands give 'tensor<3x4xf32>'}}
  %0 = dlc.sub %a, %b : (tensor<3x1xf32>, tensor<1x4xf32>) -> tensor<3x1xf32>
  return
}

// -----

func.func @div_integer(%a: tensor<4xi64>, %b: tensor<4xi64>) {
  // expected-error @+1 {{operand #0 must be statically shaped tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<4xi64>'}}
  %0 = dlc.div %a, %b : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  return
}

// -----

func.func @relu_integer(%a: tensor<4xi32>) {
  // expected-error @+1 {{operand #0 must be statically shaped tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<4xi32>'}}
  %0 = dlc.relu %a : tensor<4xi32>
  return
}

// -----

func.func @sqrt_integer(%a: tensor<4xi64>) {
  // expected-error @+1 {{operand #0 must be statically shaped tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<4xi64>'}}
  %0 = dlc.sqrt %a : tensor<4xi64>
  return
}

// -----

// The custom form only parses ranked tensors.
func.func @tanh_unranked(%a: tensor<*xf32>) {
  // expected-error @+1 {{invalid kind of type specified: expected builtin.tensor, but found 'tensor<*xf32>'}}
  %0 = dlc.tanh %a : tensor<*xf32>
  return
}

// -----

func.func @sigmoid_type_change(%a: tensor<4xf32>) {
  // expected-error @+1 {{'dlc.sigmoid' op requires the same type for all operands and results}}
  %0 = "dlc.sigmoid"(%a) : (tensor<4xf32>) -> tensor<4xf16>
  return
}

// -----

func.func @tanh_unranked_generic(%a: tensor<*xf32>) {
  // expected-error @+1 {{operand #0 must be statically shaped tensor}}
  %0 = "dlc.tanh"(%a) : (tensor<*xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @exp_memref(%a: memref<4xf32>) {
  // expected-error @+1 {{operand #0 must be statically shaped tensor}}
  %0 = "dlc.exp"(%a) : (memref<4xf32>) -> memref<4xf32>
  return
}

// -----

func.func @gelu_unknown_approximation(%a: tensor<4xf32>) {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'approximate' [none, tanh]}}
  %0 = dlc.gelu %a approximate fast : tensor<4xf32>
  return
}

// -----

func.func @dropout_probability_one(%a: tensor<4xf32>) {
  // expected-error @+1 {{'dlc.dropout' op 'probability' must be in [0, 1), got 1}}
  %0 = dlc.dropout %a {probability = 1.0 : f64, seed = 1} : tensor<4xf32>
  return
}

// -----

func.func @dropout_probability_negative(%a: tensor<4xf32>) {
  // expected-error @+1 {{'dlc.dropout' op attribute 'probability' failed to satisfy constraint: 64-bit float attribute whose value is non-negative}}
  %0 = dlc.dropout %a {probability = -0.5 : f64, seed = 1} : tensor<4xf32>
  return
}

// -----

func.func @dropout_missing_seed(%a: tensor<4xf32>) {
  // expected-error @+1 {{'dlc.dropout' op requires attribute 'seed'}}
  %0 = dlc.dropout %a {probability = 0.5 : f64} : tensor<4xf32>
  return
}

// -----

func.func @convert_shape(%x: tensor<4x2xbf16>) {
  // expected-error @+1 {{'dlc.convert' op changes the shape from [4, 2] to [8]; it converts elements only (reshape with dlc.reshape)}}
  %0 = dlc.convert %x : tensor<4x2xbf16> to tensor<8xf32>
  return
}

// -----

func.func @convert_integer(%x: tensor<4xi64>) {
  // expected-error @+1 {{'dlc.convert' op operand #0 must be statically shaped tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values}}
  %0 = dlc.convert %x : tensor<4xi64> to tensor<4xf32>
  return
}
