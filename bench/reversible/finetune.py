#!/usr/bin/env python3
"""Fine-tuning curves on the CPU path: a small BERT (examples/transformers.py)
is first trained on a synthetic task A, then fine-tuned from those weights on
a related task B for 300 steps with plain adapters (--dlc-adapters) and with
each MEFT variant (--dlc-reversible), with AdamW, the same batches and the
same adapter width; each configuration runs at each learning rate of
--ft-lr and is shown at its best, as the MEFT paper tunes each method's:

    finetune.py [--build DIR] [--steps N] [--pretrain-steps N]
                [--ft-lr R,R,...] [--configs C,C,...] [--curves CSV] [--write]

Task A: the label is one of the first token's two top bits (the first token
is the one the classifier's pooler reads), the second token's parity says
which, so the pre-trained stack must carry both bits to the top. Task B:
label 1 when both are clear (the first token below V/4): a new combination
of features the pre-trained layers already compute, which the adapters and
the head must learn on top of the frozen stack. Prints each run's loss at a
few steps, its mean over the run (the area under the curve, what the
comparison is judged by) and over the last 50 steps, each against the
adapters'; --curves writes every loss; --write puts the table in
docs/benchmarks.md.
"""
import argparse
import itertools
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchmarks_md  # noqa: E402
import tempfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SECTION = "## Reversible fine-tuning: loss curves (CPU)"
SIZES = dict(L=4, B=16, S=16, E=32, H=4, F=64, V=64)


