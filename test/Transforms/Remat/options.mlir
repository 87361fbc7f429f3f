// Option errors and unreachable budgets of --dlc-remat: each is one located
// error and a non-zero exit, with the module left unprinted.
// RUN: not dlc-opt %s --dlc-remat 2>&1 | FileCheck %s --check-prefix=NOBUDGET
// RUN: not dlc-opt %s --dlc-remat=budget=12 2>&1 | FileCheck %s --check-prefix=NOUNIT
// RUN: not dlc-opt %s --dlc-remat=budget=5Gb 2>&1 | FileCheck %s --check-prefix=UNIT
// RUN: not dlc-opt %s --dlc-remat=budget=lots 2>&1 | FileCheck %s --check-prefix=NUMBER
// RUN: not dlc-opt %s "--dlc-remat=budget=1GiB solver=ilp" 2>&1 | FileCheck %s --check-prefix=SOLVER
// RUN: not dlc-opt %s "--dlc-remat=budget=1GiB time-limit=0" 2>&1 | FileCheck %s --check-prefix=LIMIT
// RUN: not dlc-opt %s "--dlc-remat=budget=1GiB function=g" 2>&1 | FileCheck %s --check-prefix=FUNC

// NOBUDGET: error: --dlc-remat needs a budget: budget=<bytes with a unit> (6GiB) or budget=<fraction of the saved activations> (0.5)
// NOUNIT: error: --dlc-remat: a budget without a unit is a fraction of the saved activations and must be in (0, 1]
// UNIT: error: --dlc-remat: unknown unit 'Gb' in the budget; expected B, KiB, MiB, GiB, TiB, KB, MB, GB or TB
// NUMBER: error: --dlc-remat: expected bytes with a unit (6GiB, 512MiB) or a fraction in (0, 1] (0.5), got 'lots'
// SOLVER: error: unknown solver 'ilp' for --dlc-remat; expected milp, heuristic, auto or checkpoints
// LIMIT: error: --dlc-remat: time-limit, bandwidth and peak FLOP/s must be positive
// FUNC: error: --dlc-remat found no function 'g'

// The least graph-level peak of this step is 6152 bytes (see chain.mlir): a
// measure=graph budget below it is an error naming that figure, from either
// solver (chain.mlir has the error of a compiled budget).
// RUN: not dlc-opt %s --dlc-autodiff "--dlc-remat=budget=6000B measure=graph solver=heuristic" 2>&1 | FileCheck %s --check-prefix=INFEASIBLE -DSOLVER=heuristic
// RUN: %if cbc %{ not dlc-opt %s --dlc-autodiff "--dlc-remat=budget=6000B measure=graph solver=milp" 2>&1 | FileCheck %s --check-prefix=INFEASIBLE -DSOLVER=milp %}
// INFEASIBLE: [[@LINE+2]]:1: error: --dlc-remat: the budget of 6000 bytes (0.0 MiB) for the graph-level peak cannot be met; the smallest reachable with [[SOLVER]] is 6152 bytes (0.0 MiB)

func.func @chain(%w: tensor<256xf32> {dlc.param}, %x: tensor<256xf32>) -> tensor<f32> {
  %a = dlc.mul %x, %w : (tensor<256xf32>, tensor<256xf32>) -> tensor<256xf32>
  %b = dlc.tanh %a : tensor<256xf32>
  %c = dlc.tanh %b : tensor<256xf32>
  %d = dlc.tanh %c : tensor<256xf32>
  %loss = dlc.reduce_sum %d axes [0] : (tensor<256xf32>) -> tensor<f32>
  return %loss : tensor<f32>
}
