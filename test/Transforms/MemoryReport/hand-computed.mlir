// Peaks computed by hand. The op order is the schedule; arguments and
// results live for the whole step; at op i its operands and results are
// both live.
// RUN: dlc-opt %s --dlc-memory-report=function=forward -o /dev/null 2>&1 | FileCheck %s --check-prefix=FWD
// RUN: dlc-opt %s --dlc-autodiff --dlc-memory-report=function=train_train -o /dev/null 2>&1 | FileCheck %s --check-prefix=TRAIN
// RUN: dlc-opt %s --dlc-autodiff "--dlc-memory-report=function=train_train json=%t.json svg=%t.svg" -o /dev/null 2>/dev/null
// RUN: FileCheck %s --check-prefix=JSON < %t.json
// RUN: FileCheck %s --check-prefix=SVG < %t.svg

// Arguments: 128 + 64 + 32 = 224 bytes throughout. Op #0 adds %y (32),
// op #1 has %y and %r (64), op #2 has %r and %l (36), op #3 only %l (4).
// The peak is 224 + 64 = 288 bytes at op #1; nothing is saved for a
// backward pass.
// The headline is the compiled step: the arguments for the whole step and
// the planned arena, which holds the result (compiled-step.test checks it
// against dlc-compile); then the graph-level peak.
// FWD: memory report for @forward (4 ops)
// FWD-NEXT: compiled step: {{.*}} = parameters 128 B + optimizer state 0 B + inputs 96 B + outputs 0 B + arena {{[0-9]+}} B (outputs 4 B in it)
// FWD-NEXT: (the dlc-gpu-pipeline's stages to --dlc-plan-memory (plan-memory=best-fit, split-reductions=131072))
// FWD-NEXT: graph-level peak: 288 B (288 bytes) at op #1 dlc.relu
// FWD-NEXT: saved activations: 0 B (0 bytes) alive at most at once
// FWD-NEXT: at the graph-level peak:
// FWD-NEXT: parameters 128 B (128 bytes)
// FWD-NEXT: inputs 96 B (96 bytes)
// FWD-NEXT: optimizer state 0 B (0 bytes)
// FWD-NEXT: gradients 0 B (0 bytes)
// FWD-NEXT: saved activations 0 B (0 bytes)
// FWD-NEXT: transient 64 B (64 bytes)
func.func @forward(%w: tensor<4x8xf32> {dlc.param}, %x: tensor<2x8xf32>, %t: tensor<2x4xf32>) -> tensor<f32> {
  %y = dlc.linear %x, %w : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>
  %r = dlc.relu %y : tensor<2x4xf32>
  %l = dlc.mse_loss %r, %t : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// @train_train is: #0 %r = relu %w [16 B, live to #3, read by the backward
// sub: a saved activation]; #1 %l = mse_loss [4, returned]; #2 the seed 1.0
// [4, to #5]; #3 sub %r, %t [16, to #6]; #4 2/n [4, to #5]; #5 mul [4, to
// #6]; #6 mul [16, to #7]; #7 relu_grad [16, returned: a gradient]; #8
// return. With the arguments (32) the totals are 48, 52, 56, 72, 60, 64, 72,
// 68, 52: the peak is 72 bytes, first at op #3, with 16 bytes of saved
// activations and 4 + 4 + 16 transient.
// TRAIN: memory report for @train_train (9 ops)
// TRAIN-NEXT: compiled step: {{.*}} = parameters 16 B + optimizer state 0 B + inputs 16 B + outputs 0 B + arena {{[0-9]+}} B (outputs 20 B in it)
// TRAIN-NEXT: (the dlc-gpu-pipeline's stages
// TRAIN-NEXT: graph-level peak: 72 B (72 bytes) at op #3 dlc.sub
// TRAIN-NEXT: saved activations: 16 B (16 bytes) alive at most at once
// TRAIN: parameters 16 B (16 bytes)
// TRAIN-NEXT: inputs 16 B (16 bytes)
// TRAIN-NEXT: optimizer state 0 B (0 bytes)
// TRAIN-NEXT: gradients 0 B (0 bytes)
// TRAIN-NEXT: saved activations 16 B (16 bytes)
// TRAIN-NEXT: transient 24 B (24 bytes)
// TRAIN: 1. 16 B parameters tensor<4xf32> argument #0

// JSON: "activation_bytes": 16,
// JSON: "breakdown": {
// JSON-NEXT: "frozen parameters": 0,
// JSON-NEXT: "gradients": 0,
// JSON-NEXT: "inputs": 16,
// JSON-NEXT: "optimizer state": 0,
// JSON-NEXT: "parameters": 16,
// JSON-NEXT: "saved activations": 16,
// JSON-NEXT: "transient": 24
// JSON: "function": "train_train",
// JSON-NEXT: "peak_bytes": 72,
// JSON-NEXT: "peak_op": 3,
// JSON: "name": "dlc.relu",
// JSON-NEXT: "op": 0,
// JSON-NEXT: "total": 48
// JSON: "name": "dlc.relu_grad",
// JSON-NEXT: "op": 7,
// JSON-NEXT: "total": 68

// SVG: <svg xmlns="http://www.w3.org/2000/svg"
// SVG: Live memory of @train_train over its schedule (peak 72 B)
// SVG-COUNT-6: <polygon fill=
// SVG: op (position in the schedule)
// SVG: live memory
// SVG: peak at op 3
// SVG: saved activations
func.func @train(%w: tensor<4xf32> {dlc.param}, %t: tensor<4xf32>) -> tensor<f32> {
  %r = dlc.relu %w : tensor<4xf32>
  %l = dlc.mse_loss %r, %t : (tensor<4xf32>, tensor<4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}
