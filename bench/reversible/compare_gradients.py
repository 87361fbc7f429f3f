#!/usr/bin/env python3
"""Compares the results of two runs of a training step, as dlc-exec
--outputs wrote them (DIR/result<i>.npy): the rebuilding step of a
reversible network against the same network's saved-activation step
(--dlc-autodiff=rebuild=false) on the same inputs.

    compare_gradients.py REBUILT SAVED

Prints one line: how many results are bit for bit identical and the worst
relative difference (max |a - b| over max |b|, per result) with its result
number. Exit status 0 either way (the benchmark reports, it does not gate).
"""
import os
import sys

import numpy as np


def main():
    rebuilt, saved = sys.argv[1], sys.argv[2]
    names = sorted((f for f in os.listdir(saved) if f.startswith("result")),
                   key=lambda f: int(f[len("result"):-len(".npy")]))
    identical, worst, where = 0, 0.0, None
    for name in names:
        a = np.load(os.path.join(rebuilt, name)).astype(np.float64)
        b = np.load(os.path.join(saved, name)).astype(np.float64)
        if a.shape != b.shape:
            print(f"rebuilt vs saved: {name} has shape {a.shape} against {b.shape}")
            return 0
        if np.array_equal(a, b):
            identical += 1
            continue
        scale = np.abs(b).max()
        err = np.abs(a - b).max() / (scale if scale > 0 else 1.0)
        if err > worst:
            worst, where = err, name[len("result"):-len(".npy")]
    print(f"rebuilt vs saved: {len(names)} results, {identical} identical, "
          f"worst relative difference {worst:.3g}"
          + (f" (result #{where})" if where is not None else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
