#!/usr/bin/env python3
"""Rematerialization benchmark: for each example's training step, budgets on
the saved activations and on the peak from the unconstrained step down to
the least each solver reaches, solved by the greedy and (up to 600 ops) by
the MILP, and per-layer checkpointing marked in the IR; prints the peak, the
saved activations and the estimated recompute overhead (H100 roofline) of
each plan, and the solver time, as a Markdown table. With --write, replaces
the section in docs/benchmarks.md.

    bench/remat/run.py --build build [--write]
"""

import argparse
import datetime
import os
import platform
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLES = ["mlp", "resnet_bottleneck", "bert_layer", "bert_base", "gpt2_small"]
# Saved-activation budgets (fractions of the unconstrained step's) and peak
# budgets (fractions of the way from the unconstrained peak down to the least
# the heuristic reaches); "min" is the least each solver reaches.
FRACTIONS = [0.75, 0.5, 0.25, 0.1, "min"]
PEAKS = [0.75, 0.5, 0.25, "min"]
MILP_OPS = 600  # the MILP runs on graphs up to this many ops
LINE = re.compile(
    r"dlc-remat: @\S+ \((?P<solver>\w+)[^,]*, (?P<status>\w+)(?:, lower bound [^,]*)?, "
    r"(?P<seconds>[\d.]+) s\): (?P<ops>\d+) recomputed ops, (?P<gflop>[\d.]+) GFLOP, "
    r"estimated (?P<ms>[\d.]+) ms \((?P<pct>[\d.]+)% of the step's (?P<step>[\d.]+) ms\); "
    r"(?:compiled step (?P<step0>\d+) bytes \([^)]*\) -> (?P<stepb>\d+) bytes \([^)]*\)(?: \(\d+ plans\))?, )?"
    r"graph-level peak (?P<peak0>\d+) bytes \([^)]*\) -> (?P<peak>\d+) bytes \([^)]*\), "
    r"saved activations (?P<act0>\d+) bytes \([^)]*\) -> (?P<act>\d+) bytes")
SMALLEST = re.compile(r"the smallest reachable with \w+ is (\d+) bytes")
SECTION = "## Rematerialization (dlc-remat)"
# The solvers are compared on their own measure, the graph-level peak; a
# byte budget would otherwise bound the compiled step (docs/remat.md).
GRAPH = " measure=graph"


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True)


def mib(b):
    return f"{int(b) / 2**20:.0f}"


def remat(opt, train, options):
    r = run([opt, train, "--dlc-remat=" + options, "-o", os.devnull])
    m = LINE.search(r.stderr)
    if m:
        return m.groupdict(), None
    err = r.stderr.strip().splitlines()
    return None, (err[0] if err else "?")


