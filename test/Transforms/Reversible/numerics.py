"""Numerics of reversible fine-tuning on the CPU path, for a small BERT and
GPT-2 (examples/transformers.py): per MEFT variant,

  gradients  the step whose backward rebuilds the couplings' inputs
             (--dlc-autodiff) against the same coupled network differentiated
             the ordinary way (--dlc-autodiff=rebuild=false), with the
             adapters' up projections drawn at random so that every path
             carries a gradient: the largest error of any result relative
             to that result's largest magnitude;
  start      the loss at initialisation (up projections zero) against the
             original model's, with the same weights and inputs, at the
             variant's factors and at factors ten and a thousand times
             smaller: the deviation is first order in the factors (it scales
             by ~10, and vanishes with them).

    numerics.py DLC_OPT DLC_RUN SRC_ROOT [--dtype f32|bf16] [--layers N]
                [--variants 1,2,3] [--models bert,gpt2] [--what ...]
                [--streams f32|f64]
                [--bound B] [--at-least A] [--jit-opt N]

Prints one line per model, variant and measurement, ending in "ok" or
"FAILED (...)" against the stated bounds: gradients within 1e-3 (f32) or
0.15 (bf16 model, f32 streams; the saved bf16 backward's own rounding is of
that order) of the saved backward's, or --bound (and at least --at-least,
to show that the measurement sees an error where one is expected); the
start's deviation ten times less (5x to 20x) at a tenth of the factors and
below 1e-4 at a thousandth. --streams picks the couplings' streams for the
gradients (f32 by default here, to keep the rounding visible at two
layers); --jit-opt=0 compiles deep stacks faster.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

import numpy as np


def run(*cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode:
        sys.exit(f"FAILED: {' '.join(cmd)}\n{r.stderr}")
    return r


DEFAULTS = {1: (0.1, 1.0), 2: (1.0, 0.1), 3: (0.1, 0.1)}


class Model:
    def __init__(self, tools, work, name, text, run_flags=()):
        self.dlc_opt, self.dlc_run = tools
        self.run_flags = list(run_flags)  # e.g. --jit-opt=0 for deep stacks
        self.work, self.name = work, name
        self.entry = re.search(r"func\.func @(\w+)", text).group(1)
        self.path = self.file("orig.mlir")
        with open(self.path, "w") as f:
            f.write(text)

    def file(self, *p):
        return os.path.join(self.work, self.name, *p)

    def reversible(self, tag, variant, lam, beta, dtype_streams="f32"):
        out = self.file(f"{tag}.mlir")
        run(self.dlc_opt, self.path,
            f"--dlc-reversible=variant={variant} lambda={lam} beta={beta} "
            f"adapter-width=4 streams={dtype_streams}", "-o", out)
        return out

    def train(self, src, tag, rebuild):
        out = self.file(f"{tag}.mlir")
        run(self.dlc_opt, src, f"--dlc-autodiff=rebuild={str(rebuild).lower()}",
            "-o", out)
        return out

    def execute(self, path, entry, inputs=None, write=None):
        outputs = tempfile.mkdtemp(dir=self.work)
        cmd = [self.dlc_run, path, f"--entry={entry}", "--outputs=" + outputs,
               *self.run_flags]
        if inputs:
            cmd.append("--inputs=" + inputs)
        if write:
            cmd.append("--write-inputs=" + write)
        run(*cmd)
        results = []
        i = 0
        while os.path.exists(os.path.join(outputs, f"result{i}.npy")):
            results.append(np.load(os.path.join(outputs, f"result{i}.npy")))
            i += 1
        return results


def worst_relative(a, b):
    worst = 0.0
    for x, y in zip(a, b):
        x = x.astype(np.float64)
        y = y.astype(np.float64)
        scale = max(np.abs(y).max(), 1e-30)
        worst = max(worst, np.abs(x - y).max() / scale)
    return worst


def gradients(m, variant, lam, beta, streams="f32"):
    rev = m.reversible(f"rev{variant}", variant, lam, beta, streams)
    saved = m.train(rev, f"saved{variant}", False)
    rebuilt = m.train(rev, f"rebuilt{variant}", True)
    inputs = m.file(f"in{variant}")
    os.makedirs(inputs, exist_ok=True)
    run(m.dlc_run, saved, f"--entry={m.entry}_train",
        "--write-inputs=" + inputs, *m.run_flags)
    # Up projections at random: every path carries a gradient.
    rng = np.random.default_rng(variant)
    for f in sorted(os.listdir(inputs)):
        a = np.load(os.path.join(inputs, f))
        if a.dtype.kind == "f" and a.size > 1 and not a.any():
            np.save(os.path.join(inputs, f),
                    (0.1 * rng.standard_normal(a.shape)).astype(a.dtype))
    ref = m.execute(saved, f"{m.entry}_train", inputs=inputs)
    got = m.execute(rebuilt, f"{m.entry}_train", inputs=inputs)
    assert len(ref) == len(got) and len(ref) > 2
    return len(ref), worst_relative(got, ref)


def start(m, variant, lam, beta):
    """The loss at initialisation against the original model's."""
    orig_in = m.file("orig_in")
    os.makedirs(orig_in, exist_ok=True)
    (orig,) = m.execute(m.path, m.entry, write=orig_in)
    text = open(m.path).read()
    marks = re.findall(r"^\s+%\w+: tensor<[^>]*>( \{dlc.param\})?[,)]",
                       text, re.M)
    weights, args = marks.count(" {dlc.param}"), len(marks)
    devs = []
    for scale in (1.0, 0.1, 0.001):
        rev = m.reversible(f"start{variant}_{scale}", variant,
                           lam * scale if variant != 2 else lam,
                           beta * scale if variant != 1 else beta)
        d = m.file(f"start{variant}_{scale}_in")
        os.makedirs(d, exist_ok=True)
        run(m.dlc_run, rev, f"--entry={m.entry}", "--write-inputs=" + d)
        added = sum(1 for f in os.listdir(d)) - args
        for i in range(args):
            j = i if i < weights else i + added
            np.save(os.path.join(d, f"arg{j}.npy"),
                    np.load(os.path.join(orig_in, f"arg{i}.npy")))
        (loss,) = m.execute(rev, m.entry, inputs=d)
        devs.append(abs(float(loss) - float(orig)) / abs(float(orig)))
    return float(orig), devs


