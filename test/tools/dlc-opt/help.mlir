// dlc-opt knows the dlc dialect, the upstream dialects the later stages use,
// and the upstream passes.
// RUN: dlc-opt --show-dialects | FileCheck %s --check-prefix=DIALECTS
// RUN: dlc-opt --help | FileCheck %s --check-prefix=HELP

// DIALECTS-DAG: dlc
// DIALECTS-DAG: linalg
// DIALECTS-DAG: gpu
// DIALECTS-DAG: nvvm
// DIALECTS-DAG: llvm
// DIALECTS-DAG: bufferization

// HELP: dlc optimizer driver
// HELP-DAG: --canonicalize
// HELP-DAG: --gpu-module-to-binary
// HELP-DAG: --one-shot-bufferize
