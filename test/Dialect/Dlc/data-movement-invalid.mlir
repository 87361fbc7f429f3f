// Verifier errors of embedding, reshape, transpose, slice and concat.
// RUN: dlc-opt %s -split-input-file -verify-diagnostics

func.func @embedding_table_rank(%t: tensor<100xf32>, %ids: tensor<4xi64>) {
  // expected-error @+1 {{'table' must have rank 2 ([V, D]), got rank 1 [100]}}
  %0 = dlc.embedding %t, %ids : (tensor<100xf32>, tensor<4xi64>) -> tensor<4x100xf32>
  return
}

// -----

func.func @embedding_float_ids(%t: tensor<100x8xf32>, %ids: tensor<4xf32>) {
  // expected-error @+1 {{operand #1 must be statically shaped tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<4xf32>'}}
  %0 = dlc.embedding %t, %ids : (tensor<100x8xf32>, tensor<4xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @embedding_result(%t: tensor<100x8xf32>, %ids: tensor<4xi64>) {
  // expected-error @+1 {{'dlc.embedding' op result has type 'tensor<4x100xf32>' but the operands give 'tensor<4x8xf32>'}}
  %0 = dlc.embedding %t, %ids : (tensor<100x8xf32>, tensor<4xi64>) -> tensor<4x100xf32>
  return
}

// -----

func.func @reshape_count(%x: tensor<8x512x768xf32>) {
  // expected-error @+1 {{'dlc.reshape' op cannot reshape [8, 512, 768] (3145728 elements) to [8, 512, 12, 32] (1572864 elements)}}
  %0 = dlc.reshape %x : (tensor<8x512x768xf32>) -> tensor<8x512x12x32xf32>
  return
}

// -----

func.func @reshape_type(%x: tensor<4x4xf32>) {
  // expected-error @+1 {{'dlc.reshape' op result element type 'f16' differs from the input's 'f32'}}
  %0 = dlc.reshape %x : (tensor<4x4xf32>) -> tensor<16xf16>
  return
}

// -----

func.func @reshape_dynamic(%x: tensor<4x4xf32>) {
  // expected-error @+1 {{result #0 must be statically shaped tensor}}
  %0 = dlc.reshape %x : (tensor<4x4xf32>) -> tensor<?xf32>
  return
}

// -----

func.func @transpose_length(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'permutation' [1, 0] has 2 entries but the input has rank 3}}
  %0 = dlc.transpose %x [1, 0] : (tensor<2x3x4xf32>) -> tensor<3x2x4xf32>
  return
}

// -----

func.func @transpose_repeated(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'permutation' [0, 1, 1] is not a permutation of [0, 3)}}
  %0 = dlc.transpose %x [0, 1, 1] : (tensor<2x3x4xf32>) -> tensor<2x3x3xf32>
  return
}

// -----

func.func @transpose_out_of_range(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'permutation' [0, 2] is not a permutation of [0, 2)}}
  %0 = dlc.transpose %x [0, 2] : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @transpose_result(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'dlc.transpose' op result has type 'tensor<2x3xf32>' but the operands give 'tensor<3x2xf32>'}}
  %0 = dlc.transpose %x [1, 0] : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @slice_rank(%x: tensor<8x16xf32>) {
  // expected-error @+1 {{'sizes' [8] has 1 entries but the input has rank 2}}
  %0 = dlc.slice %x offsets [0, 0] sizes [8] strides [1, 1] : (tensor<8x16xf32>) -> tensor<8xf32>
  return
}

// -----

func.func @slice_out_of_bounds(%x: tensor<8x16xf32>) {
  // expected-error @+1 {{dimension 1: the slice reaches index 16 but the input has size 16}}
  %0 = dlc.slice %x offsets [0, 2] sizes [8, 8] strides [1, 2] : (tensor<8x16xf32>) -> tensor<8x8xf32>
  return
}

// -----

func.func @slice_zero_stride(%x: tensor<8x16xf32>) {
  // expected-error @+1 {{dimension 0: need offset >= 0, size >= 1 and stride >= 1, got offset 0, size 8, stride 0}}
  %0 = dlc.slice %x offsets [0, 0] sizes [8, 16] strides [0, 1] : (tensor<8x16xf32>) -> tensor<8x16xf32>
  return
}

// -----

