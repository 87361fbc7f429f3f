// --dlc-reversible on stack.mlir: MEFT1 (F = layer, G = adapter, streams
// swapped, output y1), MEFT2 (F = adapter, G = layer, output y2), MEFT3
// (F = first block + adapter, G = second block + adapter, no swap), layers=,
// f32 streams around a bf16 model, and the default f64 streams.
// RUN: dlc-opt %S/stack.mlir "--dlc-reversible=adapter-width=2 streams=f32" 2>&1 | FileCheck %s --check-prefix=V1
// RUN: dlc-opt %S/stack.mlir "--dlc-reversible=variant=2 adapter-width=2 activation=relu streams=f32" 2>/dev/null | FileCheck %s --check-prefix=V2
// RUN: dlc-opt %S/stack.mlir "--dlc-reversible=variant=3 adapter-width=2 lambda=0.5 beta=0.25 streams=f32" 2>/dev/null | FileCheck %s --check-prefix=V3
// RUN: dlc-opt %S/stack.mlir "--dlc-reversible=layers=1 adapter-width=2 streams=f32" 2>/dev/null | FileCheck %s --check-prefix=ONE
// RUN: sed s/f32/bf16/g %S/stack.mlir | dlc-opt "--dlc-reversible=adapter-width=2 streams=f32" 2>/dev/null | FileCheck %s --check-prefix=BF16
// RUN: sed s/f32/bf16/g %S/stack.mlir | dlc-opt "--dlc-reversible=adapter-width=2 streams=model" 2>/dev/null | FileCheck %s --check-prefix=NARROW
// RUN: sed s/f32/bf16/g %S/stack.mlir | dlc-opt --dlc-reversible=adapter-width=2 2>/dev/null | FileCheck %s --check-prefix=BF64
// RUN: dlc-opt %S/stack.mlir --dlc-reversible=adapter-width=2 2>&1 | FileCheck %s --check-prefix=F64
// RUN: dlc-opt %S/stack.mlir "--dlc-reversible=variant=3 lambda=0.001 beta=0.001 adapter-width=2" -o /dev/null 2>&1 | FileCheck %s --check-prefix=INEXACT
// RUN: dlc-opt %S/stack.mlir "--dlc-reversible=lambda=0.0001 adapter-width=2 streams=f32" -o /dev/null 2>&1 | FileCheck %s --check-prefix=INEXACT32

// Factors whose rebuild cannot give back the saved inputs are warned about,
// with the amplification (docs/reversible.md derives the rule); the
// defaults are not.
// V1-NOT: warning
// F64-NOT: warning
// INEXACT: warning: --dlc-reversible: MEFT3 with lambda=0.001, beta=0.001 over 2 layers amplifies the f64 streams' rounding about 2e+06 times in the rebuild, past what the model's type, f32, holds: its gradients will differ from the saved backward's (raise lambda and beta, make fewer layers reversible){{$}}
// INEXACT32: warning: --dlc-reversible: MEFT1 with lambda=0.0001, beta=1 over 2 layers amplifies the f32 streams' rounding about 2e+04 times {{.*}}, or use streams=f64){{$}}

