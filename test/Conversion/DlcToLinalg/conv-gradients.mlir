// Lowering of the convolution gradients to linalg.generic over grouped
// tensors: the weight gradient as one batch-wide reduction (strided,
// dilated, grouped, f16), the input gradient as a convolution of the padded
// output gradient or, where that does not apply, as a gather (cases not in
// contractions.mlir).
// RUN: dlc-opt %s --dlc-to-linalg -split-input-file | FileCheck %s

// The weight gradient reads the padded input at (oh * stride + kh, ow *
// stride + kw) for loops (g, f, c, kh, kw | n, oh, ow); its f32 sum over the
// whole batch accumulates in f64 (the zero init extended, each f32 product
// extended) and rounds to f32 once.
// CHECK-DAG: #[[DY:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d5, d0, d1, d6, d7)>
// CHECK-DAG: #[[X:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d5, d0, d2, d6 * 2 + d3, d7 * 2 + d4)>
// CHECK-DAG: #[[DW:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d3, d4)>
// CHECK-LABEL: func @conv2d_weight_grad_strided
// CHECK-SAME: (%[[G:.+]]: tensor<2x4x4x5xf32>, %[[IN:.+]]: tensor<2x3x7x9xf32>)
// CHECK: %[[P:.+]] = tensor.pad %[[IN]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: tensor<2x3x7x9xf32> to tensor<2x3x9x11xf32>
// CHECK: %[[XG:.+]] = tensor.reshape %[[P]](%{{.+}}) : (tensor<2x3x9x11xf32>, tensor<5xi64>) -> tensor<2x1x3x9x11xf32>
// CHECK: %[[DYG:.+]] = tensor.reshape %[[G]](%{{.+}}) : (tensor<2x4x4x5xf32>, tensor<5xi64>) -> tensor<2x1x4x4x5xf32>
// CHECK: %[[INIT:.+]] = linalg.generic {{.+}} outs(%{{.+}} : tensor<1x4x3x3x3xf64>)
// CHECK: %[[SUM:.+]] = linalg.generic {indexing_maps = [#[[DY]], #[[X]], #[[DW]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%[[DYG]], %[[XG]] : tensor<2x1x4x4x5xf32>, tensor<2x1x3x9x11xf32>) outs(%[[INIT]] : tensor<1x4x3x3x3xf64>)
// CHECK-NEXT: ^bb0(%[[A:.+]]: f32, %[[B:.+]]: f32, %[[ACC:.+]]: f64):
// CHECK-NEXT: %[[PROD:.+]] = arith.mulf %[[A]], %[[B]] : f32
// CHECK-NEXT: %[[WIDE:.+]] = arith.extf %[[PROD]] : f32 to f64
// CHECK-NEXT: %[[NEXT:.+]] = arith.addf %[[ACC]], %[[WIDE]] : f64
// CHECK-NEXT: linalg.yield %[[NEXT]]
// CHECK: %[[ROUNDED:.+]] = linalg.generic {{.+}} ins(%[[SUM]] : tensor<1x4x3x3x3xf64>) outs(%{{.+}} : tensor<1x4x3x3x3xf32>)
// CHECK: arith.truncf %{{.+}} : f64 to f32
// CHECK: %[[R:.+]] = tensor.reshape %[[ROUNDED]](%{{.+}}) : (tensor<1x4x3x3x3xf32>, tensor<4xi64>) -> tensor<4x3x3x3xf32>
// CHECK: return %[[R]]
func.func @conv2d_weight_grad_strided(%dy: tensor<2x4x4x5xf32>, %x: tensor<2x3x7x9xf32>) -> tensor<4x3x3x3xf32> {
  %0 = dlc.conv2d_weight_grad %dy, %x {padding = array<i64: 1, 1>, strides = array<i64: 2, 2>} : (tensor<2x4x4x5xf32>, tensor<2x3x7x9xf32>) -> tensor<4x3x3x3xf32>
  return %0 : tensor<4x3x3x3xf32>
}

// -----

