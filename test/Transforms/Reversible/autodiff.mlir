// --dlc-autodiff on couplings: the backward rebuilds the top coupling's
// inputs from its outputs (recomputing G, then F), marks what it adds
// dlc.rebuilt = <layer>, and reads no forward value of the couplings but the
// top outputs; the forward couplings become plain ops. rebuild=false (or
// --dlc-inline-couplings first) is the ordinary backward, which saves.
// RUN: dlc-opt %S/stack.mlir "--dlc-reversible=variant=3 adapter-width=2 lambda=0.5 beta=0.25 streams=f32" --dlc-autodiff 2>/dev/null | FileCheck %s
// RUN: dlc-opt %S/stack.mlir "--dlc-reversible=variant=3 adapter-width=2 streams=f32" --dlc-autodiff=rebuild=false 2>/dev/null | FileCheck %s --check-prefix=SAVED
// RUN: dlc-opt %S/stack.mlir "--dlc-reversible=variant=3 adapter-width=2 streams=f32" --dlc-inline-couplings --dlc-autodiff 2>/dev/null | FileCheck %s --check-prefix=SAVED
// RUN: dlc-opt %S/stack.mlir "--dlc-reversible=variant=3 adapter-width=2 streams=f32" --dlc-autodiff --dlc-memory-report=compiled=false 2>&1 >/dev/null | FileCheck %s --check-prefix=REPORT

// CHECK-LABEL: func.func @stack_train(
// CHECK-NOT:  dlc.coupling
// The forward of the top coupling: F reads w1 (%arg2), y1 = 0.5 x1 + F(x2),
// G reads y1 and v1 (%arg3), y2 = 0.25 x2 + G(y1).
// CHECK:      dlc.linear %{{.*}}, %arg2 :
// CHECK:      %[[HALF:.*]] = arith.constant dense<5.000000e-01> : tensor<f32>
// CHECK-NEXT: dlc.mul %{{.*}}, %[[HALF]]
// CHECK-NEXT: %[[Y1:.*]] = dlc.add %{{.*}}, %{{.*}} : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
// CHECK-NEXT: dlc.linear %[[Y1]], %arg3 :
// CHECK:      %[[QUARTER:.*]] = arith.constant dense<2.500000e-01> : tensor<f32>
// CHECK-NEXT: %[[BX2:.*]] = dlc.mul %{{.*}}, %[[QUARTER]] :
// CHECK-NEXT: %[[Y2:.*]] = dlc.add %[[BX2]], %{{.*}} :
// CHECK-NEXT: dlc.linear %[[Y2]], %{{.*}} : (tensor<3x4xf32>, tensor<1x4xf32>) -> tensor<3x1xf32>
// The rebuild: G on y1, x2 = (y2 - G) / 0.25, F on x2, x1 = (y1 - F) / 0.5.
// CHECK:      dlc.linear %[[Y1]], %{{.*}} {dlc.rebuilt = 1 : i64}
// CHECK:      %[[D2:.*]] = dlc.sub %[[Y2]], %{{.*}} {dlc.rebuilt = 1 : i64}
// CHECK-NEXT: %[[C2:.*]] = arith.constant {dlc.rebuilt = 1 : i64} dense<2.500000e-01>
// CHECK-NEXT: %[[X2:.*]] = dlc.div %[[D2]], %[[C2]] {dlc.rebuilt = 1 : i64}
// CHECK-NEXT: dlc.linear %[[X2]], %{{.*}} {dlc.rebuilt = 1 : i64}
// CHECK:      %[[D1:.*]] = dlc.sub %[[Y1]], %{{.*}} {dlc.rebuilt = 1 : i64}
// CHECK-NEXT: %[[C1:.*]] = arith.constant {dlc.rebuilt = 1 : i64} dense<5.000000e-01>
// CHECK-NEXT: %[[X1:.*]] = dlc.div %[[D1]], %[[C1]] {dlc.rebuilt = 1 : i64}
// The layer below is rebuilt from those.
// CHECK:      dlc.linear %[[X1]], %{{.*}} {dlc.rebuilt = 0 : i64}
// CHECK:      dlc.sub %[[X2]], %{{.*}} {dlc.rebuilt = 0 : i64}
// CHECK:      return

// SAVED-LABEL: func.func @stack_train(
// SAVED-NOT: dlc.coupling
// SAVED-NOT: dlc.rebuilt

// REPORT: rebuilt (reversible couplings): 2 layers; the backward rebuilds {{[0-9]+}} values, {{.*}} in all, that an ordinary backward saves;
// REPORT-NEXT: layer   0: {{ *[0-9]+}} values,
// REPORT-NEXT: layer   1: {{ *[0-9]+}} values,
