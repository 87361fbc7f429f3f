"""Prints a chain of N tanh ops over a 4x4 parameter ending in an MSE loss:
the longest schedule for its size, on which the remat solvers' work grows
fastest (the MILP's model quadratically with N)."""
import sys

n = int(sys.argv[1])
t = "tensor<4x4xf32>"
print(f"func.func @f(%a0: {t} {{dlc.param}}) -> tensor<f32> {{")
for i in range(1, n + 1):
    print(f"  %a{i} = dlc.tanh %a{i - 1} : {t}")
print(f"  %l = dlc.mse_loss %a{n}, %a0 : ({t}, {t}) -> tensor<f32>")
print("  return %l : tensor<f32>")
print("}")
