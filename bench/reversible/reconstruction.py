#!/usr/bin/env python3
"""How the rebuild's rounding grows with depth and with lambda and beta: the
worst relative error of any gradient of the rebuilding step against the
saved backward of the same network (test/Transforms/Reversible/numerics.py's
measurement), for a small GPT-2 and BERT (E=16 unless --size says) of 2 to
24 layers, f32 and bf16, streams f32 or f64, on the CPU path:

    reconstruction.py [--build DIR] [--depths 2,6,12,24] [--models gpt2,bert]
                      [--dtypes f32,bf16] [--settings 1:0.1:1[:f64],...]
                      [--size E,H,F,S,B] [--write]
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchmarks_md  # noqa: E402
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "test", "Transforms", "Reversible"))
sys.path.insert(0, os.path.join(ROOT, "examples"))
import numerics  # noqa: E402
import transformers  # noqa: E402

SECTION = "## Reversible fine-tuning: rebuild error against depth (CPU)"
SETTINGS = [(1, 0.1, 1.0), (1, 0.5, 1.0), (2, 1.0, 0.1), (2, 1.0, 0.5),
            (3, 0.1, 0.1), (3, 0.5, 0.5)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--depths", default="2,6,12,24")
    ap.add_argument("--models", default="gpt2,bert")
    ap.add_argument("--dtypes", default="f32,bf16")
    ap.add_argument("--settings", default=",".join(
        f"{v}:{l:g}:{b:g}" for v, l, b in SETTINGS),
        help="comma-separated variant:lambda:beta[:streams], streams f32 "
        "(the default) or f64")
    ap.add_argument("--size", default="16,2,32,8,2",
                    help="width, heads, MLP width, sequence, batch")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    tools = (os.path.join(args.build, "bin", "dlc-opt"),
             os.path.join(args.build, "bin", "dlc-run"))
    depths = [int(d) for d in args.depths.split(",")]
    settings = []
    for x in args.settings.split(","):
        v, l, b, *rest = x.split(":")
        settings.append((int(v), float(l), float(b), rest[0] if rest else "f32"))
    E, H, F, S, B = (int(x) for x in args.size.split(","))
    rows = []
    with tempfile.TemporaryDirectory() as work:
        for model in args.models.split(","):
            make = transformers.gpt2_small if model == "gpt2" else transformers.bert_base
            for dtype in args.dtypes.split(","):
                for variant, lam, beta, streams in settings:
                    errs = []
                    for L in depths:
                        name = (f"{model}_{dtype}_{variant}_{lam}_{beta}_"
                                f"{streams}_{L}")
                        os.makedirs(os.path.join(work, name))
                        text = make(L=L, B=B, S=S, E=E, H=H, F=F, V=64)
                        if dtype != "f32":
                            text = text.replace("f32", dtype)
                        # A deep stack compiles several times faster
                        # unoptimized; both steps run alike.
                        m = numerics.Model(tools, work, name, text,
                                           ["--jit-opt=0"])
                        _, err = numerics.gradients(m, variant, lam, beta,
                                                    streams)
                        errs.append(err)
                        print(f"{model} {dtype} MEFT{variant} lambda={lam} "
                              f"beta={beta} streams {streams} L={L}: "
                              f"{err:.2e}", flush=True)
                    rows.append((model, dtype, streams, variant, lam, beta,
                                 errs))
    lines = [SECTION, "",
             "`bench/reversible/reconstruction.py`: the worst element of any "
             "gradient of the rebuilding step, relative to that gradient's "
             "largest magnitude, against the saved backward of the same "
             "network (the adapters' up projections drawn at random so that "
             f"every path carries a gradient); models of width {E}, {H} heads, MLP "
             f"width {F}, sequence {S}, batch {B}, random weights; CPU path.", "",
             "| model | type | streams | variant | lambda | beta | " +
             " | ".join(f"L={L}" for L in depths) + " |",
             "|---|---|---|---|---:|---:|" + "---:|" * len(depths)]
    for model, dtype, streams, variant, lam, beta, errs in rows:
        lines.append(f"| {model} | {dtype} | {streams} | MEFT{variant} | "
                     f"{lam:g} | {beta:g} | "
                     + " | ".join(f"{e:.1e}" for e in errs) + " |")
    table = "\n".join(lines) + "\n"
    print(table)
    if args.write:
        benchmarks_md.write_section(SECTION, table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
