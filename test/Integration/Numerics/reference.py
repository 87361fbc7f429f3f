"""NumPy reference semantics of the dlc ops, and an interpreter of dlc graphs.

Each op is written independently of dlc's lowering, from the op's definition
(docs/Dialect/Dlc.md), in float64. `run_graph` interprets a function printed
by `dlc-opt --mlir-print-op-generic`, so whole models can be checked against
`dlc-run`. Low-precision results are rounded to their type at the end of each
op, as dlc computes f16/bf16 ops in f32 and rounds once.
"""

import math
import re

import numpy as np

M64 = (1 << 64) - 1


# --- Element types -----------------------------------------------------------

def round_bf16(x):
    """Rounds float values to bfloat16 (nearest even), returned as float32."""
    f = np.ascontiguousarray(np.asarray(x, dtype=np.float32))
    bits = f.view(np.uint32).astype(np.uint64)
    rounded = (bits + 0x7FFF + ((bits >> 16) & 1)) >> 16 << 16
    out = rounded.astype(np.uint32).view(np.float32)
    return np.where(np.isnan(f), f, out)


def round_to(x, dtype):
    """Rounds float64 values to the precision of a dlc element type."""
    x = np.asarray(x, dtype=np.float64)
    if dtype == "f64":
        return x
    if dtype == "f32":
        return x.astype(np.float32).astype(np.float64)
    if dtype == "f16":
        return x.astype(np.float16).astype(np.float64)
    if dtype == "bf16":
        return round_bf16(x).astype(np.float64)
    return x


NPY_DTYPE = {"f64": np.float64, "f32": np.float32, "f16": np.float16,
             "bf16": np.float32, "i32": np.int32, "i64": np.int64}


# --- Ops (float64 in, float64 out) --------------------------------------------

def matmul(a, b, transpose_lhs=False, transpose_rhs=False):
    if transpose_lhs:
        a = np.swapaxes(a, -1, -2)
    if transpose_rhs:
        b = np.swapaxes(b, -1, -2)
    return np.matmul(a, b)


def linear(x, w, b=None):
    y = x @ w.T
    return y if b is None else y + b


def conv2d(x, w, b=None, strides=(1, 1), padding=(0, 0), dilation=(1, 1),
           groups=1):
    n, c, h, wd = x.shape
    f, cg, kh, kw = w.shape
    x = np.pad(x, ((0, 0), (0, 0), (padding[0],) * 2, (padding[1],) * 2))
    oh = (x.shape[2] - dilation[0] * (kh - 1) - 1) // strides[0] + 1
    ow = (x.shape[3] - dilation[1] * (kw - 1) - 1) // strides[1] + 1
    fg = f // groups
    out = np.zeros((n, f, oh, ow))
    for g in range(groups):
        xs = x[:, g * cg:(g + 1) * cg]
        ws = w[g * fg:(g + 1) * fg]
        for i in range(kh):
            for j in range(kw):
                hi = i * dilation[0]
                wj = j * dilation[1]
                patch = xs[:, :, hi:hi + strides[0] * (oh - 1) + 1:strides[0],
                           wj:wj + strides[1] * (ow - 1) + 1:strides[1]]
                out[:, g * fg:(g + 1) * fg] += np.einsum(
                    "nchw,fc->nfhw", patch, ws[:, :, i, j])
    if b is not None:
        out += b.reshape(1, -1, 1, 1)
    return out


def relu(x):
    return np.maximum(x, 0.0)


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def gelu(x, approximate="none"):
    if approximate == "tanh":
        inner = np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3))
    else:
        inner = np.vectorize(math.erf)(x / math.sqrt(2.0)) if x.size else x
    return 0.5 * x * (1.0 + inner)


def splitmix64(seed, index):
    """SplitMix64's output at position index + 1 of the stream of `seed`
    (index a uint64 array): the hash of dlc.dropout and dlc.wta_crs_sample."""
    with np.errstate(over="ignore"):
        z = (np.uint64(seed & M64) +
             (index + np.uint64(1)) * np.uint64(0x9E3779B97F4A7C15))
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def row_norms(x):
    """dlc.row_norms: sqrt of the sum of squares over the last dimension."""
    return np.sqrt((x.astype(np.float64) ** 2).sum(axis=-1))


