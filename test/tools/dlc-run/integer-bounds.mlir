// dlc-run draws integer arguments below the bound their consumers state
// (IntegerOperandBoundOpInterface), looking through data movement: ids that
// are transposed and reshaped before indexing a 3-row table lie in [0, 3);
// labels read only by cross_entropy_grad lie below its 5 classes.
// RUN: dlc-run %s --entry=ids 2>&1 | FileCheck %s --check-prefix=IDS
// RUN: dlc-run %s --entry=labels 2>&1 | FileCheck %s --check-prefix=LABELS

// IDS-NOT: no op bounds
// IDS: result #1: tensor<8x8xi64>: min 0 max 2 mean
func.func @ids(%table: tensor<3x4xf32>, %ids: tensor<8x8xi64>) -> (tensor<64x4xf32>, tensor<8x8xi64>) {
  %t = dlc.transpose %ids [1, 0] : (tensor<8x8xi64>) -> tensor<8x8xi64>
  %r = dlc.reshape %t : (tensor<8x8xi64>) -> tensor<64xi64>
  %e = dlc.embedding %table, %r : (tensor<3x4xf32>, tensor<64xi64>) -> tensor<64x4xf32>
  return %e, %ids : tensor<64x4xf32>, tensor<8x8xi64>
}

// LABELS-NOT: no op bounds
// LABELS: result #1: tensor<64xi64>: min 0 max 4 mean
func.func @labels(%logits: tensor<64x5xf32>, %labels: tensor<64xi64>, %g: tensor<f32>) -> (tensor<64x5xf32>, tensor<64xi64>) {
  %d = dlc.cross_entropy_grad %logits, %labels, %g : (tensor<64x5xf32>, tensor<64xi64>, tensor<f32>) -> tensor<64x5xf32>
  return %d, %labels : tensor<64x5xf32>, tensor<64xi64>
}
