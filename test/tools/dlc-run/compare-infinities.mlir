// --compare matches equal values whatever the tolerances, infinities of one
// sign included: inf - inf is NaN, which once made an infinite result differ
// from its own reference (found by fuzz/npy-fuzzer, which compares every
// tensor it reads with itself). An infinity of the other sign, or a finite
// value, still differs from one.
// RUN: rm -rf %t && mkdir -p %t
// RUN: dlc-run %s --entry=infinities --outputs=%t/ref | FileCheck %s --check-prefix=RESULTS
// RUN: dlc-run %s --entry=infinities --compare=%t/ref --rtol=0 --atol=0 | FileCheck %s --check-prefix=SAME
// RUN: dlc-run %s --entry=infinities --compare=%t/ref | FileCheck %s --check-prefix=SAME
// RUN: not dlc-run %s --entry=flipped --compare=%t/ref 2>&1 | FileCheck %s --check-prefix=FLIPPED

// RESULTS: result #0: tensor<3xf32>: min 0 max inf
// RESULTS: result #1: tensor<3xf32>: min -inf max 0
// SAME: results match {{.*}}ref (rtol
// FLIPPED: dlc-run: error: result #0 differs from {{.*}}result0.npy in 2 of 3 elements; worst at [0]: got -inf, expected inf

func.func @infinities(%x: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) {
  %shift = arith.constant dense<[1000.0, 0.0, -1000.0]> : tensor<3xf32>
  %zero = arith.constant dense<0.0> : tensor<3xf32>
  %s = dlc.add %x, %shift : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %e = dlc.exp %s : tensor<3xf32>
  %n = dlc.sub %zero, %e : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %e, %n : tensor<3xf32>, tensor<3xf32>
}

func.func @flipped(%x: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) {
  %shift = arith.constant dense<[1000.0, 0.0, -1000.0]> : tensor<3xf32>
  %zero = arith.constant dense<0.0> : tensor<3xf32>
  %s = dlc.add %x, %shift : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %e = dlc.exp %s : tensor<3xf32>
  %n = dlc.sub %zero, %e : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %n, %e : tensor<3xf32>, tensor<3xf32>
}
