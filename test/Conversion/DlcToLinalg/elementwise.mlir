// Lowering of the elementwise ops to linalg.generic.
// RUN: dlc-opt %s --dlc-to-linalg -split-input-file | FileCheck %s

// Broadcasting reads size-1 and missing dimensions at index 0.
// CHECK-DAG: #[[LHS:.+]] = affine_map<(d0, d1, d2) -> (d0, 0, d2)>
// CHECK-DAG: #[[RHS:.+]] = affine_map<(d0, d1, d2) -> (d1, 0)>
// CHECK-DAG: #[[OUT:.+]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func @broadcast_sub
// CHECK: linalg.generic {indexing_maps = [#[[LHS]], #[[RHS]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel"]}
// CHECK-NEXT: ^bb0(%[[L:.+]]: f32, %[[R:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: %[[D:.+]] = arith.subf %[[L]], %[[R]] : f32
// CHECK-NEXT: linalg.yield %[[D]]
func.func @broadcast_sub(%a: tensor<3x1x5xf32>, %b: tensor<4x1xf32>) -> tensor<3x4x5xf32> {
  %0 = dlc.sub %a, %b : (tensor<3x1x5xf32>, tensor<4x1xf32>) -> tensor<3x4x5xf32>
  return %0 : tensor<3x4x5xf32>
}

// -----

