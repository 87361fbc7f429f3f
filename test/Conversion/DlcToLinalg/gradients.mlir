// Lowering of the elementwise, slice, cross-entropy and normalization
// gradients to linalg.generic and tensor ops, and their f16/bf16 forms
// (computed in f32, rounded to the narrow type once) next to slice_grad's
// (kept narrow).
// RUN: dlc-opt %s --dlc-to-linalg -split-input-file | FileCheck %s

// relu_grad passes the gradient where the input is > 0 (an ordered
// comparison: 0 at 0 and at NaN) and 0 elsewhere.
// CHECK-DAG: #[[ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func @relu_grad
// CHECK-SAME: (%[[DY:.+]]: tensor<4x5xf32>, %[[X:.+]]: tensor<4x5xf32>)
// CHECK: %[[R:.+]] = linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[DY]], %[[X]] : tensor<4x5xf32>, tensor<4x5xf32>) outs(%{{.+}} : tensor<4x5xf32>)
// CHECK-NEXT: ^bb0(%[[G:.+]]: f32, %[[V:.+]]: f32, %{{.+}}: f32):
// CHECK: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[POS:.+]] = arith.cmpf ogt, %[[V]], %[[ZERO]] : f32
// CHECK: %[[ZERO2:.+]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[SEL:.+]] = arith.select %[[POS]], %[[G]], %[[ZERO2]] : f32
// CHECK: linalg.yield %[[SEL]]
// CHECK: return %[[R]]
func.func @relu_grad(%dy: tensor<4x5xf32>, %x: tensor<4x5xf32>) -> tensor<4x5xf32> {
  %0 = dlc.relu_grad %dy, %x : tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

// gelu_grad (approximate none): grad * (Phi(x) + x phi(x)), with
// Phi(x) = (1 + erf(x / sqrt(2))) / 2 and phi(x) = exp(-x^2 / 2) / sqrt(2 pi).
// The body's checks are DAG checks, pinned by their operands: the lowering
// builds it from nested calls, whose operands the C++ compiler may create in
// either order.
// CHECK-LABEL: func @gelu_grad_erf
// CHECK-SAME: (%[[DY:.+]]: tensor<8xf32>, %[[X:.+]]: tensor<8xf32>)
// CHECK: linalg.generic {{.+}} iterator_types = ["parallel"]} ins(%[[DY]], %[[X]] : tensor<8xf32>, tensor<8xf32>) outs(%{{.+}} : tensor<8xf32>)
// CHECK-NEXT: ^bb0(%[[G:.+]]: f32, %[[V:.+]]: f32, %{{.+}}: f32):
// CHECK-DAG: %[[SCALED:.+]] = arith.mulf %[[V]], %[[RSQRT2:.+]] : f32
// CHECK-DAG: %[[RSQRT2]] = arith.constant 0.707106769 : f32
// CHECK-DAG: %[[ERF:.+]] = math.erf %[[SCALED]] : f32
// CHECK-DAG: %[[ONE_ERF:.+]] = arith.addf %[[ONE:.+]], %[[ERF]] : f32
// CHECK-DAG: %[[ONE]] = arith.constant 1.000000e+00 : f32
// CHECK-DAG: %[[CDF:.+]] = arith.mulf %[[HALF:.+]], %[[ONE_ERF]] : f32
// CHECK-DAG: %[[HALF]] = arith.constant 5.000000e-01 : f32
// CHECK-DAG: %[[X2:.+]] = arith.mulf %[[V]], %[[V]] : f32
// CHECK-DAG: %[[EXPONENT:.+]] = arith.mulf %[[MHALF:.+]], %[[X2]] : f32
// CHECK-DAG: %[[MHALF]] = arith.constant -5.000000e-01 : f32
// CHECK-DAG: %[[E:.+]] = math.exp %[[EXPONENT]] : f32
// CHECK-DAG: %[[PDF:.+]] = arith.mulf %[[NORM:.+]], %[[E]] : f32
// CHECK-DAG: %[[NORM]] = arith.constant 0.398942292 : f32
// CHECK-DAG: %[[XPDF:.+]] = arith.mulf %[[V]], %[[PDF]] : f32
// CHECK-DAG: %[[SLOPE:.+]] = arith.addf %[[CDF]], %[[XPDF]] : f32
// CHECK-DAG: %[[DX:.+]] = arith.mulf %[[G]], %[[SLOPE]] : f32
// CHECK: linalg.yield %[[DX]]
// CHECK-NOT: math.tanh
func.func @gelu_grad_erf(%dy: tensor<8xf32>, %x: tensor<8xf32>) -> tensor<8xf32> {
  %0 = dlc.gelu_grad %dy, %x : tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

// gelu_grad (approximate tanh): the derivative of 0.5 x (1 + tanh(u)) with
// u = k (x + 0.044715 x^3), k = sqrt(2 / pi):
// 0.5 (1 + tanh(u)) + 0.5 x (1 - tanh(u)^2) k (1 + 3 * 0.044715 x^2).
// CHECK-LABEL: func @gelu_grad_tanh
// CHECK-SAME: (%[[DY:.+]]: tensor<8xf32>, %[[X:.+]]: tensor<8xf32>)
// CHECK: linalg.generic {{.+}} iterator_types = ["parallel"]} ins(%[[DY]], %[[X]] : tensor<8xf32>, tensor<8xf32>) outs(%{{.+}} : tensor<8xf32>)
// CHECK-NEXT: ^bb0(%[[G:.+]]: f32, %[[V:.+]]: f32, %{{.+}}: f32):
// CHECK-DAG: %[[X2:.+]] = arith.mulf %[[V]], %[[V]] : f32
// CHECK-DAG: %[[X3:.+]] = arith.mulf %[[X2]], %[[V]] : f32
// CHECK-DAG: %[[AX3:.+]] = arith.mulf %[[A:.+]], %[[X3]] : f32
// CHECK-DAG: %[[A]] = arith.constant 4.471500e-02 : f32
// CHECK-DAG: %[[INNER:.+]] = arith.addf %[[V]], %[[AX3]] : f32
// CHECK-DAG: %[[U:.+]] = arith.mulf %[[K:.+]], %[[INNER]] : f32
// CHECK-DAG: %[[K]] = arith.constant 0.797884583 : f32
// CHECK-DAG: %[[TH:.+]] = math.tanh %[[U]] : f32
// CHECK-DAG: %[[A3X2:.+]] = arith.mulf %[[A3:.+]], %[[X2]] : f32
// CHECK-DAG: %[[A3]] = arith.constant 1.341450e-01 : f32
// CHECK-DAG: %[[DPOLY:.+]] = arith.addf %[[ONE1:.+]], %[[A3X2]] : f32
// CHECK-DAG: %[[ONE1]] = arith.constant 1.000000e+00 : f32
// CHECK-DAG: %[[DU:.+]] = arith.mulf %[[K2:.+]], %[[DPOLY]] : f32
// CHECK-DAG: %[[K2]] = arith.constant 0.797884583 : f32
// CHECK-DAG: %[[TH2:.+]] = arith.mulf %[[TH]], %[[TH]] : f32
// CHECK-DAG: %[[SECH2:.+]] = arith.subf %[[ONE2:.+]], %[[TH2]] : f32
// CHECK-DAG: %[[ONE2]] = arith.constant 1.000000e+00 : f32
// CHECK-DAG: %[[ONE_TH:.+]] = arith.addf %[[ONE3:.+]], %[[TH]] : f32
// CHECK-DAG: %[[ONE3]] = arith.constant 1.000000e+00 : f32
// CHECK-DAG: %[[LEFT:.+]] = arith.mulf %[[HALF1:.+]], %[[ONE_TH]] : f32
// CHECK-DAG: %[[HALF1]] = arith.constant 5.000000e-01 : f32
// CHECK-DAG: %[[HALF_X:.+]] = arith.mulf %[[HALF2:.+]], %[[V]] : f32
// CHECK-DAG: %[[HALF2]] = arith.constant 5.000000e-01 : f32
// CHECK-DAG: %[[CHAIN:.+]] = arith.mulf %[[SECH2]], %[[DU]] : f32
// CHECK-DAG: %[[RIGHT:.+]] = arith.mulf %[[HALF_X]], %[[CHAIN]] : f32
// CHECK-DAG: %[[SLOPE:.+]] = arith.addf %[[LEFT]], %[[RIGHT]] : f32
// CHECK-DAG: %[[DX:.+]] = arith.mulf %[[G]], %[[SLOPE]] : f32
// CHECK: linalg.yield %[[DX]]
// CHECK-NOT: math.erf
func.func @gelu_grad_tanh(%dy: tensor<8xf32>, %x: tensor<8xf32>) -> tensor<8xf32> {
  %0 = dlc.gelu_grad %dy, %x approximate tanh : tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

// On bf16 both operands are extended to f32, the derivative is evaluated in
// f32, and the result is rounded to bf16 once.
// CHECK-LABEL: func @gelu_grad_bf16
// CHECK-SAME: (%[[DY:.+]]: tensor<8xbf16>, %[[X:.+]]: tensor<8xbf16>)
// CHECK: %[[DYW:.+]] = linalg.generic {{.+}} ins(%[[DY]] : tensor<8xbf16>) outs(%{{.+}} : tensor<8xf32>)
// CHECK: arith.extf %{{.+}} : bf16 to f32
// CHECK: %[[XW:.+]] = linalg.generic {{.+}} ins(%[[X]] : tensor<8xbf16>) outs(%{{.+}} : tensor<8xf32>)
// CHECK: arith.extf %{{.+}} : bf16 to f32
// CHECK: %[[DXW:.+]] = linalg.generic {{.+}} ins(%[[DYW]], %[[XW]] : tensor<8xf32>, tensor<8xf32>) outs(%{{.+}} : tensor<8xf32>)
// CHECK: math.erf %{{.+}} : f32
// CHECK: %[[DX:.+]] = linalg.generic {{.+}} ins(%[[DXW]] : tensor<8xf32>) outs(%{{.+}} : tensor<8xbf16>)
// CHECK: arith.truncf %{{.+}} : f32 to bf16
// CHECK: return %[[DX]]
func.func @gelu_grad_bf16(%dy: tensor<8xbf16>, %x: tensor<8xbf16>) -> tensor<8xbf16> {
  %0 = dlc.gelu_grad %dy, %x : tensor<8xbf16>
  return %0 : tensor<8xbf16>
}

// -----

// slice_grad inserts the gradient, with the slice's offsets and strides,
// into zeros of the sliced input's shape.
// CHECK-LABEL: func @slice_grad
// CHECK-SAME: (%[[G:.+]]: tensor<3x4xf32>)
// CHECK: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[ZEROS:.+]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.+}} : tensor<7x9xf32>)
// CHECK: %[[R:.+]] = tensor.insert_slice %[[G]] into %[[ZEROS]][1, 2] [3, 4] [2, 1] : tensor<3x4xf32> into tensor<7x9xf32>
// CHECK: return %[[R]]
func.func @slice_grad(%dy: tensor<3x4xf32>) -> tensor<7x9xf32> {
  %0 = dlc.slice_grad %dy offsets [1, 2] strides [2, 1] : (tensor<3x4xf32>) -> tensor<7x9xf32>
  return %0 : tensor<7x9xf32>
}

// -----

// slice_grad only moves data: f16 stays f16.
// CHECK-LABEL: func @slice_grad_f16
// CHECK-SAME: (%[[G:.+]]: tensor<3xf16>)
// CHECK-NOT: arith.extf
// CHECK: %[[ZEROS:.+]] = linalg.fill ins(%{{.+}} : f16) outs(%{{.+}} : tensor<10xf16>)
// CHECK: %[[R:.+]] = tensor.insert_slice %[[G]] into %[[ZEROS]][1] [3] [3] : tensor<3xf16> into tensor<10xf16>
// CHECK-NOT: arith.truncf
// CHECK: return %[[R]]
func.func @slice_grad_f16(%dy: tensor<3xf16>) -> tensor<10xf16> {
  %0 = dlc.slice_grad %dy offsets [1] strides [3] : (tensor<3xf16>) -> tensor<10xf16>
  return %0 : tensor<10xf16>
}

// -----

// cross_entropy_grad recomputes the softmax with the row maximum subtracted
// (the sum of exponentials accumulated in f64), then one generic over
// [N, C] computes (p - onehot(label)) * (grad * 1/N), the label clamped into
// [0, C) and the rank-0 gradient read through an empty map.
// CHECK-DAG: #[[ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.+]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[SCALAR:.+]] = affine_map<(d0, d1) -> ()>
// CHECK-LABEL: func @cross_entropy_grad
// CHECK-SAME: (%[[LOGITS:.+]]: tensor<3x5xf32>, %[[LABELS:.+]]: tensor<3xi64>, %[[DL:.+]]: tensor<f32>)
// CHECK: %[[MAX:.+]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]]], iterator_types = ["parallel", "reduction"]} ins(%[[LOGITS]] : tensor<3x5xf32>) outs(%{{.+}} : tensor<3xf32>)
// CHECK: arith.maximumf
// CHECK: %[[EXP:.+]] = linalg.generic {{.+}} ins(%[[LOGITS]], %[[MAX]] : tensor<3x5xf32>, tensor<3xf32>)
// CHECK: arith.subf
// CHECK: math.exp
// CHECK: %[[SUM64:.+]] = linalg.generic {{.+}} iterator_types = ["parallel", "reduction"]} ins(%[[EXP]] : tensor<3x5xf32>) outs(%{{.+}} : tensor<3xf64>)
// CHECK: %[[SUM:.+]] = linalg.generic {{.+}} ins(%[[SUM64]] : tensor<3xf64>) outs(%{{.+}} : tensor<3xf32>)
// The last generic exponentiates the logits again rather than read the
// exponentials, so that only the sum reads those (and fuses them).
// CHECK: %[[R:.+]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ROW]], #[[ROW]], #[[SCALAR]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[LOGITS]], %[[MAX]], %[[SUM]], %[[LABELS]], %[[DL]] : tensor<3x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xi64>, tensor<f32>) outs(%{{.+}} : tensor<3x5xf32>)
// CHECK-NEXT: ^bb0(%[[X:.+]]: f32, %[[M:.+]]: f32, %[[S:.+]]: f32, %[[L:.+]]: i64, %[[G:.+]]: f32, %{{.+}}: f32):
// CHECK-DAG: %[[XM:.+]] = arith.subf %[[X]], %[[M]] : f32
// CHECK-DAG: %[[E:.+]] = math.exp %[[XM]] : f32
// CHECK-DAG: %[[P:.+]] = arith.divf %[[E]], %[[S]] : f32
// CHECK-DAG: %[[LI:.+]] = arith.index_cast %[[L]] : i64 to index
// CHECK-DAG: %[[LO:.+]] = arith.maxsi %[[LI]], %[[FIRST:.+]] : index
// CHECK-DAG: %[[FIRST]] = arith.constant 0 : index
// CHECK-DAG: %[[LABEL:.+]] = arith.minsi %[[LO]], %[[LAST:.+]] : index
// CHECK-DAG: %[[LAST]] = arith.constant 4 : index
// CHECK-DAG: %[[COL:.+]] = linalg.index 1 : index
// CHECK-DAG: %[[HIT:.+]] = arith.cmpi eq, %[[LABEL]], %[[COL]] : index
// CHECK-DAG: %[[ONEHOT:.+]] = arith.select %[[HIT]], %[[ONE:.+]], %[[ZERO:.+]] : f32
// CHECK-DAG: %[[ONE]] = arith.constant 1.000000e+00 : f32
// CHECK-DAG: %[[ZERO]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[SCALE:.+]] = arith.mulf %[[G]], %[[INV_N:.+]] : f32
// CHECK-DAG: %[[INV_N]] = arith.constant 0.333333343 : f32
// CHECK-DAG: %[[DIFF:.+]] = arith.subf %[[P]], %[[ONEHOT]] : f32
// CHECK-DAG: %[[DX:.+]] = arith.mulf %[[DIFF]], %[[SCALE]] : f32
// CHECK: linalg.yield %[[DX]]
// CHECK: return %[[R]]
func.func @cross_entropy_grad(%l: tensor<3x5xf32>, %y: tensor<3xi64>, %g: tensor<f32>) -> tensor<3x5xf32> {
  %0 = dlc.cross_entropy_grad %l, %y, %g : (tensor<3x5xf32>, tensor<3xi64>, tensor<f32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

// On f16 the logits and the rank-0 gradient are extended to f32 (the labels,
// integers, are not converted) and the result is rounded once.
// CHECK-LABEL: func @cross_entropy_grad_f16
// CHECK-SAME: (%[[LOGITS:.+]]: tensor<3x5xf16>, %[[LABELS:.+]]: tensor<3xi32>, %[[DL:.+]]: tensor<f16>)
// CHECK: %[[LW:.+]] = linalg.generic {{.+}} ins(%[[LOGITS]] : tensor<3x5xf16>) outs(%{{.+}} : tensor<3x5xf32>)
// CHECK: arith.extf %{{.+}} : f16 to f32
// CHECK: %[[GW:.+]] = linalg.generic {{.+}} iterator_types = []} ins(%[[DL]] : tensor<f16>) outs(%{{.+}} : tensor<f32>)
// CHECK: arith.extf %{{.+}} : f16 to f32
// CHECK-NOT: to f16
// CHECK: %[[RW:.+]] = linalg.generic {{.+}} ins(%[[LW]], %{{.+}}, %{{.+}}, %[[LABELS]], %[[GW]] : tensor<3x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xi32>, tensor<f32>) outs(%{{.+}} : tensor<3x5xf32>)
// CHECK: arith.index_cast %{{.+}} : i32 to index
// CHECK-NOT: to f16
// CHECK: %[[R:.+]] = linalg.generic {{.+}} ins(%[[RW]] : tensor<3x5xf32>) outs(%{{.+}} : tensor<3x5xf16>)
// CHECK: arith.truncf %{{.+}} : f32 to f16
// CHECK: return %[[R]]
func.func @cross_entropy_grad_f16(%l: tensor<3x5xf16>, %y: tensor<3xi32>, %g: tensor<f16>) -> tensor<3x5xf16> {
  %0 = dlc.cross_entropy_grad %l, %y, %g : (tensor<3x5xf16>, tensor<3xi32>, tensor<f16>) -> tensor<3x5xf16>
  return %0 : tensor<3x5xf16>
}

// -----

// layer_norm_grad over the last dimension: the statistics of x (mean, biased
// variance) and x^ = (x - mean) rsqrt(var + eps); g = dy w with w read along
// the normalized dimension; dx = (g - mean(g) - x^ mean(g x^)) rsqrt(var +
// eps) with means over the normalized dimension; dw = sum(dy x^) and
// db = sum(dy) over the leading ones. f64, so no sum is widened.
// CHECK-DAG: #[[ID:.+]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[STAT:.+]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[PARAM:.+]] = affine_map<(d0, d1, d2) -> (d2)>
// CHECK-LABEL: func @layer_norm_grad
// CHECK-SAME: (%[[DY:.+]]: tensor<2x3x4xf64>, %[[X:.+]]: tensor<2x3x4xf64>, %[[W:.+]]: tensor<4xf64>)
// CHECK: %[[XSUM:.+]] = linalg.generic {indexing_maps = [#[[ID]], #[[STAT]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[X]] : tensor<2x3x4xf64>) outs(%{{.+}} : tensor<2x3xf64>)
// CHECK: %[[MEAN:.+]] = linalg.generic {{.+}} ins(%[[XSUM]] : tensor<2x3xf64>)
// CHECK: arith.constant 2.500000e-01 : f64
// CHECK: %[[SQ:.+]] = linalg.generic {{.+}} ins(%[[X]], %[[MEAN]] : tensor<2x3x4xf64>, tensor<2x3xf64>)
// CHECK: %[[SQSUM:.+]] = linalg.generic {{.+}} ins(%[[SQ]] : tensor<2x3x4xf64>) outs(%{{.+}} : tensor<2x3xf64>)
// CHECK: %[[VAR:.+]] = linalg.generic {{.+}} ins(%[[SQSUM]] : tensor<2x3xf64>)
// CHECK: %[[XHAT:.+]] = linalg.generic {indexing_maps = [#[[ID]], #[[STAT]], #[[STAT]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[X]], %[[MEAN]], %[[VAR]] : tensor<2x3x4xf64>, tensor<2x3xf64>, tensor<2x3xf64>)
// CHECK: arith.constant 1.000000e-03 : f64
// CHECK: math.rsqrt
// CHECK: %[[GW:.+]] = linalg.generic {indexing_maps = [#[[ID]], #[[PARAM]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[DY]], %[[W]] : tensor<2x3x4xf64>, tensor<4xf64>)
// CHECK: arith.mulf
// CHECK: %[[GWX:.+]] = linalg.generic {{.+}} ins(%[[GW]], %[[XHAT]] : tensor<2x3x4xf64>, tensor<2x3x4xf64>)
// CHECK: %[[S1:.+]] = linalg.generic {indexing_maps = [#[[ID]], #[[STAT]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[GW]] : tensor<2x3x4xf64>)
// CHECK: %[[M1:.+]] = linalg.generic {{.+}} ins(%[[S1]] : tensor<2x3xf64>)
// CHECK: %[[S2:.+]] = linalg.generic {indexing_maps = [#[[ID]], #[[STAT]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[GWX]] : tensor<2x3x4xf64>)
// CHECK: %[[M2:.+]] = linalg.generic {{.+}} ins(%[[S2]] : tensor<2x3xf64>)
// CHECK: %[[DX:.+]] = linalg.generic {indexing_maps = [#[[ID]], #[[STAT]], #[[ID]], #[[STAT]], #[[STAT]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[GW]], %[[M1]], %[[XHAT]], %[[M2]], %[[VAR]] : tensor<2x3x4xf64>, tensor<2x3xf64>, tensor<2x3x4xf64>, tensor<2x3xf64>, tensor<2x3xf64>)
// CHECK-NEXT: ^bb0(%[[G:.+]]: f64, %[[MG:.+]]: f64, %[[XH:.+]]: f64, %[[MGX:.+]]: f64, %[[V:.+]]: f64, %{{.+}}: f64):
// CHECK-DAG: %[[T1:.+]] = arith.subf %[[G]], %[[MG]] : f64
// CHECK-DAG: %[[PROJ:.+]] = arith.mulf %[[XH]], %[[MGX]] : f64
// CHECK-DAG: %[[T2:.+]] = arith.subf %[[T1]], %[[PROJ]] : f64
// CHECK-DAG: %[[VE:.+]] = arith.addf %[[V]], %[[EPS:.+]] : f64
// CHECK-DAG: %[[EPS]] = arith.constant 1.000000e-03 : f64
// CHECK-DAG: %[[RSTD:.+]] = math.rsqrt %[[VE]] : f64
// CHECK-DAG: %[[DXV:.+]] = arith.mulf %[[T2]], %[[RSTD]] : f64
// CHECK: linalg.yield %[[DXV]]
// CHECK: %[[GX:.+]] = linalg.generic {{.+}} ins(%[[DY]], %[[XHAT]] : tensor<2x3x4xf64>, tensor<2x3x4xf64>)
// CHECK: %[[DW:.+]] = linalg.generic {indexing_maps = [#[[ID]], #[[PARAM]]], iterator_types = ["reduction", "reduction", "parallel"]} ins(%[[GX]] : tensor<2x3x4xf64>) outs(%{{.+}} : tensor<4xf64>)
// CHECK: %[[DB:.+]] = linalg.generic {indexing_maps = [#[[ID]], #[[PARAM]]], iterator_types = ["reduction", "reduction", "parallel"]} ins(%[[DY]] : tensor<2x3x4xf64>) outs(%{{.+}} : tensor<4xf64>)
// CHECK: return %[[DX]], %[[DW]], %[[DB]]
func.func @layer_norm_grad(%dy: tensor<2x3x4xf64>, %x: tensor<2x3x4xf64>, %w: tensor<4xf64>) -> (tensor<2x3x4xf64>, tensor<4xf64>, tensor<4xf64>) {
  %dx, %dw, %db = dlc.layer_norm_grad %dy, %x, %w {epsilon = 1.0e-3 : f64} : (tensor<2x3x4xf64>, tensor<2x3x4xf64>, tensor<4xf64>) -> (tensor<2x3x4xf64>, tensor<4xf64>, tensor<4xf64>)
  return %dx, %dw, %db : tensor<2x3x4xf64>, tensor<4xf64>, tensor<4xf64>
}

// -----

// On bf16 the three operands are extended to f32, everything between is
// f32 (the sums accumulate in f64 and round to f32), and each of the three
// results is rounded to bf16 once, at the end.
// CHECK-LABEL: func @layer_norm_grad_bf16
// CHECK-SAME: (%[[DY:.+]]: tensor<2x4xbf16>, %[[X:.+]]: tensor<2x4xbf16>, %[[W:.+]]: tensor<4xbf16>)
// CHECK: linalg.generic {{.+}} ins(%[[DY]] : tensor<2x4xbf16>) outs(%{{.+}} : tensor<2x4xf32>)
// CHECK: linalg.generic {{.+}} ins(%[[X]] : tensor<2x4xbf16>) outs(%{{.+}} : tensor<2x4xf32>)
// CHECK: linalg.generic {{.+}} ins(%[[W]] : tensor<4xbf16>) outs(%{{.+}} : tensor<4xf32>)
// CHECK: arith.extf %{{.+}} : bf16 to f32
// CHECK-NOT: to bf16
// CHECK: math.rsqrt %{{.+}} : f32
// CHECK-NOT: to bf16
// CHECK: %[[DX:.+]] = linalg.generic {{.+}} ins(%{{.+}} : tensor<2x4xf32>) outs(%{{.+}} : tensor<2x4xbf16>)
// CHECK: arith.truncf %{{.+}} : f32 to bf16
// CHECK: %[[DW:.+]] = linalg.generic {{.+}} ins(%{{.+}} : tensor<4xf32>) outs(%{{.+}} : tensor<4xbf16>)
// CHECK: arith.truncf %{{.+}} : f32 to bf16
// CHECK: %[[DB:.+]] = linalg.generic {{.+}} ins(%{{.+}} : tensor<4xf32>) outs(%{{.+}} : tensor<4xbf16>)
// CHECK: arith.truncf %{{.+}} : f32 to bf16
// CHECK: return %[[DX]], %[[DW]], %[[DB]]
func.func @layer_norm_grad_bf16(%dy: tensor<2x4xbf16>, %x: tensor<2x4xbf16>, %w: tensor<4xbf16>) -> (tensor<2x4xbf16>, tensor<4xbf16>, tensor<4xbf16>) {
  %dx, %dw, %db = dlc.layer_norm_grad %dy, %x, %w : (tensor<2x4xbf16>, tensor<2x4xbf16>, tensor<4xbf16>) -> (tensor<2x4xbf16>, tensor<4xbf16>, tensor<4xbf16>)
  return %dx, %dw, %db : tensor<2x4xbf16>, tensor<4xbf16>, tensor<4xbf16>
}

// -----

// batch_norm_grad is the same computation with the statistics, and the
// weight and bias gradients, taken over every dimension but the channels
// (1/40 here) and the weight read per channel; its f32 sums over the batch
// accumulate in f64 and round once. The default epsilon is 1e-5.
// CHECK-DAG: #[[ID:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[CH:.+]] = affine_map<(d0, d1, d2, d3) -> (d1)>
// CHECK-LABEL: func @batch_norm_grad
// CHECK-SAME: (%[[DY:.+]]: tensor<2x3x4x5xf32>, %[[X:.+]]: tensor<2x3x4x5xf32>, %[[W:.+]]: tensor<3xf32>)
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[CH]]], iterator_types = ["reduction", "parallel", "reduction", "reduction"]} ins(%[[X]] : tensor<2x3x4x5xf32>) outs(%{{.+}} : tensor<3xf64>)
// CHECK: arith.constant 2.500000e-02 : f32
// CHECK: %[[XHAT:.+]] = linalg.generic {indexing_maps = [#[[ID]], #[[CH]], #[[CH]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[X]], %[[MEAN:.+]], %[[VAR:.+]] : tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>)
// CHECK: arith.constant 9.99999974E-6 : f32
// CHECK: math.rsqrt
// CHECK: %[[GW:.+]] = linalg.generic {indexing_maps = [#[[ID]], #[[CH]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[DY]], %[[W]] : tensor<2x3x4x5xf32>, tensor<3xf32>)
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[CH]]], iterator_types = ["reduction", "parallel", "reduction", "reduction"]} ins(%[[GW]] : tensor<2x3x4x5xf32>) outs(%{{.+}} : tensor<3xf64>)
// CHECK: %[[DX:.+]] = linalg.generic {indexing_maps = [#[[ID]], #[[CH]], #[[ID]], #[[CH]], #[[CH]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[GW]], %{{.+}}, %[[XHAT]], %{{.+}}, %[[VAR]] :
// CHECK: %[[GX:.+]] = linalg.generic {{.+}} ins(%[[DY]], %[[XHAT]] : tensor<2x3x4x5xf32>, tensor<2x3x4x5xf32>)
// CHECK: %[[DW64:.+]] = linalg.generic {indexing_maps = [#[[ID]], #[[CH]]], iterator_types = ["reduction", "parallel", "reduction", "reduction"]} ins(%[[GX]] : tensor<2x3x4x5xf32>) outs(%{{.+}} : tensor<3xf64>)
// CHECK: arith.extf %{{.+}} : f32 to f64
// CHECK: arith.addf %{{.+}}, %{{.+}} : f64
// CHECK: %[[DW:.+]] = linalg.generic {{.+}} ins(%[[DW64]] : tensor<3xf64>) outs(%{{.+}} : tensor<3xf32>)
// CHECK: arith.truncf %{{.+}} : f64 to f32
// CHECK: %[[DB64:.+]] = linalg.generic {indexing_maps = [#[[ID]], #[[CH]]], iterator_types = ["reduction", "parallel", "reduction", "reduction"]} ins(%[[DY]] : tensor<2x3x4x5xf32>) outs(%{{.+}} : tensor<3xf64>)
// CHECK: %[[DB:.+]] = linalg.generic {{.+}} ins(%[[DB64]] : tensor<3xf64>) outs(%{{.+}} : tensor<3xf32>)
// CHECK: return %[[DX]], %[[DW]], %[[DB]]
func.func @batch_norm_grad(%dy: tensor<2x3x4x5xf32>, %x: tensor<2x3x4x5xf32>, %w: tensor<3xf32>) -> (tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>) {
  %dx, %dw, %db = dlc.batch_norm_grad %dy, %x, %w : (tensor<2x3x4x5xf32>, tensor<2x3x4x5xf32>, tensor<3xf32>) -> (tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>)
  return %dx, %dw, %db : tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>
}
