#!/usr/bin/env python3
"""Writes a make_inputs.py spec for a .dlcx artifact's arguments, for steps
too large to run through dlc-run on the CPU machine (GPT-2 small, BERT-base):

    spec_from_artifact.py STEP.dlcx BOUND [ARG=BOUND ...] > spec.json

Floating-point arguments (f32, f16, bf16: dlc-exec rounds f32 inputs on the
way in) get uniform values in [-0.02, 0.02); integer arguments (token ids,
labels) values in [0, BOUND), or in [0, B) for argument number ARG given
ARG=B."""
import json
import sys


def main():
    path, bound = sys.argv[1], int(sys.argv[2])
    bounds = {int(k): int(v) for k, v in (a.split("=") for a in sys.argv[3:])}
    args = []
    with open(path, "rb") as f:
        for raw in f:
            words = raw.decode("utf-8", "replace").split()
            if words == ["end"]:
                break
            if len(words) < 8 or words[0] != "buffer":
                continue
            if words[2] not in ("param", "input", "state"):
                continue
            shape = [] if words[5] == "scalar" else [int(d) for d in words[5].split("x")]
            if words[4] in ("f32", "f16", "bf16"):
                args.append({"dtype": "float32", "shape": shape, "scale": 0.02})
            elif words[4] in ("i32", "i64"):
                args.append({"dtype": "int64" if words[4] == "i64" else "int32",
                             "shape": shape, "bound": bounds.get(len(args), bound)})
            else:
                sys.exit(f"spec_from_artifact.py: argument of dtype {words[4]} in {path}")
    json.dump(args, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
