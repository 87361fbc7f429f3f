// Errors of --dlc-memory-report.
// RUN: not dlc-opt %s --dlc-memory-report=function=nope 2>&1 | FileCheck %s --check-prefix=NAME
// RUN: not dlc-opt %s "--dlc-memory-report=json=%t/missing-dir/r.json" 2>&1 | FileCheck %s --check-prefix=WRITE

// NAME: error: --dlc-memory-report: no function named 'nope'
// WRITE: error: --dlc-memory-report: cannot write '{{.*}}missing-dir/r.json': No such file or directory
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
