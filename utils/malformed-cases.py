#!/usr/bin/env python3
"""Counts the malformed-input cases of dlc's test suite: every
`expected-error` a test file asserts (one bad input, checked by
-verify-diagnostics), and every RUN line that runs a dlc tool expecting it to
fail (`not dlc-...`, or exit-status.py checking a failing exit status next to
the message). Each case asserts its diagnostic in its file. Cases are grouped
by what is malformed, from the file's name and folder: .dlcx artifacts, .npy
inputs, CSV problems and plans, options, or the IR.

    utils/malformed-cases.py [--list]
"""
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parent.parent
test = root / "test"

TOOL = r"(dlc-opt|dlc-run|dlc-compile|dlc-exec|dlc-malloc)\b"
NOT_RUN = re.compile(r"RUN:.*\bnot\s+(timeout\s+\d+\s+)?" + TOOL)
STATUS_RUN = re.compile(r"RUN:.*exit-status\.py\s+" + TOOL +
                        r".*--check-prefix[= ](\S+)")
CATEGORIES = ("IR", "options", ".npy", "CSV", ".dlcx")


def category(path: pathlib.Path) -> str:
    rel = path.relative_to(test).as_posix()
    if rel.startswith("tools/dlc-malloc/"):
        return "CSV"
    if "npy" in path.name or "inputs" in path.name:
        return ".npy"
    if rel.startswith("tools/dlc-exec/"):
        return ".dlcx"
    if any(w in path.name for w in ("option", "flag", "input-limits")):
        return "options"
    return "IR"


def cases(path: pathlib.Path) -> int:
    text = path.read_text(errors="replace")
    n = 0
    for line in text.splitlines():
        if "expected-error" in line or NOT_RUN.search(line):
            n += 1
            continue
        status = STATUS_RUN.search(line)
        if status:
            # Counted when the status it checks is a failure: not 0, and not
            # 3 (no GPU: the input passed every check).
            prefix = re.escape(status.group(2))
            checked = re.findall(prefix + r"(?:-NEXT)?: exit status (-?\d+)",
                                 text)
            if not checked or any(s not in ("0", "3") for s in checked):
                n += 1
    return n


def main() -> int:
    per: dict[str, dict[str, int]] = {c: {} for c in CATEGORIES}
    for path in sorted(test.rglob("*")):
        if path.suffix not in (".mlir", ".test") or "Inputs" in path.parts:
            continue
        n = cases(path)
        if n:
            per[category(path)][path.relative_to(root).as_posix()] = n
    print("| malformed | cases | files |")
    print("| --- | ---: | ---: |")
    for c in CATEGORIES:
        print(f"| {c} | {sum(per[c].values())} | {len(per[c])} |")
    print(f"| all | {sum(sum(f.values()) for f in per.values())} | "
          f"{sum(len(f) for f in per.values())} |")
    if "--list" in sys.argv[1:]:
        for c in CATEGORIES:
            print(f"\n{c}:")
            for rel, n in per[c].items():
                print(f"  {n:4} {rel}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
