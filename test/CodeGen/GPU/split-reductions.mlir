// RUN: dlc-opt %s --dlc-gpu-split-reductions -split-input-file | FileCheck %s
// RUN: dlc-opt %s --dlc-gpu-split-reductions="threads=512" -split-input-file | FileCheck %s --check-prefix=SMALL

// A column sum (a bias gradient: 768 sums of 4096 rows) becomes 4096 / 256 =
// 16-element parts: 256 x 768 >= 131072 partial sums in parallel (part p
// takes rows p, p + 256, ...), stored part-major, then combined per column.
// CHECK-LABEL: func @column_sum
// CHECK: %[[X:.+]] = tensor.expand_shape %{{.+}} {{\[\[}}0, 1], [2]] output_shape [16, 256, 768] : tensor<4096x768xf32> into tensor<16x256x768xf32>
// CHECK: %[[ZERO:.+]] = linalg.fill ins(%{{.+}} : f64) outs(%{{.+}} : tensor<256x768xf64>)
// CHECK: %[[PART:.+]] = linalg.generic {{.+}} iterator_types = ["reduction", "parallel", "parallel"]} ins(%[[X]] : tensor<16x256x768xf32>) outs(%[[ZERO]] : tensor<256x768xf64>)
// CHECK: arith.extf
// CHECK: arith.addf
// CHECK: linalg.generic {{.+}} iterator_types = ["reduction", "parallel"]} ins(%[[PART]] : tensor<256x768xf64>) outs(%{{.+}} : tensor<768xf64>)
// SMALL-LABEL: func @column_sum
// SMALL-NOT: tensor.expand_shape
// SMALL: linalg.generic {{.+}} iterator_types = ["reduction", "parallel"]} ins(%{{.+}} : tensor<4096x768xf32>)
func.func @column_sum(%x: tensor<4096x768xf32>) -> tensor<768xf64> {
  %zero = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<768xf64>
  %init = linalg.fill ins(%zero : f64) outs(%e : tensor<768xf64>) -> tensor<768xf64>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>],
                       iterator_types = ["reduction", "parallel"]}
      ins(%x : tensor<4096x768xf32>) outs(%init : tensor<768xf64>) {
  ^bb0(%in: f32, %acc: f64):
    %w = arith.extf %in : f32 to f64
    %s = arith.addf %acc, %w : f64
    linalg.yield %s : f64
  } -> tensor<768xf64>
  return %r : tensor<768xf64>
}

// -----

// Row maxima over two adjacent reduction dims (8 x 16 = 128 of them): the
// dims are collapsed, then split into 16 parts of 8; the partial maxima are
// stored row-major (parts innermost) and start from -inf.
// CHECK-LABEL: func @row_max
// CHECK: tensor.collapse_shape
// CHECK: tensor.expand_shape %{{.+}} output_shape [4096, 8, 16] : tensor<4096x128xf32> into tensor<4096x8x16xf32>
// CHECK: linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : tensor<4096x16xf32>)
// CHECK: linalg.generic {{.+}} iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK: arith.maximumf
// CHECK: linalg.generic {{.+}} iterator_types = ["parallel", "reduction"]} ins(%{{.+}} : tensor<4096x16xf32>) outs(%{{.+}} : tensor<4096xf32>)
// CHECK: arith.maximumf
func.func @row_max(%x: tensor<4096x8x16xf32>, %init: tensor<4096xf32>) -> tensor<4096xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0)>],
                       iterator_types = ["parallel", "reduction", "reduction"]}
      ins(%x : tensor<4096x8x16xf32>) outs(%init : tensor<4096xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %m = arith.maximumf %acc, %in : f32
    linalg.yield %m : f32
  } -> tensor<4096xf32>
  return %r : tensor<4096xf32>
}

// -----

// Left alone: enough outputs already; a reduction too short to split; a
// reduction that reads linalg.index.
// CHECK-LABEL: func @left_alone
// CHECK-NOT: expand_shape
// CHECK-COUNT-3: linalg.generic
// CHECK-NOT: linalg.generic
func.func @left_alone(%big: tensor<262144x64xf32>, %short: tensor<16x12xf32>, %i: tensor<64x4096xf32>,
                      %o1: tensor<262144xf32>, %o2: tensor<16xf32>, %o3: tensor<64xf32>) -> (tensor<262144xf32>, tensor<16xf32>, tensor<64xf32>) {
  %a = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>],
                       iterator_types = ["parallel", "reduction"]}
      ins(%big : tensor<262144x64xf32>) outs(%o1 : tensor<262144xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %s = arith.addf %acc, %in : f32
    linalg.yield %s : f32
  } -> tensor<262144xf32>
  %b = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>],
                       iterator_types = ["parallel", "reduction"]}
      ins(%short : tensor<16x12xf32>) outs(%o2 : tensor<16xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %s = arith.addf %acc, %in : f32
    linalg.yield %s : f32
  } -> tensor<16xf32>
  %c = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>],
                       iterator_types = ["parallel", "reduction"]}
      ins(%i : tensor<64x4096xf32>) outs(%o3 : tensor<64xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %j = linalg.index 1 : index
    %k = arith.index_cast %j : index to i64
    %f = arith.sitofp %k : i64 to f32
    %p = arith.mulf %in, %f : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<64xf32>
  return %a, %b, %c : tensor<262144xf32>, tensor<16xf32>, tensor<64xf32>
}

