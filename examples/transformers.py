#!/usr/bin/env python3
"""Writes the 12-layer transformer examples: examples/bert_base.mlir (BERT-base,
post-norm, batch 8, sequence 512, sequence classification) and
examples/gpt2_small.mlir (GPT-2 small, pre-norm, batch 8, context 1024,
language-model loss with the token embedding tied to the output layer).

These graphs are for the memory passes and their benchmarks (bench/remat);
at these shapes a training step is too large for the CPU reference path.
Run `examples/transformers.py` to regenerate them after changing this file.
"""

import os

HERE = os.path.dirname(os.path.abspath(__file__))


def t(*shape, dtype="f32"):
    return "tensor<" + "x".join(str(d) for d in shape) + "x" + dtype + ">"


class Graph:
    def __init__(self):
        self.lines = []
        self.args = []
        self.seed = 0

    def arg(self, name, ty, param=True):
        self.args.append(f"    %{name}: {ty}" + (" {dlc.param}" if param else ""))

    def op(self, text):
        self.lines.append("  " + text)

    def comment(self, text):
        self.lines.append("  // " + text)

    def next_seed(self):
        self.seed += 1
        return self.seed

    def emit(self, header, name, result="tensor<f32>"):
        body = [header.rstrip(), f"func.func @{name}("]
        body.append(",\n".join(self.args) + f") -> {result} {{")
        body += self.lines
        body.append("}")
        return "\n".join(body) + "\n"


def linear(g, out, x, w, b, xs, w_shape):
    ys = xs[:-1] + [w_shape[0]]
    bias = f", %{b}" if b else ""
    bias_ty = f", {t(w_shape[0])}" if b else ""
    g.op(f"%{out} = dlc.linear %{x}, %{w}{bias} : ({t(*xs)}, {t(*w_shape)}{bias_ty}) -> {t(*ys)}")
    return ys


def attention(g, p, x, B, S, H, D, mask=None, dropout=0.1):
    """Multi-head self-attention on x [B, S, H*D]; returns the output name."""
    E = H * D
    for n in ("q", "k", "v"):
        linear(g, f"{p}{n}", x, f"{p}w{n}", f"{p}b{n}", [B, S, E], [E, E])
        g.op(f"%{p}{n}_split = dlc.reshape %{p}{n} : ({t(B, S, E)}) -> {t(B, S, H, D)}")
        g.op(f"%{p}{n}_heads = dlc.transpose %{p}{n}_split [0, 2, 1, 3] : ({t(B, S, H, D)}) -> {t(B, H, S, D)}")
    g.op(f"%{p}scores = dlc.matmul %{p}q_heads, %{p}k_heads {{transpose_rhs}} : ({t(B, H, S, D)}, {t(B, H, S, D)}) -> {t(B, H, S, S)}")
    g.op(f"%{p}scaled = dlc.mul %{p}scores, %scale : ({t(B, H, S, S)}, tensor<f32>) -> {t(B, H, S, S)}")
    logits = f"{p}scaled"
    if mask:
        g.op(f"%{p}masked = dlc.add %{p}scaled, %{mask} : ({t(B, H, S, S)}, {t(S, S)}) -> {t(B, H, S, S)}")
        logits = f"{p}masked"
    g.op(f"%{p}probs = dlc.softmax %{logits} {{axis = 3 : i64}} : {t(B, H, S, S)}")
    g.op(f"%{p}probs_drop = dlc.dropout %{p}probs {{probability = {dropout} : f64, seed = {g.next_seed()}}} : {t(B, H, S, S)}")
    g.op(f"%{p}ctx = dlc.matmul %{p}probs_drop, %{p}v_heads : ({t(B, H, S, S)}, {t(B, H, S, D)}) -> {t(B, H, S, D)}")
    g.op(f"%{p}ctx_t = dlc.transpose %{p}ctx [0, 2, 1, 3] : ({t(B, H, S, D)}) -> {t(B, S, H, D)}")
    g.op(f"%{p}ctx_merged = dlc.reshape %{p}ctx_t : ({t(B, S, H, D)}) -> {t(B, S, E)}")
    linear(g, f"{p}attn", f"{p}ctx_merged", f"{p}wo", f"{p}bo", [B, S, E], [E, E])
    g.op(f"%{p}attn_drop = dlc.dropout %{p}attn {{probability = {dropout} : f64, seed = {g.next_seed()}}} : {t(B, S, E)}")
    return f"{p}attn_drop"


