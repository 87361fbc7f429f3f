"""A second, independent implementation of the memory analysis, for tests.

    liveness.py GENERIC.mlir FUNCTION REPORT.json

Reads FUNCTION from `dlc-opt --mlir-print-op-generic` output, recomputes the
live bytes at every op (arguments and results live for the whole step; a
value from its definition to its last use), the peak, and the most bytes of
saved activations (values the loss depends on that an op outside the loss's
dependences reads), and checks them against the JSON report. Prints the
figures; exits 1 on a mismatch.
"""
import json
import re
import sys

BYTES = {"f16": 2, "bf16": 2, "f32": 4, "f64": 8, "i32": 4, "i64": 8, "i1": 1}


def size(ty):
    m = re.fullmatch(r"tensor<((?:\d+x)*)(\w+)>", ty.strip())
    n = 1
    for d in m.group(1).split("x"):
        if d:
            n *= int(d)
    return n * BYTES[m.group(2)]


def main():
    text, name, report = open(sys.argv[1]).read(), sys.argv[2], sys.argv[3]
    body = text[text.index(f'sym_name = "{name}"'):]
    lines = body.splitlines()
    header = next(l for l in lines if l.strip().startswith("^bb0("))
    args = re.findall(r"(%\w+): (tensor<[^>]*>)", header)
    ops = []  # (results [(name, bytes)], operands [names])
    for line in lines[lines.index(header) + 1:]:
        m = re.match(r'\s*(?:(%[\w]+)(?::(\d+))? = )?"([\w.]+)"\((.*?)\)', line)
        if not m:
            continue
        res, count, opname, operands = m.groups()
        types = re.search(r"-> \(?(.*?)\)?$", line).group(1)
        types = re.findall(r"tensor<[^>]*>", types)
        names = ([f"{res}#{i}" for i in range(int(count))] if count
                 else [res] if res else [])
        ops.append((list(zip(names, map(size, types))),
                    [o.strip() for o in operands.split(",") if o.strip()],
                    opname))
        if opname == "func.return":
            break
    end = len(ops) - 1
    first, last, nbytes = {}, {}, {}
    for a, ty in args:
        first[a], last[a], nbytes[a] = 0, end, size(ty)
    for i, (results, _, _) in enumerate(ops):
        for r, b in results:
            first[r], last[r], nbytes[r] = i, i, b
    users = {}
    for i, (_, operands, _) in enumerate(ops):
        for o in operands:
            o = o if o in nbytes else o.split("#")[0]
            last[o] = max(last[o], i)
            users.setdefault(o, []).append(i)
    for o in ops[end][1]:
        last[o] = end
    # The ops the loss depends on.
    defs = {r: i for i, (results, _, _) in enumerate(ops) for r, _ in results}
    forward, stack = set(), [ops[end][1][0]]
    while stack:
        v = stack.pop()
        if v in defs and defs[v] not in forward:
            forward.add(defs[v])
            stack.extend(ops[defs[v]][1])
    saved = {v for v, i in defs.items() if i in forward and
             any(u not in forward and u != end for u in users.get(v, []))}
    totals = [sum(b for v, b in nbytes.items() if first[v] <= p <= last[v])
              for p in range(len(ops))]
    acts = [sum(nbytes[v] for v in saved if first[v] <= p <= last[v])
            for p in range(len(ops))]
    peak = max(totals)
    got = json.load(open(report))
    print(f"independent: peak {peak} bytes at op {totals.index(peak)}, "
          f"saved activations at most {max(acts)} bytes")
    print(f"report:      peak {got['peak_bytes']} bytes at op "
          f"{got['peak_op']}, saved activations at most "
          f"{got['activation_bytes']} bytes")
    same = (peak == got["peak_bytes"] and totals.index(peak) == got["peak_op"]
            and max(acts) == got["activation_bytes"])
    print("match" if same else "MISMATCH")
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
