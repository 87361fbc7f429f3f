#!/usr/bin/env python3
"""Makes the seed corpora of the fuzz targets from dlc's tests.

    make-seeds.py OUT [--harvest DIR]...

writes OUT/ir, OUT/csv, OUT/npy and OUT/dlcx, one file per distinct seed
(named by the hash of its contents), and prints how many each got:

  ir    every test and example .mlir file, split at `// -----` as
        -split-input-file splits it, and the `//--- name.mlir` parts of
        split-file tests; full-line comments (RUN, CHECK, expected-error)
        are dropped, they only give the mutator bytes to waste time on
  csv   the .csv files in test/ and bench/, and the `*.csv` parts of
        split-file tests
  npy   the .npy files in test/, and a few written here: every dtype dlc
        reads, ranks 0 to 2, a zero dimension, header versions 1.0 to 3.0
  dlcx  the .dlcx files in test/, and one written here that holds every
        kind of buffer and kernel argument, with a right checksum

and, from each --harvest DIR (the test/ folder of a build that has run the
lit suite), the .csv, .npy and .dlcx files that the tests created under
Output/. Seeds larger than the target's input cap are left out. The seeds
are made afresh on every run rather than committed: they follow the tests.
"""
import argparse
import hashlib
import os
import re
import struct
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The targets' input caps (kMaxInputBytes in fuzz/*-fuzzer.cpp).
MAX_BYTES = {"ir": 16 << 10, "csv": 16 << 10, "npy": 64 << 10,
             "dlcx": 64 << 10}

SPLIT_FILE_PART = re.compile(r"^(?:#|//)--- (\S+)\s*$")


def files_under(top, suffixes):
    for folder, dirs, names in os.walk(top):
        dirs[:] = sorted(d for d in dirs if d != "Output")
        for name in sorted(names):
            if name.endswith(suffixes):
                yield os.path.join(folder, name)


def split_file_parts(text):
    """The parts of a split-file test: (name, contents) pairs."""
    name, lines = None, []
    for line in text.splitlines(keepends=True):
        match = SPLIT_FILE_PART.match(line)
        if match:
            if name:
                yield name, "".join(lines)
            name, lines = match.group(1), []
        elif name:
            lines.append(line)
    if name:
        yield name, "".join(lines)


def without_comments(mlir):
    return "".join(line for line in mlir.splitlines(keepends=True)
                   if not line.lstrip().startswith("//"))


def ir_cases(text):
    """A test file's cases as -split-input-file sees them."""
    for case in re.split(r"^// -----.*$", text, flags=re.M):
        case = without_comments(case).strip()
        if case:
            yield case + "\n"


def npy(descr, shape, data, version=1, fortran=False):
    """A .npy file as NumPy writes it (padded so the data is 64-aligned)."""
    dims = f"{shape[0]}," if len(shape) == 1 else ", ".join(map(str, shape))
    header = (f"{{'descr': '{descr}', 'fortran_order': {fortran}, "
              f"'shape': ({dims}), }}")
    prefix = 10 if version == 1 else 12
    header += " " * ((64 - (prefix + len(header) + 1) % 64) % 64) + "\n"
    length = (struct.pack("<H", len(header)) if version == 1
              else struct.pack("<I", len(header)))
    return (b"\x93NUMPY" + bytes([version, 0]) + length + header.encode() +
            data)


def written_npys():
    formats = {"<f2": "e", "<f4": "f", "<f8": "d", "<i4": "i", "<i8": "q"}
    for descr, code in formats.items():
        for shape in ((), (3,), (2, 3), (0, 4)):
            count = 1
            for d in shape:
                count *= d
            values = [(-1) ** i * (i + 0.5 if code in "efd" else i)
                      for i in range(count)]
            values = [v if code in "efd" else int(v) for v in values]
            yield npy(descr, shape, struct.pack(f"<{count}{code}", *values))
    floats = struct.pack("<4f", float("inf"), float("-inf"), float("nan"),
                         -0.0)
    yield npy("<f4", (4,), floats)
    yield npy("<f4", (2, 2), floats, version=2)
    yield npy("<f4", (2, 2), floats, version=3)
    yield npy("<f4", (2, 2), floats, fortran=True)


