// RUN: dlc-opt %s --dlc-gpu-merge-modules --split-input-file --verify-diagnostics | FileCheck %s

// Two outlined modules whose kernels share a name: the first keeps it, the
// second is named after its module; both launches point at the one module.
// CHECK-LABEL: module attributes {gpu.container_module}
// CHECK:       gpu.module @dlc_kernels {
// CHECK-NEXT:    gpu.func @step_kernel(%{{.*}}: memref<4xf32>) kernel
// CHECK:         gpu.func @step_kernel_0(%{{.*}}: memref<4xf32>) kernel
// CHECK:       }
// CHECK-NOT:   gpu.module
// CHECK:       func.func @step
// CHECK:         gpu.launch_func @dlc_kernels::@step_kernel blocks
// CHECK:         gpu.launch_func @dlc_kernels::@step_kernel_0 blocks
module attributes {gpu.container_module} {
  gpu.module @step_kernel {
    gpu.func @step_kernel(%a: memref<4xf32>) kernel {
      %c0 = arith.constant 0 : index
      %x = memref.load %a[%c0] : memref<4xf32>
      memref.store %x, %a[%c0] : memref<4xf32>
      gpu.return
    }
  }
  gpu.module @step_kernel_0 {
    gpu.func @step_kernel(%a: memref<4xf32>) kernel {
      gpu.return
    }
  }
  func.func @step(%a: memref<4xf32>) {
    %c1 = arith.constant 1 : index
    gpu.launch_func @step_kernel::@step_kernel blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%a : memref<4xf32>)
    gpu.launch_func @step_kernel_0::@step_kernel blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%a : memref<4xf32>)
    return
  }
}

// -----

// Anything but kernels in a module is refused.
module attributes {gpu.container_module} {
  gpu.module @a {
    gpu.func @k() kernel {
      gpu.return
    }
  }
  gpu.module @b {
    // expected-error @+1 {{cannot merge gpu.module 'b': it holds more than kernels}}
    gpu.func @helper() {
      gpu.return
    }
  }
}
