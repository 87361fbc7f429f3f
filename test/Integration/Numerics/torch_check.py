"""Checks a training step built by --dlc-autodiff against PyTorch autograd.

    torch_check.py --dlc-opt=BIN --dlc-run=BIN --graph=F [--seed=N]

Builds the same computation as F's loss function in PyTorch, op by op, from
the same parameters and inputs (drawn in f32; each dlc op mapped to the
torch function that defines it; dropout multiplies by dlc's own mask, which
is part of the op's definition), evaluates it in float64, takes the loss's
gradients with torch.autograd, and compares them with the f32 results of
`dlc-run` on `@<f>_train`. Per tensor the tolerance is rtol 1e-3 plus
5e-3 times the tensor's largest gradient (plus 1e-9): f32 accumulation
through a deep step (the ResNet stage's convolutions sum 2304 products per
output) moves gradients by up to 2e-3 of their largest value, and PyTorch
in f32 is off by the same order. Exits 1 on a mismatch.
"""

import argparse
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference  # noqa: E402
from check import draw_inputs, generic_form, signature  # noqa: E402

def evaluate(name, ins, p, line):
    op = name.split(".", 1)[1]
    pair = lambda key, default: tuple(p.get(key, default))
    if name == "arith.constant":
        return torch.tensor(reference.evaluate(name, ins, p, line),
                            dtype=torch.float64)
    if op == "matmul":
        a, b = ins
        if p.get("transpose_lhs"):
            a = a.transpose(-1, -2)
        if p.get("transpose_rhs"):
            b = b.transpose(-1, -2)
        return a @ b
    if op == "linear":
        return F.linear(*ins)
    if op == "conv2d":
        return F.conv2d(*ins, stride=pair("strides", (1, 1)),
                        padding=pair("padding", (0, 0)),
                        dilation=pair("dilation", (1, 1)),
                        groups=p.get("groups", 1))
    binary = {"add": torch.add, "sub": torch.sub, "mul": torch.mul,
              "div": torch.div}
    if op in binary:
        return binary[op](*ins)
    unary = {"relu": torch.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid,
             "exp": torch.exp, "sqrt": torch.sqrt}
    if op in unary:
        return unary[op](ins[0])
    if op == "gelu":
        return F.gelu(ins[0], approximate="tanh" if p.get("approximate") == 1
                      else "none")
    if op == "dropout":
        keep = reference.dropout_keep(tuple(ins[0].shape), p["probability"],
                                      p["seed"])
        scale = 1.0 / (1.0 - p["probability"])
        return ins[0] * torch.from_numpy(keep).to(ins[0].dtype) * scale
    if op == "softmax":
        return torch.softmax(ins[0], p["axis"])
    if op == "layer_norm":
        return F.layer_norm(ins[0], tuple(ins[1].shape), ins[1], ins[2],
                            p.get("epsilon", 1e-5))
    if op == "batch_norm":
        x, w, b = ins
        dims = (0,) + tuple(range(2, x.dim()))
        y = F.batch_norm(x, None, None, w, b, training=True,
                         eps=p.get("epsilon", 1e-5))
        return y, x.mean(dim=dims), x.var(dim=dims, unbiased=False)
    if op == "global_avg_pool2d":
        return ins[0].mean(dim=(2, 3))
    if op == "embedding":
        table, ids = ins
        return F.embedding(ids.clamp(0, table.shape[0] - 1), table)
    if op == "reshape":
        dims, _ = reference.parse_type(line.rsplit("-> ", 1)[1])
        return ins[0].reshape(dims)
    if op == "transpose":
        return ins[0].permute(*p["permutation"])
    if op == "slice":
        index = tuple(slice(o, o + (s - 1) * st + 1, st) for o, s, st in
                      zip(p["offsets"], p["sizes"], p["strides"]))
        return ins[0][index]
    if op == "concat":
        return torch.cat(ins, dim=p["axis"])
    if op in ("reduce_sum", "reduce_mean"):
        f = torch.mean if op == "reduce_mean" else torch.sum
        return f(ins[0], dim=tuple(p["axes"]),
                 keepdim=bool(p.get("keep_dims", False)))
    if op == "cross_entropy":
        logits, labels = ins
        return F.cross_entropy(logits, labels.clamp(0, logits.shape[1] - 1))
    if op == "mse_loss":
        return F.mse_loss(*ins)
    raise NotImplementedError(f"torch_check has no mapping for {name}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dlc-opt", required=True)
    parser.add_argument("--dlc-run", required=True)
    parser.add_argument("--graph", required=True)
    parser.add_argument("--seed", type=int, default=1)
    opts = parser.parse_args()
    torch.set_num_threads(max(1, os.cpu_count() or 1))

    text = generic_form(opts.dlc_opt, opts.graph)
    inputs = draw_inputs(text, np.random.default_rng(opts.seed))
    _, params, _ = signature(text)
    args = []
    for (value, et), is_param in zip(inputs, params):
        if et.startswith("i"):
            args.append(torch.from_numpy(np.asarray(value, np.int64)))
        else:
            t = torch.tensor(np.asarray(value), dtype=torch.float64)
            args.append(t.requires_grad_(is_param))
    loss = reference.run_graph(text, args, evaluate_op=evaluate,
                               round_result=lambda v, ty: v)[0]
    loss.backward()
    expected = [loss.detach()] + [a.grad for a, is_param in zip(args, params)
                                  if is_param]

    name = os.path.splitext(os.path.basename(opts.graph))[0]
    with tempfile.TemporaryDirectory() as tmp:
        train = os.path.join(tmp, "train.mlir")
        subprocess.run([opts.dlc_opt, opts.graph, "--dlc-autodiff", "-o",
                        train], check=True)
        for i, (value, et) in enumerate(inputs):
            np.save(os.path.join(tmp, f"arg{i}.npy"),
                    np.array(value, order="C", dtype=reference.NPY_DTYPE[et]))
        run = subprocess.run([opts.dlc_run, train, f"--entry={name}_train",
                              f"--inputs={tmp}", f"--outputs={tmp}"],
                             capture_output=True, text=True)
        if run.returncode != 0:
            print(f"FAILED: dlc-run\n{run.stdout}{run.stderr}")
            sys.exit(1)
        got = [np.load(os.path.join(tmp, f"result{i}.npy"))
               for i in range(len(expected))]

    ok = True
    for i, (g, e) in enumerate(zip(got, expected)):
        e = e.double().numpy()
        scale = float(np.abs(e).max(initial=0))
        err = np.abs(g - e)
        # The absolute 1e-9 covers gradients that are zero in exact
        # arithmetic (the attention key bias: softmax ignores a constant
        # added along its axis), where both sides are rounding noise.
        bound = 5e-3 * scale + 1e-3 * np.abs(e) + 1e-9
        what = "loss" if i == 0 else f"gradient of parameter {i}"
        if (err > bound).any():
            at = np.unravel_index(np.argmax(err - bound), err.shape)
            print(f"FAILED: {what} {list(g.shape)} at {list(at)}: dlc "
                  f"{g[at]:.7g}, torch {e[at]:.7g} (max |grad| {scale:.3g})")
            ok = False
        else:
            print(f"ok: {what} {list(g.shape)} (max |dlc - torch| "
                  f"{float(err.max(initial=0)):.3g}, max |value| {scale:.3g})")
    print(f"torch {torch.__version__}: {'match' if ok else 'MISMATCH'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
