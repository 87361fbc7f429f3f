// Bad inputs to dlc-run give one error line and exit status 1.
// RUN: rm -rf %t && mkdir -p %t/in %t/bad
// RUN: not dlc-run %t/missing.mlir 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not dlc-run %s --entry=nope 2>&1 | FileCheck %s --check-prefix=ENTRY
// RUN: not dlc-run %s 2>&1 | FileCheck %s --check-prefix=AMBIGUOUS
// RUN: not dlc-run %s --entry=two --inputs=%t/in 2>&1 | FileCheck %s --check-prefix=NONPY
// RUN: dlc-run %s --entry=one --write-inputs=%t/in > /dev/null
// RUN: not dlc-run %s --entry=two --inputs=%t/in 2>&1 | FileCheck %s --check-prefix=SHAPE
// RUN: not dlc-run %s --entry=ids --inputs=%t/in 2>&1 | FileCheck %s --check-prefix=KIND
// RUN: echo "not a numpy file" > %t/bad/arg0.npy
// RUN: not dlc-run %s --entry=one --inputs=%t/bad 2>&1 | FileCheck %s --check-prefix=MAGIC
// RUN: not dlc-run %s --entry=dynamic 2>&1 | FileCheck %s --check-prefix=DYNAMIC
// RUN: not dlc-run %s --entry=bytes 2>&1 | FileCheck %s --check-prefix=BYTES
// RUN: not dlc-run %s --entry=one --repeat=0 2>&1 | FileCheck %s --check-prefix=REPEAT
// RUN: dlc-run %s --entry=ids 2>&1 | FileCheck %s --check-prefix=NOTE

// MISSING: dlc-run: error: cannot open input file '{{.*}}missing.mlir': No such file or directory
// ENTRY: dlc-run: error: no function named 'nope' in {{.*}}bad-inputs.mlir (functions: one, two, dynamic, bytes, ids)
// AMBIGUOUS: dlc-run: error: more than one public function in {{.*}}bad-inputs.mlir (functions: one, two, dynamic, bytes, ids); choose one with --entry
// NONPY: dlc-run: error: cannot open '{{.*}}arg0.npy': No such file or directory
// SHAPE: dlc-run: error: {{.*}}arg0.npy has shape [4] but argument #0 is tensor<5xf32>
// KIND: dlc-run: error: '{{.*}}arg0.npy' holds f32 values but i64 are needed
// MAGIC: dlc-run: error: '{{.*}}arg0.npy' is not a .npy file (bad magic)
// DYNAMIC: bad-inputs.mlir:{{[0-9]+}}:1: error: argument #0 of @dynamic has type 'tensor<?xf32>'; the dlc graph contract needs ranked, statically shaped tensors of integer or floating-point elements
// BYTES: dlc-run: error: argument #0 has unsupported element type i8; supported: f16, bf16, f32, f64, i32, i64
// REPEAT: dlc-run: error: --repeat must be at least 1
// NOTE: dlc-run: note: no op bounds integer argument #0; drawing it from [0, 100)

func.func @one(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = dlc.relu %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

func.func @two(%x: tensor<5xf32>) -> tensor<5xf32> {
  %0 = dlc.exp %x : tensor<5xf32>
  return %0 : tensor<5xf32>
}

func.func @dynamic(%x: tensor<?xf32>) -> tensor<?xf32> {
  return %x : tensor<?xf32>
}

func.func @bytes(%x: tensor<4xi8>) -> tensor<4xi8> {
  return %x : tensor<4xi8>
}

func.func @ids(%x: tensor<4xi64>) -> tensor<2x2xi64> {
  %0 = dlc.reshape %x : (tensor<4xi64>) -> tensor<2x2xi64>
  return %0 : tensor<2x2xi64>
}
