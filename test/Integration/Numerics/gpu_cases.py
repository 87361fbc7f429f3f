"""Runs the op cases that `check.py --gpu-cases=DIR` wrote, on a CUDA GPU.

    gpu_cases.py DIR --dlc-exec=BIN [--only=SUBSTRING]

Each case DIR/<op>-<i>/ is run by dlc-exec twice: its results against the
NumPy reference (result<i>.npy) with the tolerance of the results' element
type (case.txt), then against the CPU path's results (cpu/) with the same
tolerance. Prints one line per case and a count; exits 1 if any case
differs. Where there is no CUDA driver or GPU (dlc-exec's exit status 3),
it says so once and exits 0: the cases are skipped, not failed.

Needs Python's standard library only, so it runs on the GPU machine next to
a dlc-exec built there or carried there.
"""

import argparse
import os
import subprocess
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir")
    parser.add_argument("--dlc-exec", required=True)
    parser.add_argument("--only", default="")
    opts = parser.parse_args()
    cases = sorted(d for d in os.listdir(opts.dir)
                   if os.path.isfile(os.path.join(opts.dir, d, "case.txt"))
                   and opts.only in d)
    if not cases:
        sys.exit(f"gpu_cases.py: no cases in {opts.dir}")
    failed = 0
    for n, name in enumerate(cases):
        case = os.path.join(opts.dir, name)
        with open(os.path.join(case, "case.txt")) as f:
            rtol, atol, label = f.read().strip().split(" ", 2)
        outputs = []
        status = 0
        for compare in (case, os.path.join(case, "cpu")):
            run = subprocess.run(
                [opts.dlc_exec, os.path.join(case, "case.dlcx"),
                 f"--inputs={case}", f"--compare={compare}", f"--rtol={rtol}",
                 f"--atol={atol}", "--warmup=0", "--repeat=1"],
                capture_output=True, text=True)
            if run.returncode == 3 and n == 0:
                print(f"skipped: no CUDA GPU ({len(cases)} cases not run)\n"
                      f"{run.stderr.strip()}")
                return 0
            outputs.append(run.stdout + run.stderr)
            status = status or run.returncode
        if status:
            failed += 1
            print(f"FAILED: {label}\n" + "".join(outputs))
        else:
            print(f"ok: {label} (reference and CPU, rtol {rtol}, "
                  f"atol {atol})")
    print(f"{len(cases) - failed} of {len(cases)} cases match")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
