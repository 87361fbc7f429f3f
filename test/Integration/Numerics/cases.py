"""The per-op numerical cases: small graphs over several shapes (odd sizes
included) and element types. Each case is a function in dlc's custom
assembly whose first line describes it."""


def T(shape, et="f32"):
    return "tensor<" + "".join(f"{d}x" for d in shape) + et + ">"


def case(desc, args, results, body):
    """`args`: list of (type, is_param); `body`: op lines using %a0, %a1...
    and producing %r0, %r1... in order."""
    params = ", ".join(f"%a{i}: {t}" + (" {dlc.param}" if p else "")
                       for i, (t, p) in enumerate(args))
    rets = ", ".join(f"%r{i}" for i in range(len(results)))
    types = ", ".join(results)
    lines = "\n".join("  " + l for l in body)
    return (f"// {desc}\nfunc.func @f({params}) -> ({types}) {{\n{lines}\n"
            f"  return {rets} : {types}\n}}\n")


def unary(op, et, shape, extra=""):
    t = T(shape, et)
    return case(f"{op}{extra} {t}", [(t, False)], [t],
                [f"%r0 = dlc.{op} %a0{extra} : {t}"])


def convert(src, dst, shape):
    a, r = T(shape, src), T(shape, dst)
    return case(f"convert {a} to {r}", [(a, False)], [r],
                [f"%r0 = dlc.convert %a0 : {a} to {r}"])


def binary(op, et, lhs, rhs, out):
    a, b, r = T(lhs, et), T(rhs, et), T(out, et)
    return case(f"{op} {a}, {b}", [(a, False), (b, False)], [r],
                [f"%r0 = dlc.{op} %a0, %a1 : ({a}, {b}) -> {r}"])


def matmul(et, lhs, rhs, out, attrs=""):
    a, b, r = T(lhs, et), T(rhs, et), T(out, et)
    return case(f"matmul {a}, {b} {attrs}", [(a, False), (b, False)], [r],
                [f"%r0 = dlc.matmul %a0, %a1 {attrs} : ({a}, {b}) -> {r}"])


def linear(et, x, w, out, bias=True):
    a, b, c, r = T(x, et), T(w, et), T([w[0]], et), T(out, et)
    args = [(a, False), (b, True)] + ([(c, True)] if bias else [])
    ops = "%a0, %a1, %a2" if bias else "%a0, %a1"
    types = f"{a}, {b}, {c}" if bias else f"{a}, {b}"
    return case(f"linear {types}", args, [r],
                [f"%r0 = dlc.linear {ops} : ({types}) -> {r}"])


def conv(et, x, w, out, attrs="", bias=False):
    a, b, c, r = T(x, et), T(w, et), T([w[0]], et), T(out, et)
    args = [(a, False), (b, True)] + ([(c, True)] if bias else [])
    ops = "%a0, %a1, %a2" if bias else "%a0, %a1"
    types = f"{a}, {b}, {c}" if bias else f"{a}, {b}"
    return case(f"conv2d {types} {attrs}", args, [r],
                [f"%r0 = dlc.conv2d {ops} {attrs} : ({types}) -> {r}"])


def shaped(op, et, x, out, attrs, extra_args=()):
    a, r = T(x, et), T(out, et)
    return case(f"{op} {a} {attrs}", [(a, False)], [r],
                [f"%r0 = dlc.{op} %a0 {attrs} : ({a}) -> {r}"])


def norm(op, et, x, p, eps=""):
    a, w = T(x, et), T(p, et)
    attrs = f" {{epsilon = {eps} : f64}}" if eps else ""
    if op == "layer_norm":
        return case(f"layer_norm {a}, {w}{attrs}",
                    [(a, False), (w, True), (w, True)], [a],
                    [f"%r0 = dlc.layer_norm %a0, %a1, %a2{attrs} : "
                     f"({a}, {w}, {w}) -> {a}"])
    return case(f"batch_norm {a}{attrs}", [(a, False), (w, True), (w, True)],
                [a, w, w],
                [f"%r0, %r1, %r2 = dlc.batch_norm %a0, %a1, %a2{attrs} : "
                 f"({a}, {w}, {w}) -> ({a}, {w}, {w})"])


