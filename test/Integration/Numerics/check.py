"""Checks dlc-run against the NumPy reference on op cases or whole graphs.

    check.py --dlc-opt=BIN --dlc-run=BIN --op=NAME   every case of one op
    check.py --dlc-opt=BIN --dlc-run=BIN --graph=F   one graph file
    check.py --dlc-opt=BIN --dlc-run=BIN --gradcheck=NAME
        the gradients that --dlc-autodiff builds for the GRAD_CASES of NAME,
        against central finite differences of the NumPy reference (f64)
    check.py --dlc-opt=BIN --dlc-run=BIN --dlc-compile=BIN --gpu-cases=DIR
             [--op=NAME]
        writes every op case (or NAME's) for the GPU: DIR/<op>-<i>/ holds
        the case compiled by dlc-compile (case.dlcx), its inputs, the
        reference results, the CPU path's results (cpu/) and the tolerance
        (case.txt); gpu_cases.py runs them where there is a GPU

For each case it draws inputs with NumPy (integers below the bound of the op
that consumes them), computes the expected results with reference.py's
interpreter of the graph's generic form, and runs
`dlc-run --inputs --compare` with the tolerance of the results' element
type. It prints one line per case and exits 1 if any case differs.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference  # noqa: E402
from cases import CASES, GRAD_CASES  # noqa: E402

# (rtol, atol) per element type of the results. f32 results differ from the
# float64 reference by accumulated rounding; f16/bf16 results by one rounding
# of the result (dlc computes in f32 and rounds once).
TOLERANCE = {"f64": (1e-9, 1e-12), "f32": (2e-4, 2e-5),
             "f16": (2e-3, 2e-3), "bf16": (1.6e-2, 1.6e-2),
             "i32": (0, 0), "i64": (0, 0)}
LOOSENESS = ["i32", "i64", "f64", "f32", "f16", "bf16"]


def generic_form(dlc_opt, path):
    return subprocess.run([dlc_opt, path, "--mlir-print-op-generic"],
                          check=True, capture_output=True, text=True).stdout


def signature(text):
    """Argument names, types, parameter marks and result types."""
    block = next(l for l in text.splitlines() if l.strip().startswith("^bb0("))
    args = re.findall(r"(%\w+): (tensor<[^>]*>)", block)
    func = next(l for l in text.splitlines() if '"func.func"' in l)
    marks = re.search(r"arg_attrs = \[(.*?)\], function_type", func)
    params = ([("dlc.param" in a) for a in
               reference.split_top(marks.group(1))] if marks else
              [False] * len(args))
    results = re.search(r"function_type = \(.*?\) -> (.*?), sym_name",
                        func).group(1)
    if results.startswith("("):
        results = results[1:-1]
    return args, params, reference.split_top(results)


def integer_bound(text, name):
    """The bound that an embedding or cross-entropy consuming `name` needs."""
    for line in text.splitlines():
        m = re.search(r'"dlc\.(embedding|cross_entropy)"\((%\w+), (%\w+)\)'
                      r'.*: \((tensor<[^>]*>)', line)
        if m and m.group(3) == name:
            dims, _ = reference.parse_type(m.group(4))
            return dims[0] if m.group(1) == "embedding" else dims[1]
    return 100


def draw_inputs(text, rng):
    args, params, _ = signature(text)
    values = []
    for (name, ty), param in zip(args, params):
        dims, et = reference.parse_type(ty)
        if et.startswith("i"):
            values.append(rng.integers(0, integer_bound(text, name), dims))
            continue
        if param:
            fan_in = int(np.prod(dims[1:])) if len(dims) >= 2 else 100
            v = rng.uniform(-1, 1, dims) / np.sqrt(fan_in)
        else:
            v = rng.standard_normal(dims)
        values.append(reference.round_to(v, et))
    return [(v, reference.parse_type(ty)[1]) for v, (_, ty) in
            zip(values, args)]


def write_case(path, opts, seed, directory):
    """Draws the case's inputs, computes the reference results, writes both
    as arg<i>.npy and result<i>.npy into `directory` (float results in
    float64) and returns the tolerance of the results' element type."""
    text = generic_form(opts.dlc_opt, path)
    inputs = draw_inputs(text, np.random.default_rng(seed))
    expected = reference.run_graph(text, [v for v, _ in inputs])
    _, _, result_types = signature(text)
    kinds = [reference.parse_type(t)[1] for t in result_types]
    for i, (value, et) in enumerate(inputs):
        np.save(os.path.join(directory, f"arg{i}.npy"),
                np.array(value, order="C", dtype=reference.NPY_DTYPE[et]))
    for i, (value, et) in enumerate(zip(expected, kinds)):
        np.save(os.path.join(directory, f"result{i}.npy"),
                np.array(value, order="C", dtype=np.float64 if et[0] == "f"
                         else reference.NPY_DTYPE[et]))
    return TOLERANCE[max(kinds, key=LOOSENESS.index)]


def check_case(label, path, opts, seed):
    with tempfile.TemporaryDirectory() as tmp:
        rtol, atol = write_case(path, opts, seed, tmp)
        run = subprocess.run([opts.dlc_run, path, f"--inputs={tmp}",
                              f"--compare={tmp}", f"--rtol={rtol}",
                              f"--atol={atol}"],
                             capture_output=True, text=True)
    status = "ok" if run.returncode == 0 else "FAILED"
    print(f"{status}: {label} (rtol {rtol}, atol {atol})")
    if run.returncode != 0:
        print(run.stdout + run.stderr)
    return run.returncode == 0


