// --dlc-memory-report names a JSON or SVG file that it cannot write, and
// the reason, and fails: a full disk used to end in "LLVM ERROR: IO failure
// on output stream" from the stream's destructor.
// RUN: not dlc-opt %s --dlc-memory-report=json=/dev/full -o /dev/null 2>&1 | FileCheck %s --check-prefix=JSON
// JSON: error: --dlc-memory-report: cannot write '/dev/full': No space left on device
// JSON-NOT: LLVM ERROR
// RUN: not dlc-opt %s --dlc-memory-report=svg=/dev/full -o /dev/null 2>&1 | FileCheck %s --check-prefix=SVG
// SVG: error: --dlc-memory-report: cannot write '/dev/full': No space left on device
// SVG-NOT: LLVM ERROR
// Inside dlc-compile's --passes too.
// RUN: not dlc-compile %s "--passes=dlc-memory-report{svg=/dev/full}" -o /dev/null 2>&1 | FileCheck %s --check-prefix=SVG

// Written whole, the files are kept.
// RUN: dlc-opt %s --dlc-memory-report="json=%t.json svg=%t.svg" -o /dev/null 2>/dev/null
// RUN: FileCheck %s --check-prefix=KEPT < %t.json
// KEPT: "function": "f"

func.func @f(%w: tensor<4xf32> {dlc.param}, %t: tensor<4xf32>) -> tensor<f32> {
  %x = dlc.tanh %w : tensor<4xf32>
  %l = dlc.mse_loss %x, %t : (tensor<4xf32>, tensor<4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}
