#!/usr/bin/env python3
"""The same training steps in PyTorch: eager and torch.compile, on one GPU.

    torch_steps.py FORWARD.mlir --inputs DIR [--dtype f32|bf16]
                   [--warmup N] [--repeat N]
                   [--modes eager,compile,checkpoint]

FORWARD.mlir is an example's loss graph in generic form (prepare.sh writes
it); DIR holds the step's arguments as arg<i>.npy (make_inputs.py). The
graph is rebuilt op by op with the torch functions that define each dlc op
(test/Integration/Numerics/torch_check.py's mapping; dropout multiplies by dlc's own
mask, made once on the GPU), parameters and inputs in --dtype on cuda:0.
A step is the forward pass and loss.backward() for every parameter's
gradient (gradients set to None between steps, as an optimizer's
zero_grad(set_to_none=True) does). Mode `checkpoint` is eager with per-layer
gradient checkpointing: the ops up to each {dlc.checkpoint} layer output run
under torch.utils.checkpoint (non-reentrant), which saves only the
segment's inputs and recomputes the rest in the backward. Per mode it prints
one line:

    torch <mode> <dtype>: step M ms (median of N, min m), peak allocated A
    bytes, measured B bytes, loss L

`peak allocated` is torch.cuda.max_memory_allocated over a step (tensors
alive at once, arguments included); `measured` is what the process took
from the driver: free memory after CUDA and cuBLAS are set up, before the
arguments are loaded, minus the least free memory seen after each step
(the caching allocator's reserve and library workspaces included): the
same rule as dlc-exec's measured bytes.
"""

import argparse
import os
import sys

import numpy as np
import torch

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "..", "test", "Integration", "Numerics"))
import reference  # noqa: E402
import torch_check  # noqa: E402
from check import signature  # noqa: E402

DTYPES = {"f32": torch.float32, "bf16": torch.bfloat16}


def parse(text):
    """The function's argument names, parameter marks and op list."""
    args, params, _ = signature(text)
    names = [name for name, _ in args]
    ops = []
    for line in text.splitlines():
        m = reference._OP.match(line)
        if not m:
            continue
        results, name, operands, props, attrs, _, _ = m.groups()
        p = reference.parse_props(props or "")
        p.update(reference.parse_props(attrs or ""))
        ins = [o.strip() for o in operands.split(",") if o.strip()]
        if name == "dlc.reshape":
            # Parsed here, so that the step itself does no string work
            # (torch.compile traces it as one graph).
            p["shape"] = reference.parse_type(line.rsplit("-> ", 1)[1])[0]
        res = results.split(",")[0].split(":")[0].strip() if results else ""
        ops.append((res, name, ins, p, line))
    return names, params, ops


class Step:
    """Runs the parsed graph on torch tensors; constants and dropout masks
    are made once, on the device, in the step's dtype."""

    def __init__(self, names, ops, dtype, device):
        self.names, self.ops = names, ops
        self.dtype, self.device = dtype, device
        self.cache = {}

    def evaluate(self, name, ins, p, line):
        op = name.split(".", 1)[1]
        if op == "reshape":
            return ins[0].reshape(p["shape"])
        if name == "arith.constant" or op == "dropout":
            key = line if name == "arith.constant" else (
                tuple(ins[0].shape), p["probability"], p["seed"])
            if key not in self.cache:
                if name == "arith.constant":
                    v = torch_check.evaluate(name, ins, p, line)
                else:
                    keep = reference.dropout_keep(key[0], p["probability"],
                                                  p["seed"])
                    v = torch.from_numpy(keep) / (1.0 - p["probability"])
                self.cache[key] = v.to(self.device, self.dtype)
            v = self.cache[key]
            return v if name == "arith.constant" else ins[0] * v
        return torch_check.evaluate(name, ins, p, line)

    def run_ops(self, ops, env):
        for res, name, ins, p, line in ops:
            values = [env[o] for o in ins]
            if name == "func.return":
                return values[0]
            outs = self.evaluate(name, values, p, line)
            if not isinstance(outs, tuple):
                outs = (outs,)
            if len(outs) == 1:
                env[res] = outs[0]
            for i, o in enumerate(outs):
                env[f"{res}#{i}"] = o
        return None

    def __call__(self, *args):
        result = self.run_ops(self.ops, dict(zip(self.names, args)))
        if result is None:
            raise ValueError("no func.return")
        return result


