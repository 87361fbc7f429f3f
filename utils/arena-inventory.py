#!/usr/bin/env python3
"""What the bytes of a compiled step are: the step's buffers by kind.

    utils/arena-inventory.py examples/gpt2_small.mlir [--dtype bf16]
        [--passes "dlc-remat{budget=0.5}"] [--entry NAME] [--bin build/bin]
        [--top 12]

Runs the GPU pipeline's stages up to the arena plan (dlc-to-linalg,
fusion, dlc-fuse-widening, dlc-gpu-split-reductions, dlc-distinct-results,
one-shot bufferization, dlc-owned-results, the contraction kernels with
their fused epilogues, --dlc-plan-memory=plan-results, which plans the
results in the arena as the GPU pipeline's outputs-in-arena does; with
--cpu, the CPU pipeline's: no split reductions, no kernels, results as
out-parameters) on the training step of a
graph (`--dlc-autodiff` first, then `--passes`), reads the arena plan
(--dlc-plan-memory's CSV: every buffer's live range and size) and names
each planned buffer by the op that first writes it:

  transpose copy          linalg.transpose into it
  accumulator             a zero fill followed by a product (matmul,
                          batch_matmul, convolution, a reduction) into it
  widened copy / narrowed copy
                          an elementwise generic that only converts the
                          element type (bf16 -> f32 / f32 -> bf16)
  reduction               any other reduction into it
  elementwise             any other elementwise generic into it
  copy                    memref.copy into it
  product kernel result   a contraction kernel of the GPU pipeline
                          (gpu.launch) stores into it: its sums, or what
                          its fused epilogue makes of them
  other                   anything else (the op is named)

and prints, for the whole step and at the arena's peak (the time with the
most planned bytes live), the bytes of each kind, with the dlc op (from the
source location) that each kind's largest buffers come from; then the bytes
outside the arena (parameters, inputs, outputs) and the arena's size. The
sums are exact: every byte the step allocates is a parameter, an input, an
output or a buffer of the arena.
"""

import argparse
import collections
import csv
import os
import re
import subprocess
import sys
import tempfile

# The GPU pipeline's contraction kernels, which it forms before the arena is
# planned (their fused epilogues remove accumulators).
KERNEL_PASSES = ["--dlc-gpu-tensor-core-matmul",
                 "--dlc-gpu-tensor-core-contractions",
                 "--dlc-gpu-tile-contractions"]
ELEMENT_BYTES = {"f64": 8, "i64": 8, "f32": 4, "i32": 4, "bf16": 2, "f16": 2,
                 "i16": 2, "i8": 1, "i1": 1}


def memref_bytes(text):
    m = re.match(r"memref<((?:\d+x)*)(\w+)", text)
    if not m:
        return 0
    count = 1
    for d in m.group(1).split("x")[:-1]:
        count *= int(d)
    return count * ELEMENT_BYTES.get(m.group(2), 0)


def element_types(text):
    return re.findall(r"memref<(?:\d+x)*(\w+)", text)


def human(n):
    for unit in ("B", "KiB", "MiB", "GiB"):
        if abs(n) < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024


