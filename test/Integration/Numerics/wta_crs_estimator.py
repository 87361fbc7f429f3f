#!/usr/bin/env python3
"""Statistics of the WTA-CRS weight-gradient estimate, with the sampler of
dlc.wta_crs_sample as reference.py defines it (wta_crs_sample.test checks
that the op computes exactly that):

    wta_crs_estimator.py [--seeds M] [--variant wta-crs|unscaled]

For row inputs x [n, d] and output gradients g [n, o] with heavy-tailed row
norms (as transformer activations have), the estimate of g^T x from k = n/4
rows is drawn with M seeds. Unbiasedness: every element of the mean of the
M estimates lies within 5 standard errors (the element's sample standard
deviation / sqrt(M)) of the exact product, and the mean's total squared
error is within 2x its expectation (the summed variances / M).
Variance: the summed variance of WTA-CRS is below that of column-row
sampling with p ~ |x_i| |g_i| (k draws with replacement, no deterministic
part) and of uniform sampling. `--variant unscaled` drops the rescaling of
the drawn rows (every scale 1): a biased estimator that the check must
reject. Prints the figures and 'PASSED' or 'FAILED: ...'.
"""
import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference import wta_crs_sample  # noqa: E402


def estimate(g, x, indices, scales):
    return (g[indices] * scales[:, None]).T @ x[indices]


def crs(g, x, p, k, rng):
    """Plain column-row sampling: k draws with replacement from p."""
    j = rng.choice(len(p), size=k, p=p)
    return estimate(g, x, j, 1.0 / (k * p[j]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=2000)
    ap.add_argument("--variant", default="wta-crs",
                    choices=("wta-crs", "unscaled"))
    args = ap.parse_args()
    rng = np.random.default_rng(1)
    n, d, o, k = 256, 6, 5, 64
    # Row norms spread over two orders of magnitude, a few rows dominant.
    spread = np.exp(rng.normal(0, 1.2, size=(n, 1)))
    x = rng.normal(size=(n, d)) * spread
    g = rng.normal(size=(n, o)) * np.exp(rng.normal(0, 1.2, size=(n, 1)))
    exact = g.T @ x
    scores = (np.linalg.norm(x, axis=1) *
              np.linalg.norm(g, axis=1)).astype(np.float32)

    draws, counts = [], []
    for seed in range(args.seeds):
        indices, scales, count = wta_crs_sample(scores, k, seed)
        if args.variant == "unscaled":
            scales = np.ones(k)
        draws.append(estimate(g, x, indices, scales.astype(np.float64)))
        counts.append(int(count))
    draws = np.array(draws)
    mean, std = draws.mean(axis=0), draws.std(axis=0, ddof=1)
    standard_error = std / np.sqrt(args.seeds)
    z = np.abs(mean - exact) / np.maximum(standard_error, 1e-300)
    squared_error = float(((mean - exact) ** 2).sum())
    expected = float((std ** 2).sum()) / args.seeds
    variance = float((std ** 2).sum())

    p = scores.astype(np.float64)
    p /= p.sum()
    crs_draws = np.array([crs(g, x, p, k, rng) for _ in range(args.seeds)])
    uniform = np.full(n, 1.0 / n)
    uniform_draws = np.array([crs(g, x, uniform, k, rng)
                              for _ in range(args.seeds)])
    crs_variance = float(crs_draws.var(axis=0, ddof=1).sum())
    uniform_variance = float(uniform_draws.var(axis=0, ddof=1).sum())

    print(f"n={n} k={k} seeds={args.seeds} variant={args.variant}: "
          f"deterministic rows {min(counts)}..{max(counts)}")
    print(f"  worst |mean - exact| / standard error: {z.max():.2f}")
    print(f"  squared error of the mean {squared_error:.4g}, expected "
          f"{expected:.4g}")
    print(f"  summed variance: WTA-CRS {variance:.4g}, CRS {crs_variance:.4g}, "
          f"uniform {uniform_variance:.4g}")
    failures = []
    if z.max() > 5:
        failures.append(f"an element of the mean is {z.max():.1f} standard "
                        f"errors from the exact product")
    if squared_error > 2 * expected:
        failures.append(f"the mean's squared error {squared_error:.4g} is "
                        f"over twice its expectation {expected:.4g}")
    if not variance < crs_variance:
        failures.append("WTA-CRS's variance is not below CRS's")
    if not crs_variance < uniform_variance:
        failures.append("CRS's variance is not below uniform sampling's")
    print("PASSED" if not failures else "FAILED: " + "; ".join(failures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
