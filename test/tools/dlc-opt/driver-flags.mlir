// dlc-opt opens its input and output itself and hands the rest to
// MlirOptMain: its flags keep working.
// RUN: dlc-opt %s -split-input-file -verify-diagnostics
// RUN: not dlc-opt %s -split-input-file 2>/dev/null | FileCheck %s --check-prefix=SPLIT
// RUN: dlc-opt %s -split-input-file -verify-diagnostics --allow-unregistered-dialect --canonicalize --dump-pass-pipeline -o /dev/null 2>&1 | FileCheck %s --check-prefix=DUMP
// RUN: dlc-opt --list-passes | FileCheck %s --check-prefix=LIST
// RUN: dlc-opt %s -split-input-file -verify-diagnostics --canonicalize --mlir-print-ir-after-all -o /dev/null 2>&1 | FileCheck %s --check-prefix=PRINT

// SPLIT: func.func @relu
// SPLIT: {{^// -{5}$}}
// DUMP: Pass Manager with
// DUMP: canonicalize
// LIST: --dlc-distinct-results
// PRINT: IR Dump After Canonicalizer

func.func @relu(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = dlc.relu %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @bad(%x: tensor<64x784xf32>, %w: tensor<1024x512xf32>) -> tensor<64x1024xf32> {
  // expected-error @+1 {{'weight' [1024, 512] must be [out, in] with in = 784}}
  %0 = dlc.linear %x, %w : (tensor<64x784xf32>, tensor<1024x512xf32>) -> tensor<64x1024xf32>
  return %0 : tensor<64x1024xf32>
}