def least(opt, train, solver, limit, act0, peak0):
    """The least budget `solver` reaches: ask for next to nothing and read
    the figure from the error, then solve at it."""
    tiny = "0.0001" if limit == "act" else "1B"
    r = run([opt, train, f"--dlc-remat=budget={tiny} solver={solver}{GRAPH}", "-o", os.devnull])
    if LINE.search(r.stderr):
        return tiny  # next to nothing is reachable
    m = SMALLEST.search(r.stderr)
    if not m:
        return None
    smallest = int(m.group(1))
    if limit == "act":
        return f"{smallest / act0:.6f}".rstrip("0")
    return f"{smallest}B"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--only", help="comma-separated examples to run")
    args = ap.parse_args()
    opt = os.path.join(args.build, "bin", "dlc-opt")
    names = args.only.split(",") if args.only else EXAMPLES
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            train = os.path.join(tmp, name + ".mlir")
            r = run([opt, os.path.join(ROOT, "examples", name + ".mlir"),
                     "--dlc-autodiff", "-o", train])
            if r.returncode:
                sys.exit(r.stderr)
            report = run([opt, train, "--dlc-memory-report", "-o", os.devnull]).stderr
            ops = int(re.search(r"\((\d+) ops\)", report).group(1))
            peak0 = int(re.search(r"graph-level peak: .*?\((\d+) bytes\)", report).group(1))
            act0 = int(re.search(r"saved activations: .*?\((\d+) bytes\)", report).group(1))
            solvers = ["heuristic"] + (["milp"] if ops <= MILP_OPS else [])
            cases = [("act", f) for f in FRACTIONS]
            floor = None
            if ops <= MILP_OPS:
                # Peak budgets between the unconstrained peak and the least
                # the heuristic reaches: floor + f * (peak0 - floor).
                b = least(opt, train, "heuristic", "peak", act0, peak0)
                floor = int(b[:-1]) if b else None
                cases += [("peak", f) for f in PEAKS] if floor else []
            for limit, f in cases:
                for solver in solvers:
                    if f == "min":
                        budget = least(opt, train, solver, limit, act0, peak0)
                        label = "least"
                    elif limit == "act":
                        budget, label = str(f), f"{f:.0%}"
                    else:
                        bytes_ = int(floor + f * (peak0 - floor))
                        budget, label = f"{bytes_}B", f"{mib(bytes_)} MiB"
                    m, err = (None, "no least budget found") if budget is None else \
                        remat(opt, train, f"budget={budget} solver={solver}"
                              + (GRAPH if limit == "peak" else ""))
                    if err and "error: --dlc-remat: " in err:
                        err = err.split("error: --dlc-remat: ", 1)[1]
                    rows.append((name, ops, limit, label, solver, m, err))
                    print(f"{name:18} {limit:4} {label:6} {solver:9} "
                          + (f"{m['pct']:>5}% act {mib(m['act'])} MiB peak {mib(m['peak'])} MiB, "
                             f"{m['seconds']} s" if m else err), file=sys.stderr)
            m, err = remat(opt, train, "solver=checkpoints")
            rows.append((name, ops, "-", "layers", "checkpoints", m, err))

    # The heuristic against the MILP where the MILP proved its plan optimal.
    optimal = {(r[0], r[2], r[3]): float(r[5]["ms"]) for r in rows
               if r[4] == "milp" and r[5] and r[5]["status"] == "optimal"}
    lines = [SECTION, "",
             f"Measured {datetime.date.today()} on {platform.node()} "
             f"({os.cpu_count()} cores), `bench/remat/run.py`; dlc-opt "
             "built with CBC 2.10 (Debian). Budgets: `act` bounds the saved "
             "activations at a fraction of the unconstrained step's "
             "(`--dlc-remat=budget=0.5`), `peak` bounds the total live bytes "
             "(`budget=<bytes>B`) at points from the unconstrained peak down to "
             "the least the heuristic reaches; `least` "
             "is the smallest budget the solver reaches (asked for next to "
             "nothing, it names it), then solved at it. `checkpoints` is "
             "per-layer checkpointing written in the IR (`{dlc.checkpoint}` on "
             "each layer's output; `solver=checkpoints`); the one-layer graphs "
             "have no marks, so it keeps only the step's inputs. Overhead = "
             "estimated time of the recomputed ops over the step's, both from "
             "the cost model's H100 roofline (f32: 67 TFLOP/s, 3.0 TB/s). MILP "
             f"rows (graphs up to {MILP_OPS} ops; 60 s limit) are proven optimal "
             "unless marked; `vs MILP` compares the heuristic's overhead with "
             "the proven optimum at the same budget.", "",
             "| graph (ops) | limit | budget | solver | saved act. MiB | peak MiB | recomputed ops | overhead | vs MILP | solver s |",
             "|---|---|---:|---|---:|---:|---:|---:|---:|---:|"]
    for name, ops, limit, label, solver, m, err in rows:
        if m is None:
            lines.append(f"| {name} ({ops}) | {limit} | {label} | {solver} | | | | {err} | | |")
            continue
        mark = "" if solver != "milp" or m["status"] == "optimal" else " (not proven)"
        ref = optimal.get((name, limit, label)) if solver == "heuristic" else None
        vs = "" if ref is None else (f"{float(m['ms']) / ref:.2f}×" if ref > 0 else "=")
        lines.append(
            f"| {name} ({ops}) | {limit} | {label} | {solver}{mark} | {mib(m['act0'])} → {mib(m['act'])} | "
            f"{mib(m['peak0'])} → {mib(m['peak'])} | {m['ops']} | {m['pct']}% | {vs} | {m['seconds']} |")
    table = "\n".join(lines) + "\n"
    print(table)
    if args.write:
        path = os.path.join(ROOT, "docs", "benchmarks.md")
        text = open(path).read()
        if SECTION in text:
            start = text.index(SECTION)
            end = text.find("\n## ", start + 1)
            text = text[:start] + table + (text[end + 1:] if end >= 0 else "")
        else:
            text = text.rstrip("\n") + "\n\n" + table
        open(path, "w").write(text)


if __name__ == "__main__":
    main()
