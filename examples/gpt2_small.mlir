// GPT-2 small (12 decoder blocks, hidden 768, 12 heads, MLP 3072 with
// tanh-approximated GELU, pre-norm, final norm) with token (vocabulary 50257)
// and learned position embeddings, batch 8, context 1024, and the
// next-token cross-entropy over all 8192 positions; the output layer is
// the token embedding (tied). Dropout 0.1 on embeddings, attention
// probabilities and residual branches, each site with its own seed.
// `causal_mask` is the additive mask: 0 on and below the diagonal, a large
// negative number above it. Each block's output is marked {dlc.checkpoint}
// (per-layer checkpointing: --dlc-remat=solver=checkpoints). Written by
// examples/transformers.py.
//
// Parameters carry {dlc.param}; the other arguments are the step's inputs.
// Returns the mean loss over the batch.
func.func @gpt2_small(
    %wte: tensor<50257x768xf32> {dlc.param},
    %wpe: tensor<1024x768xf32> {dlc.param},
    %l0_wq: tensor<768x768xf32> {dlc.param},
    %l0_bq: tensor<768xf32> {dlc.param},
    %l0_wk: tensor<768x768xf32> {dlc.param},
    %l0_bk: tensor<768xf32> {dlc.param},
    %l0_wv: tensor<768x768xf32> {dlc.param},
    %l0_bv: tensor<768xf32> {dlc.param},
    %l0_wo: tensor<768x768xf32> {dlc.param},
    %l0_bo: tensor<768xf32> {dlc.param},
    %l0_ln1_g: tensor<768xf32> {dlc.param},
    %l0_ln1_b: tensor<768xf32> {dlc.param},
    %l0_ffn1_w: tensor<3072x768xf32> {dlc.param},
    %l0_ffn1_b: tensor<3072xf32> {dlc.param},
    %l0_ffn2_w: tensor<768x3072xf32> {dlc.param},
    %l0_ffn2_b: tensor<768xf32> {dlc.param},
    %l0_ln2_g: tensor<768xf32> {dlc.param},
    %l0_ln2_b: tensor<768xf32> {dlc.param},
    %l1_wq: tensor<768x768xf32> {dlc.param},
    %l1_bq: tensor<768xf32> {dlc.param},
    %l1_wk: tensor<768x768xf32> {dlc.param},
    %l1_bk: tensor<768xf32> {dlc.param},
    %l1_wv: tensor<768x768xf32> {dlc.param},
    %l1_bv: tensor<768xf32> {dlc.param},
    %l1_wo: tensor<768x768xf32> {dlc.param},
    %l1_bo: tensor<768xf32> {dlc.param},
    %l1_ln1_g: tensor<768xf32> {dlc.param},
    %l1_ln1_b: tensor<768xf32> {dlc.param},
    %l1_ffn1_w: tensor<3072x768xf32> {dlc.param},
    %l1_ffn1_b: tensor<3072xf32> {dlc.param},
    %l1_ffn2_w: tensor<768x3072xf32> {dlc.param},
    %l1_ffn2_b: tensor<768xf32> {dlc.param},
    %l1_ln2_g: tensor<768xf32> {dlc.param},
    %l1_ln2_b: tensor<768xf32> {dlc.param},
    %l2_wq: tensor<768x768xf32> {dlc.param},
    %l2_bq: tensor<768xf32> {dlc.param},
    %l2_wk: tensor<768x768xf32> {dlc.param},
    %l2_bk: tensor<768xf32> {dlc.param},
    %l2_wv: tensor<768x768xf32> {dlc.param},
    %l2_bv: tensor<768xf32> {dlc.param},
    %l2_wo: tensor<768x768xf32> {dlc.param},
    %l2_bo: tensor<768xf32> {dlc.param},
    %l2_ln1_g: tensor<768xf32> {dlc.param},
    %l2_ln1_b: tensor<768xf32> {dlc.param},
    %l2_ffn1_w: tensor<3072x768xf32> {dlc.param},
    %l2_ffn1_b: tensor<3072xf32> {dlc.param},
    %l2_ffn2_w: tensor<768x3072xf32> {dlc.param},
    %l2_ffn2_b: tensor<768xf32> {dlc.param},
    %l2_ln2_g: tensor<768xf32> {dlc.param},
    %l2_ln2_b: tensor<768xf32> {dlc.param},
    %l3_wq: tensor<768x768xf32> {dlc.param},
    %l3_bq: tensor<768xf32> {dlc.param},
    %l3_wk: tensor<768x768xf32> {dlc.param},
    %l3_bk: tensor<768xf32> {dlc.param},
    %l3_wv: tensor<768x768xf32> {dlc.param},
    %l3_bv: tensor<768xf32> {dlc.param},
    %l3_wo: tensor<768x768xf32> {dlc.param},
    %l3_bo: tensor<768xf32> {dlc.param},
    %l3_ln1_g: tensor<768xf32> {dlc.param},
    %l3_ln1_b: tensor<768xf32> {dlc.param},
    %l3_ffn1_w: tensor<3072x768xf32> {dlc.param},
    %l3_ffn1_b: tensor<3072xf32> {dlc.param},
    %l3_ffn2_w: tensor<768x3072xf32> {dlc.param},
    %l3_ffn2_b: tensor<768xf32> {dlc.param},
    %l3_ln2_g: tensor<768xf32> {dlc.param},
    %l3_ln2_b: tensor<768xf32> {dlc.param},
    %l4_wq: tensor<768x768xf32> {dlc.param},
    %l4_bq: tensor<768xf32> {dlc.param},
    %l4_wk: tensor<768x768xf32> {dlc.param},
    %l4_bk: tensor<768xf32> {dlc.param},
    %l4_wv: tensor<768x768xf32> {dlc.param},
    %l4_bv: tensor<768xf32> {dlc.param},
    %l4_wo: tensor<768x768xf32> {dlc.param},
    %l4_bo: tensor<768xf32> {dlc.param},
    %l4_ln1_g: tensor<768xf32> {dlc.param},
    %l4_ln1_b: tensor<768xf32> {dlc.param},
    %l4_ffn1_w: tensor<3072x768xf32> {dlc.param},
    %l4_ffn1_b: tensor<3072xf32> {dlc.param},
    %l4_ffn2_w: tensor<768x3072xf32> {dlc.param},
    %l4_ffn2_b: tensor<768xf32> {dlc.param},
    %l4_ln2_g: tensor<768xf32> {dlc.param},
    %l4_ln2_b: tensor<768xf32> {dlc.param},
    %l5_wq: tensor<768x768xf32> {dlc.param},
    %l5_bq: tensor<768xf32> {dlc.param},
    %l5_wk: tensor<768x768xf32> {dlc.param},
    %l5_bk: tensor<768xf32> {dlc.param},
    %l5_wv: tensor<768x768xf32> {dlc.param},
    %l5_bv: tensor<768xf32> {dlc.param},
    %l5_wo: tensor<768x768xf32> {dlc.param},
    %l5_bo: tensor<768xf32> {dlc.param},
    %l5_ln1_g: tensor<768xf32> {dlc.param},
    %l5_ln1_b: tensor<768xf32> {dlc.param},
    %l5_ffn1_w: tensor<3072x768xf32> {dlc.param},
    %l5_ffn1_b: tensor<3072xf32> {dlc.param},
    %l5_ffn2_w: tensor<768x3072xf32> {dlc.param},
    %l5_ffn2_b: tensor<768xf32> {dlc.param},
    %l5_ln2_g: tensor<768xf32> {dlc.param},
    %l5_ln2_b: tensor<768xf32> {dlc.param},
    %l6_wq: tensor<768x768xf32> {dlc.param},
    %l6_bq: tensor<768xf32> {dlc.param},
    %l6_wk: tensor<768x768xf32> {dlc.param},
    %l6_bk: tensor<768xf32> {dlc.param},
    %l6_wv: tensor<768x768xf32> {dlc.param},
    %l6_bv: tensor<768xf32> {dlc.param},
    %l6_wo: tensor<768x768xf32> {dlc.param},
    %l6_bo: tensor<768xf32> {dlc.param},
    %l6_ln1_g: tensor<768xf32> {dlc.param},
    %l6_ln1_b: tensor<768xf32> {dlc.param},
    %l6_ffn1_w: tensor<3072x768xf32> {dlc.param},
    %l6_ffn1_b: tensor<3072xf32> {dlc.param},
    %l6_ffn2_w: tensor<768x3072xf32> {dlc.param},
    %l6_ffn2_b: tensor<768xf32> {dlc.param},
    %l6_ln2_g: tensor<768xf32> {dlc.param},
    %l6_ln2_b: tensor<768xf32> {dlc.param},
    %l7_wq: tensor<768x768xf32> {dlc.param},
    %l7_bq: tensor<768xf32> {dlc.param},
    %l7_wk: tensor<768x768xf32> {dlc.param},
    %l7_bk: tensor<768xf32> {dlc.param},
    %l7_wv: tensor<768x768xf32> {dlc.param},
    %l7_bv: tensor<768xf32> {dlc.param},
    %l7_wo: tensor<768x768xf32> {dlc.param},
    %l7_bo: tensor<768xf32> {dlc.param},
    %l7_ln1_g: tensor<768xf32> {dlc.param},
    %l7_ln1_b: tensor<768xf32> {dlc.param},
    %l7_ffn1_w: tensor<3072x768xf32> {dlc.param},
    %l7_ffn1_b: tensor<3072xf32> {dlc.param},
    %l7_ffn2_w: tensor<768x3072xf32> {dlc.param},
    %l7_ffn2_b: tensor<768xf32> {dlc.param},
    %l7_ln2_g: tensor<768xf32> {dlc.param},
    %l7_ln2_b: tensor<768xf32> {dlc.param},
    %l8_wq: tensor<768x768xf32> {dlc.param},
    %l8_bq: tensor<768xf32> {dlc.param},
    %l8_wk: tensor<768x768xf32> {dlc.param},
    %l8_bk: tensor<768xf32> {dlc.param},
    %l8_wv: tensor<768x768xf32> {dlc.param},
    %l8_bv: tensor<768xf32> {dlc.param},
    %l8_wo: tensor<768x768xf32> {dlc.param},
    %l8_bo: tensor<768xf32> {dlc.param},
    %l8_ln1_g: tensor<768xf32> {dlc.param},
    %l8_ln1_b: tensor<768xf32> {dlc.param},
    %l8_ffn1_w: tensor<3072x768xf32> {dlc.param},
    %l8_ffn1_b: tensor<3072xf32> {dlc.param},
    %l8_ffn2_w: tensor<768x3072xf32> {dlc.param},
    %l8_ffn2_b: tensor<768xf32> {dlc.param},
    %l8_ln2_g: tensor<768xf32> {dlc.param},
    %l8_ln2_b: tensor<768xf32> {dlc.param},
    %l9_wq: tensor<768x768xf32> {dlc.param},
    %l9_bq: tensor<768xf32> {dlc.param},
    %l9_wk: tensor<768x768xf32> {dlc.param},
    %l9_bk: tensor<768xf32> {dlc.param},
    %l9_wv: tensor<768x768xf32> {dlc.param},
    %l9_bv: tensor<768xf32> {dlc.param},
    %l9_wo: tensor<768x768xf32> {dlc.param},
    %l9_bo: tensor<768xf32> {dlc.param},
    %l9_ln1_g: tensor<768xf32> {dlc.param},
    %l9_ln1_b: tensor<768xf32> {dlc.param},
    %l9_ffn1_w: tensor<3072x768xf32> {dlc.param},
    %l9_ffn1_b: tensor<3072xf32> {dlc.param},
    %l9_ffn2_w: tensor<768x3072xf32> {dlc.param},
    %l9_ffn2_b: tensor<768xf32> {dlc.param},
    %l9_ln2_g: tensor<768xf32> {dlc.param},
    %l9_ln2_b: tensor<768xf32> {dlc.param},
    %l10_wq: tensor<768x768xf32> {dlc.param},
    %l10_bq: tensor<768xf32> {dlc.param},
    %l10_wk: tensor<768x768xf32> {dlc.param},
    %l10_bk: tensor<768xf32> {dlc.param},
    %l10_wv: tensor<768x768xf32> {dlc.param},
    %l10_bv: tensor<768xf32> {dlc.param},
    %l10_wo: tensor<768x768xf32> {dlc.param},
    %l10_bo: tensor<768xf32> {dlc.param},
    %l10_ln1_g: tensor<768xf32> {dlc.param},
    %l10_ln1_b: tensor<768xf32> {dlc.param},
    %l10_ffn1_w: tensor<3072x768xf32> {dlc.param},
    %l10_ffn1_b: tensor<3072xf32> {dlc.param},
    %l10_ffn2_w: tensor<768x3072xf32> {dlc.param},
    %l10_ffn2_b: tensor<768xf32> {dlc.param},
    %l10_ln2_g: tensor<768xf32> {dlc.param},
    %l10_ln2_b: tensor<768xf32> {dlc.param},
    %l11_wq: tensor<768x768xf32> {dlc.param},
    %l11_bq: tensor<768xf32> {dlc.param},
    %l11_wk: tensor<768x768xf32> {dlc.param},
    %l11_bk: tensor<768xf32> {dlc.param},
    %l11_wv: tensor<768x768xf32> {dlc.param},
    %l11_bv: tensor<768xf32> {dlc.param},
    %l11_wo: tensor<768x768xf32> {dlc.param},
    %l11_bo: tensor<768xf32> {dlc.param},
    %l11_ln1_g: tensor<768xf32> {dlc.param},
    %l11_ln1_b: tensor<768xf32> {dlc.param},
    %l11_ffn1_w: tensor<3072x768xf32> {dlc.param},
    %l11_ffn1_b: tensor<3072xf32> {dlc.param},
    %l11_ffn2_w: tensor<768x3072xf32> {dlc.param},
    %l11_ffn2_b: tensor<768xf32> {dlc.param},
    %l11_ln2_g: tensor<768xf32> {dlc.param},
    %l11_ln2_b: tensor<768xf32> {dlc.param},
    %lnf_g: tensor<768xf32> {dlc.param},
    %lnf_b: tensor<768xf32> {dlc.param},
    %ids: tensor<8x1024xi64>,
    %targets: tensor<8192xi64>,
    %causal_mask: tensor<1024x1024xf32>) -> tensor<f32> {
  // Token and position embeddings.
  %tok = dlc.embedding %wte, %ids : (tensor<50257x768xf32>, tensor<8x1024xi64>) -> tensor<8x1024x768xf32>
  %emb = dlc.add %tok, %wpe : (tensor<8x1024x768xf32>, tensor<1024x768xf32>) -> tensor<8x1024x768xf32>
  %h0 = dlc.dropout %emb {probability = 0.1 : f64, seed = 1} : tensor<8x1024x768xf32>
  %scale = arith.constant dense<0.125> : tensor<f32>
  // Decoder block 0: pre-norm causal self-attention, then the MLP.
  %l0_ln1 = dlc.layer_norm %h0, %l0_ln1_g, %l0_ln1_b {epsilon = 1.0e-05 : f64} : (tensor<8x1024x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l0_q = dlc.linear %l0_ln1, %l0_wq, %l0_bq : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l0_q_split = dlc.reshape %l0_q : (tensor<8x1024x768xf32>) -> tensor<8x1024x12x64xf32>
  %l0_q_heads = dlc.transpose %l0_q_split [0, 2, 1, 3] : (tensor<8x1024x12x64xf32>) -> tensor<8x12x1024x64xf32>
  %l0_k = dlc.linear %l0_ln1, %l0_wk, %l0_bk : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l0_k_split = dlc.reshape %l0_k : (tensor<8x1024x768xf32>) -> tensor<8x1024x12x64xf32>
  %l0_k_heads = dlc.transpose %l0_k_split [0, 2, 1, 3] : (tensor<8x1024x12x64xf32>) -> tensor<8x12x1024x64xf32>
  %l0_v = dlc.linear %l0_ln1, %l0_wv, %l0_bv : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l0_v_split = dlc.reshape %l0_v : (tensor<8x1024x768xf32>) -> tensor<8x1024x12x64xf32>
  %l0_v_heads = dlc.transpose %l0_v_split [0, 2, 1, 3] : (tensor<8x1024x12x64xf32>) -> tensor<8x12x1024x64xf32>
  %l0_scores = dlc.matmul %l0_q_heads, %l0_k_heads {transpose_rhs} : (tensor<8x12x1024x64xf32>, tensor<8x12x1024x64xf32>) -> tensor<8x12x1024x1024xf32>
  %l0_scaled = dlc.mul %l0_scores, %scale : (tensor<8x12x1024x1024xf32>, tensor<f32>) -> tensor<8x12x1024x1024xf32>
  %l0_masked = dlc.add %l0_scaled, %causal_mask : (tensor<8x12x1024x1024xf32>, tensor<1024x1024xf32>) -> tensor<8x12x1024x1024xf32>
  %l0_probs = dlc.softmax %l0_masked {axis = 3 : i64} : tensor<8x12x1024x1024xf32>
  %l0_probs_drop = dlc.dropout %l0_probs {probability = 0.1 : f64, seed = 2} : tensor<8x12x1024x1024xf32>
  %l0_ctx = dlc.matmul %l0_probs_drop, %l0_v_heads : (tensor<8x12x1024x1024xf32>, tensor<8x12x1024x64xf32>) -> tensor<8x12x1024x64xf32>
  %l0_ctx_t = dlc.transpose %l0_ctx [0, 2, 1, 3] : (tensor<8x12x1024x64xf32>) -> tensor<8x1024x12x64xf32>
  %l0_ctx_merged = dlc.reshape %l0_ctx_t : (tensor<8x1024x12x64xf32>) -> tensor<8x1024x768xf32>
  %l0_attn = dlc.linear %l0_ctx_merged, %l0_wo, %l0_bo : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l0_attn_drop = dlc.dropout %l0_attn {probability = 0.1 : f64, seed = 3} : tensor<8x1024x768xf32>
  %l0_attn_res = dlc.add %h0, %l0_attn_drop : (tensor<8x1024x768xf32>, tensor<8x1024x768xf32>) -> tensor<8x1024x768xf32>
  %l0_ln2 = dlc.layer_norm %l0_attn_res, %l0_ln2_g, %l0_ln2_b {epsilon = 1.0e-05 : f64} : (tensor<8x1024x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l0_ffn1 = dlc.linear %l0_ln2, %l0_ffn1_w, %l0_ffn1_b : (tensor<8x1024x768xf32>, tensor<3072x768xf32>, tensor<3072xf32>) -> tensor<8x1024x3072xf32>
  %l0_ffn_act = dlc.gelu %l0_ffn1 approximate tanh : tensor<8x1024x3072xf32>
  %l0_ffn2 = dlc.linear %l0_ffn_act, %l0_ffn2_w, %l0_ffn2_b : (tensor<8x1024x3072xf32>, tensor<768x3072xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l0_ffn_drop = dlc.dropout %l0_ffn2 {probability = 0.1 : f64, seed = 4} : tensor<8x1024x768xf32>
  %l0_out = dlc.add %l0_attn_res, %l0_ffn_drop {dlc.checkpoint} : (tensor<8x1024x768xf32>, tensor<8x1024x768xf32>) -> tensor<8x1024x768xf32>
  // Decoder block 1: pre-norm causal self-attention, then the MLP.
  %l1_ln1 = dlc.layer_norm %l0_out, %l1_ln1_g, %l1_ln1_b {epsilon = 1.0e-05 : f64} : (tensor<8x1024x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l1_q = dlc.linear %l1_ln1, %l1_wq, %l1_bq : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l1_q_split = dlc.reshape %l1_q : (tensor<8x1024x768xf32>) -> tensor<8x1024x12x64xf32>
  %l1_q_heads = dlc.transpose %l1_q_split [0, 2, 1, 3] : (tensor<8x1024x12x64xf32>) -> tensor<8x12x1024x64xf32>
  %l1_k = dlc.linear %l1_ln1, %l1_wk, %l1_bk : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l1_k_split = dlc.reshape %l1_k : (tensor<8x1024x768xf32>) -> tensor<8x1024x12x64xf32>
  %l1_k_heads = dlc.transpose %l1_k_split [0, 2, 1, 3] : (tensor<8x1024x12x64xf32>) -> tensor<8x12x1024x64xf32>
  %l1_v = dlc.linear %l1_ln1, %l1_wv, %l1_bv : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l1_v_split = dlc.reshape %l1_v : (tensor<8x1024x768xf32>) -> tensor<8x1024x12x64xf32>
  %l1_v_heads = dlc.transpose %l1_v_split [0, 2, 1, 3] : (tensor<8x1024x12x64xf32>) -> tensor<8x12x1024x64xf32>
  %l1_scores = dlc.matmul %l1_q_heads, %l1_k_heads {transpose_rhs} : (tensor<8x12x1024x64xf32>, tensor<8x12x1024x64xf32>) -> tensor<8x12x1024x1024xf32>
  %l1_scaled = dlc.mul %l1_scores, %scale : (tensor<8x12x1024x1024xf32>, tensor<f32>) -> tensor<8x12x1024x1024xf32>
  %l1_masked = dlc.add %l1_scaled, %causal_mask : (tensor<8x12x1024x1024xf32>, tensor<1024x1024xf32>) -> tensor<8x12x1024x1024xf32>
  %l1_probs = dlc.softmax %l1_masked {axis = 3 : i64} : tensor<8x12x1024x1024xf32>
  %l1_probs_drop = dlc.dropout %l1_probs {probability = 0.1 : f64, seed = 5} : tensor<8x12x1024x1024xf32>
  %l1_ctx = dlc.matmul %l1_probs_drop, %l1_v_heads : (tensor<8x12x1024x1024xf32>, tensor<8x12x1024x64xf32>) -> tensor<8x12x1024x64xf32>
  %l1_ctx_t = dlc.transpose %l1_ctx [0, 2, 1, 3] : (tensor<8x12x1024x64xf32>) -> tensor<8x1024x12x64xf32>
  %l1_ctx_merged = dlc.reshape %l1_ctx_t : (tensor<8x1024x12x64xf32>) -> tensor<8x1024x768xf32>
  %l1_attn = dlc.linear %l1_ctx_merged, %l1_wo, %l1_bo : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l1_attn_drop = dlc.dropout %l1_attn {probability = 0.1 : f64, seed = 6} : tensor<8x1024x768xf32>
  %l1_attn_res = dlc.add %l0_out, %l1_attn_drop : (tensor<8x1024x768xf32>, tensor<8x1024x768xf32>) -> tensor<8x1024x768xf32>
  %l1_ln2 = dlc.layer_norm %l1_attn_res, %l1_ln2_g, %l1_ln2_b {epsilon = 1.0e-05 : f64} : (tensor<8x1024x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l1_ffn1 = dlc.linear %l1_ln2, %l1_ffn1_w, %l1_ffn1_b : (tensor<8x1024x768xf32>, tensor<3072x768xf32>, tensor<3072xf32>) -> tensor<8x1024x3072xf32>
  %l1_ffn_act = dlc.gelu %l1_ffn1 approximate tanh : tensor<8x1024x3072xf32>
  %l1_ffn2 = dlc.linear %l1_ffn_act, %l1_ffn2_w, %l1_ffn2_b : (tensor<8x1024x3072xf32>, tensor<768x3072xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l1_ffn_drop = dlc.dropout %l1_ffn2 {probability = 0.1 : f64, seed = 7} : tensor<8x1024x768xf32>
  %l1_out = dlc.add %l1_attn_res, %l1_ffn_drop {dlc.checkpoint} : (tensor<8x1024x768xf32>, tensor<8x1024x768xf32>) -> tensor<8x1024x768xf32>
  // Decoder block 2: pre-norm causal self-attention, then the MLP.
  %l2_ln1 = dlc.layer_norm %l1_out, %l2_ln1_g, %l2_ln1_b {epsilon = 1.0e-05 : f64} : (tensor<8x1024x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l2_q = dlc.linear %l2_ln1, %l2_wq, %l2_bq : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l2_q_split = dlc.reshape %l2_q : (tensor<8x1024x768xf32>) -> tensor<8x1024x12x64xf32>
  %l2_q_heads = dlc.transpose %l2_q_split [0, 2, 1, 3] : (tensor<8x1024x12x64xf32>) -> tensor<8x12x1024x64xf32>
  %l2_k = dlc.linear %l2_ln1, %l2_wk, %l2_bk : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l2_k_split = dlc.reshape %l2_k : (tensor<8x1024x768xf32>) -> tensor<8x1024x12x64xf32>
  %l2_k_heads = dlc.transpose %l2_k_split [0, 2, 1, 3] : (tensor<8x1024x12x64xf32>) -> tensor<8x12x1024x64xf32>
  %l2_v = dlc.linear %l2_ln1, %l2_wv, %l2_bv : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l2_v_split = dlc.reshape %l2_v : (tensor<8x1024x768xf32>) -> tensor<8x1024x12x64xf32>
  %l2_v_heads = dlc.transpose %l2_v_split [0, 2, 1, 3] : (tensor<8x1024x12x64xf32>) -> tensor<8x12x1024x64xf32>
  %l2_scores = dlc.matmul %l2_q_heads, %l2_k_heads {transpose_rhs} : (tensor<8x12x1024x64xf32>, tensor<8x12x1024x64xf32>) -> tensor<8x12x1024x1024xf32>
  %l2_scaled = dlc.mul %l2_scores, %scale : (tensor<8x12x1024x1024xf32>, tensor<f32>) -> tensor<8x12x1024x1024xf32>
  %l2_masked = dlc.add %l2_scaled, %causal_mask : (tensor<8x12x1024x1024xf32>, tensor<1024x1024xf32>) -> tensor<8x12x1024x1024xf32>
  %l2_probs = dlc.softmax %l2_masked {axis = 3 : i64} : tensor<8x12x1024x1024xf32>
  %l2_probs_drop = dlc.dropout %l2_probs {probability = 0.1 : f64, seed = 8} : tensor<8x12x1024x1024xf32>
  %l2_ctx = dlc.matmul %l2_probs_drop, %l2_v_heads : (tensor<8x12x1024x1024xf32>, tensor<8x12x1024x64xf32>) -> tensor<8x12x1024x64xf32>
  %l2_ctx_t = dlc.transpose %l2_ctx [0, 2, 1, 3] : (tensor<8x12x1024x64xf32>) -> tensor<8x1024x12x64xf32>
  %l2_ctx_merged = dlc.reshape %l2_ctx_t : (tensor<8x1024x12x64xf32>) -> tensor<8x1024x768xf32>
  %l2_attn = dlc.linear %l2_ctx_merged, %l2_wo, %l2_bo : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l2_attn_drop = dlc.dropout %l2_attn {probability = 0.1 : f64, seed = 9} : tensor<8x1024x768xf32>
  %l2_attn_res = dlc.add %l1_out, %l2_attn_drop : (tensor<8x1024x768xf32>, tensor<8x1024x768xf32>) -> tensor<8x1024x768xf32>
  %l2_ln2 = dlc.layer_norm %l2_attn_res, %l2_ln2_g, %l2_ln2_b {epsilon = 1.0e-05 : f64} : (tensor<8x1024x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l2_ffn1 = dlc.linear %l2_ln2, %l2_ffn1_w, %l2_ffn1_b : (tensor<8x1024x768xf32>, tensor<3072x768xf32>, tensor<3072xf32>) -> tensor<8x1024x3072xf32>
  %l2_ffn_act = dlc.gelu %l2_ffn1 approximate tanh : tensor<8x1024x3072xf32>
  %l2_ffn2 = dlc.linear %l2_ffn_act, %l2_ffn2_w, %l2_ffn2_b : (tensor<8x1024x3072xf32>, tensor<768x3072xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l2_ffn_drop = dlc.dropout %l2_ffn2 {probability = 0.1 : f64, seed = 10} : tensor<8x1024x768xf32>
  %l2_out = dlc.add %l2_attn_res, %l2_ffn_drop {dlc.checkpoint} : (tensor<8x1024x768xf32>, tensor<8x1024x768xf32>) -> tensor<8x1024x768xf32>
  // Decoder block 3: pre-norm causal self-attention, then the MLP.
  %l3_ln1 = dlc.layer_norm %l2_out, %l3_ln1_g, %l3_ln1_b {epsilon = 1.0e-05 : f64} : (tensor<8x1024x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l3_q = dlc.linear %l3_ln1, %l3_wq, %l3_bq : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l3_q_split = dlc.reshape %l3_q : (tensor<8x1024x768xf32>) -> tensor<8x1024x12x64xf32>
  %l3_q_heads = dlc.transpose %l3_q_split [0, 2, 1, 3] : (tensor<8x1024x12x64xf32>) -> tensor<8x12x1024x64xf32>
  %l3_k = dlc.linear %l3_ln1, %l3_wk, %l3_bk : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l3_k_split = dlc.reshape %l3_k : (tensor<8x1024x768xf32>) -> tensor<8x1024x12x64xf32>
  %l3_k_heads = dlc.transpose %l3_k_split [0, 2, 1, 3] : (tensor<8x1024x12x64xf32>) -> tensor<8x12x1024x64xf32>
  %l3_v = dlc.linear %l3_ln1, %l3_wv, %l3_bv : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l3_v_split = dlc.reshape %l3_v : (tensor<8x1024x768xf32>) -> tensor<8x1024x12x64xf32>
  %l3_v_heads = dlc.transpose %l3_v_split [0, 2, 1, 3] : (tensor<8x1024x12x64xf32>) -> tensor<8x12x1024x64xf32>
  %l3_scores = dlc.matmul %l3_q_heads, %l3_k_heads {transpose_rhs} : (tensor<8x12x1024x64xf32>, tensor<8x12x1024x64xf32>) -> tensor<8x12x1024x1024xf32>
  %l3_scaled = dlc.mul %l3_scores, %scale : (tensor<8x12x1024x1024xf32>, tensor<f32>) -> tensor<8x12x1024x1024xf32>
  %l3_masked = dlc.add %l3_scaled, %causal_mask : (tensor<8x12x1024x1024xf32>, tensor<1024x1024xf32>) -> tensor<8x12x1024x1024xf32>
  %l3_probs = dlc.softmax %l3_masked {axis = 3 : i64} : tensor<8x12x1024x1024xf32>
  %l3_probs_drop = dlc.dropout %l3_probs {probability = 0.1 : f64, seed = 11} : tensor<8x12x1024x1024xf32>
  %l3_ctx = dlc.matmul %l3_probs_drop, %l3_v_heads : (tensor<8x12x1024x1024xf32>, tensor<8x12x1024x64xf32>) -> tensor<8x12x1024x64xf32>
  %l3_ctx_t = dlc.transpose %l3_ctx [0, 2, 1, 3] : (tensor<8x12x1024x64xf32>) -> tensor<8x1024x12x64xf32>
  %l3_ctx_merged = dlc.reshape %l3_ctx_t : (tensor<8x1024x12x64xf32>) -> tensor<8x1024x768xf32>
  %l3_attn = dlc.linear %l3_ctx_merged, %l3_wo, %l3_bo : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l3_attn_drop = dlc.dropout %l3_attn {probability = 0.1 : f64, seed = 12} : tensor<8x1024x768xf32>
  %l3_attn_res = dlc.add %l2_out, %l3_attn_drop : (tensor<8x1024x768xf32>, tensor<8x1024x768xf32>) -> tensor<8x1024x768xf32>
  %l3_ln2 = dlc.layer_norm %l3_attn_res, %l3_ln2_g, %l3_ln2_b {epsilon = 1.0e-05 : f64} : (tensor<8x1024x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l3_ffn1 = dlc.linear %l3_ln2, %l3_ffn1_w, %l3_ffn1_b : (tensor<8x1024x768xf32>, tensor<3072x768xf32>, tensor<3072xf32>) -> tensor<8x1024x3072xf32>
  %l3_ffn_act = dlc.gelu %l3_ffn1 approximate tanh : tensor<8x1024x3072xf32>
  %l3_ffn2 = dlc.linear %l3_ffn_act, %l3_ffn2_w, %l3_ffn2_b : (tensor<8x1024x3072xf32>, tensor<768x3072xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l3_ffn_drop = dlc.dropout %l3_ffn2 {probability = 0.1 : f64, seed = 13} : tensor<8x1024x768xf32>
  %l3_out = dlc.add %l3_attn_res, %l3_ffn_drop {dlc.checkpoint} : (tensor<8x1024x768xf32>, tensor<8x1024x768xf32>) -> tensor<8x1024x768xf32>
  // Decoder block 4: pre-norm causal self-attention, then the MLP.
  %l4_ln1 = dlc.layer_norm %l3_out, %l4_ln1_g, %l4_ln1_b {epsilon = 1.0e-05 : f64} : (tensor<8x1024x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l4_q = dlc.linear %l4_ln1, %l4_wq, %l4_bq : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l4_q_split = dlc.reshape %l4_q : (tensor<8x1024x768xf32>) -> tensor<8x1024x12x64xf32>
  %l4_q_heads = dlc.transpose %l4_q_split [0, 2, 1, 3] : (tensor<8x1024x12x64xf32>) -> tensor<8x12x1024x64xf32>
  %l4_k = dlc.linear %l4_ln1, %l4_wk, %l4_bk : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l4_k_split = dlc.reshape %l4_k : (tensor<8x1024x768xf32>) -> tensor<8x1024x12x64xf32>
  %l4_k_heads = dlc.transpose %l4_k_split [0, 2, 1, 3] : (tensor<8x1024x12x64xf32>) -> tensor<8x12x1024x64xf32>
  %l4_v = dlc.linear %l4_ln1, %l4_wv, %l4_bv : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l4_v_split = dlc.reshape %l4_v : (tensor<8x1024x768xf32>) -> tensor<8x1024x12x64xf32>
  %l4_v_heads = dlc.transpose %l4_v_split [0, 2, 1, 3] : (tensor<8x1024x12x64xf32>) -> tensor<8x12x1024x64xf32>
  %l4_scores = dlc.matmul %l4_q_heads, %l4_k_heads {transpose_rhs} : (tensor<8x12x1024x64xf32>, tensor<8x12x1024x64xf32>) -> tensor<8x12x1024x1024xf32>
  %l4_scaled = dlc.mul %l4_scores, %scale : (tensor<8x12x1024x1024xf32>, tensor<f32>) -> tensor<8x12x1024x1024xf32>
  %l4_masked = dlc.add %l4_scaled, %causal_mask : (tensor<8x12x1024x1024xf32>, tensor<1024x1024xf32>) -> tensor<8x12x1024x1024xf32>
  %l4_probs = dlc.softmax %l4_masked {axis = 3 : i64} : tensor<8x12x1024x1024xf32>
  %l4_probs_drop = dlc.dropout %l4_probs {probability = 0.1 : f64, seed = 14} : tensor<8x12x1024x1024xf32>
  %l4_ctx = dlc.matmul %l4_probs_drop, %l4_v_heads : (tensor<8x12x1024x1024xf32>, tensor<8x12x1024x64xf32>) -> tensor<8x12x1024x64xf32>
  %l4_ctx_t = dlc.transpose %l4_ctx [0, 2, 1, 3] : (tensor<8x12x1024x64xf32>) -> tensor<8x1024x12x64xf32>
  %l4_ctx_merged = dlc.reshape %l4_ctx_t : (tensor<8x1024x12x64xf32>) -> tensor<8x1024x768xf32>
  %l4_attn = dlc.linear %l4_ctx_merged, %l4_wo, %l4_bo : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l4_attn_drop = dlc.dropout %l4_attn {probability = 0.1 : f64, seed = 15} : tensor<8x1024x768xf32>
  %l4_attn_res = dlc.add %l3_out, %l4_attn_drop : (tensor<8x1024x768xf32>, tensor<8x1024x768xf32>) -> tensor<8x1024x768xf32>
  %l4_ln2 = dlc.layer_norm %l4_attn_res, %l4_ln2_g, %l4_ln2_b {epsilon = 1.0e-05 : f64} : (tensor<8x1024x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l4_ffn1 = dlc.linear %l4_ln2, %l4_ffn1_w, %l4_ffn1_b : (tensor<8x1024x768xf32>, tensor<3072x768xf32>, tensor<3072xf32>) -> tensor<8x1024x3072xf32>
  %l4_ffn_act = dlc.gelu %l4_ffn1 approximate tanh : tensor<8x1024x3072xf32>
  %l4_ffn2 = dlc.linear %l4_ffn_act, %l4_ffn2_w, %l4_ffn2_b : (tensor<8x1024x3072xf32>, tensor<768x3072xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l4_ffn_drop = dlc.dropout %l4_ffn2 {probability = 0.1 : f64, seed = 16} : tensor<8x1024x768xf32>
  %l4_out = dlc.add %l4_attn_res, %l4_ffn_drop {dlc.checkpoint} : (tensor<8x1024x768xf32>, tensor<8x1024x768xf32>) -> tensor<8x1024x768xf32>
  // Decoder block 5: pre-norm causal self-attention, then the MLP.
  %l5_ln1 = dlc.layer_norm %l4_out, %l5_ln1_g, %l5_ln1_b {epsilon = 1.0e-05 : f64} : (tensor<8x1024x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l5_q = dlc.linear %l5_ln1, %l5_wq, %l5_bq : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l5_q_split = dlc.reshape %l5_q : (tensor<8x1024x768xf32>) -> tensor<8x1024x12x64xf32>
  %l5_q_heads = dlc.transpose %l5_q_split [0, 2, 1, 3] : (tensor<8x1024x12x64xf32>) -> tensor<8x12x1024x64xf32>
  %l5_k = dlc.linear %l5_ln1, %l5_wk, %l5_bk : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l5_k_split = dlc.reshape %l5_k : (tensor<8x1024x768xf32>) -> tensor<8x1024x12x64xf32>
  %l5_k_heads = dlc.transpose %l5_k_split [0, 2, 1, 3] : (tensor<8x1024x12x64xf32>) -> tensor<8x12x1024x64xf32>
  %l5_v = dlc.linear %l5_ln1, %l5_wv, %l5_bv : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l5_v_split = dlc.reshape %l5_v : (tensor<8x1024x768xf32>) -> tensor<8x1024x12x64xf32>
  %l5_v_heads = dlc.transpose %l5_v_split [0, 2, 1, 3] : (tensor<8x1024x12x64xf32>) -> tensor<8x12x1024x64xf32>
  %l5_scores = dlc.matmul %l5_q_heads, %l5_k_heads {transpose_rhs} : (tensor<8x12x1024x64xf32>, tensor<8x12x1024x64xf32>) -> tensor<8x12x1024x1024xf32>
  %l5_scaled = dlc.mul %l5_scores, %scale : (tensor<8x12x1024x1024xf32>, tensor<f32>) -> tensor<8x12x1024x1024xf32>
  %l5_masked = dlc.add %l5_scaled, %causal_mask : (tensor<8x12x1024x1024xf32>, tensor<1024x1024xf32>) -> tensor<8x12x1024x1024xf32>
  %l5_probs = dlc.softmax %l5_masked {axis = 3 : i64} : tensor<8x12x1024x1024xf32>
  %l5_probs_drop = dlc.dropout %l5_probs {probability = 0.1 : f64, seed = 17} : tensor<8x12x1024x1024xf32>
  %l5_ctx = dlc.matmul %l5_probs_drop, %l5_v_heads : (tensor<8x12x1024x1024xf32>, tensor<8x12x1024x64xf32>) -> tensor<8x12x1024x64xf32>
  %l5_ctx_t = dlc.transpose %l5_ctx [0, 2, 1, 3] : (tensor<8x12x1024x64xf32>) -> tensor<8x1024x12x64xf32>
  %l5_ctx_merged = dlc.reshape %l5_ctx_t : (tensor<8x1024x12x64xf32>) -> tensor<8x1024x768xf32>
  %l5_attn = dlc.linear %l5_ctx_merged, %l5_wo, %l5_bo : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l5_attn_drop = dlc.dropout %l5_attn {probability = 0.1 : f64, seed = 18} : tensor<8x1024x768xf32>
  %l5_attn_res = dlc.add %l4_out, %l5_attn_drop : (tensor<8x1024x768xf32>, tensor<8x1024x768xf32>) -> tensor<8x1024x768xf32>
  %l5_ln2 = dlc.layer_norm %l5_attn_res, %l5_ln2_g, %l5_ln2_b {epsilon = 1.0e-05 : f64} : (tensor<8x1024x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l5_ffn1 = dlc.linear %l5_ln2, %l5_ffn1_w, %l5_ffn1_b : (tensor<8x1024x768xf32>, tensor<3072x768xf32>, tensor<3072xf32>) -> tensor<8x1024x3072xf32>
  %l5_ffn_act = dlc.gelu %l5_ffn1 approximate tanh : tensor<8x1024x3072xf32>
  %l5_ffn2 = dlc.linear %l5_ffn_act, %l5_ffn2_w, %l5_ffn2_b : (tensor<8x1024x3072xf32>, tensor<768x3072xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l5_ffn_drop = dlc.dropout %l5_ffn2 {probability = 0.1 : f64, seed = 19} : tensor<8x1024x768xf32>
  %l5_out = dlc.add %l5_attn_res, %l5_ffn_drop {dlc.checkpoint} : (tensor<8x1024x768xf32>, tensor<8x1024x768xf32>) -> tensor<8x1024x768xf32>
  // Decoder block 6: pre-norm causal self-attention, then the MLP.
  %l6_ln1 = dlc.layer_norm %l5_out, %l6_ln1_g, %l6_ln1_b {epsilon = 1.0e-05 : f64} : (tensor<8x1024x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l6_q = dlc.linear %l6_ln1, %l6_wq, %l6_bq : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l6_q_split = dlc.reshape %l6_q : (tensor<8x1024x768xf32>) -> tensor<8x1024x12x64xf32>
  %l6_q_heads = dlc.transpose %l6_q_split [0, 2, 1, 3] : (tensor<8x1024x12x64xf32>) -> tensor<8x12x1024x64xf32>
  %l6_k = dlc.linear %l6_ln1, %l6_wk, %l6_bk : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l6_k_split = dlc.reshape %l6_k : (tensor<8x1024x768xf32>) -> tensor<8x1024x12x64xf32>
  %l6_k_heads = dlc.transpose %l6_k_split [0, 2, 1, 3] : (tensor<8x1024x12x64xf32>) -> tensor<8x12x1024x64xf32>
  %l6_v = dlc.linear %l6_ln1, %l6_wv, %l6_bv : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l6_v_split = dlc.reshape %l6_v : (tensor<8x1024x768xf32>) -> tensor<8x1024x12x64xf32>
  %l6_v_heads = dlc.transpose %l6_v_split [0, 2, 1, 3] : (tensor<8x1024x12x64xf32>) -> tensor<8x12x1024x64xf32>
  %l6_scores = dlc.matmul %l6_q_heads, %l6_k_heads {transpose_rhs} : (tensor<8x12x1024x64xf32>, tensor<8x12x1024x64xf32>) -> tensor<8x12x1024x1024xf32>
  %l6_scaled = dlc.mul %l6_scores, %scale : (tensor<8x12x1024x1024xf32>, tensor<f32>) -> tensor<8x12x1024x1024xf32>
  %l6_masked = dlc.add %l6_scaled, %causal_mask : (tensor<8x12x1024x1024xf32>, tensor<1024x1024xf32>) -> tensor<8x12x1024x1024xf32>
  %l6_probs = dlc.softmax %l6_masked {axis = 3 : i64} : tensor<8x12x1024x1024xf32>
  %l6_probs_drop = dlc.dropout %l6_probs {probability = 0.1 : f64, seed = 20} : tensor<8x12x1024x1024xf32>
  %l6_ctx = dlc.matmul %l6_probs_drop, %l6_v_heads : (tensor<8x12x1024x1024xf32>, tensor<8x12x1024x64xf32>) -> tensor<8x12x1024x64xf32>
  %l6_ctx_t = dlc.transpose %l6_ctx [0, 2, 1, 3] : (tensor<8x12x1024x64xf32>) -> tensor<8x1024x12x64xf32>
  %l6_ctx_merged = dlc.reshape %l6_ctx_t : (tensor<8x1024x12x64xf32>) -> tensor<8x1024x768xf32>
  %l6_attn = dlc.linear %l6_ctx_merged, %l6_wo, %l6_bo : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l6_attn_drop = dlc.dropout %l6_attn {probability = 0.1 : f64, seed = 21} : tensor<8x1024x768xf32>
  %l6_attn_res = dlc.add %l5_out, %l6_attn_drop : (tensor<8x1024x768xf32>, tensor<8x1024x768xf32>) -> tensor<8x1024x768xf32>
  %l6_ln2 = dlc.layer_norm %l6_attn_res, %l6_ln2_g, %l6_ln2_b {epsilon = 1.0e-05 : f64} : (tensor<8x1024x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l6_ffn1 = dlc.linear %l6_ln2, %l6_ffn1_w, %l6_ffn1_b : (tensor<8x1024x768xf32>, tensor<3072x768xf32>, tensor<3072xf32>) -> tensor<8x1024x3072xf32>
  %l6_ffn_act = dlc.gelu %l6_ffn1 approximate tanh : tensor<8x1024x3072xf32>
  %l6_ffn2 = dlc.linear %l6_ffn_act, %l6_ffn2_w, %l6_ffn2_b : (tensor<8x1024x3072xf32>, tensor<768x3072xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l6_ffn_drop = dlc.dropout %l6_ffn2 {probability = 0.1 : f64, seed = 22} : tensor<8x1024x768xf32>
  %l6_out = dlc.add %l6_attn_res, %l6_ffn_drop {dlc.checkpoint} : (tensor<8x1024x768xf32>, tensor<8x1024x768xf32>) -> tensor<8x1024x768xf32>
  // Decoder block 7: pre-norm causal self-attention, then the MLP.
  %l7_ln1 = dlc.layer_norm %l6_out, %l7_ln1_g, %l7_ln1_b {epsilon = 1.0e-05 : f64} : (tensor<8x1024x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l7_q = dlc.linear %l7_ln1, %l7_wq, %l7_bq : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l7_q_split = dlc.reshape %l7_q : (tensor<8x1024x768xf32>) -> tensor<8x1024x12x64xf32>
  %l7_q_heads = dlc.transpose %l7_q_split [0, 2, 1, 3] : (tensor<8x1024x12x64xf32>) -> tensor<8x12x1024x64xf32>
  %l7_k = dlc.linear %l7_ln1, %l7_wk, %l7_bk : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l7_k_split = dlc.reshape %l7_k : (tensor<8x1024x768xf32>) -> tensor<8x1024x12x64xf32>
  %l7_k_heads = dlc.transpose %l7_k_split [0, 2, 1, 3] : (tensor<8x1024x12x64xf32>) -> tensor<8x12x1024x64xf32>
  %l7_v = dlc.linear %l7_ln1, %l7_wv, %l7_bv : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l7_v_split = dlc.reshape %l7_v : (tensor<8x1024x768xf32>) -> tensor<8x1024x12x64xf32>
  %l7_v_heads = dlc.transpose %l7_v_split [0, 2, 1, 3] : (tensor<8x1024x12x64xf32>) -> tensor<8x12x1024x64xf32>
  %l7_scores = dlc.matmul %l7_q_heads, %l7_k_heads {transpose_rhs} : (tensor<8x12x1024x64xf32>, tensor<8x12x1024x64xf32>) -> tensor<8x12x1024x1024xf32>
  %l7_scaled = dlc.mul %l7_scores, %scale : (tensor<8x12x1024x1024xf32>, tensor<f32>) -> tensor<8x12x1024x1024xf32>
  %l7_masked = dlc.add %l7_scaled, %causal_mask : (tensor<8x12x1024x1024xf32>, tensor<1024x1024xf32>) -> tensor<8x12x1024x1024xf32>
  %l7_probs = dlc.softmax %l7_masked {axis = 3 : i64} : tensor<8x12x1024x1024xf32>
  %l7_probs_drop = dlc.dropout %l7_probs {probability = 0.1 : f64, seed = 23} : tensor<8x12x1024x1024xf32>
  %l7_ctx = dlc.matmul %l7_probs_drop, %l7_v_heads : (tensor<8x12x1024x1024xf32>, tensor<8x12x1024x64xf32>) -> tensor<8x12x1024x64xf32>
  %l7_ctx_t = dlc.transpose %l7_ctx [0, 2, 1, 3] : (tensor<8x12x1024x64xf32>) -> tensor<8x1024x12x64xf32>
  %l7_ctx_merged = dlc.reshape %l7_ctx_t : (tensor<8x1024x12x64xf32>) -> tensor<8x1024x768xf32>
  %l7_attn = dlc.linear %l7_ctx_merged, %l7_wo, %l7_bo : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l7_attn_drop = dlc.dropout %l7_attn {probability = 0.1 : f64, seed = 24} : tensor<8x1024x768xf32>
  %l7_attn_res = dlc.add %l6_out, %l7_attn_drop : (tensor<8x1024x768xf32>, tensor<8x1024x768xf32>) -> tensor<8x1024x768xf32>
  %l7_ln2 = dlc.layer_norm %l7_attn_res, %l7_ln2_g, %l7_ln2_b {epsilon = 1.0e-05 : f64} : (tensor<8x1024x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l7_ffn1 = dlc.linear %l7_ln2, %l7_ffn1_w, %l7_ffn1_b : (tensor<8x1024x768xf32>, tensor<3072x768xf32>, tensor<3072xf32>) -> tensor<8x1024x3072xf32>
  %l7_ffn_act = dlc.gelu %l7_ffn1 approximate tanh : tensor<8x1024x3072xf32>
  %l7_ffn2 = dlc.linear %l7_ffn_act, %l7_ffn2_w, %l7_ffn2_b : (tensor<8x1024x3072xf32>, tensor<768x3072xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l7_ffn_drop = dlc.dropout %l7_ffn2 {probability = 0.1 : f64, seed = 25} : tensor<8x1024x768xf32>
  %l7_out = dlc.add %l7_attn_res, %l7_ffn_drop {dlc.checkpoint} : (tensor<8x1024x768xf32>, tensor<8x1024x768xf32>) -> tensor<8x1024x768xf32>
  // Decoder block 8: pre-norm causal self-attention, then the MLP.
  %l8_ln1 = dlc.layer_norm %l7_out, %l8_ln1_g, %l8_ln1_b {epsilon = 1.0e-05 : f64} : (tensor<8x1024x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l8_q = dlc.linear %l8_ln1, %l8_wq, %l8_bq : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l8_q_split = dlc.reshape %l8_q : (tensor<8x1024x768xf32>) -> tensor<8x1024x12x64xf32>
  %l8_q_heads = dlc.transpose %l8_q_split [0, 2, 1, 3] : (tensor<8x1024x12x64xf32>) -> tensor<8x12x1024x64xf32>
  %l8_k = dlc.linear %l8_ln1, %l8_wk, %l8_bk : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l8_k_split = dlc.reshape %l8_k : (tensor<8x1024x768xf32>) -> tensor<8x1024x12x64xf32>
  %l8_k_heads = dlc.transpose %l8_k_split [0, 2, 1, 3] : (tensor<8x1024x12x64xf32>) -> tensor<8x12x1024x64xf32>
  %l8_v = dlc.linear %l8_ln1, %l8_wv, %l8_bv : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l8_v_split = dlc.reshape %l8_v : (tensor<8x1024x768xf32>) -> tensor<8x1024x12x64xf32>
  %l8_v_heads = dlc.transpose %l8_v_split [0, 2, 1, 3] : (tensor<8x1024x12x64xf32>) -> tensor<8x12x1024x64xf32>
  %l8_scores = dlc.matmul %l8_q_heads, %l8_k_heads {transpose_rhs} : (tensor<8x12x1024x64xf32>, tensor<8x12x1024x64xf32>) -> tensor<8x12x1024x1024xf32>
  %l8_scaled = dlc.mul %l8_scores, %scale : (tensor<8x12x1024x1024xf32>, tensor<f32>) -> tensor<8x12x1024x1024xf32>
  %l8_masked = dlc.add %l8_scaled, %causal_mask : (tensor<8x12x1024x1024xf32>, tensor<1024x1024xf32>) -> tensor<8x12x1024x1024xf32>
  %l8_probs = dlc.softmax %l8_masked {axis = 3 : i64} : tensor<8x12x1024x1024xf32>
  %l8_probs_drop = dlc.dropout %l8_probs {probability = 0.1 : f64, seed = 26} : tensor<8x12x1024x1024xf32>
  %l8_ctx = dlc.matmul %l8_probs_drop, %l8_v_heads : (tensor<8x12x1024x1024xf32>, tensor<8x12x1024x64xf32>) -> tensor<8x12x1024x64xf32>
  %l8_ctx_t = dlc.transpose %l8_ctx [0, 2, 1, 3] : (tensor<8x12x1024x64xf32>) -> tensor<8x1024x12x64xf32>
  %l8_ctx_merged = dlc.reshape %l8_ctx_t : (tensor<8x1024x12x64xf32>) -> tensor<8x1024x768xf32>
  %l8_attn = dlc.linear %l8_ctx_merged, %l8_wo, %l8_bo : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l8_attn_drop = dlc.dropout %l8_attn {probability = 0.1 : f64, seed = 27} : tensor<8x1024x768xf32>
  %l8_attn_res = dlc.add %l7_out, %l8_attn_drop : (tensor<8x1024x768xf32>, tensor<8x1024x768xf32>) -> tensor<8x1024x768xf32>
  %l8_ln2 = dlc.layer_norm %l8_attn_res, %l8_ln2_g, %l8_ln2_b {epsilon = 1.0e-05 : f64} : (tensor<8x1024x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l8_ffn1 = dlc.linear %l8_ln2, %l8_ffn1_w, %l8_ffn1_b : (tensor<8x1024x768xf32>, tensor<3072x768xf32>, tensor<3072xf32>) -> tensor<8x1024x3072xf32>
  %l8_ffn_act = dlc.gelu %l8_ffn1 approximate tanh : tensor<8x1024x3072xf32>
  %l8_ffn2 = dlc.linear %l8_ffn_act, %l8_ffn2_w, %l8_ffn2_b : (tensor<8x1024x3072xf32>, tensor<768x3072xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l8_ffn_drop = dlc.dropout %l8_ffn2 {probability = 0.1 : f64, seed = 28} : tensor<8x1024x768xf32>
  %l8_out = dlc.add %l8_attn_res, %l8_ffn_drop {dlc.checkpoint} : (tensor<8x1024x768xf32>, tensor<8x1024x768xf32>) -> tensor<8x1024x768xf32>
  // Decoder block 9: pre-norm causal self-attention, then the MLP.
  %l9_ln1 = dlc.layer_norm %l8_out, %l9_ln1_g, %l9_ln1_b {epsilon = 1.0e-05 : f64} : (tensor<8x1024x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l9_q = dlc.linear %l9_ln1, %l9_wq, %l9_bq : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l9_q_split = dlc.reshape %l9_q : (tensor<8x1024x768xf32>) -> tensor<8x1024x12x64xf32>
  %l9_q_heads = dlc.transpose %l9_q_split [0, 2, 1, 3] : (tensor<8x1024x12x64xf32>) -> tensor<8x12x1024x64xf32>
  %l9_k = dlc.linear %l9_ln1, %l9_wk, %l9_bk : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l9_k_split = dlc.reshape %l9_k : (tensor<8x1024x768xf32>) -> tensor<8x1024x12x64xf32>
  %l9_k_heads = dlc.transpose %l9_k_split [0, 2, 1, 3] : (tensor<8x1024x12x64xf32>) -> tensor<8x12x1024x64xf32>
  %l9_v = dlc.linear %l9_ln1, %l9_wv, %l9_bv : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l9_v_split = dlc.reshape %l9_v : (tensor<8x1024x768xf32>) -> tensor<8x1024x12x64xf32>
  %l9_v_heads = dlc.transpose %l9_v_split [0, 2, 1, 3] : (tensor<8x1024x12x64xf32>) -> tensor<8x12x1024x64xf32>
  %l9_scores = dlc.matmul %l9_q_heads, %l9_k_heads {transpose_rhs} : (tensor<8x12x1024x64xf32>, tensor<8x12x1024x64xf32>) -> tensor<8x12x1024x1024xf32>
  %l9_scaled = dlc.mul %l9_scores, %scale : (tensor<8x12x1024x1024xf32>, tensor<f32>) -> tensor<8x12x1024x1024xf32>
  %l9_masked = dlc.add %l9_scaled, %causal_mask : (tensor<8x12x1024x1024xf32>, tensor<1024x1024xf32>) -> tensor<8x12x1024x1024xf32>
  %l9_probs = dlc.softmax %l9_masked {axis = 3 : i64} : tensor<8x12x1024x1024xf32>
  %l9_probs_drop = dlc.dropout %l9_probs {probability = 0.1 : f64, seed = 29} : tensor<8x12x1024x1024xf32>
  %l9_ctx = dlc.matmul %l9_probs_drop, %l9_v_heads : (tensor<8x12x1024x1024xf32>, tensor<8x12x1024x64xf32>) -> tensor<8x12x1024x64xf32>
  %l9_ctx_t = dlc.transpose %l9_ctx [0, 2, 1, 3] : (tensor<8x12x1024x64xf32>) -> tensor<8x1024x12x64xf32>
  %l9_ctx_merged = dlc.reshape %l9_ctx_t : (tensor<8x1024x12x64xf32>) -> tensor<8x1024x768xf32>
  %l9_attn = dlc.linear %l9_ctx_merged, %l9_wo, %l9_bo : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l9_attn_drop = dlc.dropout %l9_attn {probability = 0.1 : f64, seed = 30} : tensor<8x1024x768xf32>
  %l9_attn_res = dlc.add %l8_out, %l9_attn_drop : (tensor<8x1024x768xf32>, tensor<8x1024x768xf32>) -> tensor<8x1024x768xf32>
  %l9_ln2 = dlc.layer_norm %l9_attn_res, %l9_ln2_g, %l9_ln2_b {epsilon = 1.0e-05 : f64} : (tensor<8x1024x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l9_ffn1 = dlc.linear %l9_ln2, %l9_ffn1_w, %l9_ffn1_b : (tensor<8x1024x768xf32>, tensor<3072x768xf32>, tensor<3072xf32>) -> tensor<8x1024x3072xf32>
  %l9_ffn_act = dlc.gelu %l9_ffn1 approximate tanh : tensor<8x1024x3072xf32>
  %l9_ffn2 = dlc.linear %l9_ffn_act, %l9_ffn2_w, %l9_ffn2_b : (tensor<8x1024x3072xf32>, tensor<768x3072xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l9_ffn_drop = dlc.dropout %l9_ffn2 {probability = 0.1 : f64, seed = 31} : tensor<8x1024x768xf32>
  %l9_out = dlc.add %l9_attn_res, %l9_ffn_drop {dlc.checkpoint} : (tensor<8x1024x768xf32>, tensor<8x1024x768xf32>) -> tensor<8x1024x768xf32>
  // Decoder block 10: pre-norm causal self-attention, then the MLP.
  %l10_ln1 = dlc.layer_norm %l9_out, %l10_ln1_g, %l10_ln1_b {epsilon = 1.0e-05 : f64} : (tensor<8x1024x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l10_q = dlc.linear %l10_ln1, %l10_wq, %l10_bq : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l10_q_split = dlc.reshape %l10_q : (tensor<8x1024x768xf32>) -> tensor<8x1024x12x64xf32>
  %l10_q_heads = dlc.transpose %l10_q_split [0, 2, 1, 3] : (tensor<8x1024x12x64xf32>) -> tensor<8x12x1024x64xf32>
  %l10_k = dlc.linear %l10_ln1, %l10_wk, %l10_bk : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l10_k_split = dlc.reshape %l10_k : (tensor<8x1024x768xf32>) -> tensor<8x1024x12x64xf32>
  %l10_k_heads = dlc.transpose %l10_k_split [0, 2, 1, 3] : (tensor<8x1024x12x64xf32>) -> tensor<8x12x1024x64xf32>
  %l10_v = dlc.linear %l10_ln1, %l10_wv, %l10_bv : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l10_v_split = dlc.reshape %l10_v : (tensor<8x1024x768xf32>) -> tensor<8x1024x12x64xf32>
  %l10_v_heads = dlc.transpose %l10_v_split [0, 2, 1, 3] : (tensor<8x1024x12x64xf32>) -> tensor<8x12x1024x64xf32>
  %l10_scores = dlc.matmul %l10_q_heads, %l10_k_heads {transpose_rhs} : (tensor<8x12x1024x64xf32>, tensor<8x12x1024x64xf32>) -> tensor<8x12x1024x1024xf32>
  %l10_scaled = dlc.mul %l10_scores, %scale : (tensor<8x12x1024x1024xf32>, tensor<f32>) -> tensor<8x12x1024x1024xf32>
  %l10_masked = dlc.add %l10_scaled, %causal_mask : (tensor<8x12x1024x1024xf32>, tensor<1024x1024xf32>) -> tensor<8x12x1024x1024xf32>
  %l10_probs = dlc.softmax %l10_masked {axis = 3 : i64} : tensor<8x12x1024x1024xf32>
  %l10_probs_drop = dlc.dropout %l10_probs {probability = 0.1 : f64, seed = 32} : tensor<8x12x1024x1024xf32>
  %l10_ctx = dlc.matmul %l10_probs_drop, %l10_v_heads : (tensor<8x12x1024x1024xf32>, tensor<8x12x1024x64xf32>) -> tensor<8x12x1024x64xf32>
  %l10_ctx_t = dlc.transpose %l10_ctx [0, 2, 1, 3] : (tensor<8x12x1024x64xf32>) -> tensor<8x1024x12x64xf32>
  %l10_ctx_merged = dlc.reshape %l10_ctx_t : (tensor<8x1024x12x64xf32>) -> tensor<8x1024x768xf32>
  %l10_attn = dlc.linear %l10_ctx_merged, %l10_wo, %l10_bo : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l10_attn_drop = dlc.dropout %l10_attn {probability = 0.1 : f64, seed = 33} : tensor<8x1024x768xf32>
  %l10_attn_res = dlc.add %l9_out, %l10_attn_drop : (tensor<8x1024x768xf32>, tensor<8x1024x768xf32>) -> tensor<8x1024x768xf32>
  %l10_ln2 = dlc.layer_norm %l10_attn_res, %l10_ln2_g, %l10_ln2_b {epsilon = 1.0e-05 : f64} : (tensor<8x1024x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l10_ffn1 = dlc.linear %l10_ln2, %l10_ffn1_w, %l10_ffn1_b : (tensor<8x1024x768xf32>, tensor<3072x768xf32>, tensor<3072xf32>) -> tensor<8x1024x3072xf32>
  %l10_ffn_act = dlc.gelu %l10_ffn1 approximate tanh : tensor<8x1024x3072xf32>
  %l10_ffn2 = dlc.linear %l10_ffn_act, %l10_ffn2_w, %l10_ffn2_b : (tensor<8x1024x3072xf32>, tensor<768x3072xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l10_ffn_drop = dlc.dropout %l10_ffn2 {probability = 0.1 : f64, seed = 34} : tensor<8x1024x768xf32>
  %l10_out = dlc.add %l10_attn_res, %l10_ffn_drop {dlc.checkpoint} : (tensor<8x1024x768xf32>, tensor<8x1024x768xf32>) -> tensor<8x1024x768xf32>
  // Decoder block 11: pre-norm causal self-attention, then the MLP.
  %l11_ln1 = dlc.layer_norm %l10_out, %l11_ln1_g, %l11_ln1_b {epsilon = 1.0e-05 : f64} : (tensor<8x1024x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l11_q = dlc.linear %l11_ln1, %l11_wq, %l11_bq : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l11_q_split = dlc.reshape %l11_q : (tensor<8x1024x768xf32>) -> tensor<8x1024x12x64xf32>
  %l11_q_heads = dlc.transpose %l11_q_split [0, 2, 1, 3] : (tensor<8x1024x12x64xf32>) -> tensor<8x12x1024x64xf32>
  %l11_k = dlc.linear %l11_ln1, %l11_wk, %l11_bk : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l11_k_split = dlc.reshape %l11_k : (tensor<8x1024x768xf32>) -> tensor<8x1024x12x64xf32>
  %l11_k_heads = dlc.transpose %l11_k_split [0, 2, 1, 3] : (tensor<8x1024x12x64xf32>) -> tensor<8x12x1024x64xf32>
  %l11_v = dlc.linear %l11_ln1, %l11_wv, %l11_bv : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l11_v_split = dlc.reshape %l11_v : (tensor<8x1024x768xf32>) -> tensor<8x1024x12x64xf32>
  %l11_v_heads = dlc.transpose %l11_v_split [0, 2, 1, 3] : (tensor<8x1024x12x64xf32>) -> tensor<8x12x1024x64xf32>
  %l11_scores = dlc.matmul %l11_q_heads, %l11_k_heads {transpose_rhs} : (tensor<8x12x1024x64xf32>, tensor<8x12x1024x64xf32>) -> tensor<8x12x1024x1024xf32>
  %l11_scaled = dlc.mul %l11_scores, %scale : (tensor<8x12x1024x1024xf32>, tensor<f32>) -> tensor<8x12x1024x1024xf32>
  %l11_masked = dlc.add %l11_scaled, %causal_mask : (tensor<8x12x1024x1024xf32>, tensor<1024x1024xf32>) -> tensor<8x12x1024x1024xf32>
  %l11_probs = dlc.softmax %l11_masked {axis = 3 : i64} : tensor<8x12x1024x1024xf32>
  %l11_probs_drop = dlc.dropout %l11_probs {probability = 0.1 : f64, seed = 35} : tensor<8x12x1024x1024xf32>
  %l11_ctx = dlc.matmul %l11_probs_drop, %l11_v_heads : (tensor<8x12x1024x1024xf32>, tensor<8x12x1024x64xf32>) -> tensor<8x12x1024x64xf32>
  %l11_ctx_t = dlc.transpose %l11_ctx [0, 2, 1, 3] : (tensor<8x12x1024x64xf32>) -> tensor<8x1024x12x64xf32>
  %l11_ctx_merged = dlc.reshape %l11_ctx_t : (tensor<8x1024x12x64xf32>) -> tensor<8x1024x768xf32>
  %l11_attn = dlc.linear %l11_ctx_merged, %l11_wo, %l11_bo : (tensor<8x1024x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l11_attn_drop = dlc.dropout %l11_attn {probability = 0.1 : f64, seed = 36} : tensor<8x1024x768xf32>
  %l11_attn_res = dlc.add %l10_out, %l11_attn_drop : (tensor<8x1024x768xf32>, tensor<8x1024x768xf32>) -> tensor<8x1024x768xf32>
  %l11_ln2 = dlc.layer_norm %l11_attn_res, %l11_ln2_g, %l11_ln2_b {epsilon = 1.0e-05 : f64} : (tensor<8x1024x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l11_ffn1 = dlc.linear %l11_ln2, %l11_ffn1_w, %l11_ffn1_b : (tensor<8x1024x768xf32>, tensor<3072x768xf32>, tensor<3072xf32>) -> tensor<8x1024x3072xf32>
  %l11_ffn_act = dlc.gelu %l11_ffn1 approximate tanh : tensor<8x1024x3072xf32>
  %l11_ffn2 = dlc.linear %l11_ffn_act, %l11_ffn2_w, %l11_ffn2_b : (tensor<8x1024x3072xf32>, tensor<768x3072xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %l11_ffn_drop = dlc.dropout %l11_ffn2 {probability = 0.1 : f64, seed = 37} : tensor<8x1024x768xf32>
  %l11_out = dlc.add %l11_attn_res, %l11_ffn_drop {dlc.checkpoint} : (tensor<8x1024x768xf32>, tensor<8x1024x768xf32>) -> tensor<8x1024x768xf32>
  // Final norm, then the language-model head tied to the token embedding.
  %lnf = dlc.layer_norm %l11_out, %lnf_g, %lnf_b {epsilon = 1.0e-05 : f64} : (tensor<8x1024x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<8x1024x768xf32>
  %lnf_flat = dlc.reshape %lnf : (tensor<8x1024x768xf32>) -> tensor<8192x768xf32>
  %logits = dlc.linear %lnf_flat, %wte : (tensor<8192x768xf32>, tensor<50257x768xf32>) -> tensor<8192x50257xf32>
  %loss = dlc.cross_entropy %logits, %targets : (tensor<8192x50257xf32>, tensor<8192xi64>) -> tensor<f32>
  return %loss : tensor<f32>
}
