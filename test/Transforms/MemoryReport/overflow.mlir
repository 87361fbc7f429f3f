// The memory analysis computes bytes with checked arithmetic: a tensor or a
// sum of live tensors beyond 2^63 - 1 bytes is reported at the first value or
// op where it happens, and the pass fails without printing a report of
// saturated figures (they used to wrap: reproducer
// w03-memreport-bytes-wrap.mlir printed "peak: 0 B" for a 2^64-byte tensor,
// exit 0).
// RUN: dlc-opt %s --dlc-memory-report -split-input-file -verify-diagnostics -o /dev/null 2>&1 | FileCheck %s
// CHECK-NOT: memory report for @{{argument|result|sum}}
// CHECK: memory report for @fits

// 2^62 f32 elements: 2^64 bytes, an argument too large to count.
// expected-error @+1 {{memory analysis: argument #0 of type 'tensor<4611686018427387904xf32>' needs more than 9223372036854775807 bytes (2^63 - 1), the most a byte count holds; the memory figures saturate there}}
func.func @argument(%a: tensor<4611686018427387904xf32>) -> tensor<4611686018427387904xf32> {
  %r = dlc.relu %a : tensor<4611686018427387904xf32>
  return %r : tensor<4611686018427387904xf32>
}

// -----

// Arguments of 2^62 bytes each fit; the result of joining them does not.
func.func @result(%a: tensor<1152921504606846976xf32>) -> tensor<2305843009213693952xf32> {
  // expected-error @+1 {{memory analysis: result #0 of type 'tensor<2305843009213693952xf32>' needs more than 9223372036854775807 bytes}}
  %r = dlc.concat %a, %a {axis = 0 : i64} : (tensor<1152921504606846976xf32>, tensor<1152921504606846976xf32>) -> tensor<2305843009213693952xf32>
  return %r : tensor<2305843009213693952xf32>
}

// -----

// Each tensor fits, but two of 2^62 bytes and the relu of one live at once
// do not: the first op where the sum passes 2^63 - 1 is named.
func.func @sum(%a: tensor<1152921504606846976xf32>, %b: tensor<1152921504606846976xf32>) -> tensor<1152921504606846976xf32> {
  // expected-error @+1 {{memory analysis: the tensors live at this op (#0 of the schedule) need more than 9223372036854775807 bytes (2^63 - 1)}}
  %r = dlc.add %a, %b : (tensor<1152921504606846976xf32>, tensor<1152921504606846976xf32>) -> tensor<1152921504606846976xf32>
  return %r : tensor<1152921504606846976xf32>
}

// -----

// Just below the limit nothing is reported: 2^62 + 2^61 bytes at the peak.
// CHECK: peak: {{.*}} (6917529027641081856 bytes)
func.func @fits(%a: tensor<1152921504606846976xf32>) -> tensor<576460752303423488xf32> {
  %r = dlc.slice %a offsets [0] sizes [576460752303423488] strides [1] : (tensor<1152921504606846976xf32>) -> tensor<576460752303423488xf32>
  return %r : tensor<576460752303423488xf32>
}