def wta_crs_sample(scores, k, seed):
    """dlc.wta_crs_sample, step for step as the op defines it (sums in index
    order, in f64, as the lowering adds): (indices, scales, count)."""
    w = np.where(scores > 0, scores.astype(np.float64), 0.0)
    if not np.cumsum(w)[-1] > 0:
        w = np.ones_like(w)
    n = len(w)
    total = np.cumsum(w)[-1]
    order = np.lexsort((np.arange(n), -w))    # decreasing w, ties by index
    rank = np.empty(n, np.int64)
    rank[order] = np.arange(n)
    bound = np.empty(k + 1)
    for c in range(k + 1):
        top = np.cumsum(np.where(rank < c, w, 0.0))[-1]
        rest = max(total - top, 0.0)
        if c < k:
            bound[c] = rest * rest / (k - c)
        else:
            bound[c] = 0.0 if rest <= 0 else math.inf
    count = int(np.flatnonzero(bound == bound.min())[0])
    rest = np.where(rank < count, 0.0, w)
    cumulative = np.cumsum(rest)
    rest_total = cumulative[-1]
    weighted = np.flatnonzero(rest > 0)
    last = int(weighted[-1]) if len(weighted) else 0
    r = np.arange(k, dtype=np.uint64)
    u = (splitmix64(seed, r) >> np.uint64(11)).astype(np.float64) * 2.0 ** -53
    target = u * rest_total
    indices = np.empty(k, np.int64)
    scales = np.empty(k)
    for slot in range(k):
        if slot < count:
            indices[slot] = order[slot]
            scales[slot] = 1.0
        elif rest_total > 0:
            j = min(int((cumulative <= target[slot]).sum()), last)
            indices[slot] = j
            scales[slot] = rest_total / ((k - count) * w[j])
        else:
            indices[slot], scales[slot] = 0, 0.0
    return indices, scales, np.array(count, np.int64)


def dropout_keep(shape, probability, seed):
    """The keep mask of dlc.dropout: SplitMix64's output at index + 1 of the
    stream starting at `seed`, kept when its top 24 bits reach p * 2^24."""
    n = int(np.prod(shape, dtype=np.int64))
    z = splitmix64(seed, np.arange(n, dtype=np.uint64))
    threshold = math.ceil(probability * 2 ** 24)
    return ((z >> np.uint64(40)) >= np.uint64(threshold)).reshape(shape)


def dropout(x, probability, seed):
    keep = dropout_keep(x.shape, probability, seed)
    return np.where(keep, x * (1.0 / (1.0 - probability)), 0.0)


def softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def layer_norm(x, w, b, epsilon=1e-5):
    axes = tuple(range(x.ndim - w.ndim, x.ndim))
    mean = x.mean(axis=axes, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=axes, keepdims=True)
    return (x - mean) / np.sqrt(var + epsilon) * w + b


def batch_norm(x, w, b, epsilon=1e-5):
    axes = (0,) + tuple(range(2, x.ndim))
    shape = [1, -1] + [1] * (x.ndim - 2)
    mean = x.mean(axis=axes)
    var = ((x - mean.reshape(shape)) ** 2).mean(axis=axes)
    y = ((x - mean.reshape(shape)) / np.sqrt(var.reshape(shape) + epsilon) *
         w.reshape(shape) + b.reshape(shape))
    return y, mean, var


def _windows(x, kernel, strides, pad, fill):
    x = np.pad(x, ((0, 0), (0, 0), (pad[0],) * 2, (pad[1],) * 2),
               constant_values=fill)
    oh = (x.shape[2] - kernel[0]) // strides[0] + 1
    ow = (x.shape[3] - kernel[1]) // strides[1] + 1
    views = [x[:, :, i:i + strides[0] * (oh - 1) + 1:strides[0],
               j:j + strides[1] * (ow - 1) + 1:strides[1]]
             for i in range(kernel[0]) for j in range(kernel[1])]
    return np.stack(views), oh, ow


