// Malformed dlc IR: unknown ops and attributes, broken custom syntax, and
// attribute values that would overflow shape arithmetic. Each is a
// diagnostic at the offending op, never a crash.
// RUN: dlc-opt %s -split-input-file -verify-diagnostics

func.func @unknown_op(%a: tensor<4xf32>) {
  // expected-error @+1 {{custom op 'dlc.swish' is unknown}}
  %0 = dlc.swish %a : tensor<4xf32>
  return
}

// -----

// A misspelt inherent attribute would otherwise be kept and ignored.
func.func @misspelt_attribute(%a: tensor<4x4xf32>) {
  // expected-error @+1 {{'dlc.matmul' op unknown attribute 'transpose_b'; expected one of: transpose_lhs, transpose_rhs}}
  %0 = dlc.matmul %a, %a {transpose_b} : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
  return
}

// -----

func.func @attribute_on_op_without_any(%a: tensor<4xf32>) {
  // expected-error @+1 {{'dlc.relu' op unknown attribute 'inplace'; the op takes no attributes}}
  %0 = dlc.relu %a {inplace} : tensor<4xf32>
  return
}

// -----

// Attributes with a dialect prefix are left to that dialect.
func.func @prefixed_attribute_kept(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = dlc.relu %a {other.note = 1 : i64} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @too_few_operand_types(%a: tensor<4xf32>) {
  // expected-error @+1 {{custom op 'dlc.add' number of operands and types do not match: got 2 operands and 1 types}}
  %0 = dlc.add %a, %a : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @missing_type(%a: tensor<4xf32>) {
  // expected-error @+1 {{expected ':'}}
  %0 = dlc.relu %a
  return
}

// -----

func.func @slice_missing_strides(%a: tensor<4x4xf32>) {
  // expected-error @+1 {{custom op 'dlc.slice' expected 'strides'}}
  %0 = dlc.slice %a offsets [0, 0] sizes [4, 4] : (tensor<4x4xf32>) -> tensor<4x4xf32>
  return
}

// -----

func.func @array_as_list(%a: tensor<1x1x4x4xf32>, %w: tensor<1x1x1x1xf32>) {
  // expected-error @+1 {{'dlc.conv2d' op attribute 'strides' failed to satisfy constraint: i64 dense array attribute}}
  %0 = dlc.conv2d %a, %w {strides = [1, 1]} : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  return
}

// -----

func.func @wrong_operand_count(%a: tensor<4x4xf32>) {
  // expected-error @+1 {{'dlc.matmul' op expected 2 operands, but found 1}}
  %0 = "dlc.matmul"(%a) : (tensor<4x4xf32>) -> tensor<4x4xf32>
  return
}

// -----

func.func @wrong_property_type(%a: tensor<4x4xf32>) {
  // expected-error @+1 {{invalid properties {epsilon = 1 : i64} for op dlc.layer_norm}}
  %0 = "dlc.layer_norm"(%a, %a, %a) <{epsilon = 1 : i64}> : (tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
  return
}

// -----

func.func @slice_overflow(%a: tensor<4x4xf32>) {
  // expected-error @+1 {{dimension 0: the slice reaches index beyond 2^63 but the input has size 4}}
  %0 = "dlc.slice"(%a) <{offsets = array<i64: 9223372036854775807, 0>, sizes = array<i64: 2, 4>, strides = array<i64: 9223372036854775807, 1>}> : (tensor<4x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @conv_padding_overflow(%a: tensor<1x1x4x4xf32>, %w: tensor<1x1x1x1xf32>) {
  // expected-error @+1 {{'padding' or 'dilation' overflows}}
  %0 = "dlc.conv2d"(%a, %w) <{padding = array<i64: 9223372036854775807, 0>}> : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  return
}

// -----

func.func @pool_padding_overflow(%a: tensor<1x1x4x4xf32>) {
  // expected-error @+1 {{'padding' [4611686018427387904, 0] must be at most half of 'kernel_size' [9223372036854775807, 1]}}
  %0 = "dlc.max_pool2d"(%a) <{kernel_size = array<i64: 9223372036854775807, 1>, padding = array<i64: 4611686018427387904, 0>}> : (tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32>
  return
}
