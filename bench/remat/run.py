#!/usr/bin/env python3
"""Rematerialization benchmark: for each example's training step, the saved
activations budget from 100% down, solved by the greedy and (up to 300
forward ops) by the MILP; prints the peak, the saved activations and the
estimated recompute overhead (H100 roofline) of each plan, and the solver
time, as a Markdown table. With --write, replaces the section in
docs/benchmarks.md.

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
FRACTIONS = [0.75, 0.5, 0.25, 0.1]
LINE = re.compile(
    r"dlc-remat: @\S+ \((?P<solver>\w+)[^,]*, (?P<status>\w+)(?:, lower bound [^,]*)?, "
    r"(?P<seconds>[\d.]+) s\): (?P<ops>\d+) recomputed ops, (?P<gflop>[\d.]+) GFLOP, "
    r"estimated (?P<ms>[\d.]+) ms \((?P<pct>[\d.]+)% of the step's (?P<step>[\d.]+) ms\); "
    r"peak (?P<peak0>\d+) bytes \([^)]*\) -> (?P<peak>\d+) bytes \([^)]*\), "
    r"saved activations (?P<act0>\d+) bytes \([^)]*\) -> (?P<act>\d+) bytes")
SECTION = "## Rematerialization (dlc-remat)"


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True)


def mib(b):
    return f"{int(b) / 2**20:.0f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    opt = os.path.join(args.build, "bin", "dlc-opt")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in EXAMPLES:
            train = os.path.join(tmp, name + ".mlir")
            r = run([opt, os.path.join(ROOT, "examples", name + ".mlir"),
                     "--dlc-autodiff", "-o", train])
            if r.returncode:
                sys.exit(r.stderr)
            report = run([opt, train, "--dlc-memory-report", "-o", os.devnull]).stderr
            ops = int(re.search(r"\((\d+) ops\)", report).group(1))
            solvers = ["heuristic"] + (["milp"] if ops <= 600 else [])
            for fraction in FRACTIONS:
                for solver in solvers:
                    r = run([opt, train, f"--dlc-remat=budget={fraction} solver={solver}",
                             "-o", os.devnull])
                    m = LINE.search(r.stderr)
                    if not m:
                        err = r.stderr.strip().splitlines()
                        rows.append((name, ops, fraction, solver, None, err[0] if err else "?"))
                        continue
                    rows.append((name, ops, fraction, solver, m.groupdict(), None))
                    print(f"{name:18} {fraction:5} {solver:9} {m['pct']:>5}% "
                          f"{mib(m['act'])} MiB activations, {m['seconds']} s",
                          file=sys.stderr)

    lines = [SECTION, "",
             f"Measured {datetime.date.today()} on {platform.node()} "
             f"({os.cpu_count()} cores), `bench/remat/run.py`; dlc-opt "
             "built with CBC 2.10 (Debian). Budget = fraction of "
             "the unconstrained step's saved activations (`--dlc-remat=budget=F`); "
             "overhead = estimated time of the recomputed ops over the step's, "
             "both from the cost model's H100 roofline (f32: 67 TFLOP/s, "
             "3.0 TB/s). MILP rows are proven optimal unless marked.", "",
             "| graph (ops) | budget | solver | saved act. MiB | peak MiB | recomputed ops | overhead | solver s |",
             "|---|---:|---|---:|---:|---:|---:|---:|"]
    for name, ops, fraction, solver, m, err in rows:
        if m is None:
            lines.append(f"| {name} ({ops}) | {fraction} | {solver} | | | | {err} | |")
            continue
        mark = "" if solver != "milp" or m["status"] == "optimal" else " (not proven)"
        lines.append(
            f"| {name} ({ops}) | {fraction} | {solver}{mark} | {mib(m['act0'])} → {mib(m['act'])} | "
            f"{mib(m['peak0'])} → {mib(m['peak'])} | {m['ops']} | {m['pct']}% | {m['seconds']} |")
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
