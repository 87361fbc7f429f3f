#!/usr/bin/env python3
"""Rematerialization benchmark, two tables.

`remat`: for each example's training step, budgets on the saved activations
and on the graph-level peak from the unconstrained step down to the least
each solver reaches, solved by the greedy and (up to 600 ops) by the MILP,
and per-layer checkpointing marked in the IR; prints the peak, the compiled
step, the saved activations and the estimated recompute overhead (H100
roofline) of each plan, and the solver time.

`compiled`: for each example in f32 and bf16, without remat, with budget=0.5
and with a byte budget, the memory report's compiled step against the bytes
the lowered step allocates (test/Transforms/MemoryReport/compiled-step.py,
which CI runs on the same cases), next to the graph-level peak.

Both print Markdown; with --write, they replace their sections in
docs/benchmarks.md.

    bench/remat/run.py --build build [--tables remat,compiled] [--only mlp,...] [--write]
"""

import argparse
import datetime
import os
import platform
import re
import subprocess
import sys
import tempfile
import time

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
COMPILED_SECTION = "## Memory report against the compiled step (dlc-memory-report, dlc-remat)"
COMPILED_STEP = os.path.join(ROOT, "test", "Transforms", "MemoryReport", "compiled-step.py")
# The byte budgets of the compiled-step tests (test/Transforms/MemoryReport/
# compiled-step*.test): below each step's unconstrained compiled bytes where
# recompute can free bytes (the MLP has none to free).
BYTE_BUDGETS = {
    ("mlp", "f32"): "16MiB", ("mlp", "bf16"): "12MiB",
    ("resnet_bottleneck", "f32"): "1300MiB", ("resnet_bottleneck", "bf16"): "650MiB",
    ("bert_layer", "f32"): "500MiB", ("bert_layer", "bf16"): "270MiB",
    ("bert_base", "f32"): "4GiB", ("bert_base", "bf16"): "2GB",
    ("gpt2_small", "f32"): "12GiB", ("gpt2_small", "bf16"): "6GiB",
}
SAME = re.compile(r"^same: .*: (?P<lowered>\d+) bytes \(graph-level peak (?P<graph>\d+) bytes"
                  r"(?:, within the budget of (?P<budget>\d+) bytes)?\)", re.M)
# The solvers are compared on their own measure, the graph-level peak; a
# byte budget would otherwise bound the compiled step (docs/remat.md).
GRAPH = " measure=graph"


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True)


def mib(b):
    v = int(b) / 2**20
    return f"{v:.0f}" if v >= 100 else f"{v:.1f}"


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


def remat_table(opt, names):
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
                if floor is not None and floor >= peak0:
                    # Nothing recomputed lowers the peak: one row, not a
                    # row per budget that all equal the peak.
                    rows.append((name, ops, "peak", "least", "heuristic", None,
                                 "the least peak is the unconstrained one: "
                                 "no recompute frees bytes at the peak"))
                elif floor is not None:
                    cases += [("peak", f) for f in PEAKS]
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
             f"({os.cpu_count()} cores), `bench/remat/run.py --tables remat`; dlc-opt "
             "built with CBC 2.10 (Debian); f32 steps. Budgets: `act` bounds the saved "
             "activations at a fraction of the unconstrained step's "
             "(`--dlc-remat=budget=0.5`), `peak` bounds the graph-level peak "
             "(`budget=<bytes>B measure=graph`: the solvers' own measure, so "
             "that they are compared on what they optimize) at points from the "
             "unconstrained peak down to the least the heuristic reaches; `least` "
             "is the smallest budget the solver reaches (asked for next to "
             "nothing, it names it), then solved at it. `compiled step` is what "
             "the plan compiles to (`--dlc-memory-report`'s first line; a byte "
             "budget without `measure=graph` bounds it: next section). "
             "`checkpoints` is "
             "per-layer checkpointing written in the IR (`{dlc.checkpoint}` on "
             "each layer's output; `solver=checkpoints`); the one-layer graphs "
             "have no marks, so it keeps only the step's inputs. Overhead = "
             "estimated time of the recomputed ops over the step's, both from "
             "the cost model's H100 roofline (f32: 67 TFLOP/s, 3.0 TB/s). MILP "
             f"rows (graphs up to {MILP_OPS} ops; 60 s limit) are proven optimal "
             "unless marked; `vs MILP` compares the heuristic's overhead with "
             "the proven optimum at the same budget.", "",
             "| graph (ops) | limit | budget | solver | saved act. MiB | graph-level peak MiB | compiled step MiB | recomputed ops | overhead | vs MILP | solver s |",
             "|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, ops, limit, label, solver, m, err in rows:
        if m is None:
            lines.append(f"| {name} ({ops}) | {limit} | {label} | {solver} | | | | | {err} | | |")
            continue
        mark = "" if solver != "milp" or m["status"] == "optimal" else " (not proven)"
        ref = optimal.get((name, limit, label)) if solver == "heuristic" else None
        vs = "" if ref is None else (f"{float(m['ms']) / ref:.2f}×" if ref > 0 else "=")
        step = f"{mib(m['step0'])} → {mib(m['stepb'])}" if m["step0"] else ""
        lines.append(
            f"| {name} ({ops}) | {limit} | {label} | {solver}{mark} | {mib(m['act0'])} → {mib(m['act'])} | "
            f"{mib(m['peak0'])} → {mib(m['peak'])} | {step} | {m['ops']} | {m['pct']}% | {vs} | {m['seconds']} |")
    return "\n".join(lines) + "\n"


