// dlc-run --device=cuda compiles the step with the GPU pipeline and runs the
// artifact with the dlc runtime, on the inputs the CPU path would draw.
// RUN: not dlc-run %s --device=tpu 2>&1 | FileCheck %s --check-prefix=DEVICE
// DEVICE: dlc-run: error: --device must be cpu or cuda, not 'tpu'

// An artifact runs on the GPU only.
// RUN: dlc-compile %s -o %t.dlcx
// RUN: not dlc-run %t.dlcx 2>&1 | FileCheck %s --check-prefix=ARTIFACT
// ARTIFACT: dlc-run: error: {{.*}}.dlcx is a GPU artifact; run it with --device=cuda

// Without a GPU the run stops with exit status 3 and says why.
// RUN: %if !cuda-gpu %{ not dlc-run %s --device=cuda 2>&1 | FileCheck %s --check-prefix=NOGPU %}
// NOGPU: dlc-run: no CUDA driver

// With one, the GPU results match the CPU path's.
// RUN: %if cuda-gpu %{ dlc-run %s --outputs=%t.cpu %}
// RUN: %if cuda-gpu %{ dlc-run %s --device=cuda --compare=%t.cpu --rtol=1e-5 --atol=1e-6 | FileCheck %s --check-prefix=GPU %}
// GPU: result #0 [10, 8] matches

func.func @f(%g: tensor<6x8xf32>, %ids: tensor<6xi32>) -> tensor<10x8xf32> {
  %0 = dlc.embedding_grad %g, %ids : (tensor<6x8xf32>, tensor<6xi32>) -> tensor<10x8xf32>
  return %0 : tensor<10x8xf32>
}
