// dlc-exec reads and checks the artifact and every input .npy before it
// opens the driver, so bad inputs are refused (exit status 1) the same way on
// a machine with or without a GPU, and nothing is allocated from a header's
// numbers before they are checked against the file.
// RUN: rm -rf %t && mkdir -p %t/good %t/missing %t/shape %t/huge
// RUN: dlc-compile %s -o %t/step.dlcx
// RUN: dlc-run %s --write-inputs=%t/good > /dev/null
// RUN: cp %t/good/arg0.npy %t/missing/arg0.npy
// RUN: cp %t/good/arg0.npy %t/shape/arg0.npy && cp %t/good/arg0.npy %t/shape/arg1.npy
// RUN: cp %t/good/arg0.npy %t/huge/arg0.npy && cp %S/../dlc-run/Inputs/c08-npy-huge-shape/arg0.npy %t/huge/arg1.npy

// RUN: %python %S/Inputs/exit-status.py dlc-exec %t/step.dlcx --inputs %t/missing | FileCheck %s --check-prefix=MISSING
// MISSING: dlc-exec: cannot open '{{.*}}missing/arg1.npy': No such file or directory
// MISSING-NEXT: exit status 1

// RUN: %python %S/Inputs/exit-status.py dlc-exec %t/step.dlcx --inputs %t/shape | FileCheck %s --check-prefix=SHAPE
// SHAPE: dlc-exec: {{.*}}shape/arg1.npy does not have the shape [8] of argument #1
// SHAPE-NEXT: exit status 1

// The reproducer c08's file as an argument: a header of 10^12 elements.
// RUN: %python %S/Inputs/exit-status.py dlc-exec %t/step.dlcx --inputs %t/huge | FileCheck %s --check-prefix=HUGE
// HUGE: dlc-exec: '{{.*}}huge/arg1.npy' is truncated: its shape (1000000000000,) of <f4 takes 4000000000000 bytes of data, the file has 0 after its header
// HUGE-NEXT: exit status 1

// Good inputs get as far as the driver.
// RUN: %if !cuda-gpu %{ %python %S/Inputs/exit-status.py dlc-exec %t/step.dlcx --inputs %t/good | FileCheck %s --check-prefix=GOOD %}
// GOOD: dlc-exec: no CUDA driver
// GOOD-NEXT: exit status 3

func.func @f(%x: tensor<4x2xf32>, %y: tensor<8xf32>) -> tensor<8xf32> {
  %0 = dlc.reshape %x : (tensor<4x2xf32>) -> tensor<8xf32>
  %1 = dlc.add %0, %y : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  return %1 : tensor<8xf32>
}
