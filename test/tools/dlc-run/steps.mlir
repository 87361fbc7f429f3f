// dlc-run --steps trains: each step's results marked dlc.updates go back to
// their arguments, the dlc.step argument counts steps, the data arguments
// come from --batches (cycled), and --save writes the trained arguments.
// RUN: rm -rf %t && mkdir -p %t/in %t/batches/0
// RUN: %python -c "import numpy as np, sys; d = sys.argv[1]; \
// RUN:   np.save(f'{d}/in/arg0.npy', np.array([1, -2], np.float32)); \
// RUN:   np.save(f'{d}/in/arg1.npy', np.zeros(2, np.float32)); \
// RUN:   np.save(f'{d}/batches/0/arg1.npy', np.zeros(2, np.float32))" %t

// SGD with lr = 0.25 on mean((w - t)^2), t = 0: the gradient is w, so
// w_k = 0.75^k w_0 and the loss of step k is 0.5625^(k-1) * 2.5.
// RUN: dlc-opt %s "--dlc-autodiff=optimizer=sgd lr=0.25" -o %t/sgd.mlir
// RUN: dlc-run %t/sgd.mlir --entry=f_train --inputs=%t/in --batches=%t/batches --steps=3 --save=%t/sgd | FileCheck %s --check-prefix=SGD
// SGD: step 1: loss 2.5
// SGD-NEXT: step 2: loss 1.40625
// SGD-NEXT: step 3: loss 0.7910156
// RUN: %python -c "import numpy as np, sys; w = np.load(sys.argv[1] + '/arg0.npy'); \
// RUN:   assert (w == np.float32(0.421875) * np.array([1, -2], np.float32)).all(), w; print('saved', w)" %t/sgd | FileCheck %s --check-prefix=SAVED
// SAVED: saved [ 0.421875 -0.84375 ]

// AdamW (lr = 0.1; step 1 as in test/Transforms/Autodiff/adamw.mlir):
// w_1 = [0.899, -1.898], so step 2's loss is mean(w_1^2) = 2.2053025
// (2.205304 in f32); the first moment after step 2 is 0.9 [0.1, -0.2] +
// 0.1 w_1 = [0.1799, -0.3698], and the step argument holds 2.
// RUN: dlc-opt %s "--dlc-autodiff=optimizer=adamw lr=0.1" -o %t/adamw.mlir
// RUN: %python -c "import numpy as np, sys; d = sys.argv[1]; \
// RUN:   [np.save(f'{d}/in/arg{i}.npy', np.array(v, np.float32)) for i, v in enumerate([[1, -2], [0, 0], [0, 0], [0, 0], 1.0])]" %t
// RUN: dlc-run %t/adamw.mlir --entry=f_train --inputs=%t/in --steps=2 --batches=%t/batches --save=%t/adamw | FileCheck %s --check-prefix=ADAMW
// ADAMW: step 1: loss 2.5
// ADAMW-NEXT: step 2: loss 2.2053{{[0-9]}}
// RUN: %python -c "import numpy as np, sys; d = sys.argv[1]; m = np.load(d + '/arg2.npy'); s = np.load(d + '/arg4.npy'); \
// RUN:   assert np.allclose(m, [0.1799, -0.3698], rtol=1e-6), m; assert s == 2, s; print('moments ok')" %t/adamw | FileCheck %s --check-prefix=MOMENTS
// MOMENTS: moments ok

// Without --batches the data arguments are drawn afresh each step: the
// losses differ even where w barely moves (lr tiny).
// RUN: dlc-opt %s "--dlc-autodiff=optimizer=sgd lr=1e-9" -o %t/tiny.mlir
// RUN: dlc-run %t/tiny.mlir --entry=f_train --steps=2 | FileCheck %s --check-prefix=DRAWN
// DRAWN: step 1: loss [[FIRST:.*]]
// DRAWN-NOT: step 2: loss [[FIRST]]{{$}}
// DRAWN: step 2: loss

// Errors: a step that updates nothing, with --repeat, an empty --batches.
// RUN: dlc-opt %s --dlc-autodiff -o %t/grads.mlir
// RUN: not dlc-run %t/grads.mlir --entry=f_train --steps=2 2>&1 | FileCheck %s --check-prefix=NONE
// NONE: dlc-run: error: --steps needs a step that updates its parameters, but no result of @f_train carries 'dlc.updates'; build it with --dlc-autodiff=optimizer=sgd or optimizer=adamw
// RUN: not dlc-run %t/sgd.mlir --entry=f_train --steps=2 --repeat=3 2>&1 | FileCheck %s --check-prefix=REPEAT
// REPEAT: dlc-run: error: --steps and --repeat do not go together
// RUN: mkdir -p %t/empty
// RUN: not dlc-run %t/sgd.mlir --entry=f_train --steps=2 --batches=%t/empty 2>&1 | FileCheck %s --check-prefix=EMPTY
// EMPTY: dlc-run: error: --batches={{.*}}empty holds no batch: expected directories 0, 1, ... with arg<i>.npy for the data arguments

// On the GPU: the artifact carries the loop (the step argument and which
// result updates which argument), dlc-exec --steps runs it and copies the
// updates on the device, and dlc-run --device=cuda --steps prints the same
// losses as the CPU. Errors are found before the driver is opened.
// RUN: dlc-compile %t/adamw.mlir --function=f_train -o %t/adamw.dlcx 2>/dev/null
// RUN: sed '/^end$/q' %t/adamw.dlcx | FileCheck %s --check-prefix=LOOP
// LOOP:      buffer 4 input 4 f32 scalar 4 0
// LOOP:      step 4
// LOOP-NEXT: updates 3
// LOOP-NEXT: update 0 1 0
// LOOP-NEXT: update 1 2 2
// LOOP-NEXT: update 2 3 3
// LOOP-NEXT: modules 1
// RUN: dlc-compile %t/grads.mlir --function=f_train -o %t/grads.dlcx 2>/dev/null
// RUN: not dlc-exec %t/grads.dlcx --steps=2 2>&1 | FileCheck %s --check-prefix=EXECNONE
// EXECNONE: dlc-exec: --steps needs a step that updates its parameters, but this artifact updates none
// RUN: not dlc-exec %t/adamw.dlcx --steps=2 --batches=%t/empty 2>&1 | FileCheck %s --check-prefix=EXECEMPTY
// EXECEMPTY: dlc-exec: --batches={{.*}}empty holds no batch
// RUN: not dlc-exec %t/adamw.dlcx --batches=%t/batches 2>&1 | FileCheck %s --check-prefix=EXECBATCHES
// EXECBATCHES: dlc-exec: --batches needs --steps
// RUN: %if !cuda-gpu %{ not dlc-run %t/sgd.mlir --entry=f_train --inputs=%t/in --steps=3 --device=cuda 2>&1 | FileCheck %s --check-prefix=NOGPU %}
// NOGPU: no CUDA driver
// RUN: %if cuda-gpu %{ dlc-run %t/sgd.mlir --entry=f_train --inputs=%t/in --batches=%t/batches --steps=3 --device=cuda | FileCheck %s --check-prefix=SGD %}
// RUN: %if cuda-gpu %{ dlc-exec %t/adamw.dlcx --inputs=%t/in --batches=%t/batches --steps=2 --save=%t/adamw-gpu | FileCheck %s --check-prefix=ADAMW %}
func.func @f(%w: tensor<2xf32> {dlc.param}, %t: tensor<2xf32>) -> tensor<f32> {
  %l = dlc.mse_loss %w, %t : (tensor<2xf32>, tensor<2xf32>) -> tensor<f32>
  return %l : tensor<f32>
}