// -----

// Reduction dims that an operand reads in another order cannot be collapsed
// by a reshape. Instead the outer one read by the operand (d2, 32 long)
// becomes parallel: 64 x 32 partial sums, each over 16 contiguous elements,
// then their combination into the op's output (too short to split again).
// CHECK-LABEL: func @transposed_reduction
// CHECK-SAME: (%[[X:.+]]: tensor<64x32x16xf32>, %[[INIT:.+]]: tensor<64xf32>)
// CHECK-NOT: collapse_shape
// CHECK: %[[P:.+]] = linalg.generic {{.+}} iterator_types = ["parallel", "reduction", "parallel"]} ins(%[[X]] : tensor<64x32x16xf32>) outs(%{{.+}} : tensor<64x32xf32>)
// CHECK: linalg.generic {{.+}} iterator_types = ["parallel", "reduction"]} ins(%[[P]] : tensor<64x32xf32>) outs(%[[INIT]] : tensor<64xf32>)
// CHECK-NOT: linalg.generic
func.func @transposed_reduction(%x: tensor<64x32x16xf32>, %init: tensor<64xf32>) -> tensor<64xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2, d1)>, affine_map<(d0, d1, d2) -> (d0)>],
                       iterator_types = ["parallel", "reduction", "reduction"]}
      ins(%x : tensor<64x32x16xf32>) outs(%init : tensor<64xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %s = arith.addf %acc, %in : f32
    linalg.yield %s : f32
  } -> tensor<64xf32>
  return %r : tensor<64xf32>
}

// -----

// Per-channel sums of an NCHW tensor (a batch norm's statistics): the
// reduction loops (n, h, w) are not adjacent, and 64 x 32 x 56 partial sums
// are few enough to keep one reduction loop only. n and w become parallel in a
// first op (one thread per (c, n, w) sums 56 rows h; neighbouring threads
// read neighbouring w), whose 64 x 32 x 56 partial sums start from the
// neutral 0 and are then combined, that combination split again as a row
// reduction, ending in the op's own output.
// CHECK-DAG: #[[XM:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[PM:.+]] = affine_map<(d0, d1, d2, d3) -> (d1, d0, d3)>
// CHECK-LABEL: func @per_channel
// CHECK-SAME: (%[[IN:.+]]: tensor<32x64x56x56xf32>)
// CHECK: %[[OUT:.+]] = linalg.fill ins(%{{.+}} : f64) outs(%{{.+}} : tensor<64xf64>)
// CHECK: %[[ZERO:.+]] = linalg.fill ins(%{{.+}} : f64) outs(%{{.+}} : tensor<64x32x56xf64>)
// CHECK: %[[PART:.+]] = linalg.generic {indexing_maps = [#[[XM]], #[[PM]]], iterator_types = ["parallel", "parallel", "reduction", "parallel"]} ins(%[[IN]] : tensor<32x64x56x56xf32>) outs(%[[ZERO]] : tensor<64x32x56xf64>)
// CHECK: arith.extf
// CHECK: tensor.collapse_shape %[[PART]] {{\[}}[0], [1, 2]] : tensor<64x32x56xf64> into tensor<64x1792xf64>
// CHECK: linalg.generic {{.+}} iterator_types = ["parallel", "reduction", "parallel"]} ins(%{{.+}} : tensor<64x8x224xf64>)
// CHECK: linalg.generic {{.+}} iterator_types = ["parallel", "reduction"]} ins(%{{.+}} : tensor<64x224xf64>) outs(%[[OUT]] : tensor<64xf64>)
// CHECK: arith.addf
func.func @per_channel(%x: tensor<32x64x56x56xf32>) -> tensor<64xf64> {
  %z = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<64xf64>
  %i = linalg.fill ins(%z : f64) outs(%e : tensor<64xf64>) -> tensor<64xf64>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d1)>], iterator_types = ["reduction", "parallel", "reduction", "reduction"]} ins(%x : tensor<32x64x56x56xf32>) outs(%i : tensor<64xf64>) {
  ^bb0(%a: f32, %acc: f64):
    %w = arith.extf %a : f32 to f64
    %s = arith.addf %acc, %w : f64
    linalg.yield %s : f64
  } -> tensor<64xf64>
  return %r : tensor<64xf64>
}

