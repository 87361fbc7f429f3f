#!/usr/bin/env python3
"""Turns what bench/reversible/run.sh printed on the GPU machine, with the
memory reports prepare.sh wrote, into the "Reversible fine-tuning" table of
docs/benchmarks.md:

    table.py REPORTS LOG [--write] [--note TEXT]

REPORTS is prepare.sh's OUT/reports, LOG run.sh's output. Per model
and configuration: saved activations (memory report, graph level), the
compiled step's planned bytes, dlc-exec's measured device bytes and step
time, for the MEFT variants whether the rebuilt gradients equal the saved
backward's (run.sh's compare_gradients.py), and the PyTorch eager peers (adapters, adapters with per-layer
gradient checkpointing, full fine-tuning) on the same graph and inputs.
"""
import argparse
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchmarks_md  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SECTION = "## Reversible fine-tuning (dlc-reversible)"
CONFIGS = ["full", "adapters", "meft1", "meft2", "meft3", "remat"]
LABELS = {"full": "full fine-tuning", "adapters": "adapters",
          "meft1": "MEFT1", "meft2": "MEFT2", "meft3": "MEFT3",
          "remat": "adapters + `--dlc-remat` at MEFT1's bytes"}


def parse_log(text):
    dlc, torch, exact, header = {}, {}, {}, []
    current = None
    for line in text.splitlines():
        m = re.match(r"=== (dlc|torch|exact) (\w+) (\w+)", line)
        if m:
            current = m.groups()
            continue
        if current is None:
            if line.strip():
                header.append(line.strip())
            continue
        kind, model, config = current
        key = (model, config)
        m = re.match(r"rebuilt vs saved: (\d+) results, (\d+) identical, worst relative difference (\S+)", line)
        if m and kind == "exact":
            total, same, worst = int(m.group(1)), int(m.group(2)), m.group(3)
            exact[key] = (f"identical ({total} results)" if same == total
                          else f"{total - same} of {total} differ, worst {worst}")
        m = re.search(r"launches per step; step ([\d.]+) ms \(median of (\d+)(?: runs)?, min ([\d.]+)\)", line)
        if m and kind == "dlc":
            dlc.setdefault(key, {})["ms"] = float(m.group(1))
        m = re.search(r"planned device memory (\d+) bytes \(arena (\d+)\); measured (\d+) bytes", line)
        if m and kind == "dlc":
            dlc.setdefault(key, {}).update(planned=int(m.group(1)),
                                           measured=int(m.group(3)))
        m = re.match(r"torch (\w+) bf16: step ([\d.]+) ms .*peak allocated (\d+) bytes, measured (\d+) bytes", line)
        if m and kind == "torch":
            torch[(model, config, m.group(1))] = dict(
                ms=float(m.group(2)), peak=int(m.group(3)), measured=int(m.group(4)))
    return dlc, torch, exact, header


def mib(b):
    return f"{b / 2**20:.1f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("log")
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--note", default="")
    args = ap.parse_args()
    dlc, torch, exact, header = parse_log(open(args.log).read())
    lines = [SECTION, ""]
    if args.note:
        lines += [args.note, ""]
    lines += [
        "| model | training | saved activations (MiB) | vs full | planned (MiB) | measured (MiB) | step (ms) | vs adapters | gradients vs saved backward |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|"]
    for model in ("bert_base", "gpt2_small"):
        full_act = None
        base_ms = dlc.get((model, "adapters"), {}).get("ms")
        for config in CONFIGS:
            path = os.path.join(args.out, model, config, "report.json")
            if not os.path.exists(path):
                continue
            report = json.load(open(path))
            act = report["activation_bytes"]
            if config == "full":
                full_act = act
            d = dlc.get((model, config), {})
            vs_full = f"{100 * (act - full_act) / full_act:+.1f}%" if full_act else ""
            ms = d.get("ms")
            vs = f"{ms / base_ms:.2f}x" if ms and base_ms else ""
            lines.append(
                f"| {model} | {LABELS[config]} | {mib(act)} | {vs_full} | "
                f"{mib(d['planned']) if 'planned' in d else ''} | "
                f"{mib(d['measured']) if 'measured' in d else ''} | "
                f"{ms if ms else 'not run'} | {vs} | {exact.get((model, config), '')} |")
        for (m, config, mode), t in sorted(torch.items()):
            if m != model:
                continue
            label = {"eager": "PyTorch eager", "checkpoint":
                     "PyTorch eager, per-layer checkpointing"}[mode]
            vs = f"{t['ms'] / base_ms:.2f}x" if base_ms else ""
            lines.append(
                f"| {model} | {label}, {LABELS[config]} | | | "
                f"{mib(t['peak'])} (peak allocated) | {mib(t['measured'])} | "
                f"{t['ms']} | {vs} | |")
    table = "\n".join(lines) + "\n"
    print(table)
    if args.write:
        benchmarks_md.write_section(SECTION, table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
