#!/usr/bin/env python3
"""Convolutions compiled by dlc against cuDNN (through PyTorch).

    conv.py prepare OUT --dlc-compile BIN   # here: one artifact per case
    conv.py run OUT --dlc-exec BIN          # GPU machine: time and compare

`prepare` writes, per convolution of the ResNet-stage example (batch 32,
56x56, bf16) and per direction (forward, input gradient, weight gradient), a
one-op graph (`dlc.conv2d`, `dlc.conv2d_input_grad`, `dlc.conv2d_weight_grad`)
and compiles it with dlc-compile into OUT/<name>/conv.dlcx (cubin for sm_90).
`run` fills the operands with uniform values in [-1, 1) rounded to bf16
(seeded torch generator), runs the artifact with dlc-exec (its step: every
launch of the op, the f32 or f64 sums and their rounding to bf16; and its
slowest launch, the tensor-core kernel), times PyTorch's cuDNN call on the
same operands with CUDA events (warm-up, then the median of single timed
calls: `conv2d`, `torch.nn.grad.conv2d_input`, `conv2d_weight`), checks that
both agree, and prints a Markdown table of TFLOP/s.
"""

import argparse
import os
import re
import subprocess
import sys

from timing import dlc_exec_time, torch_time

# name, N, C, F, H (= W), kernel, padding: the ResNet-stage example's
# convolutions (examples/resnet_bottleneck.mlir).
SHAPES = [
    ("3x3 64->64", 32, 64, 64, 56, 3, 1),
    ("1x1 256->64", 32, 256, 64, 56, 1, 0),
    ("1x1 64->256", 32, 64, 256, 56, 1, 0),
]
DIRECTIONS = ["forward", "input grad", "weight grad"]


def dirname(name, direction):
    return re.sub(r"[^a-z0-9]+", "_", f"{name} {direction}")


def tensor(dims):
    return "tensor<" + "x".join(map(str, dims)) + "xbf16>"


def operands(n, c, f, h, k):
    """The op's operand and result shapes per direction."""
    x, w, y = [n, c, h, h], [f, c, k, k], [n, f, h, h]
    return {"forward": (x, w, y, "dlc.conv2d"),
            "input grad": (y, w, x, "dlc.conv2d_input_grad"),
            "weight grad": (y, x, w, "dlc.conv2d_weight_grad")}


def prepare(out, dlc_compile):
    for name, n, c, f, h, k, pad in SHAPES:
        for direction, (a, b, r, op) in operands(n, c, f, h, k).items():
            d = os.path.join(out, dirname(name, direction))
            os.makedirs(d, exist_ok=True)
            ta, tb, tr = tensor(a), tensor(b), tensor(r)
            attrs = (f" {{padding = array<i64: {pad}, {pad}>}}"
                     if pad else "")
            graph = (f"// {name} {direction}, bf16\n"
                     f"func.func @conv(%a: {ta}, %b: {tb}) -> {tr} {{\n"
                     f"  %r = {op} %a, %b{attrs} : ({ta}, {tb}) -> {tr}\n"
                     f"  return %r : {tr}\n}}\n")
            with open(os.path.join(d, "conv.mlir"), "w") as fh:
                fh.write(graph)
            subprocess.run([dlc_compile, os.path.join(d, "conv.mlir"),
                            "--format=cubin", "-o",
                            os.path.join(d, "conv.dlcx")], check=True)
            print(f"compiled {d}", flush=True)


def run(out, dlc_exec):
    import numpy as np
    import torch
    import torch.nn.functional as F
    from torch.nn.grad import conv2d_input, conv2d_weight
    props = torch.cuda.get_device_properties(0)
    print(f"device: {props.name}; torch {torch.__version__}, CUDA "
          f"{torch.version.cuda}, cuDNN {torch.backends.cudnn.version()}")
    rows = []
    for name, n, c, f, h, k, pad in SHAPES:
        for direction, (sa, sb, sr, _) in operands(n, c, f, h, k).items():
            d = os.path.join(out, dirname(name, direction))
            if not os.path.exists(os.path.join(d, "conv.dlcx")):
                continue
            g = torch.Generator().manual_seed(n + c * 3 + f * 5 + k * 7)
            a = (torch.rand(sa, generator=g) * 2 - 1).to(torch.bfloat16)
            b = (torch.rand(sb, generator=g) * 2 - 1).to(torch.bfloat16)
            inputs = os.path.join(d, "in")
            os.makedirs(inputs, exist_ok=True)
            np.save(os.path.join(inputs, "arg0.npy"), a.float().numpy())
            np.save(os.path.join(inputs, "arg1.npy"), b.float().numpy())
            times = dlc_exec_time(dlc_exec, os.path.join(d, "conv.dlcx"), d,
                                  warmup=3, repeat=20)
            if times is None:
                rows.append((name, direction, None, None, None, None))
                continue
            step, kernel = times
            got = torch.from_numpy(
                np.load(os.path.join(d, "out", "result0.npy"))).float()
            ac, bc = a.cuda(), b.cuda()
            if direction == "forward":
                fn = lambda: F.conv2d(ac, bc, padding=pad)
            elif direction == "input grad":
                fn = lambda: conv2d_input(sr, bc, ac, padding=pad)
            else:
                fn = lambda: conv2d_weight(bc, sr, ac, padding=pad)
            ref = fn().float().cpu()
            err = ((got - ref).abs().max() / ref.abs().max()).item()
            ms = torch_time(fn)
            rows.append((name, direction, kernel, step, ms, err))
            print(f"{name} {direction}: dlc step {step:.3f} ms (kernel "
                  f"{kernel:.3f}), cuDNN {ms:.3f} ms, max error {err:.2e}",
                  flush=True)
    print()
    print("| convolution (N=32, 56x56, bf16) | direction | dlc step | "
          "dlc TFLOP/s | dlc tensor-core kernel | cuDNN | cuDNN TFLOP/s | "
          "dlc / cuDNN | max error / max |ref| |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, direction, kernel, step, ms, err in rows:
        if kernel is None:
            print(f"| {name} | {direction} | failed | | | | | | |")
            continue
        spec = next(s for s in SHAPES if s[0] == name)
        _, n, c, f, h, k, _ = spec
        flop = 2.0 * n * h * h * f * c * k * k
        ours, theirs = flop / step / 1e9, flop / ms / 1e9
        print(f"| {name} | {direction} | {step:.3f} ms | {ours:.1f} | "
              f"{kernel:.3f} ms | {ms:.3f} ms | {theirs:.1f} | "
              f"{100 * ours / theirs:.1f}% | {err:.1e} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["prepare", "run"])
    parser.add_argument("out")
    parser.add_argument("--dlc-compile")
    parser.add_argument("--dlc-exec")
    args = parser.parse_args()
    if args.command == "prepare":
        if not args.dlc_compile:
            sys.exit("conv.py prepare: --dlc-compile BIN is required")
        prepare(args.out, args.dlc_compile)
    else:
        if not args.dlc_exec:
            sys.exit("conv.py run: --dlc-exec BIN is required")
        run(args.out, args.dlc_exec)


if __name__ == "__main__":
    main()