// CHECK-LABEL: func @gelu_exact
// CHECK: %[[SCALED:.+]] = arith.mulf %{{.+}}, %{{.+}} : f32
// CHECK: math.erf %[[SCALED]] : f32
func.func @gelu_exact(%x: tensor<8xf32>) -> tensor<8xf32> {
  %0 = dlc.gelu %x : tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

// CHECK-LABEL: func @gelu_tanh
// CHECK: arith.constant 4.471500e-02 : f32
// CHECK: math.tanh
// CHECK-NOT: math.erf
func.func @gelu_tanh(%x: tensor<8xf32>) -> tensor<8xf32> {
  %0 = dlc.gelu %x approximate tanh : tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

// The dropout mask hashes (seed, linear index) with SplitMix64 and keeps an
// element when its top 24 bits reach ceil(p * 2^24) = 5033165 for p = 0.3.
// CHECK-LABEL: func @dropout
// CHECK: linalg.index 0
// CHECK: linalg.index 1
// CHECK-DAG: arith.constant 7 : i64
// CHECK-DAG: arith.constant -7046029254386353131 : i64
// CHECK-DAG: arith.constant -4658895280553007687 : i64
// CHECK-DAG: arith.constant -7723592293110705685 : i64
// CHECK-DAG: arith.constant 5033165 : i64
// CHECK: %[[KEEP:.+]] = arith.cmpi uge
// CHECK: %[[SCALED:.+]] = arith.mulf %{{.+}}, %{{.+}} : f32
// CHECK: arith.select %[[KEEP]], %[[SCALED]], %{{.+}} : f32
func.func @dropout(%x: tensor<5x37xf32>) -> tensor<5x37xf32> {
  %0 = dlc.dropout %x {probability = 0.3 : f64, seed = 7} : tensor<5x37xf32>
  return %0 : tensor<5x37xf32>
}

// -----

// f16 and bf16 ops compute in f32 and round once.
// CHECK-LABEL: func @low_precision
// CHECK: arith.extf %{{.+}} : bf16 to f32
// CHECK: arith.extf %{{.+}} : bf16 to f32
// CHECK: arith.addf %{{.+}}, %{{.+}} : f32
// CHECK: arith.truncf %{{.+}} : f32 to bf16
func.func @low_precision(%a: tensor<4xbf16>, %b: tensor<4xbf16>) -> tensor<4xbf16> {
  %0 = dlc.add %a, %b : (tensor<4xbf16>, tensor<4xbf16>) -> tensor<4xbf16>
  return %0 : tensor<4xbf16>
}

// -----

// Data movement keeps its element type.
// CHECK-LABEL: func @low_precision_transpose
// CHECK-NOT: arith.extf
// CHECK: linalg.transpose ins(%{{.+}} : tensor<2x3xf16>) outs(%{{.+}} : tensor<3x2xf16>)
func.func @low_precision_transpose(%a: tensor<2x3xf16>) -> tensor<3x2xf16> {
  %0 = dlc.transpose %a [1, 0] : (tensor<2x3xf16>) -> tensor<3x2xf16>
  return %0 : tensor<3x2xf16>
}

// -----

// CHECK-LABEL: func @unary
// CHECK: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK: arith.maximumf %{{.+}}, %[[ZERO]] : f32
// CHECK: math.tanh %{{.+}} : f32
// CHECK: %[[NEG:.+]] = arith.negf %{{.+}} : f32
// CHECK: %[[E:.+]] = math.exp %[[NEG]] : f32
// CHECK: %[[DEN:.+]] = arith.addf %{{.+}}, %[[E]] : f32
// CHECK: arith.divf %{{.+}}, %[[DEN]] : f32
// CHECK: math.exp %{{.+}} : f32
func.func @unary(%x: tensor<8xf32>) -> tensor<8xf32> {
  %0 = dlc.relu %x : tensor<8xf32>
  %1 = dlc.tanh %0 : tensor<8xf32>
  %2 = dlc.sigmoid %1 : tensor<8xf32>
  %3 = dlc.exp %2 : tensor<8xf32>
  return %3 : tensor<8xf32>
}

// -----

// CHECK-LABEL: func @binary
// CHECK: arith.addf
// CHECK: arith.mulf
// CHECK: arith.divf
func.func @binary(%a: tensor<8xf64>, %b: tensor<8xf64>) -> tensor<8xf64> {
  %0 = dlc.add %a, %b : (tensor<8xf64>, tensor<8xf64>) -> tensor<8xf64>
  %1 = dlc.mul %0, %b : (tensor<8xf64>, tensor<8xf64>) -> tensor<8xf64>
  %2 = dlc.div %1, %a : (tensor<8xf64>, tensor<8xf64>) -> tensor<8xf64>
  return %2 : tensor<8xf64>
}

// -----

// CHECK-LABEL: func @sqrt
// CHECK-SAME: (%[[X:.+]]: tensor<2x3xf32>)
// CHECK: %[[R:.+]] = linalg.generic {{.+}} iterator_types = ["parallel", "parallel"]} ins(%[[X]] : tensor<2x3xf32>) outs(%{{.+}} : tensor<2x3xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: %[[ROOT:.+]] = math.sqrt %[[IN]] : f32
// CHECK-NEXT: linalg.yield %[[ROOT]]
// CHECK: return %[[R]]
func.func @sqrt(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = dlc.sqrt %x : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// sqrt on f16 is taken in f32 and rounded once.
// CHECK-LABEL: func @sqrt_f16
// CHECK-SAME: (%[[X:.+]]: tensor<8xf16>)
// CHECK: %[[WIDE:.+]] = linalg.generic {{.+}} ins(%[[X]] : tensor<8xf16>) outs(%{{.+}} : tensor<8xf32>)
// CHECK: arith.extf %{{.+}} : f16 to f32
// CHECK: %[[ROOT:.+]] = linalg.generic {{.+}} ins(%[[WIDE]] : tensor<8xf32>) outs(%{{.+}} : tensor<8xf32>)
// CHECK: math.sqrt %{{.+}} : f32
// CHECK: %[[R:.+]] = linalg.generic {{.+}} ins(%[[ROOT]] : tensor<8xf32>) outs(%{{.+}} : tensor<8xf16>)
// CHECK: arith.truncf %{{.+}} : f32 to f16
// CHECK: return %[[R]]
func.func @sqrt_f16(%x: tensor<8xf16>) -> tensor<8xf16> {
  %0 = dlc.sqrt %x : tensor<8xf16>
  return %0 : tensor<8xf16>
}

// -----

// dlc.convert: one generic that widens or narrows each element.
// CHECK-LABEL: func @convert
// CHECK: linalg.generic
// CHECK: arith.extf %{{.*}} : bf16 to f32
// CHECK: linalg.generic
// CHECK: arith.truncf %{{.*}} : f32 to bf16
// CHECK-NOT: dlc.
func.func @convert(%x: tensor<4x2xbf16>) -> tensor<4x2xbf16> {
  %w = dlc.convert %x : tensor<4x2xbf16> to tensor<4x2xf32>
  %t = dlc.tanh %w : tensor<4x2xf32>
  %n = dlc.convert %t : tensor<4x2xf32> to tensor<4x2xbf16>
  return %n : tensor<4x2xbf16>
}

// -----

// A coupling is inlined first, then lowered like its ops.
// CHECK-LABEL: func @coupling
// CHECK-NOT: dlc.
// CHECK: math.tanh
// CHECK-NOT: dlc.
// CHECK: return
func.func @coupling(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y1, %y2 = dlc.coupling %x, %x {lambda = 0.5 : f64, beta = 1.0 : f64} : tensor<4xf32> f {
  ^bb0(%a: tensor<4xf32>):
    %t = dlc.tanh %a : tensor<4xf32>
    dlc.yield %t : tensor<4xf32>
  } g {
  ^bb0(%b: tensor<4xf32>):
    dlc.yield %b : tensor<4xf32>
  }
  return %y2 : tensor<4xf32>
}