def max_pool2d(x, kernel_size, strides=(1, 1), padding=(0, 0)):
    views, _, _ = _windows(x, kernel_size, strides, padding, -np.inf)
    return views.max(axis=0)


def avg_pool2d(x, kernel_size, strides=(1, 1), padding=(0, 0),
               count_include_pad=True):
    views, oh, ow = _windows(x, kernel_size, strides, padding, 0.0)
    total = views.sum(axis=0)
    if count_include_pad:
        return total / (kernel_size[0] * kernel_size[1])
    ones = np.ones((1, 1) + x.shape[2:])
    counts, _, _ = _windows(ones, kernel_size, strides, padding, 0.0)
    return total / counts.sum(axis=0)


def _scatter_windows(per_tap, x_shape, kernel, strides, pad):
    """The transpose of _windows: adds per_tap[t] (shaped as the pooling's
    output) into the input elements that tap t of each window read."""
    n, c, h, w = x_shape
    out = np.zeros((n, c, h + 2 * pad[0], w + 2 * pad[1]))
    oh, ow = per_tap[0].shape[2:]
    for t, value in enumerate(per_tap):
        i, j = divmod(t, kernel[1])
        out[:, :, i:i + strides[0] * (oh - 1) + 1:strides[0],
            j:j + strides[1] * (ow - 1) + 1:strides[1]] += value
    return out[:, :, pad[0]:pad[0] + h, pad[1]:pad[1] + w]


def max_pool2d_grad(grad, x, kernel_size, strides=(1, 1), padding=(0, 0)):
    """Each window's gradient goes to its first maximum (none if all -inf)."""
    views, _, _ = _windows(x, kernel_size, strides, padding, -np.inf)
    chosen = np.where(views.max(axis=0) > -np.inf, views.argmax(axis=0), -1)
    per_tap = [np.where(chosen == t, grad, 0.0) for t in range(len(views))]
    return _scatter_windows(per_tap, x.shape, kernel_size, strides, padding)


def avg_pool2d_grad(grad, x_shape, kernel_size, strides=(1, 1),
                    padding=(0, 0), count_include_pad=True):
    if count_include_pad:
        share = grad / (kernel_size[0] * kernel_size[1])
    else:
        ones = np.ones((1, 1) + tuple(x_shape[2:]))
        counts, _, _ = _windows(ones, kernel_size, strides, padding, 0.0)
        share = grad / counts.sum(axis=0)
    taps = kernel_size[0] * kernel_size[1]
    return _scatter_windows([share] * taps, x_shape, kernel_size, strides,
                            padding)


def global_avg_pool2d(x):
    return x.mean(axis=(2, 3))


def embedding(table, ids):
    return table[np.clip(ids, 0, table.shape[0] - 1)]


def slice_(x, offsets, sizes, strides):
    index = tuple(slice(o, o + (s - 1) * st + 1, st)
                  for o, s, st in zip(offsets, sizes, strides))
    return x[index]


def reduce(x, axes, keep_dims, mean):
    f = np.mean if mean else np.sum
    return f(x, axis=tuple(axes), keepdims=keep_dims)


def cross_entropy(logits, labels):
    labels = np.clip(labels, 0, logits.shape[1] - 1)
    m = logits.max(axis=1, keepdims=True)
    lse = np.log(np.exp(logits - m).sum(axis=1)) + m[:, 0]
    return np.mean(lse - logits[np.arange(len(labels)), labels])


def mse_loss(x, t):
    return np.mean((x - t) ** 2)


def relu_grad(grad, x):
    return np.where(x > 0, grad, 0.0)


def gelu_grad(grad, x, approximate="none"):
    if approximate == "tanh":
        k = math.sqrt(2.0 / math.pi)
        t = np.tanh(k * (x + 0.044715 * x ** 3))
        slope = (0.5 * (1 + t) +
                 0.5 * x * (1 - t * t) * k * (1 + 3 * 0.044715 * x * x))
    else:
        erf = np.vectorize(math.erf)(x / math.sqrt(2.0)) if x.size else x
        slope = 0.5 * (1 + erf) + x * np.exp(-0.5 * x * x) / math.sqrt(
            2 * math.pi)
    return grad * slope


