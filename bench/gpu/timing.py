"""Timing shared by gemm.py and conv.py: PyTorch calls with CUDA events, and
dlc artifacts through dlc-exec."""

import os
import re
import statistics
import subprocess


def torch_time(fn, warmup=5, repeat=30):
    """The median time of `repeat` single calls of `fn` after `warmup`
    untimed ones, in milliseconds (CUDA events around each call)."""
    import torch
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    times = []
    for _ in range(repeat):
        start = torch.cuda.Event(enable_timing=True)
        stop = torch.cuda.Event(enable_timing=True)
        start.record()
        fn()
        stop.record()
        stop.synchronize()
        times.append(start.elapsed_time(stop))
    return statistics.median(times)


def dlc_exec_time(dlc_exec, artifact, directory, warmup, repeat):
    """Runs `artifact` with dlc-exec on DIRECTORY/in, results into
    DIRECTORY/out. Returns (step, slowest launch) in milliseconds: the
    median step, and the first line of the per-launch profile; None where
    dlc-exec failed (its output printed)."""
    proc = subprocess.run(
        [dlc_exec, artifact, "--inputs", os.path.join(directory, "in"),
         "--outputs", os.path.join(directory, "out"), "--warmup", str(warmup),
         "--repeat", str(repeat), "--profile", "3"],
        capture_output=True, text=True)
    if proc.returncode != 0:
        print(proc.stdout + proc.stderr)
        return None
    step = float(re.search(r"step ([0-9.]+) ms", proc.stdout)[1])
    kernel = float(re.search(r"^\s+([0-9.]+) ms", proc.stdout, re.M)[1])
    return step, kernel
