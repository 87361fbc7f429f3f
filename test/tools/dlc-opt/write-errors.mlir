// A write that fails (here: a full disk) is an error naming the file and the
// reason, with exit status 1, never "LLVM ERROR: IO failure on output
// stream" from the stream's destructor.
// RUN: not dlc-opt %s -o /dev/full 2>&1 | FileCheck %s --check-prefix=FILE
// FILE: dlc-opt: error: cannot write '/dev/full': No space left on device
// FILE-NOT: LLVM ERROR
// RUN: not dlc-opt %s > /dev/full 2> %t.stdout
// RUN: FileCheck %s --check-prefix=STDOUT < %t.stdout
// STDOUT: dlc-opt: error: cannot write '<stdout>': No space left on device
// STDOUT-NOT: LLVM ERROR

// A pipeline that fails after some of the output was written, too.
// RUN: not dlc-opt %S/Inputs/good-then-bad.mlir --split-input-file -o /dev/full 2>&1 | FileCheck %s --check-prefix=SPLIT
// SPLIT: error: 'weight' [1024, 512] must be [out, in] with in = 784
// SPLIT: dlc-opt: error: cannot write '/dev/full': No space left on device
// SPLIT-NOT: LLVM ERROR

// What MlirOptMain and the command-line parser print on stdout.
// RUN: not dlc-opt --show-dialects > /dev/full 2> %t.dialects
// RUN: FileCheck %s --check-prefix=STDOUT < %t.dialects
// RUN: not dlc-opt --list-passes > /dev/full 2> %t.passes
// RUN: FileCheck %s --check-prefix=STDOUT < %t.passes
// RUN: not dlc-opt --help > /dev/full 2> %t.help
// RUN: FileCheck %s --check-prefix=STDOUT < %t.help

// An output that cannot be opened.
// RUN: not dlc-opt %s -o %t.nowhere/out.mlir 2>&1 | FileCheck %s --check-prefix=OPEN
// OPEN: dlc-opt: error: cannot open output file '{{.*}}.nowhere/out.mlir': No such file or directory

func.func @good(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = dlc.relu %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}