def layer_params(g, p, E, F):
    for n in ("q", "k", "v", "o"):
        g.arg(f"{p}w{n}", t(E, E))
        g.arg(f"{p}b{n}", t(E))
    g.arg(f"{p}ln1_g", t(E))
    g.arg(f"{p}ln1_b", t(E))
    g.arg(f"{p}ffn1_w", t(F, E))
    g.arg(f"{p}ffn1_b", t(F))
    g.arg(f"{p}ffn2_w", t(E, F))
    g.arg(f"{p}ffn2_b", t(E))
    g.arg(f"{p}ln2_g", t(E))
    g.arg(f"{p}ln2_b", t(E))


def norm(g, out, x, gamma, beta, shape, eps, attrs=""):
    g.op(f"%{out} = dlc.layer_norm %{x}, %{gamma}, %{beta} {{epsilon = {eps} : f64{attrs}}} : ({t(*shape)}, {t(shape[-1])}, {t(shape[-1])}) -> {t(*shape)}")


def ffn(g, p, x, B, S, E, F, gelu):
    linear(g, f"{p}ffn1", x, f"{p}ffn1_w", f"{p}ffn1_b", [B, S, E], [F, E])
    g.op(f"%{p}ffn_act = dlc.gelu %{p}ffn1{gelu} : {t(B, S, F)}")
    linear(g, f"{p}ffn2", f"{p}ffn_act", f"{p}ffn2_w", f"{p}ffn2_b", [B, S, F], [E, F])
    g.op(f"%{p}ffn_drop = dlc.dropout %{p}ffn2 {{probability = 0.1 : f64, seed = {g.next_seed()}}} : {t(B, S, E)}")
    return f"{p}ffn_drop"


