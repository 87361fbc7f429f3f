// Lowering of matmul, linear, conv2d and the convolution input gradient.
// RUN: dlc-opt %s --dlc-to-linalg -split-input-file | FileCheck %s

// CHECK-LABEL: func @matmul_2d
// CHECK-SAME: (%[[A:.+]]: tensor<3x5xf32>, %[[B:.+]]: tensor<5x7xf32>)
// CHECK: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[INIT:.+]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.+}} : tensor<3x7xf32>)
// CHECK: %[[C:.+]] = linalg.matmul ins(%[[A]], %[[B]] : tensor<3x5xf32>, tensor<5x7xf32>) outs(%[[INIT]] : tensor<3x7xf32>)
// CHECK: return %[[C]]
// CHECK-NOT: dlc.
func.func @matmul_2d(%a: tensor<3x5xf32>, %b: tensor<5x7xf32>) -> tensor<3x7xf32> {
  %0 = dlc.matmul %a, %b : (tensor<3x5xf32>, tensor<5x7xf32>) -> tensor<3x7xf32>
  return %0 : tensor<3x7xf32>
}

// -----

// Batch dimensions collapse into one for linalg.batch_matmul; a transposed
// operand is read through the op's indexing maps, in place (no
// linalg.transpose).
// CHECK-DAG: #[[LHS:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
// CHECK-DAG: #[[RHST:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>
// CHECK-DAG: #[[OUT:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-LABEL: func @matmul_4d_transposed
// CHECK-SAME: (%[[A:.+]]: tensor<2x3x4x5xf32>, %[[B:.+]]: tensor<2x3x6x5xf32>)
// CHECK-NOT: linalg.transpose
// CHECK: %[[A3:.+]] = tensor.reshape %[[A]](%{{.+}}) : (tensor<2x3x4x5xf32>, tensor<3xi64>) -> tensor<6x4x5xf32>
// CHECK: %[[B3:.+]] = tensor.reshape %[[B]](%{{.+}}) : (tensor<2x3x6x5xf32>, tensor<3xi64>) -> tensor<6x6x5xf32>
// CHECK: %[[C:.+]] = linalg.batch_matmul indexing_maps = [#[[LHS]], #[[RHST]], #[[OUT]]] ins(%[[A3]], %[[B3]] : tensor<6x4x5xf32>, tensor<6x6x5xf32>)
// CHECK: tensor.reshape %[[C]](%{{.+}}) : (tensor<6x4x6xf32>, tensor<4xi64>) -> tensor<2x3x4x6xf32>
func.func @matmul_4d_transposed(%a: tensor<2x3x4x5xf32>, %b: tensor<2x3x6x5xf32>) -> tensor<2x3x4x6xf32> {
  %0 = dlc.matmul %a, %b {transpose_rhs} : (tensor<2x3x4x5xf32>, tensor<2x3x6x5xf32>) -> tensor<2x3x4x6xf32>
  return %0 : tensor<2x3x4x6xf32>
}

// -----