// V1: dlc-reversible: @stack: 2 couplings (MEFT1, lambda=0.1, beta=1, streams f32) over layers 0 to 1, adapters of width 2 176 bytes (0.0 MiB); trainable 192 bytes (0.0 MiB), frozen 6 weights, 288 bytes (0.0 MiB)
// V1-LABEL: func.func @stack(
// V1-SAME: %[[W0:[^:]*]]: tensor<4x4xf32> {dlc.frozen}, %[[V0:[^:]*]]: tensor<4x4xf32> {dlc.frozen}, %{{[^:]*}}: tensor<4x4xf32> {dlc.frozen}, %{{[^:]*}}: tensor<4x4xf32> {dlc.frozen}, %{{[^:]*}}: tensor<4xf32> {dlc.frozen}, %{{[^:]*}}: tensor<4xf32> {dlc.frozen}, %[[HEAD:[^:]*]]: tensor<1x4xf32> {dlc.param},
// V1-SAME: %[[D0:[^:]*]]: tensor<2x4xf32> {dlc.param}, %{{[^:]*}}: tensor<2xf32> {dlc.param}, %[[U0:[^:]*]]: tensor<4x2xf32> {dlc.init = "zeros", dlc.param}, %{{[^:]*}}: tensor<4xf32> {dlc.init = "zeros", dlc.param},
// V1:      %[[H:.*]] = dlc.tanh
// V1-NEXT: %[[Y1:.*]], %[[Y2:.*]] = dlc.coupling %[[H]], %[[H]] {beta = 1.000000e+00 : f64, lambda = 1.000000e-01 : f64, layer = 0 : i64} : tensor<3x4xf32> f {
// V1-NEXT: ^bb0(%[[X:.*]]: tensor<3x4xf32>):
// V1-NEXT:   %[[A:.*]] = dlc.linear %[[X]], %[[W0]] :
// V1-NEXT:   %[[R:.*]] = dlc.add %[[X]], %[[A]] :
// V1-NEXT:   %[[M:.*]] = dlc.linear %[[R]], %[[V0]] :
// V1-NEXT:   %[[S:.*]] = dlc.add %[[R]], %[[M]] :
// V1-NEXT:   %[[O:.*]] = dlc.layer_norm %[[S]], {{.*}} : (
// V1-NEXT:   dlc.yield %[[O]] : tensor<3x4xf32>
// V1-NEXT: } g {
// V1-NEXT: ^bb0(%[[Z:.*]]: tensor<3x4xf32>):
// V1-NEXT:   %[[DOWN:.*]] = dlc.linear %[[Z]], %[[D0]], %{{.*}} :
// V1-NEXT:   %[[ACT:.*]] = dlc.gelu %[[DOWN]]
// V1-NEXT:   %[[UP:.*]] = dlc.linear %[[ACT]], %[[U0]], %{{.*}} :
// V1-NEXT:   dlc.yield %[[UP]] : tensor<3x4xf32>
// V1-NEXT: }
// The streams swap: the next layer's x2 is this layer's y1.
// V1-NEXT: %[[T1:.*]], %{{.*}} = dlc.coupling %[[Y2]], %[[Y1]] {{.*}}layer = 1 : i64}
// V1:      dlc.linear %[[T1]], %[[HEAD]] :
// V1-NOT:  dlc.checkpoint

// V2: dlc.coupling %[[H:.*]], %[[H]] {beta = 1.000000e-01 : f64, lambda = 1.000000e+00 : f64, layer = 0 : i64} : tensor<3x4xf32> f {
// V2:      dlc.relu
// V2:      } g {
// V2:      dlc.layer_norm
// V2:      %{{.*}}, %[[T2:.*]] = dlc.coupling {{.*}}layer = 1 : i64}
// V2:      dlc.linear %[[T2]],

// V3: %[[Y1:.*]], %[[Y2:.*]] = dlc.coupling %[[H:.*]], %[[H]] {beta = 2.500000e-01 : f64, lambda = 5.000000e-01 : f64, layer = 0 : i64} : tensor<3x4xf32> f {
// V3-NEXT: ^bb0(%[[X:.*]]: tensor<3x4xf32>):
// V3-NEXT:   %[[A:.*]] = dlc.linear %[[X]], %{{.*}} :
// V3-NEXT:   %[[R:.*]] = dlc.add %[[X]], %[[A]] :
// V3-NEXT:   dlc.linear %[[R]],
// V3-NEXT:   dlc.gelu
// V3-NEXT:   %[[UP:.*]] = dlc.linear
// V3-NEXT:   %[[F:.*]] = dlc.add %[[R]], %[[UP]] :
// V3-NEXT:   dlc.yield %[[F]]
// V3-NEXT: } g {
// V3-NEXT: ^bb0(%[[Z:.*]]: tensor<3x4xf32>):
// V3-NEXT:   %[[M:.*]] = dlc.linear %[[Z]], %{{.*}} :
// V3-NEXT:   %[[S:.*]] = dlc.add %[[Z]], %[[M]] :
// V3-NEXT:   %[[O:.*]] = dlc.layer_norm %[[S]],
// V3-NEXT:   dlc.linear %[[O]],
// V3-NEXT:   dlc.gelu
// V3-NEXT:   %[[UP2:.*]] = dlc.linear
// V3-NEXT:   %[[G:.*]] = dlc.add %[[O]], %[[UP2]] :
// V3-NEXT:   dlc.yield %[[G]]
// V3-NEXT: }
// No swap; the output is y2.
// V3-NEXT: %{{.*}}, %[[T3:.*]] = dlc.coupling %[[Y1]], %[[Y2]] {{.*}}layer = 1 : i64}
// V3:      dlc.linear %[[T3]],