def fnv1a64(data, value=0xCBF29CE484222325):
    for byte in data:
        value = ((value ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return value


def written_dlcx():
    """An artifact with every buffer kind and argument kind, sealed."""
    ptx = (b".version 7.8\n.target sm_90\n.address_size 64\n"
           b".visible .entry k() { ret; }\n")
    constant = struct.pack("<4f", 1, 2, 3, 4)
    manifest = [
        "DLCX 4", "function f", "target sm_90", "buffers 7",
        "buffer 0 param 0 f32 4 16 0",
        "buffer 1 input 1 i64 2x0 0 0",
        "buffer 2 state 2 bf16 scalar 2 0",
        "buffer 3 output 0 f16 2x2 8 0",
        "buffer 4 arena -1 ? scalar 1024 0",
        "buffer 5 scratch -1 i8 3 3 0",
        f"buffer 6 global -1 f32 4 16 {len(constant)}",
        "step none", "updates 0",
        "modules 1", f"module 0 ptx {len(ptx)}",
        "kernels 1", "kernel 0 0 k",
        "launches 2",
        "launch 0 1 1 1 32 1 1 0 3 p0+0 p3+8 p6+4",
        "launch 0 2 3 4 8 8 2 128 6 i32:-7 i64:9 f16:0x3c00 bf16:0x3f80 "
        "f32:0x3f800000 f64:0x3ff0000000000000",
    ]
    head = ("\n".join(manifest) + "\n").encode()
    tail = b"end\n" + ptx + constant
    checksum = fnv1a64(tail, fnv1a64(head))
    return head + f"checksum fnv1a64 {checksum:016x}\n".encode() + tail


class Corpus:
    def __init__(self, out, target):
        self.dir = os.path.join(out, target)
        self.limit = MAX_BYTES[target]
        self.count = 0
        os.makedirs(self.dir, exist_ok=True)

    def add(self, data):
        if isinstance(data, str):
            data = data.encode()
        if not data or len(data) > self.limit:
            return
        path = os.path.join(self.dir, hashlib.sha1(data).hexdigest())
        if not os.path.exists(path):
            with open(path, "wb") as f:
                f.write(data)
            self.count += 1


def read(path, binary=False):
    with open(path, "rb" if binary else "r", errors=None if binary
              else "replace") as f:
        return f.read()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--harvest", action="append", default=[],
                        help="a build's test/ folder whose Output/ files "
                        "to add")
    args = parser.parse_args()
    corpora = {t: Corpus(args.out, t) for t in MAX_BYTES}
    test, bench = os.path.join(ROOT, "test"), os.path.join(ROOT, "bench")

    for path in files_under(test, (".mlir", ".test")):
        text = read(path)
        if path.endswith(".mlir"):
            for case in ir_cases(text):
                corpora["ir"].add(case)
        for name, part in split_file_parts(text):
            if name.endswith(".mlir"):
                for case in ir_cases(part):
                    corpora["ir"].add(case)
            elif name.endswith(".csv"):
                corpora["csv"].add(part)
    for path in files_under(os.path.join(ROOT, "examples"), (".mlir",)):
        for case in ir_cases(read(path)):
            corpora["ir"].add(case)
    for top in (test, bench):
        for path in files_under(top, (".csv",)):
            corpora["csv"].add(read(path, binary=True))
    for target in ("npy", "dlcx"):
        for path in files_under(test, ("." + target,)):
            corpora[target].add(read(path, binary=True))
    for data in written_npys():
        corpora["npy"].add(data)
    corpora["dlcx"].add(written_dlcx())

    for top in args.harvest:
        for folder, _, names in os.walk(top):
            if "Output" not in folder.split(os.sep):
                continue
            for name in names:
                target = os.path.splitext(name)[1][1:]
                path = os.path.join(folder, name)
                if target in ("csv", "npy", "dlcx") and \
                        os.path.getsize(path) <= MAX_BYTES[target]:
                    corpora[target].add(read(path, binary=True))

    print(" ".join(f"{t}: {c.count}" for t, c in corpora.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
