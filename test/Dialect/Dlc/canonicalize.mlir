// Folds of the dlc ops, run through the canonicalizer.
// RUN: dlc-opt %s -canonicalize -split-input-file | FileCheck %s

// CHECK-LABEL: func @transpose_identity
// CHECK-SAME: (%[[X:.+]]: tensor<2x3xf32>)
// CHECK-NEXT: return %[[X]]
func.func @transpose_identity(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = dlc.transpose %x [0, 1] : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Two transposes that undo each other vanish.
// CHECK-LABEL: func @transpose_inverse
// CHECK-SAME: (%[[X:.+]]: tensor<2x3x4xf32>)
// CHECK-NEXT: return %[[X]]
func.func @transpose_inverse(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = dlc.transpose %x [1, 2, 0] : (tensor<2x3x4xf32>) -> tensor<3x4x2xf32>
  %1 = dlc.transpose %0 [2, 0, 1] : (tensor<3x4x2xf32>) -> tensor<2x3x4xf32>
  return %1 : tensor<2x3x4xf32>
}

// -----

// Two transposes compose into one: result dim i of the pair is input dim
// inner[outer[i]], here [1, 2, 0] then [1, 0, 2] gives [2, 1, 0].
// CHECK-LABEL: func @transpose_compose
// CHECK-SAME: (%[[X:.+]]: tensor<2x3x4xf32>)
// CHECK-NEXT: %[[T:.+]] = dlc.transpose %[[X]] [2, 1, 0] : (tensor<2x3x4xf32>) -> tensor<4x3x2xf32>
// CHECK-NEXT: return %[[T]]
func.func @transpose_compose(%x: tensor<2x3x4xf32>) -> tensor<4x3x2xf32> {
  %0 = dlc.transpose %x [1, 2, 0] : (tensor<2x3x4xf32>) -> tensor<3x4x2xf32>
  %1 = dlc.transpose %0 [1, 0, 2] : (tensor<3x4x2xf32>) -> tensor<4x3x2xf32>
  return %1 : tensor<4x3x2xf32>
}

// -----

// A transpose whose other uses keep it alive stays, but the chain is still
// shortened.
// CHECK-LABEL: func @transpose_shared
// CHECK-SAME: (%[[X:.+]]: tensor<2x3xf32>)
// CHECK-NEXT: %[[T:.+]] = dlc.transpose %[[X]] [1, 0]
// CHECK-NEXT: return %[[X]], %[[T]]
func.func @transpose_shared(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<3x2xf32>) {
  %0 = dlc.transpose %x [1, 0] : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %1 = dlc.transpose %0 [1, 0] : (tensor<3x2xf32>) -> tensor<2x3xf32>
  return %1, %0 : tensor<2x3xf32>, tensor<3x2xf32>
}

// -----

// CHECK-LABEL: func @reshape_same_shape
// CHECK-SAME: (%[[X:.+]]: tensor<4x6xf32>)
// CHECK-NEXT: return %[[X]]
func.func @reshape_same_shape(%x: tensor<4x6xf32>) -> tensor<4x6xf32> {
  %0 = dlc.reshape %x : (tensor<4x6xf32>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

// CHECK-LABEL: func @reshape_chain
// CHECK-SAME: (%[[X:.+]]: tensor<4x6xf32>)
// CHECK-NEXT: %[[R:.+]] = dlc.reshape %[[X]] : (tensor<4x6xf32>) -> tensor<2x12xf32>
// CHECK-NEXT: return %[[R]]
func.func @reshape_chain(%x: tensor<4x6xf32>) -> tensor<2x12xf32> {
  %0 = dlc.reshape %x : (tensor<4x6xf32>) -> tensor<24xf32>
  %1 = dlc.reshape %0 : (tensor<24xf32>) -> tensor<2x12xf32>
  return %1 : tensor<2x12xf32>
}

// -----

// A reshape there and back again is the input.
// CHECK-LABEL: func @reshape_round_trip
// CHECK-SAME: (%[[X:.+]]: tensor<8x512x768xf32>)
// CHECK-NEXT: return %[[X]]
func.func @reshape_round_trip(%x: tensor<8x512x768xf32>) -> tensor<8x512x768xf32> {
  %0 = dlc.reshape %x : (tensor<8x512x768xf32>) -> tensor<8x512x12x64xf32>
  %1 = dlc.reshape %0 : (tensor<8x512x12x64xf32>) -> tensor<8x512x768xf32>
  return %1 : tensor<8x512x768xf32>
}

// -----

// CHECK-LABEL: func @slice_whole
// CHECK-SAME: (%[[X:.+]]: tensor<4x6xf32>)
// CHECK-NEXT: return %[[X]]
func.func @slice_whole(%x: tensor<4x6xf32>) -> tensor<4x6xf32> {
  %0 = dlc.slice %x offsets [0, 0] sizes [4, 6] strides [1, 1] : (tensor<4x6xf32>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

// A slice that only looks whole is kept.
// CHECK-LABEL: func @slice_strided_kept
// CHECK: dlc.slice
func.func @slice_strided_kept(%x: tensor<4x1xf32>) -> tensor<4x1xf32> {
  %0 = dlc.slice %x offsets [0, 0] sizes [4, 1] strides [1, 5] : (tensor<4x1xf32>) -> tensor<4x1xf32>
  return %0 : tensor<4x1xf32>
}

// -----

// CHECK-LABEL: func @concat_single
// CHECK-SAME: (%[[X:.+]]: tensor<4x6xf32>)
// CHECK-NEXT: return %[[X]]
func.func @concat_single(%x: tensor<4x6xf32>) -> tensor<4x6xf32> {
  %0 = dlc.concat %x {axis = 1 : i64} : (tensor<4x6xf32>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

// CHECK-LABEL: func @dropout_zero
// CHECK-SAME: (%[[X:.+]]: tensor<4x6xf32>)
// CHECK-NEXT: return %[[X]]
func.func @dropout_zero(%x: tensor<4x6xf32>) -> tensor<4x6xf32> {
  %0 = dlc.dropout %x {probability = 0.0 : f64, seed = 5} : tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

// CHECK-LABEL: func @dropout_kept
// CHECK: dlc.dropout
func.func @dropout_kept(%x: tensor<4x6xf32>) -> tensor<4x6xf32> {
  %0 = dlc.dropout %x {probability = 0.5 : f64, seed = 5} : tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}


// -----

// A conversion to the same type is the identity, and narrowing back what was
// widened gives the original; widening what was narrowed does not (it
// rounded).
// CHECK-LABEL: func @convert_folds
// CHECK-SAME: (%[[X:.+]]: tensor<4xbf16>, %[[Y:.+]]: tensor<4xf32>)
// CHECK-NEXT: %[[N:.+]] = dlc.convert %[[Y]] : tensor<4xf32> to tensor<4xbf16>
// CHECK-NEXT: %[[W:.+]] = dlc.convert %[[N]] : tensor<4xbf16> to tensor<4xf32>
// CHECK-NEXT: return %[[X]], %[[W]]
func.func @convert_folds(%x: tensor<4xbf16>, %y: tensor<4xf32>) -> (tensor<4xbf16>, tensor<4xf32>) {
  %0 = dlc.convert %x : tensor<4xbf16> to tensor<4xbf16>
  %1 = dlc.convert %0 : tensor<4xbf16> to tensor<4xf32>
  %2 = dlc.convert %1 : tensor<4xf32> to tensor<4xbf16>
  %3 = dlc.convert %y : tensor<4xf32> to tensor<4xbf16>
  %4 = dlc.convert %3 : tensor<4xbf16> to tensor<4xf32>
  return %2, %4 : tensor<4xbf16>, tensor<4xf32>
}
