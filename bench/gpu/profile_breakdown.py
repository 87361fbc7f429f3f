#!/usr/bin/env python3
"""Where a step's GPU time goes, by kind of kernel:

    profile_breakdown.py STEP.mlir PROFILE.log [STEP.mlir PROFILE.log ...]

Each STEP.mlir is the module after the GPU pipeline (`dlc-compile --emit=mlir
--format=none`, the same options as the artifact), PROFILE.log the output
of `dlc-exec STEP.dlcx --profile N` with N at least the number of launches
(every launch timed one by one). Each kernel is classed by what its body
does: a tensor-core product (nvvm.mma.sync), a tiled product (shared memory,
no mma), a loop (a reduction or a loop over an axis: a branch back), or
elementwise; and, separately, whether it reads or writes f64. Prints, per
class, the launches and their summed median time, for each profile side by
side (so configurations of the same model compare by column).
"""
import re
import sys
from collections import defaultdict

FUNC = re.compile(r"^\s*llvm\.func @(\w+)\(")
LAUNCH = re.compile(r"^\s+([\d.]+) ms\s+[\d.]+%\s+launch (\d+)\s+(\w+)")


def kernel_classes(path):
    """Kernel name -> (class, whether it touches f64)."""
    classes, name, body = {}, None, []

    def close():
        if name is None:
            return
        text = "\n".join(body)
        if "nvvm.mma.sync" in text:
            kind = "tensor-core product"
        elif "!llvm.ptr<3>" in text:
            kind = "tiled product / shared memory"
        elif re.search(r"llvm\.cond_br|llvm\.br \^", text):
            kind = "loop (reduction, gather)"
        else:
            kind = "elementwise"
        wide = bool(re.search(r"\bf64\b", text))
        classes[name] = (kind, wide)

    for line in open(path):
        m = FUNC.match(line)
        if m:
            close()
            name, body = m.group(1), []
            if "gpu.kernel" not in line:
                name = None
        elif name is not None:
            body.append(line)
    close()
    return classes


def profile(path):
    """Kernel times of one `dlc-exec --profile` log: [(ms, launch, name)]."""
    rows = []
    for line in open(path):
        m = LAUNCH.match(line)
        if m:
            rows.append((float(m.group(1)), int(m.group(2)), m.group(3)))
    return rows


def main(argv):
    if len(argv) < 3 or len(argv) % 2 == 0:
        sys.exit(__doc__)
    pairs = list(zip(argv[1::2], argv[2::2]))
    logs = [log for _, log in pairs]
    tables = []
    for module, log in pairs:
        classes = kernel_classes(module)
        t = defaultdict(lambda: [0, 0.0])
        for ms, _, name in profile(log):
            kind, wide = classes.get(name, ("(not in the module)", False))
            for key in (kind, "f64 kernels" if wide else "no f64", "all"):
                t[key][0] += 1
                t[key][1] += ms
        tables.append(t)
    keys = sorted({k for t in tables for k in t},
                  key=lambda k: (k == "all", k in ("f64 kernels", "no f64"), k))
    print("| kernels | " + " | ".join(f"{l}: launches, ms" for l in logs) + " |")
    print("|---|" + "---:|" * len(logs))
    for k in keys:
        print(f"| {k} | " + " | ".join(
            f"{t[k][0]}, {t[k][1]:.3f}" for t in tables) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