// linear: rows of the input times the weight read transposed in place,
// plus a broadcast bias, reshaped back.
// CHECK-DAG: #[[XM:.+]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[WM:.+]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[YM:.+]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[COL:.+]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func @linear
// CHECK-SAME: (%[[X:.+]]: tensor<2x3x5xf32>, %[[W:.+]]: tensor<4x5xf32>, %[[B:.+]]: tensor<4xf32>)
// CHECK-NOT: linalg.transpose
// CHECK: %[[X2:.+]] = tensor.reshape %[[X]](%{{.+}}) : (tensor<2x3x5xf32>, tensor<2xi64>) -> tensor<6x5xf32>
// CHECK: %[[Y:.+]] = linalg.matmul indexing_maps = [#[[XM]], #[[WM]], #[[YM]]] ins(%[[X2]], %[[W]] : tensor<6x5xf32>, tensor<4x5xf32>)
// CHECK: %[[YB:.+]] = linalg.generic {indexing_maps = [#[[ID]], #[[COL]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[Y]], %[[B]] : tensor<6x4xf32>, tensor<4xf32>)
// CHECK: arith.addf
// CHECK: tensor.reshape %[[YB]](%{{.+}}) : (tensor<6x4xf32>, tensor<3xi64>) -> tensor<2x3x4xf32>
func.func @linear(%x: tensor<2x3x5xf32>, %w: tensor<4x5xf32>, %b: tensor<4xf32>) -> tensor<2x3x4xf32> {
  %0 = dlc.linear %x, %w, %b : (tensor<2x3x5xf32>, tensor<4x5xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// Padding is a tensor.pad with zeros; strides and dilations go to the
// named op.
// CHECK-LABEL: func @conv2d
// CHECK-SAME: (%[[X:.+]]: tensor<2x3x7x9xf32>, %[[W:.+]]: tensor<4x3x3x3xf32>)
// CHECK: %[[P:.+]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: tensor<2x3x7x9xf32> to tensor<2x3x9x11xf32>
// CHECK: linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<[2, 1]> : vector<2xi64>} ins(%[[P]], %[[W]] : tensor<2x3x9x11xf32>, tensor<4x3x3x3xf32>) outs(%{{.+}} : tensor<2x4x4x9xf32>)
func.func @conv2d(%x: tensor<2x3x7x9xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<2x4x4x9xf32> {
  %0 = dlc.conv2d %x, %w {padding = array<i64: 1, 1>, strides = array<i64: 2, 1>} : (tensor<2x3x7x9xf32>, tensor<4x3x3x3xf32>) -> tensor<2x4x4x9xf32>
  return %0 : tensor<2x4x4x9xf32>
}

// -----

// Grouped convolution splits channels into [groups, channels per group].
// CHECK-LABEL: func @conv2d_grouped
// CHECK: tensor.reshape {{.*}} -> tensor<1x2x3x13x9xf32>
// CHECK: tensor.reshape {{.*}} -> tensor<2x2x3x3x3xf32>
// CHECK: linalg.conv_2d_ngchw_gfchw {dilations = dense<2> : vector<2xi64>, strides = dense<1> : vector<2xi64>} {{.*}} outs(%{{.+}} : tensor<1x2x2x9x5xf32>)
// CHECK: tensor.reshape {{.*}} : (tensor<1x2x2x9x5xf32>, tensor<4xi64>) -> tensor<1x4x9x5xf32>
func.func @conv2d_grouped(%x: tensor<1x6x13x9xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x9x5xf32> {
  %0 = dlc.conv2d %x, %w {dilation = array<i64: 2, 2>, groups = 2} : (tensor<1x6x13x9xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x9x5xf32>
  return %0 : tensor<1x4x9x5xf32>
}

// -----

// bf16 operands stay bf16: the contraction extends them itself and sums into
// an f32 accumulator, rounded once at the end (no f32 copies of the operands).
// CHECK-LABEL: func @matmul_bf16
// CHECK-SAME: (%[[A:.+]]: tensor<3x5xbf16>, %[[B:.+]]: tensor<5x7xbf16>)
// CHECK-NOT: arith.extf
// CHECK: %[[INIT:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : tensor<3x7xf32>)
// CHECK: %[[C:.+]] = linalg.matmul ins(%[[A]], %[[B]] : tensor<3x5xbf16>, tensor<5x7xbf16>) outs(%[[INIT]] : tensor<3x7xf32>)
// CHECK: linalg.generic {{.+}} ins(%[[C]] : tensor<3x7xf32>) outs(%{{.+}} : tensor<3x7xbf16>)
// CHECK: arith.truncf %{{.+}} : f32 to bf16
func.func @matmul_bf16(%a: tensor<3x5xbf16>, %b: tensor<5x7xbf16>) -> tensor<3x7xbf16> {
  %0 = dlc.matmul %a, %b : (tensor<3x5xbf16>, tensor<5x7xbf16>) -> tensor<3x7xbf16>
  return %0 : tensor<3x7xbf16>
}

// -----

// A f16 linear: the bias is extended inside the f32 sum, then one rounding.
// CHECK-LABEL: func @linear_f16
// CHECK: linalg.matmul indexing_maps = [#{{.+}}, #{{.+}}, #{{.+}}] ins(%{{.+}}, %{{.+}} : tensor<2x5xf16>, tensor<4x5xf16>) outs(%{{.+}} : tensor<2x4xf32>)
// CHECK: linalg.generic
// CHECK: arith.extf %{{.+}} : f16 to f32
// CHECK: arith.addf %{{.+}}, %{{.+}} : f32
// CHECK: arith.truncf %{{.+}} : f32 to f16
func.func @linear_f16(%x: tensor<2x5xf16>, %w: tensor<4x5xf16>, %b: tensor<4xf16>) -> tensor<2x4xf16> {
  %0 = dlc.linear %x, %w, %b : (tensor<2x5xf16>, tensor<4x5xf16>, tensor<4xf16>) -> tensor<2x4xf16>
  return %0 : tensor<2x4xf16>
}

// -----

// With unit strides the input gradient is a convolution of the output
// gradient, padded by the kernel's extent less one less the forward padding,
// with the flipped kernel, over the unpadded input positions: affine reads
// only (no gather, no slice of a padded result), so the GPU pipeline tiles it
// as a product. Its F/G*KH*KW terms sum in f32, like the forward convolution.
// CHECK-DAG: #[[DY:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d5, d3 + -d6 + 2, d4 + -d7 + 2)>
// CHECK-DAG: #[[W:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d1, d5, d2, d6, d7)>
// CHECK-LABEL: func @conv2d_input_grad_unit_stride
// CHECK-SAME: (%[[G:.+]]: tensor<2x8x6x6xf32>, %[[F:.+]]: tensor<8x4x3x3xf32>)
// CHECK: tensor.pad %[[G]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: linalg.generic {indexing_maps = [#[[DY]], #[[W]], #{{.+}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%{{.+}}, %{{.+}} : tensor<2x1x8x8x8xf32>, tensor<1x8x4x3x3xf32>) outs(%{{.+}} : tensor<2x1x4x6x6xf32>)
// CHECK-NOT: tensor.extract
// CHECK-NOT: f64
// CHECK: return
func.func @conv2d_input_grad_unit_stride(%dy: tensor<2x8x6x6xf32>, %w: tensor<8x4x3x3xf32>) -> tensor<2x4x6x6xf32> {
  %0 = dlc.conv2d_input_grad %dy, %w {padding = array<i64: 1, 1>} : (tensor<2x8x6x6xf32>, tensor<8x4x3x3xf32>) -> tensor<2x4x6x6xf32>
  return %0 : tensor<2x4x6x6xf32>
}

// -----

// A 1x1 kernel with unit strides and no padding is a product per image:
// dx[n] = W^T . dy[n] ([C, F] . [F, H*W]), a batch_matmul whose lhs the
// batch shares (no padded copy, no gather).
// CHECK-DAG: #[[SHARED:.+]] = affine_map<(d0, d1, d2, d3) -> (d1, d3)>
// CHECK-DAG: #[[BATCH:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>
// CHECK-DAG: #[[OUT:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-LABEL: func @conv2d_input_grad_pointwise
// CHECK-NOT: tensor.pad
// CHECK: linalg.transpose ins(%{{.+}} : tensor<8x4xf32>) outs(%{{.+}} : tensor<4x8xf32>) permutation = [1, 0]
// CHECK: linalg.batch_matmul indexing_maps = [#[[SHARED]], #[[BATCH]], #[[OUT]]] ins(%{{.+}}, %{{.+}} : tensor<4x8xf32>, tensor<2x8x25xf32>) outs(%{{.+}} : tensor<2x4x25xf32>)
func.func @conv2d_input_grad_pointwise(%dy: tensor<2x8x5x5xf32>, %w: tensor<8x4x1x1xf32>) -> tensor<2x4x5x5xf32> {
  %0 = dlc.conv2d_input_grad %dy, %w : (tensor<2x8x5x5xf32>, tensor<8x4x1x1xf32>) -> tensor<2x4x5x5xf32>
  return %0 : tensor<2x4x5x5xf32>
}

// -----

// The pointwise convolution itself: y[n] = W . x[n] ([F, C] . [C, H*W]) in
// f32 for bf16 operands, then the bias, then one rounding.
// CHECK-LABEL: func @conv2d_pointwise_bf16
// CHECK-SAME: (%[[X:.+]]: tensor<2x32x4x4xbf16>, %[[W:.+]]: tensor<64x32x1x1xbf16>, %{{.+}}: tensor<64xbf16>)
// CHECK-NOT: linalg.conv
// CHECK: linalg.batch_matmul indexing_maps = [{{.+}}] ins(%{{.+}}, %{{.+}} : tensor<64x32xbf16>, tensor<2x32x16xbf16>) outs(%{{.+}} : tensor<2x64x16xf32>)
// CHECK: arith.extf %{{.+}} : bf16 to f32
// CHECK: arith.addf
// CHECK: arith.truncf %{{.+}} : f32 to bf16
func.func @conv2d_pointwise_bf16(%x: tensor<2x32x4x4xbf16>, %w: tensor<64x32x1x1xbf16>, %b: tensor<64xbf16>) -> tensor<2x64x4x4xbf16> {
  %0 = dlc.conv2d %x, %w, %b : (tensor<2x32x4x4xbf16>, tensor<64x32x1x1xbf16>, tensor<64xbf16>) -> tensor<2x64x4x4xbf16>
  return %0 : tensor<2x64x4x4xbf16>
}

// -----

// Other strides gather: each input position finds the output positions
// whose window read it (through its padded position), and their gradients.
// CHECK-LABEL: func @conv2d_input_grad_stride_2
// CHECK: linalg.generic {{.+}} iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%{{.+}} : tensor<1x8x4x3x3xf32>) outs(%{{.+}} : tensor<2x1x4x6x6xf32>)
// CHECK: arith.remsi
// CHECK: tensor.extract %
func.func @conv2d_input_grad_stride_2(%dy: tensor<2x8x3x3xf32>, %w: tensor<8x4x3x3xf32>) -> tensor<2x4x6x6xf32> {
  %0 = dlc.conv2d_input_grad %dy, %w {padding = array<i64: 1, 1>, strides = array<i64: 2, 2>} : (tensor<2x8x3x3xf32>, tensor<8x4x3x3xf32>) -> tensor<2x4x6x6xf32>
  return %0 : tensor<2x4x6x6xf32>
}

// -----

// bf16 convolutions keep bf16 operands (no f32 copies of the activations):
// the forward sums into f32 and rounds once.
// CHECK-LABEL: func @conv2d_bf16
// CHECK-SAME: (%[[X:.+]]: tensor<2x3x7x9xbf16>, %[[W:.+]]: tensor<4x3x3x3xbf16>)
// CHECK-NOT: arith.extf
// CHECK: %[[P:.+]] = tensor.pad %[[X]]
// CHECK: linalg.conv_2d_nchw_fchw {{.+}} ins(%[[P]], %[[W]] : tensor<2x3x9x11xbf16>, tensor<4x3x3x3xbf16>) outs(%{{.+}} : tensor<2x4x7x9xf32>)
// CHECK: arith.truncf %{{.+}} : f32 to bf16
func.func @conv2d_bf16(%x: tensor<2x3x7x9xbf16>, %w: tensor<4x3x3x3xbf16>) -> tensor<2x4x7x9xbf16> {
  %0 = dlc.conv2d %x, %w {padding = array<i64: 1, 1>} : (tensor<2x3x7x9xbf16>, tensor<4x3x3x3xbf16>) -> tensor<2x4x7x9xbf16>
  return %0 : tensor<2x4x7x9xbf16>
}

// -----

// The gradients too: each product extends its bf16 factors to f32; the
// weight gradient, a sum over the whole batch, accumulates in f64.
// CHECK-LABEL: func @conv2d_grads_bf16
// CHECK: linalg.generic {{.+}} ins(%{{.+}}, %{{.+}} : tensor<2x1x4x9x11xbf16>, tensor<1x4x3x3x3xbf16>) outs(%{{.+}} : tensor<2x1x3x7x9xf32>)
// CHECK: arith.extf %{{.+}} : bf16 to f32
// CHECK: arith.extf %{{.+}} : bf16 to f32
// CHECK: arith.mulf %{{.+}}, %{{.+}} : f32
// CHECK: arith.truncf %{{.+}} : f32 to bf16
// CHECK: linalg.generic {{.+}} ins(%{{.+}}, %{{.+}} : tensor<2x1x4x7x9xbf16>, tensor<2x1x3x9x11xbf16>) outs(%{{.+}} : tensor<1x4x3x3x3xf64>)
// CHECK: arith.mulf %{{.+}}, %{{.+}} : f32
// CHECK: arith.extf %{{.+}} : f32 to f64
func.func @conv2d_grads_bf16(%dy: tensor<2x4x7x9xbf16>, %x: tensor<2x3x7x9xbf16>, %w: tensor<4x3x3x3xbf16>) -> (tensor<2x3x7x9xbf16>, tensor<4x3x3x3xbf16>) {
  %0 = dlc.conv2d_input_grad %dy, %w {padding = array<i64: 1, 1>} : (tensor<2x4x7x9xbf16>, tensor<4x3x3x3xbf16>) -> tensor<2x3x7x9xbf16>
  %1 = dlc.conv2d_weight_grad %dy, %x {padding = array<i64: 1, 1>} : (tensor<2x4x7x9xbf16>, tensor<2x3x7x9xbf16>) -> tensor<4x3x3x3xbf16>
  return %0, %1 : tensor<2x3x7x9xbf16>, tensor<4x3x3x3xbf16>
}
