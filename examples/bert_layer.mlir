// One BERT-base encoder layer (hidden 768, 12 heads, FFN 3072, GELU, post-norm)
// with its embeddings (WordPiece vocabulary 30522, 512 learned positions),
// batch 8, sequence 512, and a pooled two-class sequence classifier with
// cross-entropy loss. Dropout 0.1 as in BERT, each site with its own seed.
//
// Parameters carry {dlc.param}; the other arguments are the step's inputs.
// Returns the mean loss over the batch.
func.func @bert_layer(
    %word_emb: tensor<30522x768xf32> {dlc.param},
    %pos_emb: tensor<512x768xf32> {dlc.param},
    %emb_ln_g: tensor<768xf32> {dlc.param},
    %emb_ln_b: tensor<768xf32> {dlc.param},
    %wq: tensor<768x768xf32> {dlc.param},
    %bq: tensor<768xf32> {dlc.param},
    %wk: tensor<768x768xf32> {dlc.param},
    %bk: tensor<768xf32> {dlc.param},
    %wv: tensor<768x768xf32> {dlc.param},
    %bv: tensor<768xf32> {dlc.param},
    %wo: tensor<768x768xf32> {dlc.param},
    %bo: tensor<768xf32> {dlc.param},
    %ln1_g: tensor<768xf32> {dlc.param},
    %ln1_b: tensor<768xf32> {dlc.param},
    %ffn1_w: tensor<3072x768xf32> {dlc.param},
    %ffn1_b: tensor<3072xf32> {dlc.param},
    %ffn2_w: tensor<768x3072xf32> {dlc.param},
    %ffn2_b: tensor<768xf32> {dlc.param},
    %ln2_g: tensor<768xf32> {dlc.param},
    %ln2_b: tensor<768xf32> {dlc.param},
    %pool_w: tensor<768x768xf32> {dlc.param},
    %pool_b: tensor<768xf32> {dlc.param},
    %cls_w: tensor<2x768xf32> {dlc.param},
    %cls_b: tensor<2xf32> {dlc.param},
    %ids: tensor<8x512xi64>,
    %labels: tensor<8xi64>) -> tensor<f32> {
  // Embeddings: token rows plus learned positions, normalized.
  %tok = dlc.embedding %word_emb, %ids : (tensor<30522x768xf32>, tensor<8x512xi64>) -> tensor<8x512x768xf32>
  %emb = dlc.add %tok, %pos_emb : (tensor<8x512x768xf32>, tensor<512x768xf32>) -> tensor<8x512x768xf32>
  %emb_ln = dlc.layer_norm %emb, %emb_ln_g, %emb_ln_b {epsilon = 1.0e-12 : f64} : (tensor<8x512x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<8x512x768xf32>
  %h0 = dlc.dropout %emb_ln {probability = 0.1 : f64, seed = 1} : tensor<8x512x768xf32>
  // Self-attention, 12 heads of 64.
  %q = dlc.linear %h0, %wq, %bq : (tensor<8x512x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x512x768xf32>
  %q_split = dlc.reshape %q : (tensor<8x512x768xf32>) -> tensor<8x512x12x64xf32>
  %q_heads = dlc.transpose %q_split [0, 2, 1, 3] : (tensor<8x512x12x64xf32>) -> tensor<8x12x512x64xf32>
  %k = dlc.linear %h0, %wk, %bk : (tensor<8x512x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x512x768xf32>
  %k_split = dlc.reshape %k : (tensor<8x512x768xf32>) -> tensor<8x512x12x64xf32>
  %k_heads = dlc.transpose %k_split [0, 2, 1, 3] : (tensor<8x512x12x64xf32>) -> tensor<8x12x512x64xf32>
  %v = dlc.linear %h0, %wv, %bv : (tensor<8x512x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x512x768xf32>
  %v_split = dlc.reshape %v : (tensor<8x512x768xf32>) -> tensor<8x512x12x64xf32>
  %v_heads = dlc.transpose %v_split [0, 2, 1, 3] : (tensor<8x512x12x64xf32>) -> tensor<8x12x512x64xf32>
  %scores = dlc.matmul %q_heads, %k_heads {transpose_rhs} : (tensor<8x12x512x64xf32>, tensor<8x12x512x64xf32>) -> tensor<8x12x512x512xf32>
  %scale = arith.constant dense<0.125> : tensor<f32>
  %scaled = dlc.mul %scores, %scale : (tensor<8x12x512x512xf32>, tensor<f32>) -> tensor<8x12x512x512xf32>
  %probs = dlc.softmax %scaled {axis = 3 : i64} : tensor<8x12x512x512xf32>
  %probs_drop = dlc.dropout %probs {probability = 0.1 : f64, seed = 2} : tensor<8x12x512x512xf32>
  %ctx = dlc.matmul %probs_drop, %v_heads : (tensor<8x12x512x512xf32>, tensor<8x12x512x64xf32>) -> tensor<8x12x512x64xf32>
  %ctx_t = dlc.transpose %ctx [0, 2, 1, 3] : (tensor<8x12x512x64xf32>) -> tensor<8x512x12x64xf32>
  %ctx_merged = dlc.reshape %ctx_t : (tensor<8x512x12x64xf32>) -> tensor<8x512x768xf32>
  %attn = dlc.linear %ctx_merged, %wo, %bo : (tensor<8x512x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x512x768xf32>
  %attn_drop = dlc.dropout %attn {probability = 0.1 : f64, seed = 3} : tensor<8x512x768xf32>
  %attn_res = dlc.add %attn_drop, %h0 : (tensor<8x512x768xf32>, tensor<8x512x768xf32>) -> tensor<8x512x768xf32>
  %h1 = dlc.layer_norm %attn_res, %ln1_g, %ln1_b {epsilon = 1.0e-12 : f64} : (tensor<8x512x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<8x512x768xf32>
  // Feed-forward network.
  %ffn1 = dlc.linear %h1, %ffn1_w, %ffn1_b : (tensor<8x512x768xf32>, tensor<3072x768xf32>, tensor<3072xf32>) -> tensor<8x512x3072xf32>
  %ffn_act = dlc.gelu %ffn1 : tensor<8x512x3072xf32>
  %ffn2 = dlc.linear %ffn_act, %ffn2_w, %ffn2_b : (tensor<8x512x3072xf32>, tensor<768x3072xf32>, tensor<768xf32>) -> tensor<8x512x768xf32>
  %ffn_drop = dlc.dropout %ffn2 {probability = 0.1 : f64, seed = 4} : tensor<8x512x768xf32>
  %ffn_res = dlc.add %ffn_drop, %h1 : (tensor<8x512x768xf32>, tensor<8x512x768xf32>) -> tensor<8x512x768xf32>
  %h2 = dlc.layer_norm %ffn_res, %ln2_g, %ln2_b {epsilon = 1.0e-12 : f64} : (tensor<8x512x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<8x512x768xf32>
  // Sequence classification from the first ([CLS]) token.
  %cls = dlc.slice %h2 offsets [0, 0, 0] sizes [8, 1, 768] strides [1, 1, 1] : (tensor<8x512x768xf32>) -> tensor<8x1x768xf32>
  %cls_flat = dlc.reshape %cls : (tensor<8x1x768xf32>) -> tensor<8x768xf32>
  %pooled = dlc.linear %cls_flat, %pool_w, %pool_b : (tensor<8x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<8x768xf32>
  %pooled_act = dlc.tanh %pooled : tensor<8x768xf32>
  %logits = dlc.linear %pooled_act, %cls_w, %cls_b : (tensor<8x768xf32>, tensor<2x768xf32>, tensor<2xf32>) -> tensor<8x2xf32>
  %loss = dlc.cross_entropy %logits, %labels : (tensor<8x2xf32>, tensor<8xi64>) -> tensor<f32>
  return %loss : tensor<f32>
}