def main():
    p = argparse.ArgumentParser()
    p.add_argument("dlc_opt")
    p.add_argument("dlc_run")
    p.add_argument("root")
    p.add_argument("--dtype", default="f32")
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--variants", default="1,2,3")
    p.add_argument("--models", default="bert,gpt2")
    p.add_argument("--what", default="gradients,start")
    p.add_argument("--streams", default="f32")
    p.add_argument("--bound", type=float)
    p.add_argument("--at-least", type=float, default=0.0)
    p.add_argument("--jit-opt")
    args = p.parse_args()
    flags = [f"--jit-opt={args.jit_opt}"] if args.jit_opt else []
    sys.path.insert(0, os.path.join(args.root, "examples"))
    import transformers

    sizes = dict(L=args.layers, B=2, S=8, E=16, H=2, F=32, V=64)
    graphs = {"bert": transformers.bert_base(**sizes),
              "gpt2": transformers.gpt2_small(**sizes)}
    with tempfile.TemporaryDirectory() as work:
        for name, text in graphs.items():
            if name not in args.models.split(","):
                continue
            os.makedirs(os.path.join(work, name))
            if args.dtype != "f32":
                text = text.replace("f32", args.dtype)
            m = Model((args.dlc_opt, args.dlc_run), work, name, text, flags)
            for variant in map(int, args.variants.split(",")):
                lam, beta = DEFAULTS[variant]
                if "gradients" in args.what:
                    n, err = gradients(m, variant, lam, beta, args.streams)
                    bound = args.bound
                    if bound is None:
                        bound = 1e-3 if args.dtype == "f32" else 0.15
                    verdict = ("ok" if args.at_least <= err <= bound else
                               f"FAILED (expected {args.at_least:g} to "
                               f"{bound:g})")
                    print(f"{name} {args.dtype} L={args.layers} MEFT{variant} "
                          f"streams {args.streams} gradients: {n} results, "
                          f"worst relative error {err:.2e}: {verdict}")
                if "start" in args.what:
                    orig, devs = start(m, variant, lam, beta)
                    ratio = devs[0] / max(devs[1], 1e-30)
                    print(f"{name} {args.dtype} L={args.layers} MEFT{variant} "
                          f"start: loss {orig:.6f}, relative deviation "
                          f"{devs[0]:.2e} at the variant's factors, "
                          f"{devs[1]:.2e} at a tenth ({ratio:.1f}x less), "
                          f"{devs[2]:.2e} at a thousandth: "
                          + ("ok" if 5 <= ratio <= 20 and devs[2] <= 1e-4
                             else "FAILED (expected 5x to 20x, and below "
                                  "1e-4)"))


if __name__ == "__main__":
    main()