def slice_grad(grad, shape, offsets, strides):
    out = np.zeros(shape)
    index = tuple(slice(o, o + (s - 1) * st + 1, st)
                  for o, s, st in zip(offsets, grad.shape, strides))
    out[index] = grad
    return out


def layer_norm_grad(grad, x, w, epsilon=1e-5):
    axes = tuple(range(x.ndim - w.ndim, x.ndim))
    lead = tuple(range(0, x.ndim - w.ndim))
    mean = x.mean(axis=axes, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=axes, keepdims=True)
    rstd = 1.0 / np.sqrt(var + epsilon)
    xhat = (x - mean) * rstd
    g = grad * w
    dx = rstd * (g - g.mean(axis=axes, keepdims=True) -
                 xhat * (g * xhat).mean(axis=axes, keepdims=True))
    return dx, (grad * xhat).sum(axis=lead), grad.sum(axis=lead)


def conv2d_input_grad(grad, w, x_shape, strides, padding, dilation, groups):
    """Adds each output gradient times each tap's weight into the input
    element that tap read, as the convolution's definition says."""
    n, c, h, wd = x_shape
    f, cg, kh, kw = w.shape
    fg = f // groups
    out = np.zeros((n, c, h + 2 * padding[0], wd + 2 * padding[1]))
    oh, ow = grad.shape[2:]
    for gi in range(groups):
        gy = grad[:, gi * fg:(gi + 1) * fg]
        for i in range(kh):
            for j in range(kw):
                hi, wj = i * dilation[0], j * dilation[1]
                out[:, gi * cg:(gi + 1) * cg,
                    hi:hi + strides[0] * (oh - 1) + 1:strides[0],
                    wj:wj + strides[1] * (ow - 1) + 1:strides[1]] += np.einsum(
                        "nfhw,fc->nchw", gy, w[gi * fg:(gi + 1) * fg, :, i, j])
    return out[:, :, padding[0]:padding[0] + h, padding[1]:padding[1] + wd]


def conv2d_weight_grad(grad, x, w_shape, strides, padding, dilation, groups):
    f, cg, kh, kw = w_shape
    fg = f // groups
    x = np.pad(x, ((0, 0), (0, 0), (padding[0],) * 2, (padding[1],) * 2))
    oh, ow = grad.shape[2:]
    out = np.zeros(w_shape)
    for gi in range(groups):
        gy = grad[:, gi * fg:(gi + 1) * fg]
        xs = x[:, gi * cg:(gi + 1) * cg]
        for i in range(kh):
            for j in range(kw):
                hi, wj = i * dilation[0], j * dilation[1]
                patch = xs[:, :, hi:hi + strides[0] * (oh - 1) + 1:strides[0],
                           wj:wj + strides[1] * (ow - 1) + 1:strides[1]]
                out[gi * fg:(gi + 1) * fg, :, i, j] = np.einsum(
                    "nfhw,nchw->fc", gy, patch)
    return out


def batch_norm_grad(grad, x, w, epsilon=1e-5):
    axes = (0,) + tuple(range(2, x.ndim))
    shape = [1, -1] + [1] * (x.ndim - 2)
    mean = x.mean(axis=axes, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=axes, keepdims=True)
    rstd = 1.0 / np.sqrt(var + epsilon)
    xhat = (x - mean) * rstd
    g = grad * w.reshape(shape)
    dx = rstd * (g - g.mean(axis=axes, keepdims=True) -
                 xhat * (g * xhat).mean(axis=axes, keepdims=True))
    return dx, (grad * xhat).sum(axis=axes), grad.sum(axis=axes)


def embedding_grad(grad, ids, vocab):
    out = np.zeros((vocab, grad.shape[-1]))
    np.add.at(out, np.clip(ids, 0, vocab - 1).reshape(-1),
              grad.reshape(-1, grad.shape[-1]))
    return out


def cross_entropy_grad(logits, labels, grad):
    labels = np.clip(labels, 0, logits.shape[1] - 1)
    p = softmax(logits, 1)
    p[np.arange(len(labels)), labels] -= 1.0
    return p * grad / len(labels)


# --- Interpreter of generic-form dlc graphs -----------------------------------