CASES = {
    "matmul": [
        matmul("f32", [3, 5], [5, 7], [3, 7]),
        matmul("f32", [2, 3, 4, 5], [2, 3, 5, 6], [2, 3, 4, 6]),
        matmul("f32", [5, 3], [5, 7], [3, 7], "{transpose_lhs}"),
        matmul("f16", [2, 9, 4], [2, 6, 4], [2, 9, 6], "{transpose_rhs}"),
        matmul("bf16", [4, 33], [33, 3], [4, 3]),
        matmul("f64", [3, 7, 2], [3, 5, 7], [3, 2, 5],
               "{transpose_lhs, transpose_rhs}"),
        # Sizes that take the GPU's tensor-core kernel: 128x128 and 64x64
        # block tiles, a batch on the grid, and more K slices than the ring
        # of shared-memory buffers holds.
        matmul("bf16", [128, 64], [64, 128], [128, 128]),
        matmul("f16", [2, 64, 32], [2, 32, 64], [2, 64, 64]),
        matmul("bf16", [2, 3, 64, 160], [2, 3, 128, 160], [2, 3, 64, 128],
               "{transpose_rhs}"),
        # Sizes that take the GPU's shared-memory tiled kernel, with partial
        # tiles on both sides and a partial K slice.
        matmul("f32", [100, 70], [70, 33], [100, 33]),
        matmul("f32", [3, 130, 20], [3, 20, 144], [3, 130, 144]),
        # A transposed bf16 lhs: tensor cores through gathered operands on
        # the GPU (96 x 80 in 64 x 64 tiles, partial on both sides).
        matmul("bf16", [64, 96], [64, 80], [96, 80], "{transpose_lhs}"),
        # Transposed operands read in place by the tensor-core matmul: a
        # K-major A (ldmatrix .trans), an N-major B (plain ldmatrix), both
        # in a batch, and K in slices of 64.
        matmul("bf16", [64, 128], [64, 128], [128, 128], "{transpose_lhs}"),
        matmul("f16", [128, 128], [256, 128], [128, 256], "{transpose_rhs}"),
        matmul("bf16", [2, 64, 128], [2, 64, 64], [2, 128, 64],
               "{transpose_lhs, transpose_rhs}"),
    ],
    "linear": [
        linear("f32", [7, 5], [3, 5], [7, 3]),
        linear("f32", [2, 3, 5], [4, 5], [2, 3, 4], bias=False),
        linear("f32", [5], [3, 5], [3]),
        linear("bf16", [6, 16], [9, 16], [6, 9]),
        linear("f16", [2, 64, 96], [64, 96], [2, 64, 64]),
        # The weight read transposed by the tensor-core matmul.
        linear("bf16", [128, 64], [128, 64], [128, 128]),
        linear("f64", [4, 3], [2, 3], [4, 2]),
    ],
    "conv2d": [
        conv("f32", [2, 3, 7, 9], [4, 3, 3, 3], [2, 4, 4, 9],
             "{padding = array<i64: 1, 1>, strides = array<i64: 2, 1>}",
             bias=True),
        conv("f32", [1, 6, 13, 9], [4, 3, 3, 3], [1, 4, 11, 3],
             "{dilation = array<i64: 2, 2>, groups = 2, "
             "padding = array<i64: 1, 0>, strides = array<i64: 1, 2>}"),
        conv("f32", [2, 5, 6, 6], [3, 5, 1, 1], [2, 3, 6, 6]),
        conv("f16", [1, 2, 5, 5], [2, 2, 3, 3], [1, 2, 5, 5],
             "{padding = array<i64: 1, 1>}"),
        conv("f64", [1, 4, 6, 5], [4, 1, 3, 2], [1, 4, 4, 4],
             "{groups = 4}", bias=True),
        # Tiled on the GPU: 200 x 32 outputs, K = 16 * 3 * 3.
        conv("f32", [2, 16, 10, 10], [32, 16, 3, 3], [2, 32, 10, 10],
             "{padding = array<i64: 1, 1>}"),
        # Pointwise: a batch of products sharing the weight (tensor cores on
        # the GPU: F = 64, H*W = 64, C = 32).
        conv("bf16", [2, 32, 8, 8], [64, 32, 1, 1], [2, 64, 8, 8],
             bias=True),
        # bf16 operands read as they are, f32 sums, bias, one rounding.
        conv("bf16", [2, 16, 8, 8], [24, 16, 3, 3], [2, 24, 8, 8],
             "{padding = array<i64: 1, 1>}", bias=True),
        # Implicit GEMMs on tensor cores on the GPU: X = N*H*W pixels (162,
        # 50: partial tiles), Y = F (48, 64), K = C*3*3 = 288.
        conv("bf16", [2, 32, 9, 9], [48, 32, 3, 3], [2, 48, 9, 9],
             "{padding = array<i64: 1, 1>}", bias=True),
        conv("bf16", [2, 32, 10, 10], [64, 32, 3, 3], [2, 64, 5, 5],
             "{padding = array<i64: 1, 1>, strides = array<i64: 2, 2>}"),
    ],
    "add": [binary("add", "f32", [3, 1, 5], [4, 1], [3, 4, 5]),
            binary("add", "bf16", [2, 7], [7], [2, 7]),
            binary("add", "f64", [], [3, 2], [3, 2])],
    "sub": [binary("sub", "f32", [4, 5], [4, 5], [4, 5]),
            binary("sub", "f16", [1, 3], [5, 1], [5, 3])],
    "mul": [binary("mul", "f32", [2, 3, 4], [], [2, 3, 4]),
            binary("mul", "bf16", [6, 1], [1, 5], [6, 5])],
    "div": [binary("div", "f32", [3, 5], [5], [3, 5]),
            binary("div", "f64", [2, 2], [2, 2], [2, 2])],
    "relu": [unary("relu", "f32", [5, 7]), unary("relu", "bf16", [9])],
    "tanh": [unary("tanh", "f32", [3, 11]), unary("tanh", "f16", [2, 4])],
    "sigmoid": [unary("sigmoid", "f32", [13]),
                unary("sigmoid", "f64", [2, 3, 2])],
    "exp": [unary("exp", "f32", [4, 4]), unary("exp", "bf16", [7])],
    "gelu": [unary("gelu", "f32", [6, 9]),
             unary("gelu", "f32", [6, 9], " approximate tanh"),
             unary("gelu", "bf16", [3, 5], " approximate tanh"),
             unary("gelu", "f64", [10])],
    "dropout": [
        unary("dropout", "f32", [5, 37],
              " {probability = 0.3 : f64, seed = 7}"),
        unary("dropout", "f32", [64], " {probability = 0.5 : f64, seed = 0}"),
        unary("dropout", "f16", [3, 4, 5],
              " {probability = 0.1 : f64, seed = -12345}"),
    ],
    "convert": [convert("f32", "bf16", [5, 7]), convert("bf16", "f32", [9]),
                convert("f32", "f16", [3, 4]), convert("f16", "f64", [2, 3])],
    "softmax": [unary("softmax", "f32", [4, 7], " {axis = 1 : i64}"),
                unary("softmax", "f32", [3, 5, 2], " {axis = 0 : i64}"),
                unary("softmax", "bf16", [2, 3, 9], " {axis = 2 : i64}"),
                unary("softmax", "f64", [6], " {axis = 0 : i64}")],
    "layer_norm": [norm("layer_norm", "f32", [4, 10], [10]),
                   norm("layer_norm", "f32", [2, 3, 5], [3, 5], "1.0e-3"),
                   norm("layer_norm", "bf16", [3, 16], [16]),
                   norm("layer_norm", "f64", [2, 7], [7], "1.0e-12")],
    "batch_norm": [norm("batch_norm", "f32", [4, 3, 5, 5], [3]),
                   norm("batch_norm", "f32", [6, 5], [5], "1.0e-3"),
                   norm("batch_norm", "f16", [2, 4, 3, 3], [4])],
    "max_pool2d": [
        shaped("max_pool2d", "f32", [2, 3, 9, 8], [2, 3, 5, 4],
               "{kernel_size = array<i64: 3, 3>, padding = array<i64: 1, 1>,"
               " strides = array<i64: 2, 2>}"),
        shaped("max_pool2d", "bf16", [1, 2, 7, 5], [1, 2, 6, 3],
               "{kernel_size = array<i64: 2, 3>}"),
    ],
    "avg_pool2d": [
        shaped("avg_pool2d", "f32", [2, 3, 9, 9], [2, 3, 5, 5],
               "{kernel_size = array<i64: 3, 3>, padding = array<i64: 1, 1>,"
               " strides = array<i64: 2, 2>}"),
        shaped("avg_pool2d", "f32", [2, 3, 9, 9], [2, 3, 5, 5],
               "{count_include_pad = false, kernel_size = array<i64: 3, 3>,"
               " padding = array<i64: 1, 1>, strides = array<i64: 2, 2>}"),
        shaped("avg_pool2d", "f64", [1, 1, 6, 7], [1, 1, 3, 3],
               "{kernel_size = array<i64: 2, 3>, strides = array<i64: 2, 2>}"),
    ],
    "global_avg_pool2d": [
        shaped("global_avg_pool2d", "f32", [3, 5, 7, 6], [3, 5], ""),
        shaped("global_avg_pool2d", "f16", [2, 4, 3, 3], [2, 4], ""),
    ],
    "embedding": [
        case("embedding table 11x4 f32, ids 3x5 i64",
             [(T([11, 4]), True), (T([3, 5], "i64"), False)], [T([3, 5, 4])],
             [f"%r0 = dlc.embedding %a0, %a1 : ({T([11, 4])}, "
              f"{T([3, 5], 'i64')}) -> {T([3, 5, 4])}"]),
        case("embedding table 7x3 bf16, ids 6 i32",
             [(T([7, 3], "bf16"), True), (T([6], "i32"), False)],
             [T([6, 3], "bf16")],
             [f"%r0 = dlc.embedding %a0, %a1 : ({T([7, 3], 'bf16')}, "
              f"{T([6], 'i32')}) -> {T([6, 3], 'bf16')}"]),
    ],
    "reshape": [shaped("reshape", "f32", [2, 3, 4], [4, 6], ""),
                shaped("reshape", "bf16", [6], [1, 2, 3], ""),
                shaped("reshape", "f32", [1, 1], [], "")],
    "transpose": [shaped("transpose", "f32", [2, 3, 4], [4, 2, 3],
                         "[2, 0, 1]"),
                  shaped("transpose", "f16", [5, 3], [3, 5], "[1, 0]")],
    "slice": [shaped("slice", "f32", [7, 9], [3, 4],
                     "offsets [1, 2] sizes [3, 4] strides [2, 1]"),
              shaped("slice", "f64", [2, 5, 4], [2, 1, 2],
                     "offsets [0, 4, 1] sizes [2, 1, 2] strides [1, 1, 2]")],
    "concat": [
        case("concat three f32 tensors along axis 1",
             [(T([2, 3, 4]), False), (T([2, 1, 4]), False),
              (T([2, 5, 4]), False)], [T([2, 9, 4])],
             [f"%r0 = dlc.concat %a0, %a1, %a2 {{axis = 1 : i64}} : "
              f"({T([2, 3, 4])}, {T([2, 1, 4])}, {T([2, 5, 4])}) -> "
              f"{T([2, 9, 4])}"]),
        case("concat two bf16 tensors along axis 0",
             [(T([1, 3], "bf16"), False), (T([2, 3], "bf16"), False)],
             [T([3, 3], "bf16")],
             [f"%r0 = dlc.concat %a0, %a1 {{axis = 0 : i64}} : "
              f"({T([1, 3], 'bf16')}, {T([2, 3], 'bf16')}) -> "
              f"{T([3, 3], 'bf16')}"]),
    ],
    "reduce_sum": [shaped("reduce_sum", "f32", [3, 4, 5], [3, 1, 5],
                          "axes [1] {keep_dims}"),
                   shaped("reduce_sum", "f32", [3, 4, 5], [], "axes [0, 1, 2]"),
                   shaped("reduce_sum", "bf16", [6, 7], [7], "axes [0]")],
    "reduce_mean": [shaped("reduce_mean", "f32", [3, 4, 5], [4], "axes [0, 2]"),
                    shaped("reduce_mean", "f64", [5, 3], [5, 1],
                           "axes [1] {keep_dims}")],
    "cross_entropy": [
        case("cross_entropy logits 7x5 f32, labels i64",
             [(T([7, 5]), False), (T([7], "i64"), False)], [T([])],
             [f"%r0 = dlc.cross_entropy %a0, %a1 : ({T([7, 5])}, "
              f"{T([7], 'i64')}) -> {T([])}"]),
        case("cross_entropy logits 4x3 bf16, labels i32",
             [(T([4, 3], "bf16"), False), (T([4], "i32"), False)],
             [T([], "bf16")],
             [f"%r0 = dlc.cross_entropy %a0, %a1 : ({T([4, 3], 'bf16')}, "
              f"{T([4], 'i32')}) -> {T([], 'bf16')}"]),
    ],
    "mse_loss": [
        case("mse_loss 3x4 f32", [(T([3, 4]), False), (T([3, 4]), False)],
             [T([])], [f"%r0 = dlc.mse_loss %a0, %a1 : ({T([3, 4])}, "
                       f"{T([3, 4])}) -> {T([])}"]),
        case("mse_loss 5 f64", [(T([5], "f64"), False),
                                (T([5], "f64"), False)], [T([], "f64")],
             [f"%r0 = dlc.mse_loss %a0, %a1 : ({T([5], 'f64')}, "
              f"{T([5], 'f64')}) -> {T([], 'f64')}"]),
    ],
}