def bert_base(L=12, B=8, S=512, E=768, H=12, F=3072, V=30522):
    g = Graph()
    g.arg("word_emb", t(V, E))
    g.arg("pos_emb", t(S, E))
    g.arg("emb_ln_g", t(E))
    g.arg("emb_ln_b", t(E))
    for i in range(L):
        layer_params(g, f"l{i}_", E, F)
    g.arg("pool_w", t(E, E))
    g.arg("pool_b", t(E))
    g.arg("cls_w", t(2, E))
    g.arg("cls_b", t(2))
    g.arg("ids", t(B, S, dtype="i64"), param=False)
    g.arg("labels", t(B, dtype="i64"), param=False)
    g.comment("Embeddings: token rows plus learned positions, normalized.")
    g.op(f"%tok = dlc.embedding %word_emb, %ids : ({t(V, E)}, {t(B, S, dtype='i64')}) -> {t(B, S, E)}")
    g.op(f"%emb = dlc.add %tok, %pos_emb : ({t(B, S, E)}, {t(S, E)}) -> {t(B, S, E)}")
    norm(g, "emb_ln", "emb", "emb_ln_g", "emb_ln_b", [B, S, E], "1.0e-12")
    g.op(f"%h0 = dlc.dropout %emb_ln {{probability = 0.1 : f64, seed = {g.next_seed()}}} : {t(B, S, E)}")
    g.op("%scale = arith.constant dense<0.125> : tensor<f32>")
    h = "h0"
    for i in range(L):
        p = f"l{i}_"
        g.comment(f"Encoder layer {i}: self-attention, then the feed-forward network (post-norm).")
        a = attention(g, p, h, B, S, H, E // H)
        g.op(f"%{p}attn_res = dlc.add %{a}, %{h} : ({t(B, S, E)}, {t(B, S, E)}) -> {t(B, S, E)}")
        norm(g, f"{p}h1", f"{p}attn_res", f"{p}ln1_g", f"{p}ln1_b", [B, S, E], "1.0e-12")
        f = ffn(g, p, f"{p}h1", B, S, E, F, "")
        g.op(f"%{p}ffn_res = dlc.add %{f}, %{p}h1 : ({t(B, S, E)}, {t(B, S, E)}) -> {t(B, S, E)}")
        norm(g, f"{p}out", f"{p}ffn_res", f"{p}ln2_g", f"{p}ln2_b", [B, S, E], "1.0e-12",
             ", dlc.checkpoint")
        h = f"{p}out"
    g.comment("Sequence classification from the first ([CLS]) token.")
    g.op(f"%cls = dlc.slice %{h} offsets [0, 0, 0] sizes [{B}, 1, {E}] strides [1, 1, 1] : ({t(B, S, E)}) -> {t(B, 1, E)}")
    g.op(f"%cls_flat = dlc.reshape %cls : ({t(B, 1, E)}) -> {t(B, E)}")
    linear(g, "pooled", "cls_flat", "pool_w", "pool_b", [B, E], [E, E])
    g.op(f"%pooled_act = dlc.tanh %pooled : {t(B, E)}")
    linear(g, "logits", "pooled_act", "cls_w", "cls_b", [B, E], [2, E])
    g.op(f"%loss = dlc.cross_entropy %logits, %labels : ({t(B, 2)}, {t(B, dtype='i64')}) -> tensor<f32>")
    g.op("return %loss : tensor<f32>")
    header = f"""// BERT-base ({L} encoder layers, hidden {E}, {H} heads, FFN {F}, GELU,
// post-norm) with its embeddings (WordPiece vocabulary {V}, {S} learned
// positions; no token types), batch {B}, sequence {S}, and a pooled two-class
// sequence classifier with cross-entropy loss. Dropout 0.1 as in BERT, each
// site with its own seed. Each layer's output is marked {{dlc.checkpoint}}
// (per-layer checkpointing: --dlc-remat=solver=checkpoints). Written by
// examples/transformers.py.
//
// Parameters carry {{dlc.param}}; the other arguments are the step's inputs.
// Returns the mean loss over the batch.
"""
    return g.emit(header, "bert_base")


def gpt2_small(L=12, B=8, S=1024, E=768, H=12, F=3072, V=50257):
    g = Graph()
    g.arg("wte", t(V, E))
    g.arg("wpe", t(S, E))
    for i in range(L):
        layer_params(g, f"l{i}_", E, F)
    g.arg("lnf_g", t(E))
    g.arg("lnf_b", t(E))
    g.arg("ids", t(B, S, dtype="i64"), param=False)
    g.arg("targets", t(B * S, dtype="i64"), param=False)
    g.arg("causal_mask", t(S, S), param=False)
    g.comment("Token and position embeddings.")
    g.op(f"%tok = dlc.embedding %wte, %ids : ({t(V, E)}, {t(B, S, dtype='i64')}) -> {t(B, S, E)}")
    g.op(f"%emb = dlc.add %tok, %wpe : ({t(B, S, E)}, {t(S, E)}) -> {t(B, S, E)}")
    g.op(f"%h0 = dlc.dropout %emb {{probability = 0.1 : f64, seed = {g.next_seed()}}} : {t(B, S, E)}")
    g.op("%scale = arith.constant dense<0.125> : tensor<f32>")
    h = "h0"
    for i in range(L):
        p = f"l{i}_"
        g.comment(f"Decoder block {i}: pre-norm causal self-attention, then the MLP.")
        norm(g, f"{p}ln1", h, f"{p}ln1_g", f"{p}ln1_b", [B, S, E], "1.0e-05")
        a = attention(g, p, f"{p}ln1", B, S, H, E // H, mask="causal_mask")
        g.op(f"%{p}attn_res = dlc.add %{h}, %{a} : ({t(B, S, E)}, {t(B, S, E)}) -> {t(B, S, E)}")
        norm(g, f"{p}ln2", f"{p}attn_res", f"{p}ln2_g", f"{p}ln2_b", [B, S, E], "1.0e-05")
        f = ffn(g, p, f"{p}ln2", B, S, E, F, " approximate tanh")
        g.op(f"%{p}out = dlc.add %{p}attn_res, %{f} {{dlc.checkpoint}} : ({t(B, S, E)}, {t(B, S, E)}) -> {t(B, S, E)}")
        h = f"{p}out"
    g.comment("Final norm, then the language-model head tied to the token embedding.")
    norm(g, "lnf", h, "lnf_g", "lnf_b", [B, S, E], "1.0e-05")
    g.op(f"%lnf_flat = dlc.reshape %lnf : ({t(B, S, E)}) -> {t(B * S, E)}")
    linear(g, "logits", "lnf_flat", "wte", None, [B * S, E], [V, E])
    g.op(f"%loss = dlc.cross_entropy %logits, %targets : ({t(B * S, V)}, {t(B * S, dtype='i64')}) -> tensor<f32>")
    g.op("return %loss : tensor<f32>")
    header = f"""// GPT-2 small ({L} decoder blocks, hidden {E}, {H} heads, MLP {F} with
// tanh-approximated GELU, pre-norm, final norm) with token (vocabulary {V})
// and learned position embeddings, batch {B}, context {S}, and the
// next-token cross-entropy over all {B * S} positions; the output layer is
// the token embedding (tied). Dropout 0.1 on embeddings, attention
// probabilities and residual branches, each site with its own seed.
// `causal_mask` is the additive mask: 0 on and below the diagonal, a large
// negative number above it. Each block's output is marked {{dlc.checkpoint}}
// (per-layer checkpointing: --dlc-remat=solver=checkpoints). Written by
// examples/transformers.py.
//
// Parameters carry {{dlc.param}}; the other arguments are the step's inputs.
// Returns the mean loss over the batch.
"""
    return g.emit(header, "gpt2_small")


def main():
    for name, text in (("bert_base.mlir", bert_base()),
                       ("gpt2_small.mlir", gpt2_small())):
        with open(os.path.join(HERE, name), "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
