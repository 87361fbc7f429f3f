// f64 to bf16 and f16 on the CPU path is correctly rounded (the pipeline's
// dlc-exact-narrowing stage), as the GPU's one-step conversion is: a value
// just above a bf16 tie, which rounds to the tie at f32 and so to even when
// rounded twice, rounds up. Ties go to even, signs are kept, overflow gives
// inf, NaN stays NaN, underflow gives 0.
// RUN: rm -rf %t && mkdir -p %t/in
// RUN: %python -c "import numpy as np; e = 2.0**-40; np.save('%t/in/arg0.npy', np.array([1 + 2**-8 + e, 1 + 2**-8, 1 + 3 * 2**-8, -(1 + 2**-8 + e), 1 + 2**-11 + e, 1 + 2**-11, 1e40, float('nan'), 1e-50]))"
// RUN: dlc-run %s --inputs=%t/in --outputs=%t/out
// RUN: %python -c "import numpy as np; [print(np.load('%t/out/result%%d.npy' %% i).tolist()) for i in range(2)]" | FileCheck %s

// CHECK:      [1.0078125, 1.0, 1.015625, -1.0078125, 1.0, 1.0, inf, nan, 0.0]
// CHECK-NEXT: [1.00390625, 1.00390625, 1.01171875, -1.00390625, 1.0009765625, 1.0, inf, nan, 0.0]

func.func @narrow(%x: tensor<9xf64>) -> (tensor<9xf32>, tensor<9xf32>) {
  %b = dlc.convert %x : tensor<9xf64> to tensor<9xbf16>
  %h = dlc.convert %x : tensor<9xf64> to tensor<9xf16>
  %bw = dlc.convert %b : tensor<9xbf16> to tensor<9xf32>
  %hw = dlc.convert %h : tensor<9xf16> to tensor<9xf32>
  return %bw, %hw : tensor<9xf32>, tensor<9xf32>
}