CASES["sqrt"] = [
    case("sqrt of exp 4x5 f32", [(T([4, 5]), False)], [T([4, 5])],
         [f"%e = dlc.exp %a0 : {T([4, 5])}",
          f"%r0 = dlc.sqrt %e : {T([4, 5])}"]),
    case("sqrt of exp 7 bf16", [(T([7], "bf16"), False)], [T([7], "bf16")],
         [f"%e = dlc.exp %a0 : {T([7], 'bf16')}",
          f"%r0 = dlc.sqrt %e : {T([7], 'bf16')}"]),
]
CASES["relu_grad"] = [
    case("relu_grad 5x7 f32", [(T([5, 7]), False), (T([5, 7]), False)],
         [T([5, 7])], [f"%r0 = dlc.relu_grad %a0, %a1 : {T([5, 7])}"]),
    case("relu_grad 9 bf16", [(T([9], "bf16"), False), (T([9], "bf16"), False)],
         [T([9], "bf16")], [f"%r0 = dlc.relu_grad %a0, %a1 : {T([9], 'bf16')}"]),
]
CASES["cross_entropy_grad"] = [
    case("cross_entropy_grad logits 7x5 f32, labels i64",
         [(T([7, 5]), False), (T([7], "i64"), False), (T([]), False)],
         [T([7, 5])],
         [f"%r0 = dlc.cross_entropy_grad %a0, %a1, %a2 : ({T([7, 5])}, "
          f"{T([7], 'i64')}, {T([])}) -> {T([7, 5])}"]),
    case("cross_entropy_grad logits 3x4 f64, labels i32",
         [(T([3, 4], "f64"), False), (T([3], "i32"), False),
          (T([], "f64"), False)], [T([3, 4], "f64")],
         [f"%r0 = dlc.cross_entropy_grad %a0, %a1, %a2 : ({T([3, 4], 'f64')}, "
          f"{T([3], 'i32')}, {T([], 'f64')}) -> {T([3, 4], 'f64')}"]),
]


