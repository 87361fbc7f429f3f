// Lowering of embedding_grad on bf16 with a batch of index rows: the
// positions flatten, the sums run in f32 and round once (the f32 algorithm,
// the sort by row and the per-element sums, is in data-movement.mlir).
// RUN: dlc-opt %s --dlc-to-linalg -split-input-file | FileCheck %s

// The bf16 gradient is extended to f32 once; the [2, 3] ids and the
// [2, 3, 8] gradient flatten to 6 positions; the ids, integers, are not
// converted; every table element sums its row's gradients in f32 and is
// rounded to bf16 once.
// CHECK-LABEL: func @embedding_grad_bf16
// CHECK-SAME: (%[[G:.+]]: tensor<2x3x8xbf16>, %[[IDS:.+]]: tensor<2x3xi64>)
// CHECK: %[[WIDE:.+]] = linalg.generic {{.+}} ins(%[[G]] : tensor<2x3x8xbf16>) outs(%{{.+}} : tensor<2x3x8xf32>)
// CHECK: arith.extf %{{.+}} : bf16 to f32
// CHECK: %[[ROWS_G:.+]] = tensor.reshape %[[WIDE]](%{{.+}}) : (tensor<2x3x8xf32>, tensor<2xi64>) -> tensor<6x8xf32>
// CHECK: %[[FLAT:.+]] = tensor.reshape %[[IDS]](%{{.+}}) : (tensor<2x3xi64>, tensor<1xi64>) -> tensor<6xi64>
// CHECK: linalg.generic {{.+}} ins(%[[FLAT]] : tensor<6xi64>) outs(%{{.+}} : tensor<6xi64>)
// CHECK: %[[C9:.+]] = arith.constant 9 : index
// CHECK: arith.minsi %{{.+}}, %[[C9]] : index
// CHECK-NOT: bf16
// CHECK: %[[SUMS:.+]] = linalg.generic {{.+}} iterator_types = ["parallel", "parallel"]} ins(%{{.+}}, %{{.+}} : tensor<10xi64>, tensor<10xi64>) outs(%{{.+}} : tensor<10x8xf32>)
// CHECK: scf.for {{.+}} -> (f32)
// CHECK: %[[GV:.+]] = tensor.extract %[[ROWS_G]][%{{.+}}, %{{.+}}] : tensor<6x8xf32>
// CHECK: arith.addf %{{.+}}, %[[GV]] : f32
// CHECK: %[[R:.+]] = linalg.generic {{.+}} ins(%[[SUMS]] : tensor<10x8xf32>) outs(%{{.+}} : tensor<10x8xbf16>)
// CHECK: arith.truncf %{{.+}} : f32 to bf16
// CHECK: return %[[R]]
func.func @embedding_grad_bf16(%g: tensor<2x3x8xbf16>, %ids: tensor<2x3xi64>) -> tensor<10x8xbf16> {
  %0 = dlc.embedding_grad %g, %ids : (tensor<2x3x8xbf16>, tensor<2x3xi64>) -> tensor<10x8xbf16>
  return %0 : tensor<10x8xbf16>
}
