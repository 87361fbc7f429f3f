"""Runs dlc-malloc on every challenging instance in DIR with both solvers and
validates each plan with `dlc-malloc --validate`, for minimalloc.test.

    solve_all.py DLC_MALLOC DIR OUTDIR
"""
import glob
import os
import subprocess
import sys


def run(args):
    return subprocess.run([sys.argv[1]] + args, capture_output=True,
                          text=True)


def main():
    src, out = sys.argv[2], sys.argv[3]
    ok = True
    for solver in ("exact", "best-fit"):
        for path in sorted(glob.glob(os.path.join(src, "[A-K].*.csv"))):
            name, capacity = os.path.basename(path).split(".")[:2]
            plan = os.path.join(out, f"{name}.{solver}.csv")
            args = [f"--input={path}", f"--solver={solver}",
                    f"--output={plan}", "--time-limit=60"]
            if solver == "exact":
                args.append(f"--capacity={capacity}")
            solved = run(args)
            if solved.returncode != 0:
                print(f"FAILED {solver} {name}: {solved.stdout}{solved.stderr}")
                ok = False
                continue
            check = ["--validate", f"--input={plan}"]
            if solver == "exact":
                check.append(f"--capacity={capacity}")
            valid = run(check)
            if valid.returncode != 0:
                print(f"FAILED {solver} {name}: {valid.stderr}")
                ok = False
                continue
            peak = valid.stdout.split("peak: ")[1].split()[0]
            if solver == "exact":
                print(f"exact {name}: fits {capacity} bytes, plan valid")
            else:
                print(f"best-fit {name}: plan valid, peak {peak} bytes")
    print("all plans valid" if ok else "SOME PLANS FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
