#!/usr/bin/env python3
"""Benchmarks dlc's arena planner: MiniMalloc's 11 challenging instances at
their 1 MiB capacity, and the buffers of the examples' bufferized training
steps (exported by --dlc-plan-memory csv=), with both solvers. Prints a
Markdown table; --update also writes it into docs/benchmarks.md.

    bench/malloc/run.py [--build DIR] [--update]
"""
import argparse
import datetime
import os
import platform
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))
BUFFERIZE = ("--one-shot-bufferize=bufferize-function-boundaries "
             "function-boundary-type-conversion=identity-layout-map")


def malloc(build, path, solver, capacity=None):
    args = [os.path.join(build, "bin", "dlc-malloc"), f"--input={path}",
            f"--solver={solver}", "--time-limit=60"]
    if capacity:
        args.append(f"--capacity={capacity}")
    out = subprocess.run(args, capture_output=True, text=True).stdout
    field = lambda key: re.search(rf"^{key}: (\S+)", out, re.M)
    peak = field("peak")
    return {"bound": int(field("lower bound").group(1)),
            "peak": int(peak.group(1)) if peak else None,
            "status": field("status").group(1),
            "seconds": float(field("time").group(1))}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--update", action="store_true")
    args = parser.parse_args()
    instances = []
    src = os.path.join(ROOT, "bench", "malloc", "minimalloc")
    for name in "ABCDEFGHIJK":
        instances.append((f"MiniMalloc {name}",
                          os.path.join(src, f"{name}.1048576.csv"), 1048576))
    tmp = tempfile.mkdtemp()
    for example in ("mlp", "resnet_bottleneck", "bert_layer"):
        csv = os.path.join(tmp, f"{example}.csv")
        subprocess.run([os.path.join(args.build, "bin", "dlc-opt"),
                        os.path.join(ROOT, "examples", f"{example}.mlir"),
                        "--dlc-autodiff", "--dlc-to-linalg", "--canonicalize",
                        BUFFERIZE, "--buffer-results-to-out-params",
                        f"--dlc-plan-memory=csv={csv}", "-o", os.devnull],
                       check=True)
        instances.append((f"{example} training step", csv, None))

    rows = ["| instance | buffers | lower bound (B) | best-fit peak (B) | "
            "best-fit / bound | best-fit (s) | exact peak (B) | exact status "
            "| exact (s) |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |"]
    for name, path, capacity in instances:
        print(f"solving {name}...", file=sys.stderr)
        count = sum(1 for _ in open(path)) - 1
        bf = malloc(args.build, path, "best-fit")
        ex = malloc(args.build, path, "exact", capacity)
        status = ex["status"] + (f" (fits {capacity})" if capacity else "")
        rows.append(f"| {name} | {count} | {bf['bound']} | {bf['peak']} | "
                    f"{bf['peak'] / bf['bound']:.3f} | {bf['seconds']:.3f} | "
                    f"{ex['peak']} | {status} | {ex['seconds']:.3f} |")
    table = "\n".join(rows)
    print(table)
    if args.update:
        cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo")
                    if l.startswith("model name")), platform.processor())
        section = (f"## Static memory planning (dlc-malloc)\n\n"
                   f"Measured {datetime.date.today()} on {cpu}, one thread, "
                   f"`bench/malloc/run.py`. Exact at the 1 MiB capacity for "
                   f"MiniMalloc's instances (decision), minimizing for the "
                   f"training steps (alignment 256). Every plan is checked "
                   f"by dlc-malloc's validator before it is reported.\n\n"
                   f"{table}\n")
        doc = os.path.join(ROOT, "docs", "benchmarks.md")
        text = open(doc).read()
        pattern = re.compile(r"## Static memory planning \(dlc-malloc\)\n.*?"
                             r"(?=\n## |\Z)", re.S)
        text = (pattern.sub(lambda m: section, text) if pattern.search(text)
                else text.rstrip("\n") + "\n\n" + section)
        open(doc, "w").write(text)
        print(f"updated {doc}", file=sys.stderr)


if __name__ == "__main__":
    main()
