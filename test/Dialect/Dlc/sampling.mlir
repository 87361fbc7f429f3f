// Round trip of the WTA-CRS ops: row norms, the sampler, stop_gradient and
// the sampled linear layer, in the custom and the generic form.
// RUN: dlc-opt %s | dlc-opt | FileCheck %s
// RUN: dlc-opt %s --mlir-print-op-generic | dlc-opt | FileCheck %s

// CHECK-LABEL: func @sampled
// CHECK:      %[[D:.*]] = dlc.stop_gradient %{{.*}} : tensor<2x8x6xbf16>
// CHECK:      %[[N:.*]] = dlc.row_norms %{{.*}} : (tensor<16x6xbf16>) -> tensor<16xf32>
// CHECK:      %[[I:.*]], %[[S:.*]], %[[C:.*]] = dlc.wta_crs_sample %{{.*}} {seed = 7 : i64} : (tensor<16xf32>) -> (tensor<5xi64>, tensor<5xf32>, tensor<i64>)
// CHECK:      %[[K:.*]] = dlc.embedding
// CHECK:      dlc.sampled_linear %{{.*}}, %{{.*}} bias %{{.*}} sample(%[[K]], %[[I]], %[[S]]) norms %{{.*}} : (tensor<2x8x6xbf16>, tensor<4x6xbf16>, tensor<4xbf16>, tensor<5x6xbf16>, tensor<5xi64>, tensor<5xf32>, tensor<16xf32>) -> tensor<2x8x4xbf16>
func.func @sampled(%x: tensor<2x8x6xbf16>, %w: tensor<4x6xbf16>, %b: tensor<4xbf16>, %norms: tensor<16xf32>) -> (tensor<2x8x4xbf16>, tensor<i64>) {
  %d = dlc.stop_gradient %x : tensor<2x8x6xbf16>
  %rows = dlc.reshape %d : (tensor<2x8x6xbf16>) -> tensor<16x6xbf16>
  %n = dlc.row_norms %rows : (tensor<16x6xbf16>) -> tensor<16xf32>
  %p = dlc.mul %n, %norms : (tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
  %i, %s, %c = dlc.wta_crs_sample %p {seed = 7 : i64} : (tensor<16xf32>) -> (tensor<5xi64>, tensor<5xf32>, tensor<i64>)
  %kept = dlc.embedding %rows, %i : (tensor<16x6xbf16>, tensor<5xi64>) -> tensor<5x6xbf16>
  %y = dlc.sampled_linear %x, %w bias %b sample(%kept, %i, %s) norms %norms : (tensor<2x8x6xbf16>, tensor<4x6xbf16>, tensor<4xbf16>, tensor<5x6xbf16>, tensor<5xi64>, tensor<5xf32>, tensor<16xf32>) -> tensor<2x8x4xbf16>
  return %y, %c : tensor<2x8x4xbf16>, tensor<i64>
}

// CHECK-LABEL: func @no_bias
// CHECK: dlc.sampled_linear %{{.*}}, %{{.*}} sample(%{{.*}}, %{{.*}}, %{{.*}}) norms %{{.*}} : (tensor<3x2xf32>, tensor<5x2xf32>, tensor<1x2xf32>, tensor<1xi64>, tensor<1xf32>, tensor<3xf32>) -> tensor<3x5xf32>
func.func @no_bias(%x: tensor<3x2xf32>, %w: tensor<5x2xf32>, %k: tensor<1x2xf32>, %i: tensor<1xi64>, %s: tensor<1xf32>, %n: tensor<3xf32>) -> tensor<3x5xf32> {
  %y = dlc.sampled_linear %x, %w sample(%k, %i, %s) norms %n : (tensor<3x2xf32>, tensor<5x2xf32>, tensor<1x2xf32>, tensor<1xi64>, tensor<1xf32>, tensor<3xf32>) -> tensor<3x5xf32>
  return %y : tensor<3x5xf32>
}