CASES["gelu_grad"] = [
    case("gelu_grad 4x9 f32", [(T([4, 9]), False), (T([4, 9]), False)],
         [T([4, 9])], [f"%r0 = dlc.gelu_grad %a0, %a1 : {T([4, 9])}"]),
    case("gelu_grad tanh 3x5 f32", [(T([3, 5]), False), (T([3, 5]), False)],
         [T([3, 5])],
         [f"%r0 = dlc.gelu_grad %a0, %a1 approximate tanh : {T([3, 5])}"]),
    case("gelu_grad 7 bf16", [(T([7], "bf16"), False), (T([7], "bf16"), False)],
         [T([7], "bf16")],
         [f"%r0 = dlc.gelu_grad %a0, %a1 : {T([7], 'bf16')}"]),
]
CASES["slice_grad"] = [
    shaped("slice_grad", "f32", [3, 4], [7, 9],
           "offsets [1, 2] strides [2, 1]"),
    shaped("slice_grad", "f64", [2, 1, 2], [2, 5, 4],
           "offsets [0, 4, 1] strides [1, 1, 2]"),
    shaped("slice_grad", "bf16", [2, 3], [4, 5],
           "offsets [1, 0] strides [2, 2]"),
]
CASES["layer_norm_grad"] = [
    case("layer_norm_grad 4x10 over [10]",
         [(T([4, 10]), False), (T([4, 10]), False), (T([10]), True)],
         [T([4, 10]), T([10]), T([10])],
         [f"%r0, %r1, %r2 = dlc.layer_norm_grad %a0, %a1, %a2 : "
          f"({T([4, 10])}, {T([4, 10])}, {T([10])}) -> "
          f"({T([4, 10])}, {T([10])}, {T([10])})"]),
    case("layer_norm_grad 2x3x5 over [3, 5], epsilon 1e-3, f64",
         [(T([2, 3, 5], "f64"), False), (T([2, 3, 5], "f64"), False),
          (T([3, 5], "f64"), True)],
         [T([2, 3, 5], "f64"), T([3, 5], "f64"), T([3, 5], "f64")],
         [f"%r0, %r1, %r2 = dlc.layer_norm_grad %a0, %a1, %a2 "
          f"{{epsilon = 1.0e-3 : f64}} : ({T([2, 3, 5], 'f64')}, "
          f"{T([2, 3, 5], 'f64')}, {T([3, 5], 'f64')}) -> "
          f"({T([2, 3, 5], 'f64')}, {T([3, 5], 'f64')}, {T([3, 5], 'f64')})"]),
]
CASES["batch_norm_grad"] = [
    case("batch_norm_grad 4x3x5x5",
         [(T([4, 3, 5, 5]), False), (T([4, 3, 5, 5]), False), (T([3]), True)],
         [T([4, 3, 5, 5]), T([3]), T([3])],
         [f"%r0, %r1, %r2 = dlc.batch_norm_grad %a0, %a1, %a2 : "
          f"({T([4, 3, 5, 5])}, {T([4, 3, 5, 5])}, {T([3])}) -> "
          f"({T([4, 3, 5, 5])}, {T([3])}, {T([3])})"]),
    case("batch_norm_grad 6x5 f64, epsilon 1e-3",
         [(T([6, 5], "f64"), False), (T([6, 5], "f64"), False),
          (T([5], "f64"), True)],
         [T([6, 5], "f64"), T([5], "f64"), T([5], "f64")],
         [f"%r0, %r1, %r2 = dlc.batch_norm_grad %a0, %a1, %a2 "
          f"{{epsilon = 1.0e-3 : f64}} : ({T([6, 5], 'f64')}, "
          f"{T([6, 5], 'f64')}, {T([5], 'f64')}) -> "
          f"({T([6, 5], 'f64')}, {T([5], 'f64')}, {T([5], 'f64')})"]),
]
CASES["conv2d_input_grad"] = [
    case("conv2d_input_grad stride 2, padding 1x0",
         [(T([1, 3, 4, 3]), False), (T([3, 2, 3, 2]), True)],
         [T([1, 2, 7, 6])],
         [f"%r0 = dlc.conv2d_input_grad %a0, %a1 {{padding = array<i64: 1, 0>,"
          f" strides = array<i64: 2, 2>}} : ({T([1, 3, 4, 3])}, "
          f"{T([3, 2, 3, 2])}) -> {T([1, 2, 7, 6])}"]),
    case("conv2d_input_grad grouped, dilated, f64",
         [(T([1, 4, 3, 5], "f64"), False), (T([4, 2, 3, 3], "f64"), True)],
         [T([1, 4, 7, 7], "f64")],
         [f"%r0 = dlc.conv2d_input_grad %a0, %a1 {{dilation = array<i64: 2, 1>,"
          f" groups = 2}} : ({T([1, 4, 3, 5], 'f64')}, "
          f"{T([4, 2, 3, 3], 'f64')}) -> {T([1, 4, 7, 7], 'f64')}"]),
    # Unit strides: a convolution with the flipped kernel, tiled on the GPU.
    case("conv2d_input_grad stride 1, padding 1, 3x3",
         [(T([2, 32, 10, 10]), False), (T([32, 16, 3, 3]), True)],
         [T([2, 16, 10, 10])],
         [f"%r0 = dlc.conv2d_input_grad %a0, %a1 {{padding = array<i64: 1, 1>}}"
          f" : ({T([2, 32, 10, 10])}, {T([32, 16, 3, 3])}) -> "
          f"{T([2, 16, 10, 10])}"]),
    # 1x1 without padding: no padded copy of dy; bf16 operands, f32 sums.
    case("conv2d_input_grad stride 1, 1x1, bf16",
         [(T([2, 24, 6, 7], "bf16"), False), (T([24, 20, 1, 1], "bf16"), True)],
         [T([2, 20, 6, 7], "bf16")],
         [f"%r0 = dlc.conv2d_input_grad %a0, %a1 : ({T([2, 24, 6, 7], 'bf16')},"
          f" {T([24, 20, 1, 1], 'bf16')}) -> {T([2, 20, 6, 7], 'bf16')}"]),
    # Pointwise on tensor cores: [C, F] . [F, H*W] per image, all 64.
    case("conv2d_input_grad pointwise, bf16, tensor-core sizes",
         [(T([2, 64, 8, 8], "bf16"), False), (T([64, 64, 1, 1], "bf16"), True)],
         [T([2, 64, 8, 8], "bf16")],
         [f"%r0 = dlc.conv2d_input_grad %a0, %a1 : ({T([2, 64, 8, 8], 'bf16')},"
          f" {T([64, 64, 1, 1], 'bf16')}) -> {T([2, 64, 8, 8], 'bf16')}"]),
    # Padding beyond the kernel's extent: the gather, over the unpadded input.
    case("conv2d_input_grad stride 1, 1x1, padding 1",
         [(T([1, 3, 6, 5]), False), (T([3, 2, 1, 1]), True)],
         [T([1, 2, 4, 3])],
         [f"%r0 = dlc.conv2d_input_grad %a0, %a1 {{padding = array<i64: 1, 1>}}"
          f" : ({T([1, 3, 6, 5])}, {T([3, 2, 1, 1])}) -> {T([1, 2, 4, 3])}"]),
    case("conv2d_input_grad stride 2, padding 1, bf16",
         [(T([2, 8, 4, 4], "bf16"), False), (T([8, 6, 3, 3], "bf16"), True)],
         [T([2, 6, 8, 8], "bf16")],
         [f"%r0 = dlc.conv2d_input_grad %a0, %a1 {{padding = array<i64: 1, 1>,"
          f" strides = array<i64: 2, 2>}} : ({T([2, 8, 4, 4], 'bf16')}, "
          f"{T([8, 6, 3, 3], 'bf16')}) -> {T([2, 6, 8, 8], 'bf16')}"]),
    # Tensor cores on the GPU: X = 4096 pixels, Y = C = 32, K = F*3*3 = 288
    # (enough outputs that the GPU pipeline does not split the sum).
    case("conv2d_input_grad stride 1, padding 1, 3x3, bf16, tensor cores",
         [(T([4, 32, 32, 32], "bf16"), False), (T([32, 32, 3, 3], "bf16"), True)],
         [T([4, 32, 32, 32], "bf16")],
         [f"%r0 = dlc.conv2d_input_grad %a0, %a1 {{padding = array<i64: 1, 1>}}"
          f" : ({T([4, 32, 32, 32], 'bf16')}, {T([32, 32, 3, 3], 'bf16')}) -> "
          f"{T([4, 32, 32, 32], 'bf16')}"]),
]
CASES["max_pool2d_grad"] = [
    case("max_pool2d_grad overlapping 3x3 windows, stride 2, padding 1",
         [(T([2, 3, 5, 4]), False), (T([2, 3, 9, 8]), False)],
         [T([2, 3, 9, 8])],
         [f"%r0 = dlc.max_pool2d_grad %a0, %a1 {{kernel_size = array<i64: 3, 3>,"
          f" padding = array<i64: 1, 1>, strides = array<i64: 2, 2>}} : "
          f"({T([2, 3, 5, 4])}, {T([2, 3, 9, 8])}) -> {T([2, 3, 9, 8])}"]),
    case("max_pool2d_grad 2x3 windows, stride 1, bf16",
         [(T([1, 2, 6, 3], "bf16"), False), (T([1, 2, 7, 5], "bf16"), False)],
         [T([1, 2, 7, 5], "bf16")],
         [f"%r0 = dlc.max_pool2d_grad %a0, %a1 {{kernel_size = array<i64: 2, 3>}}"
          f" : ({T([1, 2, 6, 3], 'bf16')}, {T([1, 2, 7, 5], 'bf16')}) -> "
          f"{T([1, 2, 7, 5], 'bf16')}"]),
]
CASES["avg_pool2d_grad"] = [
    case("avg_pool2d_grad 3x3, stride 2, padding 1",
         [(T([2, 3, 5, 5]), False)], [T([2, 3, 9, 9])],
         [f"%r0 = dlc.avg_pool2d_grad %a0 {{kernel_size = array<i64: 3, 3>,"
          f" padding = array<i64: 1, 1>, strides = array<i64: 2, 2>}} : "
          f"({T([2, 3, 5, 5])}) -> {T([2, 3, 9, 9])}"]),
    case("avg_pool2d_grad without count_include_pad",
         [(T([2, 3, 5, 5]), False)], [T([2, 3, 10, 9])],
         [f"%r0 = dlc.avg_pool2d_grad %a0 {{count_include_pad = false, "
          f"kernel_size = array<i64: 3, 3>, padding = array<i64: 1, 1>, "
          f"strides = array<i64: 2, 2>}} : ({T([2, 3, 5, 5])}) -> "
          f"{T([2, 3, 10, 9])}"]),
    case("avg_pool2d_grad 2x3, stride 2, f64",
         [(T([1, 1, 3, 3], "f64"), False)], [T([1, 1, 6, 7], "f64")],
         [f"%r0 = dlc.avg_pool2d_grad %a0 {{kernel_size = array<i64: 2, 3>,"
          f" strides = array<i64: 2, 2>}} : ({T([1, 1, 3, 3], 'f64')}) -> "
          f"{T([1, 1, 6, 7], 'f64')}"]),
]
CASES["conv2d_weight_grad"] = [
    case("conv2d_weight_grad stride 2, padding 1x0",
         [(T([1, 3, 4, 3]), False), (T([1, 2, 7, 6]), False)],
         [T([3, 2, 3, 2])],
         [f"%r0 = dlc.conv2d_weight_grad %a0, %a1 {{padding = array<i64: 1, 0>,"
          f" strides = array<i64: 2, 2>}} : ({T([1, 3, 4, 3])}, "
          f"{T([1, 2, 7, 6])}) -> {T([3, 2, 3, 2])}"]),
    case("conv2d_weight_grad grouped, dilated, f64",
         [(T([2, 4, 3, 5], "f64"), False), (T([2, 4, 7, 7], "f64"), False)],
         [T([4, 2, 3, 3], "f64")],
         [f"%r0 = dlc.conv2d_weight_grad %a0, %a1 {{dilation = array<i64: 2, 1>,"
          f" groups = 2}} : ({T([2, 4, 3, 5], 'f64')}, "
          f"{T([2, 4, 7, 7], 'f64')}) -> {T([4, 2, 3, 3], 'f64')}"]),
    case("conv2d_weight_grad stride 1, padding 1, 3x3",
         [(T([2, 32, 10, 10]), False), (T([2, 16, 10, 10]), False)],
         [T([32, 16, 3, 3])],
         [f"%r0 = dlc.conv2d_weight_grad %a0, %a1 {{padding = array<i64: 1, 1>}}"
          f" : ({T([2, 32, 10, 10])}, {T([2, 16, 10, 10])}) -> "
          f"{T([32, 16, 3, 3])}"]),
    case("conv2d_weight_grad stride 1, padding 1, 3x3, bf16",
         [(T([2, 16, 9, 9], "bf16"), False), (T([2, 8, 9, 9], "bf16"), False)],
         [T([16, 8, 3, 3], "bf16")],
         [f"%r0 = dlc.conv2d_weight_grad %a0, %a1 {{padding = array<i64: 1, 1>}}"
          f" : ({T([2, 16, 9, 9], 'bf16')}, {T([2, 8, 9, 9], 'bf16')}) -> "
          f"{T([16, 8, 3, 3], 'bf16')}"]),
    # Tensor cores on the GPU: X = F = 64, Y = C*3*3 = 288 (partial tiles),
    # a batch of per-image partial sums over K = H*W = 64.
    case("conv2d_weight_grad stride 1, padding 1, 3x3, bf16, tensor cores",
         [(T([8, 64, 8, 8], "bf16"), False), (T([8, 32, 8, 8], "bf16"), False)],
         [T([64, 32, 3, 3], "bf16")],
         [f"%r0 = dlc.conv2d_weight_grad %a0, %a1 {{padding = array<i64: 1, 1>}}"
          f" : ({T([8, 64, 8, 8], 'bf16')}, {T([8, 32, 8, 8], 'bf16')}) -> "
          f"{T([64, 32, 3, 3], 'bf16')}"]),
]
CASES["embedding_grad"] = [
    case("embedding_grad ids 3x5 into 11x4 (repeated ids accumulate)",
         [(T([3, 5, 4]), False), (T([3, 5], "i64"), False)], [T([11, 4])],
         [f"%r0 = dlc.embedding_grad %a0, %a1 : ({T([3, 5, 4])}, "
          f"{T([3, 5], 'i64')}) -> {T([11, 4])}"]),
    case("embedding_grad ids 6 i32 into 4x3 f64",
         [(T([6, 3], "f64"), False), (T([6], "i32"), False)],
         [T([4, 3], "f64")],
         [f"%r0 = dlc.embedding_grad %a0, %a1 : ({T([6, 3], 'f64')}, "
          f"{T([6], 'i32')}) -> {T([4, 3], 'f64')}"]),
    # 512 positions: ranks, order and row starts summed in runs of 64.
    case("embedding_grad ids 8x64 into 50x6 (position runs)",
         [(T([8, 64, 6]), False), (T([8, 64], "i64"), False)], [T([50, 6])],
         [f"%r0 = dlc.embedding_grad %a0, %a1 : ({T([8, 64, 6])}, "
          f"{T([8, 64], 'i64')}) -> {T([50, 6])}"]),
]