def compiled_table(opt, names):
    rows = []
    for name in names:
        for dtype in ["f32", "bf16"]:
            unconstrained = None
            for remat_opts in [None, "budget=0.5",
                               f"budget={BYTE_BUDGETS[(name, dtype)]} solver=heuristic"]:
                cmd = [sys.executable, COMPILED_STEP, opt,
                       os.path.join(ROOT, "examples", name + ".mlir"), dtype]
                if remat_opts:
                    cmd.append("--dlc-remat=" + remat_opts)
                start = time.monotonic()
                r = run(cmd)
                seconds = time.monotonic() - start
                m = SAME.search(r.stdout)
                line = LINE.search(r.stderr)
                label = remat_opts or "none"
                if not m:
                    why = (r.stdout.strip() or r.stderr.strip()).splitlines()
                    rows.append((name, dtype, label, None, why[0] if why else "?"))
                    print(f"{name:18} {dtype:4} {label:30} {rows[-1][4]}", file=sys.stderr)
                    continue
                lowered, graph = int(m["lowered"]), int(m["graph"])
                if remat_opts is None:
                    unconstrained = lowered
                budget = int(m["budget"]) if m["budget"] else None
                rows.append((name, dtype, label, dict(
                    lowered=lowered, graph=graph, budget=budget,
                    ops=line["ops"] if line else "0", base=unconstrained,
                    seconds=seconds), None))
                print(f"{name:18} {dtype:4} {label:30} compiled {lowered} graph {graph}"
                      f" ({seconds:.0f} s)", file=sys.stderr)
    lines = [COMPILED_SECTION, "",
             f"Measured {datetime.date.today()} on {platform.node()} "
             f"({os.cpu_count()} cores), `bench/remat/run.py --tables compiled`. "
             "For each step, `compiled-step.py` (the check CI runs on the same "
             "cases: test/Transforms/MemoryReport/compiled-step*.test) takes the "
             "report's compiled step (`--dlc-memory-report`'s first line: "
             "parameters + optimizer state + inputs + outputs + arena, the "
             "figure `--dlc-remat` budgets, `dlc-compile` writes and `dlc-exec` "
             "allocates) and, independently, adds up what the lowered step "
             "(`--dlc-gpu-pipeline=format=none`) allocates: its arguments, its "
             "arena and its constants. `report = lowered` is byte for byte. The "
             "graph-level peak (values live at once before bufferization: what "
             "the solvers see) is shown for comparison; `vs none` is the "
             "compiled step against the unconstrained one.", "",
             "| graph | dtype | remat | graph-level peak MiB | compiled step MiB (report) | report = lowered | budget met | recomputed ops | vs none |",
             "|---|---|---|---:|---:|---|---|---:|---:|"]
    for name, dtype, label, m, err in rows:
        if m is None:
            lines.append(f"| {name} | {dtype} | `{label}` | | | {err} | | | |")
            continue
        met = "" if m["budget"] is None else (
            f"yes ({mib(m['budget'])} MiB)" if m["lowered"] <= m["budget"] else "NO")
        vs = f"{m['lowered'] / m['base']:.3f}" if m["base"] else ""
        lines.append(
            f"| {name} | {dtype} | `{label}` | {mib(m['graph'])} | {mib(m['lowered'])} | yes | {met} | "
            f"{m['ops']} | {vs} |")
    return "\n".join(lines) + "\n"


def write_section(section, table):
    path = os.path.join(ROOT, "docs", "benchmarks.md")
    text = open(path).read()
    if section in text:
        start = text.index(section)
        end = text.find("\n## ", start + 1)
        text = text[:start] + table + ("\n" + text[end + 1:] if end >= 0 else "")
    else:
        # A new section goes after the remat one.
        anchor = text.find("\n## ", text.index(SECTION) + 1) if SECTION in text else -1
        if anchor >= 0:
            text = text[:anchor + 1] + table + "\n" + text[anchor + 1:]
        else:
            text = text.rstrip("\n") + "\n\n" + table
    open(path, "w").write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--only", help="comma-separated examples to run")
    ap.add_argument("--tables", default="remat,compiled",
                    help="comma-separated tables: remat, compiled")
    args = ap.parse_args()
    opt = os.path.join(args.build, "bin", "dlc-opt")
    names = args.only.split(",") if args.only else EXAMPLES
    tables = args.tables.split(",")
    for t in tables:
        if t not in ("remat", "compiled"):
            sys.exit(f"run.py: unknown table '{t}' (remat, compiled)")
    for t in tables:
        section, make = (SECTION, remat_table) if t == "remat" else \
            (COMPILED_SECTION, compiled_table)
        table = make(opt, names)
        print(table)
        if args.write:
            write_section(section, table)


if __name__ == "__main__":
    main()