// -----

// A named product with few outputs and a long reduction (an adapter's
// down-projection gradient: 768 x 8 sums of 4096 products) is split as the
// generic it stands for. Its largest operand is read across the reduction,
// so the reduction loop goes first: the parts' loop lands outside the
// outputs', and neighbouring threads take neighbouring outputs.
// CHECK-DAG: #[[$MA:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-DAG: #[[$MB:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
// CHECK-DAG: #[[$MP:.+]] = affine_map<(d0, d1, d2, d3) -> (d1, d2, d3)>
// CHECK-LABEL: func @transposed_product
// CHECK-NOT: linalg.matmul
// CHECK: %[[A:.+]] = tensor.expand_shape %{{.+}} {{\[\[}}0, 1], [2]] output_shape [128, 32, 768] : tensor<4096x768xbf16> into tensor<128x32x768xbf16>
// CHECK: %[[B:.+]] = tensor.expand_shape %{{.+}} {{\[\[}}0, 1], [2]] output_shape [128, 32, 8] : tensor<4096x8xbf16> into tensor<128x32x8xbf16>
// CHECK: %[[PART:.+]] = linalg.generic {indexing_maps = [#[[$MA]], #[[$MB]], #[[$MP]]], iterator_types = ["reduction", "parallel", "parallel", "parallel"]} ins(%[[A]], %[[B]] : {{.+}}) outs(%{{.+}} : tensor<32x768x8xf32>)
// CHECK: arith.mulf
// CHECK: linalg.generic {{.+}} iterator_types = ["reduction", "parallel", "parallel"]} ins(%[[PART]] : tensor<32x768x8xf32>) outs(%{{.+}} : tensor<768x8xf32>)
// SMALL-LABEL: func @transposed_product
// SMALL: linalg.matmul
func.func @transposed_product(%a: tensor<4096x768xbf16>, %b: tensor<4096x8xbf16>) -> tensor<768x8xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<768x8xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<768x8xf32>) -> tensor<768x8xf32>
  %r = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (k, m)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (m, n)>]
         ins(%a, %b : tensor<4096x768xbf16>, tensor<4096x8xbf16>) outs(%f : tensor<768x8xf32>) -> tensor<768x8xf32>
  return %r : tensor<768x8xf32>
}

// -----

// Read along the reduction (x W^T, a weight of 768 x 8192), neighbouring
// threads take neighbouring parts of one output, as in a row sum.
// CHECK-LABEL: func @product_along_rows
// CHECK: %[[PART:.+]] = linalg.generic {{.+}} iterator_types = ["parallel", "parallel", "reduction", "parallel"]} {{.+}} outs(%{{.+}} : tensor<8x768x32xf32>)
// CHECK: linalg.generic {{.+}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[PART]] : tensor<8x768x32xf32>) outs(%{{.+}} : tensor<8x768xf32>)
func.func @product_along_rows(%x: tensor<8x8192xbf16>, %w: tensor<768x8192xbf16>) -> tensor<8x768xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x768xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<8x768xf32>) -> tensor<8x768xf32>
  %r = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
         ins(%x, %w : tensor<8x8192xbf16>, tensor<768x8192xbf16>) outs(%f : tensor<8x768xf32>) -> tensor<8x768xf32>
  return %r : tensor<8x768xf32>
}

// -----

// Products with a short reduction, or with outputs enough to fill the GPU,
// stay named, for the products passes.
// CHECK-LABEL: func @products_left_alone
// CHECK-COUNT-2: linalg.matmul
// CHECK-NOT: linalg.generic
func.func @products_left_alone(%a: tensor<64x512xbf16>, %b: tensor<512x64xbf16>, %c: tensor<512x4096xbf16>, %d: tensor<4096x512xbf16>) -> (tensor<64x64xf32>, tensor<512x512xf32>) {
  %zero = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<64x64xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<64x64xf32>) -> tensor<64x64xf32>
  %r1 = linalg.matmul ins(%a, %b : tensor<64x512xbf16>, tensor<512x64xbf16>) outs(%f1 : tensor<64x64xf32>) -> tensor<64x64xf32>
  %e2 = tensor.empty() : tensor<512x512xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<512x512xf32>) -> tensor<512x512xf32>
  %r2 = linalg.matmul ins(%c, %d : tensor<512x4096xbf16>, tensor<4096x512xbf16>) outs(%f2 : tensor<512x512xf32>) -> tensor<512x512xf32>
  return %r1, %r2 : tensor<64x64xf32>, tensor<512x512xf32>
}