def run(*cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode:
        sys.exit(f"FAILED: {' '.join(cmd)}\n{r.stderr}")
    return r


def signature(path, entry):
    """Per argument of @entry: 'weight', 'state', 'step' or 'data'."""
    text = open(path).read()
    head = text[text.index(f"func.func @{entry}("):]
    head = head[:head.index("{\n")]
    kinds = []
    for attrs in re.findall(r"%\w+: tensor<[^>]*>( \{[^}]*\})?", head):
        if "dlc.param" in attrs or "dlc.frozen" in attrs:
            kinds.append("weight")
        elif "dlc.step" in attrs:
            kinds.append("step")
        elif "dlc.optimizer_state" in attrs:
            kinds.append("state")
        else:
            kinds.append("data")
    return kinds


def batches(task, count, rng):
    V, B, S = SIZES["V"], SIZES["B"], SIZES["S"]
    out = []
    for _ in range(count):
        ids = rng.integers(0, V, size=(B, S))
        first, second = ids[:, 0], ids[:, 1]
        if task == "A":
            # One of the first token's two top bits, the second token's
            # parity says which: the pre-trained stack must carry both.
            top = int(np.log2(V)) - 2
            labels = (first >> (top + second % 2)) & 1
        else:
            # Both top bits clear: a new combination of the same features.
            labels = (first < V // 4).astype(np.int64)
        out.append((ids.astype(np.int64), labels))
    return out


def write_batches(d, kinds, data):
    data_args = [i for i, k in enumerate(kinds) if k == "data"]
    for j, (ids, labels) in enumerate(data):
        os.makedirs(os.path.join(d, str(j)))
        np.save(os.path.join(d, str(j), f"arg{data_args[0]}.npy"), ids)
        np.save(os.path.join(d, str(j), f"arg{data_args[1]}.npy"), labels)


def start_state(d, kinds):
    """AdamW starts with zero moments at step 1."""
    for i, k in enumerate(kinds):
        f = os.path.join(d, f"arg{i}.npy")
        if k == "state":
            np.save(f, np.zeros_like(np.load(f)))
        elif k == "step":
            np.save(f, np.array(1.0, np.float32))


def train(bin_dir, path, entry, inputs, batch_dir, steps, save):
    r = run(os.path.join(bin_dir, "dlc-run"), path, f"--entry={entry}",
            f"--inputs={inputs}", f"--batches={batch_dir}", f"--steps={steps}",
            f"--save={save}")
    return [float(m) for m in re.findall(r"step \d+: loss (\S+)", r.stdout)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--pretrain-steps", type=int, default=800)
    ap.add_argument("--lr", type=float, default=1e-3,
                    help="AdamW learning rate of the pre-training")
    ap.add_argument("--ft-lr", default="1e-3,3e-3,1e-2",
                    help="AdamW learning rates of the fine-tuning runs, "
                    "comma-separated: each configuration runs with each and "
                    "is reported at its best (lowest mean of the last 50 steps)")
    ap.add_argument("--curves", help="write every run's losses to this CSV")
    ap.add_argument("--configs", default="adapters,MEFT1,MEFT2,MEFT3")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    bin_dir = os.path.join(args.build, "bin")
    opt = os.path.join(bin_dir, "dlc-opt")
    sys.path.insert(0, os.path.join(ROOT, "examples"))
    import transformers

    rng = np.random.default_rng(0)
    data_a, data_b = batches("A", 64, rng), batches("B", 64, rng)
    adamw = f"--dlc-autodiff=optimizer=adamw lr={args.lr} weight-decay=0"
    ft_lrs = [float(v) for v in args.ft_lr.split(",")]
    work = tempfile.mkdtemp()
    try:
        src = os.path.join(work, "bert.mlir")
        open(src, "w").write(transformers.bert_base(**SIZES))
        # Pre-training on A: every weight trains.
        pre = os.path.join(work, "pre.mlir")
        run(opt, src, adamw, "-o", pre)
        kinds = signature(pre, "bert_base_train")
        weights = kinds.count("weight")
        init = os.path.join(work, "pre-in")
        run(os.path.join(bin_dir, "dlc-run"), pre, "--entry=bert_base_train",
            f"--write-inputs={init}")
        start_state(init, kinds)
        write_batches(os.path.join(work, "pre-batches"), kinds, data_a)
        pre_losses = train(bin_dir, pre, "bert_base_train", init,
                           os.path.join(work, "pre-batches"),
                           args.pretrain_steps, os.path.join(work, "pre-out"))
        print(f"pre-training on A: loss {pre_losses[0]:.4f} -> "
              f"{np.mean(pre_losses[-50:]):.4f} (mean of the last 50 of "
              f"{len(pre_losses)} steps)", flush=True)
        curves = {}
        configs = {"adapters": "--dlc-adapters=width=8"}
        for v in (1, 2, 3):
            configs[f"MEFT{v}"] = f"--dlc-reversible=variant={v} adapter-width=8"
        configs = {k: v for k, v in configs.items()
                   if k in args.configs.split(",")}
        runs = {}
        for (name, passes), lr in itertools.product(configs.items(), ft_lrs):
            ft_adamw = f"--dlc-autodiff=optimizer=adamw lr={lr} weight-decay=0"
            path = os.path.join(work, f"{name}.mlir")
            run(opt, src, passes, ft_adamw, "-o", path)
            k = signature(path, "bert_base_train")
            d = os.path.join(work, f"{name}-in")
            run(os.path.join(bin_dir, "dlc-run"), path,
                "--entry=bert_base_train", f"--write-inputs={d}")
            start_state(d, k)
            # The pre-trained weights lead both argument lists.
            for i in range(weights):
                shutil.copy(os.path.join(work, "pre-out", f"arg{i}.npy"),
                            os.path.join(d, f"arg{i}.npy"))
            bd = os.path.join(work, f"{name}-batches")
            write_batches(bd, k, data_b)
            out = os.path.join(work, f"{name}-out")
            c = train(bin_dir, path, "bert_base_train", d, bd, args.steps, out)
            for used in (d, bd, out):
                shutil.rmtree(used)
            runs[name, lr] = c
            print(f"{name} at lr {lr:g}: {c[0]:.4f} -> {np.mean(c[-50:]):.4f}",
                  flush=True)
    finally:
        shutil.rmtree(work)
    if args.curves:
        with open(args.curves, "w") as f:
            f.write("run,lr," + ",".join(str(s + 1) for s in range(args.steps)) + "\n")
            for (name, lr), c in runs.items():
                f.write(f"{name},{lr:g}," + ",".join(f"{v:.6g}" for v in c) + "\n")
    # A curve is judged by its mean loss over every step (the area under
    # it): near the end the losses are a few hundredths, where one batch's
    # noise moves a last-steps mean by tens of percent.
    best = {}
    for (name, lr), c in runs.items():
        if name not in best or np.mean(c) < np.mean(runs[name, best[name]]):
            best[name] = lr
    curves = {name: runs[name, lr] for name, lr in best.items()}

    base = np.mean(curves["adapters"])
    base_end = np.mean(curves["adapters"][-50:])
    marks = [s for s in (1, 50, 100, 200) if s < args.steps] + [args.steps]
    lines = [SECTION, "",
             f"`bench/reversible/finetune.py` (CPU path, f32): BERT with "
             f"L={SIZES['L']}, B={SIZES['B']}, S={SIZES['S']}, E={SIZES['E']}, "
             f"H={SIZES['H']}, F={SIZES['F']}, V={SIZES['V']}, pre-trained on "
             f"task A for {args.pretrain_steps} steps (loss {pre_losses[0]:.4f} "
             f"-> {np.mean(pre_losses[-50:]):.4f}), then fine-tuned on task B "
             f"for {args.steps} steps, AdamW lr {args.lr:g} (pre-training); "
             f"each fine-tuning run at each of the rates {args.ft_lr} and "
             f"shown at its best (lowest mean loss over the run); adapters "
             f"of width 8, 64 batches cycled, the same for every run.", "",
             "| run | lr | " + " | ".join(f"step {s}" for s in marks) +
             " | mean over the run | vs adapters | mean of the last 50 | vs adapters |",
             "|---|---:|" + "---:|" * (len(marks) + 4)]
    for name, c in curves.items():
        mean, end = np.mean(c), np.mean(c[-50:])
        lines.append(f"| {name} | {best[name]:g} | "
                     + " | ".join(f"{c[s - 1]:.4f}" for s in marks)
                     + f" | {mean:.4f} | {100 * (mean - base) / base:+.1f}% "
                     + f"| {end:.4f} | {100 * (end - base_end) / base_end:+.1f}% |")
    table = "\n".join(lines) + "\n"
    print(table)
    if args.write:
        benchmarks_md.write_section(SECTION, table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