# --- Gradient cases: f64 losses of the parameters, for finite differences --

def loss_of(desc, args, out_shape, body):
    """A loss `mse_loss(%y, %target)` of `body`'s result %y; `args` as in
    `case`, parameters marked True. Everything is f64."""
    y = T(out_shape, "f64")
    n = len(args)
    args = args + [(y, False)]
    return case(desc, args, [T([], "f64")],
                body + [f"%r0 = dlc.mse_loss %y, %a{n} : ({y}, {y}) -> "
                        f"{T([], 'f64')}"])


D = lambda shape: T(shape, "f64")

GRAD_CASES = {
    "add": [loss_of("add, both broadcast", [(D([3, 1, 4]), True),
                                            (D([2, 1]), True)], [3, 2, 4],
                    [f"%y = dlc.add %a0, %a1 : ({D([3, 1, 4])}, {D([2, 1])}) "
                     f"-> {D([3, 2, 4])}"])],
    "sub": [loss_of("sub, rank-0 rhs", [(D([2, 3]), True), (D([]), True)],
                    [2, 3], [f"%y = dlc.sub %a0, %a1 : ({D([2, 3])}, {D([])}) "
                             f"-> {D([2, 3])}"])],
    "mul": [loss_of("mul, row broadcast", [(D([4, 3]), True), (D([3]), True)],
                    [4, 3], [f"%y = dlc.mul %a0, %a1 : ({D([4, 3])}, {D([3])}) "
                             f"-> {D([4, 3])}"])],
    "div": [loss_of("div by exp", [(D([3, 4]), True), (D([4]), True)], [3, 4],
                    [f"%e = dlc.exp %a1 : {D([4])}",
                     f"%y = dlc.div %a0, %e : ({D([3, 4])}, {D([4])}) -> "
                     f"{D([3, 4])}"])],
    "unary": [loss_of("relu, tanh, sigmoid, exp chain", [(D([4, 5]), True)],
                      [4, 5], [f"%0 = dlc.relu %a0 : {D([4, 5])}",
                               f"%1 = dlc.tanh %a0 : {D([4, 5])}",
                               f"%2 = dlc.sigmoid %1 : {D([4, 5])}",
                               f"%3 = dlc.exp %2 : {D([4, 5])}",
                               f"%y = dlc.add %0, %3 : ({D([4, 5])}, "
                               f"{D([4, 5])}) -> {D([4, 5])}"])],
    "dropout": [loss_of("dropout p=0.3", [(D([5, 7]), True)], [5, 7],
                        [f"%y = dlc.dropout %a0 {{probability = 0.3 : f64, "
                         f"seed = 3}} : {D([5, 7])}"])],
    "softmax": [loss_of("softmax axis 1", [(D([3, 5]), True)], [3, 5],
                        [f"%y = dlc.softmax %a0 {{axis = 1 : i64}} : "
                         f"{D([3, 5])}"])],
    "matmul": [loss_of(f"matmul {attrs}", [(D(a), True), (D(b), True)],
                       [2, 3, 5],
                       [f"%y = dlc.matmul %a0, %a1 {attrs} : ({D(a)}, {D(b)}) "
                        f"-> {D([2, 3, 5])}"])
               for a, b, attrs in [([2, 3, 4], [2, 4, 5], ""),
                                   ([2, 4, 3], [2, 4, 5], "{transpose_lhs}"),
                                   ([2, 3, 4], [2, 5, 4], "{transpose_rhs}"),
                                   ([2, 4, 3], [2, 5, 4],
                                    "{transpose_lhs, transpose_rhs}")]],
    "linear": [loss_of("linear rank-3 input with bias",
                       [(D([2, 3, 5]), True), (D([4, 5]), True),
                        (D([4]), True)], [2, 3, 4],
                       [f"%y = dlc.linear %a0, %a1, %a2 : ({D([2, 3, 5])}, "
                        f"{D([4, 5])}, {D([4])}) -> {D([2, 3, 4])}"])],
    "data-movement": [loss_of("reshape and transpose",
                              [(D([2, 6]), True)], [3, 4],
                              [f"%0 = dlc.reshape %a0 : ({D([2, 6])}) -> "
                               f"{D([4, 3])}",
                               f"%y = dlc.transpose %0 [1, 0] : ({D([4, 3])}) "
                               f"-> {D([3, 4])}"])],
    "reduce": [loss_of("reduce_sum keep_dims and reduce_mean",
                       [(D([3, 4, 5]), True)], [3, 1, 5],
                       [f"%0 = dlc.reduce_sum %a0 axes [1] {{keep_dims}} : "
                        f"({D([3, 4, 5])}) -> {D([3, 1, 5])}",
                        f"%1 = dlc.reduce_mean %a0 axes [1] {{keep_dims}} : "
                        f"({D([3, 4, 5])}) -> {D([3, 1, 5])}",
                        f"%y = dlc.mul %0, %1 : ({D([3, 1, 5])}, "
                        f"{D([3, 1, 5])}) -> {D([3, 1, 5])}"])],
    "sqrt": [loss_of("sqrt of exp", [(D([3, 4]), True)], [3, 4],
                     [f"%e = dlc.exp %a0 : {D([3, 4])}",
                      f"%y = dlc.sqrt %e : {D([3, 4])}"])],
    "conv2d": [
        loss_of(f"conv2d {attrs}", [(D(x), True), (D(w), True)] +
                ([(D([w[0]]), True)] if bias else []), out,
                [f"%y = dlc.conv2d %a0, %a1{', %a2' if bias else ''} {attrs} : "
                 f"({D(x)}, {D(w)}{', ' + D([w[0]]) if bias else ''}) -> "
                 f"{D(out)}"])
        for x, w, out, attrs, bias in [
            ([2, 3, 5, 6], [4, 3, 3, 3], [2, 4, 3, 4], "", True),
            ([1, 2, 7, 6], [3, 2, 3, 2], [1, 3, 4, 3],
             "{padding = array<i64: 1, 0>, strides = array<i64: 2, 2>}",
             False),
            ([1, 4, 7, 7], [4, 2, 3, 3], [1, 4, 3, 5],
             "{dilation = array<i64: 2, 1>, groups = 2}", False),
        ]],
    "conv2d": [
        loss_of(f"conv2d {attrs}", [(D(x), True), (D(w), True)] +
                ([(D([w[0]]), True)] if bias else []), out,
                [f"%y = dlc.conv2d %a0, %a1{', %a2' if bias else ''} {attrs} : "
                 f"({D(x)}, {D(w)}{', ' + D([w[0]]) if bias else ''}) -> "
                 f"{D(out)}"])
        for x, w, out, attrs, bias in [
            ([2, 3, 5, 6], [4, 3, 3, 3], [2, 4, 3, 4], "", True),
            ([1, 2, 7, 6], [3, 2, 3, 2], [1, 3, 4, 3],
             "{padding = array<i64: 1, 0>, strides = array<i64: 2, 2>}",
             False),
            ([1, 4, 7, 7], [4, 2, 3, 3], [1, 4, 3, 5],
             "{dilation = array<i64: 2, 1>, groups = 2}", False),
        ]],
    "batch_norm": [
        loss_of("batch_norm output", [(D([3, 2, 2, 3]), True), (D([2]), True),
                                      (D([2]), True)], [3, 2, 2, 3],
                [f"%y, %m, %v = dlc.batch_norm %a0, %a1, %a2 : "
                 f"({D([3, 2, 2, 3])}, {D([2])}, {D([2])}) -> "
                 f"({D([3, 2, 2, 3])}, {D([2])}, {D([2])})"]),
        loss_of("batch_norm statistics too", [(D([4, 3]), True),
                                              (D([3]), True), (D([3]), True)],
                [4, 3],
                [f"%n, %m, %v = dlc.batch_norm %a0, %a1, %a2 : "
                 f"({D([4, 3])}, {D([3])}, {D([3])}) -> "
                 f"({D([4, 3])}, {D([3])}, {D([3])})",
                 f"%s = dlc.add %m, %v : ({D([3])}, {D([3])}) -> {D([3])}",
                 f"%y = dlc.mul %n, %s : ({D([4, 3])}, {D([3])}) -> "
                 f"{D([4, 3])}"]),
    ],
    "gelu": [loss_of("gelu exact and tanh", [(D([3, 6]), True)], [3, 6],
                     [f"%0 = dlc.gelu %a0 : {D([3, 6])}",
                      f"%1 = dlc.gelu %a0 approximate tanh : {D([3, 6])}",
                      f"%y = dlc.mul %0, %1 : ({D([3, 6])}, {D([3, 6])}) -> "
                      f"{D([3, 6])}"])],
    "layer_norm": [loss_of("layer_norm over [3, 4]",
                           [(D([2, 3, 4]), True), (D([3, 4]), True),
                            (D([3, 4]), True)], [2, 3, 4],
                           [f"%y = dlc.layer_norm %a0, %a1, %a2 : "
                            f"({D([2, 3, 4])}, {D([3, 4])}, {D([3, 4])}) -> "
                            f"{D([2, 3, 4])}"])],
    "embedding": [loss_of("embedding with repeated ids",
                          [(D([5, 3]), True), (T([2, 4], "i64"), False)],
                          [2, 4, 3],
                          [f"%y = dlc.embedding %a0, %a1 : ({D([5, 3])}, "
                           f"{T([2, 4], 'i64')}) -> {D([2, 4, 3])}"])],
    "slice-concat": [loss_of("strided slice of a concat",
                             [(D([2, 3]), True), (D([2, 4]), True)], [2, 3],
                             [f"%c = dlc.concat %a0, %a1 {{axis = 1 : i64}} : "
                              f"({D([2, 3])}, {D([2, 4])}) -> {D([2, 7])}",
                              f"%y = dlc.slice %c offsets [0, 1] sizes [2, 3] "
                              f"strides [1, 2] : ({D([2, 7])}) -> {D([2, 3])}"])],
    "max_pool2d": [
        loss_of("max_pool2d 3x3, stride 2, padding 1",
                [(D([2, 2, 7, 6]), True)], [2, 2, 4, 3],
                [f"%y = dlc.max_pool2d %a0 {{kernel_size = array<i64: 3, 3>, "
                 f"padding = array<i64: 1, 1>, strides = array<i64: 2, 2>}} : "
                 f"({D([2, 2, 7, 6])}) -> {D([2, 2, 4, 3])}"]),
        loss_of("max_pool2d 2x2, stride 1 (one element wins several windows)",
                [(D([1, 2, 5, 4]), True)], [1, 2, 4, 3],
                [f"%y = dlc.max_pool2d %a0 {{kernel_size = array<i64: 2, 2>}}"
                 f" : ({D([1, 2, 5, 4])}) -> {D([1, 2, 4, 3])}"]),
    ],
    "avg_pool2d": [loss_of("avg_pool2d, padded, both divisors",
                           [(D([1, 2, 7, 6]), True)], [1, 2, 4, 3],
                           [f"%p = dlc.avg_pool2d %a0 {{kernel_size = "
                            f"array<i64: 3, 3>, padding = array<i64: 1, 1>, "
                            f"strides = array<i64: 2, 2>}} : ({D([1, 2, 7, 6])})"
                            f" -> {D([1, 2, 4, 3])}",
                            f"%q = dlc.avg_pool2d %a0 {{count_include_pad = "
                            f"false, kernel_size = array<i64: 3, 3>, padding = "
                            f"array<i64: 1, 1>, strides = array<i64: 2, 2>}} : "
                            f"({D([1, 2, 7, 6])}) -> {D([1, 2, 4, 3])}",
                            f"%y = dlc.mul %p, %q : ({D([1, 2, 4, 3])}, "
                            f"{D([1, 2, 4, 3])}) -> {D([1, 2, 4, 3])}"])],
    "global_avg_pool2d": [loss_of("global average pool",
                                  [(D([2, 3, 4, 5]), True)], [2, 3],
                                  [f"%y = dlc.global_avg_pool2d %a0 : "
                                   f"({D([2, 3, 4, 5])}) -> {D([2, 3])}"])],
    "cross_entropy": [case(
        "MLP 12-16-5 with relu and cross-entropy",
        [(D([16, 12]), True), (D([16]), True), (D([5, 16]), True),
         (D([5]), True), (D([6, 12]), False), (T([6], "i64"), False)],
        [D([])],
        [f"%h = dlc.linear %a4, %a0, %a1 : ({D([6, 12])}, {D([16, 12])}, "
         f"{D([16])}) -> {D([6, 16])}",
         f"%r = dlc.relu %h : {D([6, 16])}",
         f"%l = dlc.linear %r, %a2, %a3 : ({D([6, 16])}, {D([5, 16])}, "
         f"{D([5])}) -> {D([6, 5])}",
         f"%r0 = dlc.cross_entropy %l, %a5 : ({D([6, 5])}, {T([6], 'i64')}) "
         f"-> {D([])}"])],
}


