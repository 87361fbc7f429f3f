#!/usr/bin/env python3
"""Matrix products compiled by dlc against cuBLAS (through PyTorch).

    gemm.py prepare OUT --dlc-compile BIN [--compile-arg=ARG ...]
                                            # here: one artifact per shape
    gemm.py run OUT --dlc-exec BIN          # GPU machine: time and compare

`prepare` writes, per shape and element type, a one-op graph
(`dlc.matmul`, batched where the shape has a batch) and compiles it with
dlc-compile into OUT/<name>/gemm.dlcx (cubin for sm_90). `run` fills the
operands with uniform values in [-1, 1) rounded to the element type (seeded
torch generator), runs the artifact with dlc-exec (per-launch profile: the
product's kernel is the slowest launch of its step, whose other launches zero
the f32 accumulator and round it), times torch.matmul on the same operands
with CUDA events (warm-up, then the median of single timed calls), checks
that both products agree, and prints a Markdown table: TFLOP/s of each and
dlc's share of cuBLAS's.

bf16 products run on dlc's tensor-core kernel (f32 accumulation); f32 ones on
its generic loop kernels, against cuBLAS SGEMM (TF32 off, PyTorch's default).
"""

import argparse
import os
import subprocess
import sys

from timing import dlc_exec_time, torch_time

# name, batch, M, N, K. The BERT-layer example's products: tokens = 8 x 512,
# hidden 768, FFN 3072, 12 heads of 64 (attention batched over 8 x 12).
SHAPES = [
    ("square 4096", 1, 4096, 4096, 4096),
    ("bert projection", 1, 4096, 768, 768),
    ("bert ffn up", 1, 4096, 3072, 768),
    ("bert ffn down", 1, 4096, 768, 3072),
    ("bert weight grad", 1, 768, 768, 4096),
    ("bert scores", 96, 512, 512, 64),
    ("bert context", 96, 512, 64, 512),
]
DTYPES = ["bf16", "f32"]


def dirname(name, dtype):
    return f"{name.replace(' ', '_')}_{dtype}"


def tensor(batch, rows, cols, dtype):
    dims = ([batch] if batch > 1 else []) + [rows, cols]
    return "tensor<" + "x".join(map(str, dims)) + f"x{dtype}>"


def prepare(out, dlc_compile, extra):
    for name, batch, m, n, k in SHAPES:
        for dtype in DTYPES:
            d = os.path.join(out, dirname(name, dtype))
            os.makedirs(d, exist_ok=True)
            a, b = tensor(batch, m, k, dtype), tensor(batch, k, n, dtype)
            r = tensor(batch, m, n, dtype)
            graph = (f"// {name}: {batch} x ({m}x{k}) . ({k}x{n}), {dtype}\n"
                     f"func.func @gemm(%a: {a}, %b: {b}) -> {r} {{\n"
                     f"  %r = dlc.matmul %a, %b : ({a}, {b}) -> {r}\n"
                     f"  return %r : {r}\n}}\n")
            with open(os.path.join(d, "gemm.mlir"), "w") as f:
                f.write(graph)
            subprocess.run([dlc_compile, os.path.join(d, "gemm.mlir"),
                            "--format=cubin", "-o",
                            os.path.join(d, "gemm.dlcx")] + extra,
                           check=True)
            print(f"compiled {d}", flush=True)


def run(out, dlc_exec):
    import numpy as np
    import torch
    torch.backends.cuda.matmul.allow_tf32 = False
    props = torch.cuda.get_device_properties(0)
    print(f"device: {props.name}; torch {torch.__version__}, CUDA "
          f"{torch.version.cuda}")
    dt = {"bf16": torch.bfloat16, "f32": torch.float32}
    rows = []
    for name, batch, m, n, k in SHAPES:
        for dtype in DTYPES:
            d = os.path.join(out, dirname(name, dtype))
            if not os.path.exists(os.path.join(d, "gemm.dlcx")):
                continue
            g = torch.Generator().manual_seed(m * 7 + n * 5 + k * 3 + batch)
            lead = [batch] if batch > 1 else []
            a = (torch.rand(lead + [m, k], generator=g) * 2 - 1).to(dt[dtype])
            b = (torch.rand(lead + [k, n], generator=g) * 2 - 1).to(dt[dtype])
            inputs = os.path.join(d, "in")
            os.makedirs(inputs, exist_ok=True)
            np.save(os.path.join(inputs, "arg0.npy"), a.float().numpy())
            np.save(os.path.join(inputs, "arg1.npy"), b.float().numpy())
            times = dlc_exec_time(dlc_exec, os.path.join(d, "gemm.dlcx"), d,
                                  warmup=2,
                                  repeat=20 if dtype == "bf16" else 3)
            if times is None:
                rows.append((name, batch, m, n, k, dtype, None, None, None,
                             None))
                continue
            step, kernel = times
            got = torch.from_numpy(np.load(os.path.join(d, "out",
                                                        "result0.npy")))
            ac, bc = a.cuda(), b.cuda()
            ref = torch.matmul(ac, bc).float().cpu()
            err = ((got - ref).abs().max() / ref.abs().max()).item()
            ms = torch_time(lambda: torch.matmul(ac, bc))
            rows.append((name, batch, m, n, k, dtype, kernel, step, ms, err))
            print(f"{name} {dtype}: dlc kernel {kernel:.3f} ms (step "
                  f"{step:.3f}), torch {ms:.3f} ms, max error {err:.2e}",
                  flush=True)
    print()
    print("| product | batch x (M x K) . (K x N) | type | dlc kernel | "
          "dlc TFLOP/s | cuBLAS | cuBLAS TFLOP/s | dlc / cuBLAS | dlc step "
          "| max error / max |ref| |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, batch, m, n, k, dtype, kernel, step, ms, err in rows:
        shape = f"{batch} x ({m}x{k}) . ({k}x{n})"
        if kernel is None:
            print(f"| {name} | {shape} | {dtype} | failed | | | | | | |")
            continue
        flop = 2.0 * batch * m * n * k
        ours, theirs = flop / kernel / 1e9, flop / ms / 1e9
        print(f"| {name} | {shape} | {dtype} | {kernel:.3f} ms | {ours:.1f} "
              f"| {ms:.3f} ms | {theirs:.1f} | {100 * ours / theirs:.1f}% | "
              f"{step:.3f} ms | {err:.1e} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["prepare", "run"])
    parser.add_argument("out")
    parser.add_argument("--dlc-compile")
    parser.add_argument("--dlc-exec")
    parser.add_argument("--compile-arg", action="append", default=[],
                        help="extra dlc-compile argument (prepare), e.g. "
                             "--compile-arg=--stages=2")
    args = parser.parse_args()
    if args.command == "prepare":
        if not args.dlc_compile:
            sys.exit("gemm.py prepare: --dlc-compile BIN is required")
        prepare(args.out, args.dlc_compile, args.compile_arg)
    else:
        if not args.dlc_exec:
            sys.exit("gemm.py run: --dlc-exec BIN is required")
        run(args.out, args.dlc_exec)


if __name__ == "__main__":
    main()
