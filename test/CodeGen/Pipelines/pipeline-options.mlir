// The pipelines check their options where they enter, before anything is
// built: a bad value is one error naming the option, the value and what it
// accepts, never a pipeline that crashes halfway (chip= used to segfault in
// NVVMTargetAttr::verifyTarget) or an artifact for a made-up chip.

// The chip is an architecture that LLVM's NVPTX back end knows.
// RUN: not dlc-opt %s --dlc-gpu-pipeline=chip= 2>&1 | FileCheck %s --check-prefix=CHIP-BLANK
// CHIP-BLANK: error: dlc-gpu-pipeline option chip='': expected an architecture of LLVM's NVPTX back end: sm_20, {{.*}}sm_52, {{.*}}sm_80, {{.*}}sm_90, sm_90a, sm_100, {{.*}}sm_120
// RUN: not dlc-opt %s --dlc-gpu-pipeline=chip=bogus 2>&1 | FileCheck %s --check-prefix=CHIP-BOGUS
// CHIP-BOGUS: error: dlc-gpu-pipeline option chip='bogus': expected an architecture of LLVM's NVPTX back end: sm_20,
// RUN: not dlc-opt %s --dlc-gpu-pipeline=chip=sm_9 2>&1 | FileCheck %s --check-prefix=CHIP-9
// CHIP-9: error: dlc-gpu-pipeline option chip='sm_9': expected an architecture
// RUN: not dlc-opt %s --dlc-gpu-pipeline=chip=sm_90b 2>&1 | FileCheck %s --check-prefix=CHIP-SUFFIX
// CHIP-SUFFIX: error: dlc-gpu-pipeline option chip='sm_90b': expected an architecture
// RUN: not dlc-opt %s --dlc-gpu-pipeline=chip=SM_90 2>&1 | FileCheck %s --check-prefix=CHIP-CASE
// CHIP-CASE: error: dlc-gpu-pipeline option chip='SM_90': expected an architecture
// RUN: not dlc-opt %s --dlc-gpu-pipeline=chip=sm_ 2>&1 | FileCheck %s --check-prefix=CHIP-NONUMBER
// CHIP-NONUMBER: error: dlc-gpu-pipeline option chip='sm_': expected an architecture

// The format is one that gpu-module-to-binary makes, or none.
// RUN: not dlc-opt %s --dlc-gpu-pipeline=format=sass 2>&1 | FileCheck %s --check-prefix=FORMAT
// FORMAT: error: dlc-gpu-pipeline option format='sass': expected isa or ptx (PTX text), bin or cubin, fatbin, or none
// RUN: not dlc-opt %s --dlc-gpu-pipeline=format= 2>&1 | FileCheck %s --check-prefix=FORMAT-BLANK
// FORMAT-BLANK: error: dlc-gpu-pipeline option format='': expected isa or ptx

// Numbers in range.
// RUN: not dlc-opt %s --dlc-gpu-pipeline=block-size=0 2>&1 | FileCheck %s --check-prefix=BLOCK-0
// BLOCK-0: error: dlc-gpu-pipeline option block-size=0: expected 1 to 1024 threads per block
// RUN: not dlc-opt %s --dlc-gpu-pipeline=block-size=1025 2>&1 | FileCheck %s --check-prefix=BLOCK-BIG
// BLOCK-BIG: error: dlc-gpu-pipeline option block-size=1025: expected 1 to 1024 threads per block
// RUN: not dlc-opt %s --dlc-gpu-pipeline=block-size=-32 2>&1 | FileCheck %s --check-prefix=BLOCK-NEG
// BLOCK-NEG: error: dlc-gpu-pipeline option block-size=-32: expected 1 to 1024 threads per block
// RUN: not dlc-opt %s --dlc-gpu-pipeline=stages=1 2>&1 | FileCheck %s --check-prefix=STAGES-1
// STAGES-1: error: dlc-gpu-pipeline option stages=1: expected 2 to 32 K slices in flight
// RUN: not dlc-opt %s --dlc-gpu-pipeline=stages=33 2>&1 | FileCheck %s --check-prefix=STAGES-BIG
// STAGES-BIG: error: dlc-gpu-pipeline option stages=33: expected 2 to 32 K slices in flight
// RUN: not dlc-opt %s --dlc-gpu-pipeline=slice-k=16 2>&1 | FileCheck %s --check-prefix=SLICE-16
// SLICE-16: error: dlc-gpu-pipeline option slice-k=16: expected 32 or 64
// RUN: not dlc-opt %s --dlc-gpu-pipeline=slice-k=0 2>&1 | FileCheck %s --check-prefix=SLICE-0
// SLICE-0: error: dlc-gpu-pipeline option slice-k=0: expected 32 or 64
// RUN: not dlc-opt %s --dlc-gpu-pipeline=split-reductions=-1 2>&1 | FileCheck %s --check-prefix=SPLIT
// SPLIT: error: dlc-gpu-pipeline option split-reductions=-1: expected 0 (off) or a positive number of outputs