// Groups split the channels ([N, G, C/G, H, W] input, [N, G, F/G, OH, OW]
// output gradient, [G, F/G, C/G, KH, KW] result); dilation scales the tap
// offset: the input is read at (oh + kh * 2, ow + kw * 2).
// CHECK-DAG: #[[X:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d5, d0, d2, d6 + d3 * 2, d7 + d4 * 2)>
// CHECK-LABEL: func @conv2d_weight_grad_grouped_dilated
// CHECK-SAME: (%[[G:.+]]: tensor<1x4x9x5xf32>, %[[IN:.+]]: tensor<1x6x13x9xf32>)
// CHECK-NOT: tensor.pad
// CHECK: %[[XG:.+]] = tensor.reshape %[[IN]](%{{.+}}) : (tensor<1x6x13x9xf32>, tensor<5xi64>) -> tensor<1x2x3x13x9xf32>
// CHECK: %[[DYG:.+]] = tensor.reshape %[[G]](%{{.+}}) : (tensor<1x4x9x5xf32>, tensor<5xi64>) -> tensor<1x2x2x9x5xf32>
// CHECK: linalg.generic {indexing_maps = [#{{.+}}, #[[X]], #{{.+}}], {{.+}} ins(%[[DYG]], %[[XG]] : tensor<1x2x2x9x5xf32>, tensor<1x2x3x13x9xf32>) outs(%{{.+}} : tensor<2x2x3x3x3xf64>)
// CHECK: tensor.reshape %{{.+}}(%{{.+}}) : (tensor<2x2x3x3x3xf32>, tensor<4xi64>) -> tensor<4x3x3x3xf32>
func.func @conv2d_weight_grad_grouped_dilated(%dy: tensor<1x4x9x5xf32>, %x: tensor<1x6x13x9xf32>) -> tensor<4x3x3x3xf32> {
  %0 = dlc.conv2d_weight_grad %dy, %x {dilation = array<i64: 2, 2>, groups = 2} : (tensor<1x4x9x5xf32>, tensor<1x6x13x9xf32>) -> tensor<4x3x3x3xf32>
  return %0 : tensor<4x3x3x3xf32>
}

// -----

// f16 operands stay f16 (no f32 copies): each product extends its two
// factors to f32 and, as a batch-wide f32 sum does, accumulates in f64; the
// sum is rounded to f32, then to f16.
// CHECK-LABEL: func @conv2d_weight_grad_f16
// CHECK-SAME: (%[[G:.+]]: tensor<2x4x5x7xf16>, %[[IN:.+]]: tensor<2x3x7x9xf16>)
// CHECK-NOT: f16 to f32
// CHECK: %[[XG:.+]] = tensor.reshape %[[IN]](%{{.+}}) : (tensor<2x3x7x9xf16>, tensor<5xi64>) -> tensor<2x1x3x7x9xf16>
// CHECK: %[[DYG:.+]] = tensor.reshape %[[G]](%{{.+}}) : (tensor<2x4x5x7xf16>, tensor<5xi64>) -> tensor<2x1x4x5x7xf16>
// CHECK-NOT: f16 to f32
// CHECK: %[[SUM:.+]] = linalg.generic {{.+}} ins(%[[DYG]], %[[XG]] : tensor<2x1x4x5x7xf16>, tensor<2x1x3x7x9xf16>) outs(%{{.+}} : tensor<1x4x3x3x3xf64>)
// CHECK-NEXT: ^bb0(%[[A:.+]]: f16, %[[B:.+]]: f16, %[[ACC:.+]]: f64):
// CHECK-DAG: %[[AW:.+]] = arith.extf %[[A]] : f16 to f32
// CHECK-DAG: %[[BW:.+]] = arith.extf %[[B]] : f16 to f32
// CHECK-DAG: %[[PROD:.+]] = arith.mulf %[[AW]], %[[BW]] : f32
// CHECK-DAG: %[[WIDE:.+]] = arith.extf %[[PROD]] : f32 to f64
// CHECK-DAG: %[[NEXT:.+]] = arith.addf %[[ACC]], %[[WIDE]] : f64
// CHECK: linalg.yield %[[NEXT]]
// CHECK: %[[SUM32:.+]] = linalg.generic {{.+}} ins(%[[SUM]] : tensor<1x4x3x3x3xf64>) outs(%{{.+}} : tensor<1x4x3x3x3xf32>)
// CHECK: arith.truncf %{{.+}} : f64 to f32
// CHECK: %[[DW32:.+]] = tensor.reshape %[[SUM32]]
// CHECK: %[[R:.+]] = linalg.generic {{.+}} ins(%[[DW32]] : tensor<4x3x3x3xf32>) outs(%{{.+}} : tensor<4x3x3x3xf16>)
// CHECK: arith.truncf %{{.+}} : f32 to f16
// CHECK: return %[[R]]
func.func @conv2d_weight_grad_f16(%dy: tensor<2x4x5x7xf16>, %x: tensor<2x3x7x9xf16>) -> tensor<4x3x3x3xf16> {
  %0 = dlc.conv2d_weight_grad %dy, %x : (tensor<2x4x5x7xf16>, tensor<2x3x7x9xf16>) -> tensor<4x3x3x3xf16>
  return %0 : tensor<4x3x3x3xf16>
}

