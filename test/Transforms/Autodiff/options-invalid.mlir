// Every numeric option of --dlc-autodiff is checked against the range its
// update is defined on, whatever the optimizer, before anything is built.
// RUN: not dlc-opt %s --dlc-autodiff=lr=nan 2>&1 | FileCheck %s --check-prefix=LR-NAN
// RUN: not dlc-opt %s --dlc-autodiff=lr=0 2>&1 | FileCheck %s --check-prefix=LR-ZERO
// RUN: not dlc-opt %s "--dlc-autodiff=optimizer=sgd lr=inf" 2>&1 | FileCheck %s --check-prefix=LR-INF
// RUN: not dlc-opt %s "--dlc-autodiff=optimizer=adamw beta1=2" 2>&1 | FileCheck %s --check-prefix=BETA1
// RUN: not dlc-opt %s "--dlc-autodiff=optimizer=adamw beta1=1" 2>&1 | FileCheck %s --check-prefix=BETA1-ONE
// RUN: not dlc-opt %s "--dlc-autodiff=optimizer=adamw beta2=-0.5" 2>&1 | FileCheck %s --check-prefix=BETA2
// RUN: not dlc-opt %s "--dlc-autodiff=optimizer=adamw beta2=nan" 2>&1 | FileCheck %s --check-prefix=BETA2-NAN
// RUN: not dlc-opt %s "--dlc-autodiff=optimizer=adamw epsilon=-1" 2>&1 | FileCheck %s --check-prefix=EPS
// RUN: not dlc-opt %s "--dlc-autodiff=optimizer=adamw epsilon=0" 2>&1 | FileCheck %s --check-prefix=EPS-ZERO
// RUN: not dlc-opt %s "--dlc-autodiff=optimizer=adamw weight-decay=-0.01" 2>&1 | FileCheck %s --check-prefix=WD
// RUN: not dlc-opt %s "--dlc-autodiff=optimizer=adamw weight-decay=inf" 2>&1 | FileCheck %s --check-prefix=WD-INF
// The edges of the ranges are accepted.
// RUN: dlc-opt %s "--dlc-autodiff=optimizer=adamw lr=1e-30 beta1=0 beta2=0.9999999 epsilon=1e-300 weight-decay=0" | FileCheck %s

// LR-NAN: error: --dlc-autodiff option lr=nan is out of range; expected a finite value > 0
// LR-ZERO: error: --dlc-autodiff option lr=0 is out of range; expected a finite value > 0
// LR-INF: error: --dlc-autodiff option lr=inf is out of range; expected a finite value > 0
// BETA1: error: --dlc-autodiff option beta1=2 is out of range; expected a value in [0, 1)
// BETA1-ONE: error: --dlc-autodiff option beta1=1 is out of range; expected a value in [0, 1)
// BETA2: error: --dlc-autodiff option beta2=-0.5 is out of range; expected a value in [0, 1)
// BETA2-NAN: error: --dlc-autodiff option beta2=nan is out of range; expected a value in [0, 1)
// EPS: error: --dlc-autodiff option epsilon=-1 is out of range; expected a finite value > 0
// EPS-ZERO: error: --dlc-autodiff option epsilon=0 is out of range; expected a finite value > 0
// WD: error: --dlc-autodiff option weight-decay=-0.01 is out of range; expected a finite value >= 0
// WD-INF: error: --dlc-autodiff option weight-decay=inf is out of range; expected a finite value >= 0

// CHECK-LABEL: func.func @f_train(
func.func @f(%w: tensor<2xf32> {dlc.param}, %t: tensor<2xf32>) -> tensor<f32> {
  %l = dlc.mse_loss %w, %t : (tensor<2xf32>, tensor<2xf32>) -> tensor<f32>
  return %l : tensor<f32>
}