_TYPE = re.compile(r"tensor<((?:\d+x)*)(\w+)>")


def parse_type(text):
    m = _TYPE.fullmatch(text.strip())
    dims = [int(d) for d in m.group(1).split("x") if d]
    return dims, m.group(2)


def split_top(text, sep=","):
    """Splits at `sep` outside brackets."""
    parts, depth, cur = [], 0, ""
    for ch in text:
        if ch in "<([{":
            depth += 1
        elif ch in ">)]}":
            depth -= 1
        if ch == sep and depth == 0:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        parts.append(cur.strip())
    return parts


def parse_attr(text):
    text = text.strip()
    m = re.fullmatch(r"array<i64(?::\s*(.*))?>", text)
    if m:
        return [int(v) for v in (m.group(1) or "").split(",") if v.strip()]
    if text in ("true", "false"):
        return text == "true"
    m = re.fullmatch(r"(\S+)\s*:\s*(\w+)", text)
    if m:
        value, ty = m.groups()
        return float(value) if ty.startswith("f") else int(value, 0)
    return text


def parse_props(text):
    props = {}
    for item in split_top(text):
        if "=" in item:
            key, value = item.split("=", 1)
            props[key.strip()] = parse_attr(value)
        else:
            props[item.strip()] = True
    return props


_OP = re.compile(r'^\s*(?:(%[\w#:]+(?:, %[\w#]+)*) = )?"([\w.]+)"\((.*?)\)'
                 r'\s*(?:<\{(.*)\}>)?\s*(?:\{(.*)\})?\s*:\s*\((.*?)\) -> (.*)$')


def run_graph(text, args, evaluate_op=None, round_result=None):
    """Interprets the generic-form function in `text` on float64/int arrays
    `args`; returns the list of results (rounded to their element types).
    `evaluate_op` and `round_result` replace the NumPy op semantics and the
    rounding, so another framework can interpret the same graph."""
    evaluate_op = evaluate_op or evaluate
    round_result = round_result or round_to
    lines = text.splitlines()
    env = {}
    block = next(l for l in lines if l.strip().startswith("^bb0("))
    names = re.findall(r"(%\w+):", block)
    for name, value in zip(names, args):
        env[name] = value
    for line in lines:
        m = _OP.match(line)
        if not m:
            continue
        results, name, operands, props, attrs, _, result_types = m.groups()
        props = parse_props(props or "")
        props.update(parse_props(attrs or ""))
        ins = [env[o.strip()] for o in operands.split(",") if o.strip()]
        if name == "func.return":
            return ins
        types = [parse_type(t) for t in split_top(result_types.strip("()"))]
        outs = evaluate_op(name, ins, props, line)
        if not isinstance(outs, tuple):
            outs = (outs,)
        outs = [round_result(o, ty) if ty[0] == "f" else o
                for o, (_, ty) in zip(outs, types)]
        res = results.split(",")[0].split(":")[0].strip()
        if len(outs) == 1:
            env[res] = outs[0]
        for i, o in enumerate(outs):
            env[f"{res}#{i}"] = o
    raise ValueError("no func.return found")