// -----

// With unit strides the input gradient is a convolution of the output
// gradient padded by (KH - 1) * dilation = 4, with the flipped, dilated
// kernel (dy at h + (2 - kh) * 2), per group; it sums F/G * KH * KW terms
// in f32, like the forward convolution (no f64).
// CHECK-DAG: #[[DY:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d5, d3 + (-d6 + 2) * 2, d4 + (-d7 + 2) * 2)>
// CHECK-DAG: #[[W:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d1, d5, d2, d6, d7)>
// CHECK-LABEL: func @conv2d_input_grad_grouped_dilated
// CHECK-SAME: (%[[G:.+]]: tensor<1x4x9x5xf32>, %[[F:.+]]: tensor<4x3x3x3xf32>)
// CHECK: %[[WG:.+]] = tensor.reshape %[[F]](%{{.+}}) : (tensor<4x3x3x3xf32>, tensor<5xi64>) -> tensor<2x2x3x3x3xf32>
// CHECK: %[[P:.+]] = tensor.pad %[[G]] low[0, 0, 4, 4] high[0, 0, 4, 4]
// CHECK: tensor<1x4x9x5xf32> to tensor<1x4x17x13xf32>
// CHECK: %[[DYG:.+]] = tensor.reshape %[[P]](%{{.+}}) : (tensor<1x4x17x13xf32>, tensor<5xi64>) -> tensor<1x2x2x17x13xf32>
// CHECK: %[[DX:.+]] = linalg.generic {indexing_maps = [#[[DY]], #[[W]], #{{.+}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%[[DYG]], %[[WG]] : tensor<1x2x2x17x13xf32>, tensor<2x2x3x3x3xf32>) outs(%{{.+}} : tensor<1x2x3x13x9xf32>)
// CHECK-NOT: tensor.extract
// CHECK-NOT: f64
// CHECK: tensor.reshape %[[DX]](%{{.+}}) : (tensor<1x2x3x13x9xf32>, tensor<4xi64>) -> tensor<1x6x13x9xf32>
func.func @conv2d_input_grad_grouped_dilated(%dy: tensor<1x4x9x5xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x6x13x9xf32> {
  %0 = dlc.conv2d_input_grad %dy, %w {dilation = array<i64: 2, 2>, groups = 2} : (tensor<1x4x9x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x6x13x9xf32>
  return %0 : tensor<1x6x13x9xf32>
}

// -----

// Unit strides, but padding 3 exceeds (KH - 1) * dilation = 2, so no
// padding of the output gradient gives the convolution form: the input
// gradient gathers instead, each input position reading the output
// gradient where a window took it through tap (kh, kw), and zero elsewhere.
// CHECK-LABEL: func @conv2d_input_grad_wide_padding
// CHECK-SAME: (%[[G:.+]]: tensor<1x2x7x7xf32>, %[[F:.+]]: tensor<2x3x3x3xf32>)
// CHECK-NOT: tensor.pad
// CHECK: %[[WG:.+]] = tensor.reshape %[[F]](%{{.+}}) : (tensor<2x3x3x3xf32>, tensor<5xi64>) -> tensor<1x2x3x3x3xf32>
// CHECK: %[[DYG:.+]] = tensor.reshape %[[G]](%{{.+}}) : (tensor<1x2x7x7xf32>, tensor<5xi64>) -> tensor<1x1x2x7x7xf32>
// CHECK: linalg.generic {{.+}} iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%[[WG]] : tensor<1x2x3x3x3xf32>) outs(%{{.+}} : tensor<1x1x3x3x3xf32>)
// CHECK-NEXT: ^bb0(%[[WV:.+]]: f32, %[[ACC:.+]]: f32):
// CHECK-DAG: %{{.+}} = arith.addi %{{.+}}, %[[PAD:.+]] : index
// CHECK-DAG: %[[PAD]] = arith.constant 3 : index
// CHECK-DAG: %{{.+}} = arith.cmpi slt, %{{.+}}, %[[OH:.+]] : index
// CHECK-DAG: %[[OH]] = arith.constant 7 : index
// CHECK-DAG: %[[DYV:.+]] = tensor.extract %[[DYG]][{{.+}}] : tensor<1x1x2x7x7xf32>
// CHECK-DAG: %[[PROD:.+]] = arith.mulf %[[DYV]], %[[WV]] : f32
// CHECK-DAG: %[[TERM:.+]] = arith.select %[[VALID:.+]], %[[PROD]], %[[ZERO:.+]] : f32
// CHECK-DAG: %[[VALID]] = arith.andi %{{.+}}, %{{.+}} : i1
// CHECK-DAG: %[[ZERO]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[NEXT:.+]] = arith.addf %[[ACC]], %[[TERM]] : f32
// CHECK: linalg.yield %[[NEXT]]
// CHECK: tensor.reshape %{{.+}}(%{{.+}}) : (tensor<1x1x3x3x3xf32>, tensor<4xi64>) -> tensor<1x3x3x3xf32>
func.func @conv2d_input_grad_wide_padding(%dy: tensor<1x2x7x7xf32>, %w: tensor<2x3x3x3xf32>) -> tensor<1x3x3x3xf32> {
  %0 = dlc.conv2d_input_grad %dy, %w {padding = array<i64: 3, 3>} : (tensor<1x2x7x7xf32>, tensor<2x3x3x3xf32>) -> tensor<1x3x3x3xf32>
  return %0 : tensor<1x3x3x3xf32>
}

// -----

// The gather on f16: the output gradient and the weight stay f16, each
// product extends its factors to f32 and sums into an f32 accumulator, and
// the result is rounded to f16 once.
// CHECK-LABEL: func @conv2d_input_grad_f16_stride_2
// CHECK-SAME: (%[[G:.+]]: tensor<2x8x3x3xf16>, %[[F:.+]]: tensor<8x4x3x3xf16>)
// CHECK-NOT: f16 to f32
// CHECK: %[[WG:.+]] = tensor.reshape %[[F]](%{{.+}}) : (tensor<8x4x3x3xf16>, tensor<5xi64>) -> tensor<1x8x4x3x3xf16>
// CHECK: %[[DYG:.+]] = tensor.reshape %[[G]](%{{.+}}) : (tensor<2x8x3x3xf16>, tensor<5xi64>) -> tensor<2x1x8x3x3xf16>
// CHECK-NOT: f16 to f32
// CHECK: %[[SUM:.+]] = linalg.generic {{.+}} ins(%[[WG]] : tensor<1x8x4x3x3xf16>) outs(%{{.+}} : tensor<2x1x4x6x6xf32>)
// CHECK-NEXT: ^bb0(%[[WV:.+]]: f16, %[[ACC:.+]]: f32):
// CHECK-DAG: %{{.+}} = arith.remsi %{{.+}}, %[[STRIDE:.+]] : index
// CHECK-DAG: %[[STRIDE]] = arith.constant 2 : index
// CHECK-DAG: %[[DYV:.+]] = tensor.extract %[[DYG]][{{.+}}] : tensor<2x1x8x3x3xf16>
// CHECK-DAG: %[[DYW:.+]] = arith.extf %[[DYV]] : f16 to f32
// CHECK-DAG: %[[WW:.+]] = arith.extf %[[WV]] : f16 to f32
// CHECK-DAG: %[[PROD:.+]] = arith.mulf %[[DYW]], %[[WW]] : f32
// CHECK-DAG: %[[TERM:.+]] = arith.select %[[VALID:.+]], %[[PROD]], %[[ZERO:.+]] : f32
// CHECK-DAG: %[[VALID]] = arith.andi %{{.+}}, %{{.+}} : i1
// CHECK-DAG: %[[ZERO]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[NEXT:.+]] = arith.addf %[[ACC]], %[[TERM]] : f32
// CHECK: linalg.yield %[[NEXT]]
// CHECK: %[[DX32:.+]] = tensor.reshape %[[SUM]](%{{.+}}) : (tensor<2x1x4x6x6xf32>, tensor<4xi64>) -> tensor<2x4x6x6xf32>
// CHECK: %[[R:.+]] = linalg.generic {{.+}} ins(%[[DX32]] : tensor<2x4x6x6xf32>) outs(%{{.+}} : tensor<2x4x6x6xf16>)
// CHECK: arith.truncf %{{.+}} : f32 to f16
// CHECK: return %[[R]]
func.func @conv2d_input_grad_f16_stride_2(%dy: tensor<2x8x3x3xf16>, %w: tensor<8x4x3x3xf16>) -> tensor<2x4x6x6xf16> {
  %0 = dlc.conv2d_input_grad %dy, %w {padding = array<i64: 1, 1>, strides = array<i64: 2, 2>} : (tensor<2x8x3x3xf16>, tensor<8x4x3x3xf16>) -> tensor<2x4x6x6xf16>
  return %0 : tensor<2x4x6x6xf16>
}