class CheckpointedStep(Step):
    """Step with each layer (the ops up to a {dlc.checkpoint} output) under
    torch.utils.checkpoint."""

    def __init__(self, names, ops, dtype, device):
        super().__init__(names, ops, dtype, device)
        self.segments, current = [], []
        for op in ops:
            current.append(op)
            if "dlc.checkpoint" in op[4]:
                self.segments.append(current)
                current = []
        self.tail = current
        # Per segment, the values it reads from before it and those that
        # later ops read from it.
        self.io = []
        for k, seg in enumerate(self.segments):
            defined = {r for r, *_ in seg}
            reads = [o for _, _, ins, _, _ in seg for o in ins
                     if o not in defined]
            later = [op for s in self.segments[k + 1:] for op in s] + self.tail
            outs = sorted({o for _, _, ins, _, _ in later for o in ins
                           if o in defined})
            self.io.append((sorted(set(reads)), outs))

    def __call__(self, *args):
        from torch.utils.checkpoint import checkpoint
        env = dict(zip(self.names, args))
        for seg, (reads, outs) in zip(self.segments, self.io):
            def segment(*tensors, seg=seg, reads=reads, outs=outs):
                local = dict(zip(reads, tensors))
                self.run_ops(seg, local)
                return tuple(local[o] for o in outs)
            values = checkpoint(segment, *[env[r] for r in reads],
                                use_reentrant=False)
            env.update(zip(outs, values))
        result = self.run_ops(self.tail, env)
        if result is None:
            raise ValueError("no func.return")
        return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("forward")
    parser.add_argument("--inputs", required=True)
    parser.add_argument("--dtype", default="f32", choices=sorted(DTYPES))
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--modes", default="eager,compile")
    opts = parser.parse_args()
    if not torch.cuda.is_available():
        print("torch_steps.py: no CUDA GPU; nothing measured")
        return 0
    device = torch.device("cuda:0")
    dtype = DTYPES[opts.dtype]
    names, params, ops = parse(open(opts.forward).read())

    for mode in opts.modes.split(","):
        torch.cuda.empty_cache()
        # CUDA and cuBLAS set up before the baseline.
        a = torch.ones(64, 64, device=device, dtype=dtype)
        (a @ a).sum().item()
        del a
        torch.cuda.synchronize()
        torch.cuda.empty_cache()
        free0 = torch.cuda.mem_get_info(device)[0]
        args = []
        for i, is_param in enumerate(params):
            v = np.load(os.path.join(opts.inputs, f"arg{i}.npy"))
            t = torch.from_numpy(v).to(device)
            if t.is_floating_point():
                t = t.to(dtype).requires_grad_(is_param)
            else:
                t = t.long()
            args.append(t)
        step = (CheckpointedStep if mode == "checkpoint" else Step)(
            names, ops, dtype, device)
        # One eager step makes the constants and dropout masks, so that the
        # compiled step only looks them up: one graph, no breaks.
        step(*args).backward()
        forward = (torch.compile(step, fullgraph=True) if mode == "compile"
                   else step)

        def run():
            for t, is_param in zip(args, params):
                if is_param:
                    t.grad = None
            loss = forward(*args)
            loss.backward()
            return loss

        least_free = free0
        for _ in range(opts.warmup):
            run()
            torch.cuda.synchronize()
            least_free = min(least_free, torch.cuda.mem_get_info(device)[0])
        torch.cuda.reset_peak_memory_stats(device)
        times = []
        for _ in range(opts.repeat):
            start = torch.cuda.Event(enable_timing=True)
            end = torch.cuda.Event(enable_timing=True)
            start.record()
            loss = run()
            end.record()
            end.synchronize()
            times.append(start.elapsed_time(end))
            least_free = min(least_free, torch.cuda.mem_get_info(device)[0])
        peak = torch.cuda.max_memory_allocated(device)
        times.sort()
        print(f"torch {mode} {opts.dtype}: step {times[len(times) // 2]:.3f} "
              f"ms (median of {len(times)}, min {times[0]:.3f}), peak "
              f"allocated {peak} bytes, measured {free0 - least_free} bytes, "
              f"loss {float(loss.detach()):.9g}", flush=True)
        del args, step, forward, loss
    return 0


if __name__ == "__main__":
    sys.exit(main())
