"""Adapters start at the pre-trained function: for a two-layer BERT and GPT-2
(examples/transformers.py at small sizes), the loss of the adapted graph
(--dlc-adapters, up projections at zero) equals the original's bit for bit
on the CPU path, with the same weights and inputs; in the adapted training
step the up projections get non-zero gradients (training moves them) and
the down projections zero ones (nothing flows through a zero up
projection), and frozen weights get none.

    identity.py DLC_OPT DLC_RUN SRC_ROOT
"""

import os
import re
import subprocess
import sys
import tempfile

import numpy as np


def run(*cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode:
        sys.exit(f"FAILED: {' '.join(cmd)}\n{r.stderr}")
    return r


def main():
    dlc_opt, dlc_run, root = sys.argv[1:]
    sys.path.insert(0, os.path.join(root, "examples"))
    import transformers

    graphs = {
        "bert": transformers.bert_base(L=2, B=2, S=8, E=16, H=2, F=32, V=64),
        "gpt2": transformers.gpt2_small(L=2, B=2, S=8, E=16, H=2, F=32, V=64),
    }
    width, layers = 4, 2
    with tempfile.TemporaryDirectory() as work:
        for name, text in graphs.items():
            d = lambda *p: os.path.join(work, name, *p)
            os.makedirs(d("a"))
            os.makedirs(d("b"))
            with open(d("orig.mlir"), "w") as f:
                f.write(text)
            run(dlc_opt, d("orig.mlir"), f"--dlc-adapters=width={width}",
                "-o", d("adapted.mlir"))
            # The original's weights are its leading dlc.param arguments.
            marks = re.findall(r"^\s+%\w+: tensor<[^>]*>( \{dlc.param\})?[,)]",
                               text, re.M)
            weights, args = marks.count(" {dlc.param}"), len(marks)
            run(dlc_run, d("orig.mlir"), "--write-inputs=" + d("a"),
                "--outputs=" + d("a"))
            # The adapted graph's own arguments (adapters drawn, up
            # projections zero), with the original's weights and inputs.
            run(dlc_run, d("adapted.mlir"), "--write-inputs=" + d("b"),
                "--outputs=" + d("b"))
            added = 4 * layers
            for i in range(args):
                j = i if i < weights else i + added
                np.save(d("b", f"arg{j}.npy"), np.load(d("a", f"arg{i}.npy")))
            for k in range(layers):
                up = np.load(d("b", f"arg{weights + 4 * k + 2}.npy"))
                assert up.shape == (16, width) and not up.any(), up
            run(dlc_run, d("adapted.mlir"), "--inputs=" + d("b"),
                "--outputs=" + d("b"))
            a = np.load(d("a", "result0.npy"))
            b = np.load(d("b", "result0.npy"))
            same = a.tobytes() == b.tobytes()
            print(f"{name}: loss {float(a):.7g} original, {float(b):.7g} "
                  f"adapted: {'identical' if same else 'DIFFERENT'}")

            # The training step of the adapted graph at the same point.
            run(dlc_opt, d("adapted.mlir"), "--dlc-autodiff",
                "-o", d("train.mlir"))
            train = open(d("train.mlir")).read()
            entry = re.search(r"func\.func @(\w+_train)", train).group(1)
            run(dlc_run, d("train.mlir"), "--entry=" + entry,
                "--inputs=" + d("b"), "--outputs=" + d("b"))
            sig = train[train.index("_train("):train.index(") -> ", train.index("_train("))]
            trained = sig.count("dlc.param")
            frozen = sig.count("dlc.frozen")
            grads = [np.load(d("b", f"result{1 + r}.npy")) for r in range(trained)]
            # Results: the loss, then one gradient per trained parameter in
            # argument order: the head's, then each adapter's four.
            head = trained - added
            down = [grads[head + 4 * k + m] for k in range(layers) for m in (0, 1)]
            up = [grads[head + 4 * k + m] for k in range(layers) for m in (2, 3)]
            print(f"{name}: {frozen} frozen weights, {trained} trained; "
                  f"up-projection gradients "
                  f"{'non-zero' if all(g.any() for g in up) else 'ZERO'}, "
                  f"down-projection gradients "
                  f"{'zero' if not any(g.any() for g in down) else 'NON-ZERO'}")


if __name__ == "__main__":
    main()
