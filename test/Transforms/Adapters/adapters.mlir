// --dlc-adapters adds h + up(act(down(h))) after each {dlc.checkpoint}
// output, with new parameters after the last weight (up's at zero), moves
// the mark to the adapted value, and freezes the pre-trained weights.
// RUN: dlc-opt %s --dlc-adapters="width=2" 2>&1 | FileCheck %s
// RUN: dlc-opt %s --dlc-adapters="width=3 activation=relu freeze=all layers=1" 2>/dev/null | FileCheck %s --check-prefix=ONE
// RUN: dlc-opt %s --dlc-adapters="freeze=none layers=0:1" 2>/dev/null | FileCheck %s --check-prefix=NONE

// Two layers of width 4 and a head; %w0 and %w1 are read in the stack, %head
// only after it.
// CHECK: dlc-adapters: @two_layers: 2 adapters of width 2 (gelu) after layers 0 to 1, 176 bytes (0.0 MiB); trainable 192 bytes (0.0 MiB), frozen 2 weights, 128 bytes (0.0 MiB)
// CHECK-LABEL: func.func @two_layers(
// CHECK-SAME: %[[W0:[^:]*]]: tensor<4x4xf32> {dlc.frozen}, %[[W1:[^:]*]]: tensor<4x4xf32> {dlc.frozen}, %[[HEAD:[^:]*]]: tensor<1x4xf32> {dlc.param},
// CHECK-SAME: %[[D0W:[^:]*]]: tensor<2x4xf32> {dlc.param}, %[[D0B:[^:]*]]: tensor<2xf32> {dlc.param}, %[[U0W:[^:]*]]: tensor<4x2xf32> {dlc.init = "zeros", dlc.param}, %[[U0B:[^:]*]]: tensor<4xf32> {dlc.init = "zeros", dlc.param},
// CHECK-SAME: %{{.*}}: tensor<2x4xf32> {dlc.param}, %{{.*}}: tensor<2xf32> {dlc.param}, %{{.*}}: tensor<4x2xf32> {dlc.init = "zeros", dlc.param}, %{{.*}}: tensor<4xf32> {dlc.init = "zeros", dlc.param},
// CHECK-SAME: %[[X:[^:]*]]: tensor<3x4xf32>, %[[Y:[^:]*]]: tensor<3x1xf32>)
// CHECK:      %[[L0:.*]] = dlc.linear %[[X]], %[[W0]] :
// CHECK:      %[[H0:.*]] = dlc.relu %[[L0]] : tensor<3x4xf32>
// CHECK-NEXT: %[[DOWN:.*]] = dlc.linear %[[H0]], %[[D0W]], %[[D0B]] : (tensor<3x4xf32>, tensor<2x4xf32>, tensor<2xf32>) -> tensor<3x2xf32>
// CHECK-NEXT: %[[ACT:.*]] = dlc.gelu %[[DOWN]] : tensor<3x2xf32>
// CHECK-NEXT: %[[UP:.*]] = dlc.linear %[[ACT]], %[[U0W]], %[[U0B]] : (tensor<3x2xf32>, tensor<4x2xf32>, tensor<4xf32>) -> tensor<3x4xf32>
// CHECK-NEXT: %[[A0:.*]] = dlc.add %[[H0]], %[[UP]] {dlc.checkpoint} : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
// CHECK-NEXT: %[[L1:.*]] = dlc.linear %[[A0]], %[[W1]] :
// CHECK:      dlc.add %{{.*}}, %{{.*}} {dlc.checkpoint}
// CHECK:      dlc.linear %{{.*}}, %[[HEAD]] :
// The old marks are gone: two checkpoints in all.
// CHECK-NOT:  dlc.checkpoint

// layers=1: one adapter, after the second layer; freeze=all freezes the head.
// ONE-LABEL: func.func @two_layers(
// ONE-SAME: {dlc.frozen}, %{{.*}}: tensor<4x4xf32> {dlc.frozen}, %{{.*}}: tensor<1x4xf32> {dlc.frozen}, %{{.*}}: tensor<3x4xf32> {dlc.param}, %{{.*}}: tensor<3xf32> {dlc.param}, %{{.*}}: tensor<4x3xf32> {dlc.init = "zeros", dlc.param}, %{{.*}}: tensor<4xf32> {dlc.init = "zeros", dlc.param}, %{{.*}}: tensor<3x4xf32>, %{{.*}}: tensor<3x1xf32>)
// ONE:      dlc.relu %{{.*}} {dlc.checkpoint}
// ONE:      dlc.relu
// ONE-NEXT: dlc.linear
// ONE-NEXT: dlc.relu
// ONE-NEXT: dlc.linear
// ONE-NEXT: dlc.add {{.*}} {dlc.checkpoint}

// NONE-LABEL: func.func @two_layers(
// NONE-SAME: %{{.*}}: tensor<4x4xf32> {dlc.param}, %{{.*}}: tensor<4x4xf32> {dlc.param}, %{{.*}}: tensor<1x4xf32> {dlc.param}, %{{.*}}: tensor<8x4xf32> {dlc.param}
// NONE-NOT: dlc.frozen
func.func @two_layers(%w0: tensor<4x4xf32> {dlc.param}, %w1: tensor<4x4xf32> {dlc.param},
                      %head: tensor<1x4xf32> {dlc.param},
                      %x: tensor<3x4xf32>, %y: tensor<3x1xf32>) -> tensor<f32> {
  %0 = dlc.linear %x, %w0 : (tensor<3x4xf32>, tensor<4x4xf32>) -> tensor<3x4xf32>
  %1 = dlc.relu %0 {dlc.checkpoint} : tensor<3x4xf32>
  %2 = dlc.linear %1, %w1 : (tensor<3x4xf32>, tensor<4x4xf32>) -> tensor<3x4xf32>
  %3 = dlc.relu %2 {dlc.checkpoint} : tensor<3x4xf32>
  %4 = dlc.linear %3, %head : (tensor<3x4xf32>, tensor<1x4xf32>) -> tensor<3x1xf32>
  %5 = dlc.mse_loss %4, %y : (tensor<3x1xf32>, tensor<3x1xf32>) -> tensor<f32>
  return %5 : tensor<f32>
}
