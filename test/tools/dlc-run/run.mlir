// dlc-run lowers, compiles and calls a graph and summarizes its results. The
// same seed gives the same inputs (so bitwise-equal results), another seed
// other inputs; inputs written with --write-inputs and read back with
// --inputs reproduce the run.
// RUN: rm -rf %t && mkdir -p %t
// RUN: dlc-run %s --outputs=%t/ref --write-inputs=%t/in | FileCheck %s
// RUN: dlc-run %s --compare=%t/ref --rtol=0 --atol=0 | FileCheck %s --check-prefix=SAME
// RUN: dlc-run %s --seed=5 --inputs=%t/in --compare=%t/ref --rtol=0 --atol=0 | FileCheck %s --check-prefix=SAME
// RUN: not dlc-run %s --seed=1 --compare=%t/ref 2>&1 | FileCheck %s --check-prefix=OTHER
// RUN: dlc-run %s --repeat=3 | FileCheck %s --check-prefix=REPEAT

// CHECK: @step: 3 arguments, 2 results; compiled in
// CHECK-NEXT: result #0: tensor<f32> = {{[-0-9.e]+}}
// CHECK-NEXT: result #1: tensor<4x3xf32>: min {{.*}} max {{.*}} mean {{.*}} checksum {{[0-9a-f]+}}
// CHECK-NEXT: time: {{[0-9.]+}} ms
// SAME: results match {{.*}}ref (rtol 0, atol 0)
// OTHER: dlc-run: error: result #0 differs from {{.*}}result0.npy in 1 of 1 elements; worst at []: got {{.*}}, expected {{.*}}, |diff| {{.*}} > atol 1e-06 + rtol 1e-05 * |expected|
// REPEAT: time: {{[0-9.]+}} ms (median of 3 runs, min {{[0-9.]+}} ms)

func.func @step(%w: tensor<3x5xf32> {dlc.param}, %x: tensor<4x5xf32>, %labels: tensor<4xi64>) -> (tensor<f32>, tensor<4x3xf32>) {
  %logits = dlc.linear %x, %w : (tensor<4x5xf32>, tensor<3x5xf32>) -> tensor<4x3xf32>
  %loss = dlc.cross_entropy %logits, %labels : (tensor<4x3xf32>, tensor<4xi64>) -> tensor<f32>
  return %loss, %logits : tensor<f32>, tensor<4x3xf32>
}
