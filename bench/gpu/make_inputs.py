#!/usr/bin/env python3
"""Deterministic inputs for a training step, the same bits on any machine.

    make_inputs.py spec DIR_WITH_NPY > spec.json   # describe dlc-run's inputs
    make_inputs.py generate spec.json OUTDIR       # write OUTDIR/arg<i>.npy

`spec` reads the arguments dlc-run wrote (--write-inputs) and records, per
argument, dtype and shape, and for floats the largest magnitude, for
integers the bound (max + 1). `generate` fills arrays from a SplitMix64
stream seeded by the argument number (uniform in [-scale, scale) for floats,
[0, bound) for integers), computed with wrapping uint64 arithmetic in NumPy,
so the GPU machine and this one produce identical files without carrying
them. Prints a checksum per argument.
"""

import hashlib
import json
import os
import sys

import numpy as np

MASK = np.uint64(0xFFFFFFFFFFFFFFFF)


def splitmix64(seed, n):
    with np.errstate(over="ignore"):
        i = np.arange(1, n + 1, dtype=np.uint64)
        z = np.uint64(seed) + i * np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def spec(directory):
    args = []
    i = 0
    while os.path.exists(os.path.join(directory, f"arg{i}.npy")):
        a = np.load(os.path.join(directory, f"arg{i}.npy"))
        entry = {"dtype": str(a.dtype), "shape": list(a.shape)}
        if a.dtype.kind == "f":
            entry["scale"] = float(np.abs(a).max()) if a.size else 1.0
        else:
            entry["bound"] = int(a.max()) + 1 if a.size else 1
        args.append(entry)
        i += 1
    json.dump(args, sys.stdout, indent=1)


def generate(spec_path, out):
    os.makedirs(out, exist_ok=True)
    for i, entry in enumerate(json.load(open(spec_path))):
        n = int(np.prod(entry["shape"], dtype=np.int64))
        bits = splitmix64(0x5EED0000 + i, n)
        if "scale" in entry:
            u = (bits >> np.uint64(11)).astype(np.float64) * 2.0**-53
            a = ((2.0 * u - 1.0) * entry["scale"]).astype(entry["dtype"])
        else:
            a = (bits % np.uint64(entry["bound"])).astype(entry["dtype"])
        a = a.reshape(entry["shape"])
        np.save(os.path.join(out, f"arg{i}.npy"), a)
        print(f"arg{i} {a.dtype} {list(a.shape)} sha1 "
              f"{hashlib.sha1(a.tobytes()).hexdigest()[:12]}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "spec":
        spec(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "generate":
        generate(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
