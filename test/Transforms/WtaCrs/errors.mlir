// Bad --dlc-wta-crs options and graphs with nothing to sample.
// RUN: not dlc-opt %s --dlc-wta-crs=ratio=0 -o /dev/null 2>&1 | FileCheck %s --check-prefix=ZERO
// RUN: not dlc-opt %s --dlc-wta-crs=ratio=1.5 -o /dev/null 2>&1 | FileCheck %s --check-prefix=LARGE
// RUN: not dlc-opt %s --dlc-wta-crs=min-rows=0 -o /dev/null 2>&1 | FileCheck %s --check-prefix=ROWS
// RUN: not dlc-opt %s --dlc-wta-crs=function=frozen -o /dev/null 2>&1 | FileCheck %s --check-prefix=NONE
// RUN: not dlc-opt %s --dlc-wta-crs="ratio=0.5 min-rows=8" -o /dev/null 2>&1 | FileCheck %s --check-prefix=ALL
// RUN: not dlc-opt %s --dlc-wta-crs=function=missing -o /dev/null 2>&1 | FileCheck %s --check-prefix=MISSING

// ZERO: error: --dlc-wta-crs: ratio=0 must be in (0, 1]: the fraction of each layer's input rows kept for its weight gradient
// LARGE: error: --dlc-wta-crs: ratio=1.5 must be in (0, 1]
// ROWS: error: --dlc-wta-crs: min-rows=0 must be at least 1
// NONE: error: --dlc-wta-crs: @frozen has no dlc.linear with a trainable ('dlc.param') weight argument to sample
// ALL: error: --dlc-wta-crs: ratio=0.5 (min-rows=8) keeps every row of each of the 1 trainable linear layers of @small: nothing to sample
// MISSING: error: --dlc-wta-crs: no function @missing with a body in the module

func.func @frozen(%x: tensor<8x4xf32>, %w: tensor<3x4xf32> {dlc.frozen}, %p: tensor<3xf32> {dlc.param}) -> tensor<f32> {
  %y = dlc.linear %x, %w, %p : (tensor<8x4xf32>, tensor<3x4xf32>, tensor<3xf32>) -> tensor<8x3xf32>
  %l = dlc.reduce_sum %y axes [0, 1] : (tensor<8x3xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

func.func @small(%x: tensor<8x4xf32>, %w: tensor<3x4xf32> {dlc.param}) -> tensor<f32> {
  %y = dlc.linear %x, %w : (tensor<8x4xf32>, tensor<3x4xf32>) -> tensor<8x3xf32>
  %l = dlc.reduce_sum %y axes [0, 1] : (tensor<8x3xf32>) -> tensor<f32>
  return %l : tensor<f32>
}