def row_norms(et, shape):
    a, r = T(shape, et), T(shape[:-1], "f32")
    return case(f"row_norms {a}", [(a, False)], [r],
                [f"%r0 = dlc.row_norms %a0 : ({a}) -> {r}"])


def wta_crs_sample(n, k, seed, square=True):
    """Samples k of n rows; `square` scores them by the squares of the drawn
    values (all non-negative), else by the values (about half negative,
    which count as 0)."""
    s, i, f = T([n]), T([k], "i64"), T([k])
    score = ["%s = dlc.mul %a0, %a0 : (" + f"{s}, {s}) -> {s}"] if square else []
    name = "%s" if square else "%a0"
    return case(f"wta_crs_sample {k} of {n} seed {seed}"
                + ("" if square else " (signed scores)"), [(s, False)],
                [i, f, T([], "i64")],
                score + [f"%r0, %r1, %r2 = dlc.wta_crs_sample {name} "
                         f"{{seed = {seed} : i64}} : ({s}) -> ({i}, {f}, "
                         f"{T([], 'i64')})"])


CASES["stop_gradient"] = [unary("stop_gradient", "f32", [3, 5]),
                          unary("stop_gradient", "bf16", [7])]
CASES["row_norms"] = [row_norms("f32", [5, 7]), row_norms("bf16", [3, 4, 9]),
                      row_norms("f16", [6]), row_norms("f64", [2, 33])]
CASES["wta_crs_sample"] = [
    wta_crs_sample(10, 4, 3), wta_crs_sample(37, 11, -7),
    wta_crs_sample(64, 64, 0), wta_crs_sample(50, 1, 12),
    wta_crs_sample(100, 30, 5, square=False), wta_crs_sample(129, 40, 99),
]
CASES["sampled_linear"] = [
    case("sampled_linear: the forward is dlc.linear's",
         [(T([2, 5, 6]), False), (T([4, 6]), True), (T([4]), True),
          (T([3, 6]), False), (T([3], "i64"), False), (T([3]), False),
          (T([10]), False)], [T([2, 5, 4])],
         [f"%r0 = dlc.sampled_linear %a0, %a1 bias %a2 sample(%a3, %a4, %a5) "
          f"norms %a6 : "
          f"({T([2, 5, 6])}, {T([4, 6])}, {T([4])}, {T([3, 6])}, "
          f"{T([3], 'i64')}, {T([3])}, {T([10])}) -> {T([2, 5, 4])}"]),
]