def top_level_ops(body):
    """The function body's ops: (text, last line) per op, regions included."""
    ops, current, depth = [], [], 0
    for line in body:
        current.append(line)
        depth += line.count("{") - line.count("}")
        # Attribute dictionaries open and close on one line; regions span
        # lines: an op ends when the depth is back at zero.
        if depth <= 0:
            ops.append("\n".join(current))
            current, depth = [], 0
    return ops


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("graph")
    parser.add_argument("--cpu", action="store_true",
                        help="the CPU pipeline's stages (no split reductions, "
                             "no GPU kernels before the plan)")
    parser.add_argument("--dtype", default="f32",
                        help="element type to put in place of f32 (bf16, f16)")
    parser.add_argument("--passes", default="",
                        help="graph passes after --dlc-autodiff, as dlc-opt "
                             "options (\"--dlc-remat=budget=0.5\")")
    parser.add_argument("--entry", help="the step (default: <graph>_train)")
    parser.add_argument("--bin", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "build", "bin"))
    parser.add_argument("--no-fuse-widening", action="store_true",
                        help="leave out --dlc-fuse-widening (to measure it)")
    parser.add_argument("--largest", type=int, default=0,
                        help="also list the N largest buffers live at the peak")
    parser.add_argument("--top", type=int, default=3,
                        help="source ops named per kind")
    args = parser.parse_args()

    stem = os.path.splitext(os.path.basename(args.graph))[0]
    entry = args.entry or f"{stem}_train"
    with tempfile.TemporaryDirectory() as work:
        source = os.path.join(work, f"{stem}.mlir")
        with open(args.graph) as f:
            text = f.read()
        if args.dtype != "f32":
            text = text.replace("f32", args.dtype)
        with open(source, "w") as f:
            f.write(text)
        source_lines = text.split("\n")
        planned = os.path.join(work, "planned.mlir")
        extra_fusion = [] if args.no_fuse_widening else ["--dlc-fuse-widening"]
        table = os.path.join(work, "buffers.csv")
        command = [os.path.join(args.bin, "dlc-opt"), source, "--dlc-autodiff",
                   *args.passes.split(),
                   f"--symbol-privatize=exclude={entry}", "--symbol-dce",
                   "--dlc-to-linalg", "--canonicalize",
                   "--linalg-fuse-elementwise-ops", *extra_fusion, "--canonicalize",
                   *([] if args.cpu else ["--dlc-gpu-split-reductions"]),
                   "--dlc-distinct-results",
                   "--one-shot-bufferize=bufferize-function-boundaries "
                   "function-boundary-type-conversion=identity-layout-map",
                   *(["--buffer-results-to-out-params=modify-public-functions "
                      "hoist-static-allocs add-result-attr"] if args.cpu
                     else ["--dlc-owned-results"]),
                   *([] if args.cpu else KERNEL_PASSES),
                   f"--dlc-plan-memory=solver=best-fit alignment=256 csv={table}"
                   + ("" if args.cpu else " plan-results"),
                   "-mlir-print-debuginfo", "-o", planned]
        run = subprocess.run(command, capture_output=True, text=True)
        if run.returncode != 0:
            sys.exit(f"arena-inventory.py: dlc-opt failed:\n{run.stderr}")
        with open(planned) as f:
            lines = f.read().split("\n")
        with open(table) as f:
            rows = {int(r["id"]): (int(r["lower"]), int(r["upper"]), int(r["size"]))
                    for r in csv.DictReader(f)}

    # Locations: #locN = loc("file":L:C), or fused/named ones holding one.
    locs = {}
    for line in lines:
        m = re.match(r'(#loc\d*) = loc\((.*)\)$', line)
        if m:
            locs[m.group(1)] = m.group(2)

    def dlc_op(op_text):
        refs = re.findall(r"loc\((#loc\d*)\)", op_text)
        loc = locs.get(refs[-1], "") if refs else ""
        m = re.search(r'"[^"]*":(\d+):\d+', loc)
        if not m:
            return "?"
        line = source_lines[int(m.group(1)) - 1]
        name = re.search(r"dlc\.\w+", line)
        return f"{name.group(0) if name else '?'} (line {m.group(1)})"

    start = next(i for i, l in enumerate(lines)
                 if l.lstrip().startswith(f"func.func @{entry}("))
    signature = lines[start]
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("  }"))
    ops = top_level_ops(lines[start + 1:end])

    # Views of the arena and what aliases them.
    buffer_of = {}   # SSA name -> buffer id
    buffer_type = {}  # buffer id -> element type
    for op in ops:
        m = re.match(r"\s*(%[\w.]+) = memref\.view .*\{dlc\.buffer = (\d+)[^}]*\} : "
                     r"memref<\d+xi8> to memref<(?:\d+x)*(\w+)", op)
        if m:
            buffer_of[m.group(1)] = int(m.group(2))
            buffer_type[int(m.group(2))] = m.group(3)
    alias_ops = ("memref.collapse_shape", "memref.expand_shape", "memref.subview",
                 "memref.cast", "memref.reinterpret_cast", "memref.reshape")
    writer = {}      # buffer id -> (kind, op text)
    pending_fill = {}
    for op in ops:
        head = op.split("\n")[0]
        m = re.match(r"\s*(?:(%[\w.]+)(?::\d+)? = )?([\w.]+)", head)
        if not m:
            continue
        result, name = m.group(1), m.group(2)
        used = [buffer_of[s] for s in re.findall(r"%[\w.]+", head)
                if s in buffer_of and s != result]
        if name in alias_ops and used and result:
            buffer_of[result] = used[0]
            continue
        if name == "memref.view":
            continue
        outs = re.search(r"outs\(([^)]*)\)", head)
        targets = []
        if name == "gpu.launch":
            # A contraction kernel: what it stores into, through views made
            # inside it.
            inner = dict(buffer_of)
            for line in op.split("\n")[1:]:
                a = re.match(r"\s*(%[\w.]+) = (memref\.\w+) (%[\w.]+)", line)
                if a and a.group(2) in alias_ops + ("memref.view",) and a.group(3) in inner:
                    inner[a.group(1)] = inner[a.group(3)]
                st = re.match(r"\s*(?:memref|vector)\.store %[\w.#]+, (%[\w.]+)\[", line)
                if st and st.group(1) in inner and inner[st.group(1)] not in targets:
                    targets.append(inner[st.group(1)])
            for b in targets:
                if b not in writer:
                    writer[b] = (f"product kernel result ({buffer_type[b]})", op)
            continue
        if outs:
            targets = [buffer_of[s] for s in re.findall(r"%[\w.]+", outs.group(1))
                       if s in buffer_of]
        elif name == "memref.copy":
            operands = re.findall(r"%[\w.]+", head)
            if len(operands) >= 2 and operands[1] in buffer_of:
                targets = [buffer_of[operands[1]]]
        for b in targets:
            if b in writer:
                continue
            if name == "linalg.fill":
                pending_fill.setdefault(b, op)
                continue
            ins = re.search(r"ins\(([^)]*)\)", head)
            ins_types = element_types(ins.group(1).split(":")[-1]) if ins else []
            out_types = element_types(outs.group(1).split(":")[-1]) if outs else []
            reduction = '"reduction"' in head
            if b in pending_fill and (reduction or name in (
                    "linalg.matmul", "linalg.batch_matmul") or "conv" in name):
                narrow = ins_types and ins_types[0] != (out_types or [""])[0]
                kind = "accumulator" + (" (wider than operands)" if narrow else "")
            elif name == "linalg.transpose":
                kind = "transpose copy"
            elif name == "memref.copy":
                kind = "copy"
            elif name == "linalg.generic" and not reduction and len(ins_types) == 1 \
                    and out_types and ins_types[0] != out_types[0] \
                    and re.search(r"arith\.(extf|truncf)", op) \
                    and op.count("\n") <= 4:
                kind = ("widened copy" if ELEMENT_BYTES[out_types[0]] >
                        ELEMENT_BYTES[ins_types[0]] else "narrowed copy")
                kind += f" ({ins_types[0]} -> {out_types[0]})"
            elif reduction:
                kind = "reduction"
            elif name == "linalg.generic":
                kind = "elementwise"
            elif name in ("linalg.matmul", "linalg.batch_matmul"):
                kind = "product"
            else:
                kind = f"other ({name})"
            writer[b] = (kind, op)
    for b, op in pending_fill.items():
        writer.setdefault(b, ("filled", op))

    peak_time, peak_bytes = 0, -1
    events = sorted({t for lo, hi, _ in rows.values() for t in (lo, hi)})
    for t in events:
        live = sum(s for lo, hi, s in rows.values() if lo <= t < hi)
        if live > peak_bytes:
            peak_time, peak_bytes = t, live
    arena_bytes = None
    for op in ops:
        m = re.search(r"memref\.alloc\(\) \{[^}]*dlc\.arena[^}]*\} : memref<(\d+)xi8>", op)
        if m:
            arena_bytes = int(m.group(1))
    total = collections.Counter()
    at_peak = collections.Counter()
    sources = collections.defaultdict(collections.Counter)
    count = collections.Counter()
    for b, (lo, hi, size) in rows.items():
        kind, op = writer.get(b, ("unwritten", ""))
        total[kind] += size
        count[kind] += 1
        if lo <= peak_time < hi:
            at_peak[kind] += size
            sources[kind][dlc_op(op)] += size

    largest = sorted((b for b, (lo, hi, _) in rows.items() if lo <= peak_time < hi),
                     key=lambda b: -rows[b][2])[:args.largest]
    params = inputs = outputs = 0
    for arg in re.findall(r"%arg\d+: (memref<[^>]*>)( \{[^}]*\})?", signature):
        n = memref_bytes(arg[0])
        if "dlc.param" in arg[1]:
            params += n
        elif "bufferize.result" in arg[1]:
            outputs += n
        else:
            inputs += n
    # Results returned from the arena (the GPU stages): in its bytes.
    returned = sum(memref_bytes(t) for t in
                   re.findall(r"memref<[^>]*>", signature.split(") -> ", 1)[1])
                   ) if ") -> " in signature else 0

    print(f"@{entry} ({args.dtype}{', ' + args.passes if args.passes else ''}): "
          f"{len(rows)} planned buffers, arena {arena_bytes} bytes "
          f"({human(arena_bytes or 0)}), most live at once {peak_bytes} bytes "
          f"({human(peak_bytes)}) at op {peak_time}")
    print()
    print("| kind | buffers | bytes (all) | bytes at the peak | largest at the peak (dlc op: bytes) |")
    print("| --- | ---: | ---: | ---: | --- |")
    for kind in sorted(total, key=lambda k: -at_peak[k]):
        top = ", ".join(f"{src}: {human(n)}"
                        for src, n in sources[kind].most_common(args.top))
        print(f"| {kind} | {count[kind]} | {human(total[kind])} | "
              f"{human(at_peak[kind])} | {top} |")
    if largest:
        print()
        print("| buffer | bytes | live | kind | written by | dlc op |")
        print("| ---: | ---: | --- | --- | --- | --- |")
        for b in largest:
            lo, hi, size = rows[b]
            kind, op = writer.get(b, ("unwritten", ""))
            head = op.split("\n")[0].strip()
            name = re.match(r"(?:%[\w.:]+ = )?([\w.]+)", head)
            types = re.findall(r"memref<[^>]*>", head)
            print(f"| {b} | {human(size)} | {lo}..{hi} | {kind} | "
                  f"{name.group(1) if name else '?'} -> {types[-1] if types else '?'} | "
                  f"{dlc_op(op)} |")
    print()
    print("| outside the arena | bytes |")
    print("| --- | ---: |")
    print(f"| parameters | {params} ({human(params)}) |")
    print(f"| inputs | {inputs} ({human(inputs)}) |")
    print(f"| outputs (loss, gradients, updated state) | {outputs} ({human(outputs)}) |")
    print(f"| arena | {arena_bytes} ({human(arena_bytes or 0)}) |")
    if returned:
        print(f"| (outputs in the arena) | {returned} ({human(returned)}) |")
    all_bytes = params + inputs + outputs + (arena_bytes or 0)
    print(f"| all | {all_bytes} ({human(all_bytes)}) |")


if __name__ == "__main__":
    main()