// layers=1: the first layer stays as it was and its output is the stack's
// input.
// ONE:      dlc.tanh
// ONE-NEXT: dlc.linear
// ONE-NEXT: dlc.add
// ONE-NEXT: dlc.linear
// ONE-NEXT: dlc.add
// ONE-NEXT: %[[O0:.*]] = dlc.layer_norm
// ONE-NEXT: dlc.coupling %[[O0]], %[[O0]] {{.*}}layer = 1 : i64}
// ONE-NOT:  dlc.coupling

// BF16:      %[[H:.*]] = dlc.tanh
// BF16-NEXT: %[[W:.*]] = dlc.convert %[[H]] : tensor<3x4xbf16> to tensor<3x4xf32>
// BF16-NEXT: dlc.coupling %[[W]], %[[W]] {{.*}} : tensor<3x4xf32> f {
// BF16-NEXT: ^bb0(%[[X:.*]]: tensor<3x4xf32>):
// BF16-NEXT:   %[[N:.*]] = dlc.convert %[[X]] : tensor<3x4xf32> to tensor<3x4xbf16>
// BF16-NEXT:   dlc.linear %[[N]],
// BF16:        %[[O:.*]] = dlc.layer_norm
// BF16-NEXT:   %[[OW:.*]] = dlc.convert %[[O]] : tensor<3x4xbf16> to tensor<3x4xf32>
// BF16-NEXT:   dlc.yield %[[OW]] : tensor<3x4xf32>
// BF16:      %[[T:.*]], %{{.*}} = dlc.coupling {{.*}}layer = 1 : i64}
// BF16:      %[[TN:.*]] = dlc.convert %[[T]] : tensor<3x4xf32> to tensor<3x4xbf16>
// BF16-NEXT: dlc.linear %[[TN]],

// f64 streams narrow to bf16 through f32 (at F's and G's inputs and at the
// top), so that a rebuilt stream within half an f32 ulp of the forward's
// narrows to the same bf16 value.
// BF64:      dlc.coupling {{.*}} : tensor<3x4xf64> f {
// BF64-NEXT: ^bb0(%[[X:.*]]: tensor<3x4xf64>):
// BF64-NEXT:   %[[M:.*]] = dlc.convert %[[X]] : tensor<3x4xf64> to tensor<3x4xf32>
// BF64-NEXT:   %[[N:.*]] = dlc.convert %[[M]] : tensor<3x4xf32> to tensor<3x4xbf16>
// BF64-NEXT:   dlc.linear %[[N]],
// BF64:      } g {
// BF64-NEXT: ^bb0(%[[Y:.*]]: tensor<3x4xf64>):
// BF64-NEXT:   %[[YM:.*]] = dlc.convert %[[Y]] : tensor<3x4xf64> to tensor<3x4xf32>
// BF64-NEXT:   dlc.convert %[[YM]] : tensor<3x4xf32> to tensor<3x4xbf16>
// BF64:      %[[T:.*]], %{{.*}} = dlc.coupling {{.*}}layer = 1 : i64}
// BF64:      %[[TM:.*]] = dlc.convert %[[T]] : tensor<3x4xf64> to tensor<3x4xf32>
// BF64-NEXT: %[[TN:.*]] = dlc.convert %[[TM]] : tensor<3x4xf32> to tensor<3x4xbf16>
// BF64-NEXT: dlc.linear %[[TN]],
// BF64-NOT:  dlc.convert {{.*}}xf64> to tensor<3x4xbf16>

// NARROW-NOT: dlc.convert
// NARROW:     dlc.coupling {{.*}} : tensor<3x4xbf16> f {

// F64:      streams f64)
// F64:      %[[W:.*]] = dlc.convert %{{.*}} : tensor<3x4xf32> to tensor<3x4xf64>
// F64-NEXT: dlc.coupling %[[W]], %[[W]] {{.*}} : tensor<3x4xf64> f {
// F64-NEXT: ^bb0(%[[X:.*]]: tensor<3x4xf64>):
// F64-NEXT:   %[[N:.*]] = dlc.convert %[[X]] : tensor<3x4xf64> to tensor<3x4xf32>
// F64:        %[[O:.*]] = dlc.layer_norm
// F64-NEXT:   %[[OW:.*]] = dlc.convert %[[O]] : tensor<3x4xf32> to tensor<3x4xf64>
// F64-NEXT:   dlc.yield %[[OW]] : tensor<3x4xf64>