func.func @slice_negative_offset(%x: tensor<8x16xf32>) {
  // expected-error @+1 {{dimension 1: need offset >= 0, size >= 1 and stride >= 1, got offset -1, size 4, stride 1}}
  %0 = dlc.slice %x offsets [0, -1] sizes [8, 4] strides [1, 1] : (tensor<8x16xf32>) -> tensor<8x4xf32>
  return
}

// -----

func.func @concat_axis(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) {
  // expected-error @+1 {{'axis' = 2 is out of range for inputs of rank 2}}
  %0 = dlc.concat %a, %b {axis = 2 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @concat_other_dim(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+1 {{input #1 [4, 5] differs from input #0 [2, 3] in dimension 0, which is not the concatenation axis}}
  %0 = dlc.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @concat_rank(%a: tensor<2x3xf32>, %b: tensor<2x3x1xf32>) {
  // expected-error @+1 {{input #1 [2, 3, 1] has a different rank than input #0 [2, 3]}}
  %0 = dlc.concat %a, %b {axis = 0 : i64} : (tensor<2x3xf32>, tensor<2x3x1xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @concat_types(%a: tensor<2x3xf32>, %b: tensor<2x3xbf16>) {
  // expected-error @+1 {{input #1 has element type 'bf16' but input #0 has 'f32'}}
  %0 = dlc.concat %a, %b {axis = 0 : i64} : (tensor<2x3xf32>, tensor<2x3xbf16>) -> tensor<4x3xf32>
  return
}

// -----

func.func @concat_empty() {
  // expected-error @+1 {{needs at least one input}}
  %0 = dlc.concat {axis = 0 : i64} : () -> tensor<4x3xf32>
  return
}

// -----

// Reproducer c04b-empty-table.mlir: the compiled lookup clamped ids into
// [0, -1] and read before the table.
func.func @embedding_empty_table(%t: tensor<0x4xf32>, %ids: tensor<3xi64>) {
  // expected-error @+1 {{'table' [0, 4] has no rows (V = 0), so none of the indices [3] can lie in [0, V); the table needs at least one row}}
  %0 = dlc.embedding %t, %ids : (tensor<0x4xf32>, tensor<3xi64>) -> tensor<3x4xf32>
  return
}

// -----

func.func @embedding_empty_table_2d_ids(%t: tensor<0x8xf32>, %ids: tensor<2x5xi32>) {
  // expected-error @+1 {{'table' [0, 8] has no rows (V = 0), so none of the indices [2, 5] can lie in [0, V)}}
  %0 = dlc.embedding %t, %ids : (tensor<0x8xf32>, tensor<2x5xi32>) -> tensor<2x5x8xf32>
  return
}

// -----

// Valid: nothing to look up in an empty table, and rows of no width.
func.func @embedding_nothing_to_look_up(%t: tensor<0x4xf32>, %ids: tensor<2x0xi64>, %u: tensor<10x0xf32>, %v: tensor<3xi64>) -> (tensor<2x0x4xf32>, tensor<3x0xf32>) {
  %0 = dlc.embedding %t, %ids : (tensor<0x4xf32>, tensor<2x0xi64>) -> tensor<2x0x4xf32>
  %1 = dlc.embedding %u, %v : (tensor<10x0xf32>, tensor<3xi64>) -> tensor<3x0xf32>
  return %0, %1 : tensor<2x0x4xf32>, tensor<3x0xf32>
}

// -----

// 2^62 x 4 elements wrap to 0 in 64 bits: the counts are checked.
func.func @reshape_count_overflow(%x: tensor<4611686018427387904x4xf32>) {
  // expected-error @+1 {{'dlc.reshape' op cannot reshape [4611686018427387904, 4] (more than 2^63 - 1 elements) to [0] (0 elements); a reshape keeps the element count, which must be below 2^63}}
  %0 = dlc.reshape %x : (tensor<4611686018427387904x4xf32>) -> tensor<0xf32>
  return
}

// -----

func.func @concat_length_overflow(%a: tensor<9223372036854775807xi32>, %b: tensor<1xi32>) {
  // expected-error @+1 {{input #1 [1] makes the concatenation longer than 2^63 - 1 along axis 0}}
  %0 = dlc.concat %a, %b {axis = 0 : i64} : (tensor<9223372036854775807xi32>, tensor<1xi32>) -> tensor<1xi32>
  return
}
