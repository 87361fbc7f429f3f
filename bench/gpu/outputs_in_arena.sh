#!/usr/bin/env bash
# The large bf16 steps (GPT-2 small, BERT-base) compiled with the results in
# the arena (the default) and as out-parameters (outputs-in-arena=false),
# into one directory to carry to the GPU machine:
#
#   bench/gpu/outputs_in_arena.sh OUT        # on this machine (no GPU)
#   bash OUT/run.sh                          # on the GPU machine
#
# run.sh regenerates the same random inputs there (make_inputs.py), runs the
# out-parameter artifact, then the default one compared with its results,
# then the first again, each with its planned and measured bytes and time.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bin="${DLC_BUILD_DIR:-$root/build}/bin"
out=${1:?usage: outputs_in_arena.sh OUT}
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for pair in "gpt2_small:50257" "bert_base:30522 201=2"; do
  ex=${pair%%:*} bounds=${pair#*:}
  sed 's/f32/bf16/g' "$root/examples/$ex.mlir" > "$work/$ex.mlir"
  for o in false true; do
    echo "outputs_in_arena.sh: $ex bf16 outputs-in-arena=$o" >&2
    "$bin/dlc-compile" "$work/$ex.mlir" --passes=dlc-autodiff --target=sm_90 \
      --format=cubin --outputs-in-arena=$o -o "$out/$ex.bf16.$o.dlcx"
  done
  /usr/bin/python3 "$root/bench/gpu/spec_from_artifact.py" "$out/$ex.bf16.true.dlcx" $bounds \
    > "$out/$ex.spec.json"
done
cp "$bin/dlc-exec" "$root/bench/gpu/make_inputs.py" "$out/"
cat > "$out/run.sh" <<'RUN'
#!/bin/bash
cd "$(dirname "$0")"
for m in gpt2_small bert_base; do
  python3 make_inputs.py generate $m.spec.json /tmp/$m-in > /dev/null
  echo "=== $m bf16 outputs-in-arena=false"
  ./dlc-exec $m.bf16.false.dlcx --inputs /tmp/$m-in --outputs /tmp/$m-out --warmup 2 --repeat 10
  echo "exit $?"
  echo "=== $m bf16 outputs-in-arena=true (compared with false)"
  ./dlc-exec $m.bf16.true.dlcx --inputs /tmp/$m-in --compare /tmp/$m-out --rtol 1e-6 --atol 1e-6 --warmup 2 --repeat 10
  echo "exit $?"
  echo "=== $m bf16 outputs-in-arena=false again"
  ./dlc-exec $m.bf16.false.dlcx --inputs /tmp/$m-in --warmup 2 --repeat 10
done
RUN
echo "outputs_in_arena.sh: $(du -sh "$out" | cut -f1) in $out" >&2
