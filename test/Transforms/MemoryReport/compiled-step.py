"""The memory report's compiled-step bytes against the compiled step.

    compiled-step.py DLC_OPT GRAPH DTYPE [PASSES...]

Runs `dlc-opt GRAPH --dlc-autodiff PASSES` on the graph (every f32 replaced
by DTYPE), then `--dlc-memory-report=json=...` on that step and,
independently of the report, the whole dlc-gpu-pipeline (format=none:
everything but the NVPTX back end) on the same step, and adds up what the compiled host function allocates:
its arguments (parameters, inputs, outputs), its arena and the constant
tensors of the module. Prints one line (with the report's graph-level peak
for comparison; bench/remat/run.py reads it) and exits 1 unless the two agree
byte for byte, or, when PASSES hold a --dlc-remat byte budget, unless the
compiled step is within it (a byte budget bounds the compiled step).
"""

import json
import os
import re
import subprocess
import sys
import tempfile

UNITS = {"B": 1, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30,
         "KB": 1000, "MB": 1000 ** 2, "GB": 1000 ** 3}
BYTES = {"f64": 8, "i64": 8, "f32": 4, "i32": 4, "bf16": 2, "f16": 2,
         "i16": 2, "i8": 1, "i1": 1}


def memref_bytes(text):
    m = re.fullmatch(r"memref<((?:\d+x)*)(\w+)(?:, .*)?>", text)
    count = 1
    for d in m.group(1).split("x")[:-1]:
        count *= int(d)
    return count * BYTES[m.group(2)]


def main():
    dlc_opt, graph, dtype, *passes = sys.argv[1:]
    stem = os.path.splitext(os.path.basename(graph))[0]
    with tempfile.TemporaryDirectory() as work:
        source = os.path.join(work, f"{stem}.mlir")
        with open(graph) as f:
            text = f.read()
        with open(source, "w") as f:
            f.write(text.replace("f32", dtype))
        # The step once (a time-limited MILP need not give the same plan
        # twice), then the report and the pipeline on it.
        stepped = os.path.join(work, "step.mlir")
        step = [source, "--dlc-autodiff", *passes]
        run = subprocess.run([dlc_opt, *step, "-o", stepped],
                             stderr=subprocess.PIPE, text=True)
        if run.returncode != 0:
            print(f"FAILED: dlc-opt {' '.join(step)}:\n{run.stderr}")
            return 1
        sys.stderr.write(run.stderr)  # --dlc-remat's summary line
        report = os.path.join(work, "report.json")
        subprocess.run([dlc_opt, stepped,
                        f"--dlc-memory-report=json={report}",
                        "-o", os.devnull], check=True)
        with open(report) as f:
            summary = json.load(f)
        compiled, graph_peak = summary["compiled"], summary["peak_bytes"]
        lowered = os.path.join(work, "lowered.mlir")
        subprocess.run([dlc_opt, stepped,
                        f"--symbol-privatize=exclude={stem}_train",
                        "--symbol-dce", "--dlc-gpu-pipeline=format=none",
                        "-o", lowered], check=True)
        with open(lowered) as f:
            ir = f.read()
    func = re.search(rf"func\.func @{stem}_train\((.*?)\) (?:attributes|\{{)", ir)
    args = sum(memref_bytes(t) for t in
               re.findall(r"%arg\d+: (memref<[^>]*>)", func.group(1)))
    arena = sum(int(n) for n in re.findall(
        r"memref\.alloc\(\) \{[^}]*dlc\.arena[^}]*\} : memref<(\d+)xi8>", ir))
    constants = sum(memref_bytes(t) for t in re.findall(
        r"memref\.global \"private\" constant @\S+ : (memref<[^>]*>)", ir))
    lowered_total = args + arena + constants
    label = f"{stem} {dtype} {' '.join(passes) or '(no remat)'}"
    budget = None
    for p in passes:
        m = re.search(r"budget=(\d+)(B|KiB|MiB|GiB|KB|MB|GB)\b", p)
        if m and "measure=graph" not in p:
            budget = int(m.group(1)) * UNITS[m.group(2)]
    if budget is not None and lowered_total > budget:
        print(f"OVER BUDGET: {label}: compiled step {lowered_total} bytes, "
              f"budget {budget}")
        return 1
    if compiled and compiled["total"] == lowered_total:
        within = "" if budget is None else f", within the budget of {budget} bytes"
        print(f"same: {label}: {lowered_total} bytes (graph-level peak "
              f"{graph_peak} bytes{within})")
        return 0
    print(f"DIFFERENT: {label}: report {compiled}, compiled step "
          f"{lowered_total} (arguments {args}, arena {arena}, constants "
          f"{constants})")
    return 1


if __name__ == "__main__":
    sys.exit(main())