def write_gpu_case(label, path, opts, seed):
    """Compiles one case for the GPU and stores what running it needs."""
    out = os.path.join(opts.gpu_cases, os.path.basename(path)[:-5])
    os.makedirs(os.path.join(out, "cpu"), exist_ok=True)
    rtol, atol = write_case(path, opts, seed, out)
    steps = [[opts.dlc_compile, path, "-o", os.path.join(out, "case.dlcx")],
             [opts.dlc_run, path, f"--inputs={out}",
              f"--outputs={os.path.join(out, 'cpu')}"]]
    for step in steps:
        run = subprocess.run(step, capture_output=True, text=True)
        if run.returncode != 0:
            print(f"FAILED: {label}: {os.path.basename(step[0])}\n"
                  f"{run.stdout}{run.stderr}")
            return False
    with open(os.path.join(out, "case.txt"), "w") as f:
        f.write(f"{rtol} {atol} {label}\n")
    return True


def check_gradients(label, path, opts, seed):
    """Runs @f_train from --dlc-autodiff and compares each parameter's
    gradient with central differences of the reference loss."""
    text = generic_form(opts.dlc_opt, path)
    inputs = draw_inputs(text, np.random.default_rng(seed))
    _, params, _ = signature(text)
    values = [v for v, _ in inputs]
    with tempfile.TemporaryDirectory() as tmp:
        train = os.path.join(tmp, "train.mlir")
        subprocess.run([opts.dlc_opt, path, "--dlc-autodiff", "-o", train],
                       check=True)
        for i, (value, et) in enumerate(inputs):
            np.save(os.path.join(tmp, f"arg{i}.npy"),
                    np.array(value, order="C", dtype=reference.NPY_DTYPE[et]))
        run = subprocess.run([opts.dlc_run, train, "--entry=f_train",
                              f"--inputs={tmp}", f"--outputs={tmp}"],
                             capture_output=True, text=True)
        if run.returncode != 0:
            print(f"FAILED: {label}\n{run.stdout}{run.stderr}")
            return False
        grads = [np.load(os.path.join(tmp, f"result{k + 1}.npy"))
                 for k in range(sum(params))]

    def loss(args):
        return float(reference.run_graph(text, args)[0])

    h, worst = 1e-6, 0.0
    ok = True
    for k, i in enumerate(i for i, p in enumerate(params) if p):
        fd = np.zeros_like(values[i])
        for j in np.ndindex(values[i].shape):
            plus = [v.copy() for v in values]
            minus = [v.copy() for v in values]
            plus[i][j] += h
            minus[i][j] -= h
            fd[j] = (loss(plus) - loss(minus)) / (2 * h)
        err = np.abs(grads[k] - fd)
        bound = 1e-7 + 1e-5 * np.abs(fd)
        worst = max(worst, float(err.max(initial=0)))
        if (err > bound).any():
            at = np.unravel_index(np.argmax(err - bound), err.shape)
            print(f"FAILED: {label}: gradient of argument #{i} at "
                  f"{list(at)}: autodiff {grads[k][at]:.9g}, finite "
                  f"differences {fd[at]:.9g}")
            ok = False
    if ok:
        print(f"ok: gradcheck {label} (max |autodiff - fd| {worst:.2g})")
    return ok


def run_cases(bodies, stem, label_prefix, check, opts):
    """Writes each case to a file and checks it; the label is the prefix
    (formatted with the case number) and the case's first comment line."""
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for i, body in enumerate(bodies):
            path = os.path.join(tmp, f"{stem}{i}.mlir")
            with open(path, "w") as f:
                f.write(body)
            label = label_prefix.format(i=i) + body.splitlines()[0][3:]
            ok &= check(label, path, opts, opts.seed + i)
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dlc-opt", required=True)
    parser.add_argument("--dlc-run", required=True)
    parser.add_argument("--op")
    parser.add_argument("--graph")
    parser.add_argument("--gradcheck")
    parser.add_argument("--dlc-compile")
    parser.add_argument("--gpu-cases", metavar="DIR")
    parser.add_argument("--seed", type=int, default=1)
    opts = parser.parse_args()
    if opts.gpu_cases:
        if not opts.dlc_compile:
            sys.exit("check.py: --gpu-cases needs --dlc-compile")
        ops = [opts.op] if opts.op else sorted(CASES)
        ok, count = True, 0
        for op in ops:
            if op not in CASES:
                sys.exit(f"check.py: no cases for op '{op}'")
            ok &= run_cases(CASES[op], f"{op}-", f"{op} case {{i}}: ",
                            write_gpu_case, opts)
            count += len(CASES[op])
        print(f"compiled {count} cases of {len(ops)} ops into "
              f"{opts.gpu_cases}")
    elif opts.graph:
        ok = check_case(os.path.basename(opts.graph), opts.graph, opts,
                        opts.seed)
    elif opts.gradcheck:
        if opts.gradcheck not in GRAD_CASES:
            sys.exit(f"check.py: no gradient cases named '{opts.gradcheck}'")
        ok = run_cases(GRAD_CASES[opts.gradcheck], "grad", "", check_gradients,
                       opts)
    else:
        if opts.op not in CASES:
            sys.exit(f"check.py: no cases for op '{opts.op}'")
        ok = run_cases(CASES[opts.op], opts.op, f"{opts.op} case {{i}}: ",
                       check_case, opts)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