def evaluate(name, ins, p, line):
    op = name.split(".", 1)[1]
    if name == "arith.constant":
        m = re.search(r"dense<([^>]*)>", line)
        dims, _ = parse_type(re.search(r"-> (tensor<.*>)", line).group(1))
        return np.full(dims, float(m.group(1)))
    pairs = lambda key, default: tuple(p.get(key, default))
    if op == "matmul":
        return matmul(*ins, p.get("transpose_lhs", False),
                      p.get("transpose_rhs", False))
    if op == "linear":
        return linear(*ins)
    if op == "conv2d":
        return conv2d(*ins, strides=pairs("strides", (1, 1)),
                      padding=pairs("padding", (0, 0)),
                      dilation=pairs("dilation", (1, 1)),
                      groups=p.get("groups", 1))
    binary = {"add": np.add, "sub": np.subtract, "mul": np.multiply,
              "div": np.divide}
    if op in binary:
        return binary[op](*ins)
    unary = {"relu": relu, "tanh": np.tanh, "sigmoid": sigmoid, "exp": np.exp,
             "sqrt": np.sqrt}
    if op in unary:
        return unary[op](ins[0])
    if op == "gelu":
        return gelu(ins[0], "tanh" if p.get("approximate") == 1 else "none")
    if op == "dropout":
        return dropout(ins[0], p["probability"], p["seed"])
    if op == "convert":
        return round_to(ins[0], parse_type(line.rsplit("-> ", 1)[1])[1])
    if op == "softmax":
        return softmax(ins[0], p["axis"])
    if op == "layer_norm":
        return layer_norm(*ins, p.get("epsilon", 1e-5))
    if op == "batch_norm":
        return batch_norm(*ins, p.get("epsilon", 1e-5))
    if op == "max_pool2d":
        return max_pool2d(ins[0], p["kernel_size"], pairs("strides", (1, 1)),
                          pairs("padding", (0, 0)))
    if op == "avg_pool2d":
        return avg_pool2d(ins[0], p["kernel_size"], pairs("strides", (1, 1)),
                          pairs("padding", (0, 0)),
                          p.get("count_include_pad", True))
    if op == "global_avg_pool2d":
        return global_avg_pool2d(ins[0])
    if op == "embedding":
        return embedding(*ins)
    if op == "stop_gradient":
        return ins[0]
    if op == "row_norms":
        return row_norms(ins[0])
    if op == "wta_crs_sample":
        k = parse_type(split_top(line.rsplit("-> ", 1)[1].strip().strip("()"))[0])[0][0]
        return wta_crs_sample(ins[0], k, p["seed"])
    if op == "sampled_linear":
        return linear(*ins[:len(ins) - 4])
    if op == "reshape":
        dims, _ = parse_type(re.search(r"-> (tensor<.*>)", line).group(1))
        return ins[0].reshape(dims)
    if op == "transpose":
        return np.transpose(ins[0], p["permutation"])
    if op == "slice":
        return slice_(ins[0], p["offsets"], p["sizes"], p["strides"])
    if op == "concat":
        return np.concatenate(ins, axis=p["axis"])
    if op in ("reduce_sum", "reduce_mean"):
        return reduce(ins[0], p["axes"], p.get("keep_dims", False),
                      op == "reduce_mean")
    if op == "cross_entropy":
        return cross_entropy(*ins)
    if op == "mse_loss":
        return mse_loss(*ins)
    if op == "relu_grad":
        return relu_grad(*ins)
    if op == "cross_entropy_grad":
        return cross_entropy_grad(*ins)
    result = lambda: parse_type(re.search(r"-> (tensor<.*>)", line).group(1))
    if op == "gelu_grad":
        return gelu_grad(*ins, "tanh" if p.get("approximate") == 1 else "none")
    if op == "slice_grad":
        return slice_grad(ins[0], result()[0], p["offsets"], p["strides"])
    if op in ("conv2d_input_grad", "conv2d_weight_grad"):
        conv = dict(strides=pairs("strides", (1, 1)),
                    padding=pairs("padding", (0, 0)),
                    dilation=pairs("dilation", (1, 1)),
                    groups=p.get("groups", 1))
        f = conv2d_input_grad if op == "conv2d_input_grad" else \
            conv2d_weight_grad
        return f(ins[0], ins[1], result()[0], **conv)
    if op == "max_pool2d_grad":
        return max_pool2d_grad(ins[0], ins[1], p["kernel_size"],
                               pairs("strides", (1, 1)),
                               pairs("padding", (0, 0)))
    if op == "avg_pool2d_grad":
        return avg_pool2d_grad(ins[0], result()[0], p["kernel_size"],
                               pairs("strides", (1, 1)),
                               pairs("padding", (0, 0)),
                               p.get("count_include_pad", True))
    if op == "batch_norm_grad":
        return batch_norm_grad(*ins, p.get("epsilon", 1e-5))
    if op == "layer_norm_grad":
        return layer_norm_grad(*ins, p.get("epsilon", 1e-5))
    if op == "embedding_grad":
        return embedding_grad(*ins, result()[0][0])
    raise NotImplementedError(f"the reference has no {name}")