// Words and paths.
// RUN: not dlc-opt %s --dlc-gpu-pipeline=plan-memory=greedy 2>&1 | FileCheck %s --check-prefix=GPU-PLAN
// GPU-PLAN: error: dlc-gpu-pipeline option plan-memory='greedy': expected best-fit, exact or none
// RUN: not dlc-opt %s --dlc-gpu-pipeline=libdevice=%t.nowhere/libdevice.10.bc 2>&1 | FileCheck %s --check-prefix=LIBDEVICE
// LIBDEVICE: error: dlc-gpu-pipeline option libdevice='{{.*}}.nowhere/libdevice.10.bc': expected the path of a file (libdevice.10.bc)
// RUN: not dlc-opt %s --dlc-gpu-pipeline=toolkit=%s 2>&1 | FileCheck %s --check-prefix=TOOLKIT
// TOOLKIT: error: dlc-gpu-pipeline option toolkit='{{.*}}pipeline-options.mlir': expected the directory of a CUDA toolkit

// What the option parser refuses, it names.
// RUN: not dlc-opt %s --dlc-gpu-pipeline=block-size=many 2>&1 | FileCheck %s --check-prefix=NOT-A-NUMBER
// NOT-A-NUMBER: for the --block-size option: 'many' value invalid
// RUN: not dlc-opt %s --dlc-gpu-pipeline=warp-size=32 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: no such option warp-size

// Every bad option is reported, each once, and no IR is printed.
// RUN: not dlc-opt %s --dlc-gpu-pipeline="chip=sm_1 stages=0 slice-k=1" 2>&1 | FileCheck %s --check-prefix=SEVERAL
// SEVERAL: chip='sm_1': expected
// SEVERAL-NEXT: stages=0: expected
// SEVERAL-NEXT: slice-k=1: expected
// SEVERAL-NOT: module
// RUN: not dlc-opt %s --dlc-gpu-pipeline=chip= 2>/dev/null | count 0

// A textual pipeline is checked the same way.
// RUN: not dlc-opt %s --pass-pipeline='builtin.module(dlc-gpu-pipeline{chip=sm_1})' 2>&1 | FileCheck %s --check-prefix=TEXTUAL
// TEXTUAL: error: dlc-gpu-pipeline option chip='sm_1': expected an architecture

// The CPU pipeline's one option.
// RUN: not dlc-opt %s --dlc-cpu-pipeline=plan-memory=bogus 2>&1 | FileCheck %s --check-prefix=CPU-PLAN
// CPU-PLAN: error: dlc-cpu-pipeline option plan-memory='bogus': expected best-fit, exact or none
// RUN: not dlc-opt %s --pass-pipeline='builtin.module(dlc-cpu-pipeline{plan-memory=})' 2>&1 | FileCheck %s --check-prefix=CPU-BLANK
// CPU-BLANK: error: dlc-cpu-pipeline option plan-memory='': expected best-fit, exact or none

// Good values pass, the suffixed architectures among them.
// RUN: dlc-opt %s --dlc-gpu-pipeline="chip=sm_52 format=none block-size=1 stages=2 slice-k=32 split-reductions=0 plan-memory=none" | FileCheck %s --check-prefix=GOOD
// RUN: dlc-opt %s --dlc-gpu-pipeline="chip=sm_90a format=none block-size=1024 stages=32" | FileCheck %s --check-prefix=GOOD
// RUN: dlc-opt %s --dlc-gpu-pipeline="chip=sm_120 format=none" | FileCheck %s --check-prefix=GOOD
// RUN: dlc-opt %s --dlc-cpu-pipeline=plan-memory=exact | FileCheck %s --check-prefix=GOOD-CPU
// GOOD: gpu.launch_func
// GOOD-CPU: llvm.func @f(

func.func @f(%w: tensor<4xf32> {dlc.param}, %t: tensor<4xf32>) -> tensor<f32> {
  %x = dlc.tanh %w : tensor<4xf32>
  %l = dlc.mse_loss %x, %t : (tensor<4xf32>, tensor<4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}
