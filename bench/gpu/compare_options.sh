#!/usr/bin/env bash
# The large bf16 steps (GPT-2 small, BERT-base) compiled by dlc-compile with
# its defaults and with one option changed, into one directory to carry to
# the GPU machine:
#
#   bench/gpu/compare_options.sh OUT OPTION [EXAMPLE...]   # here (no GPU)
#   bash OUT/run.sh                                      # on the GPU machine
#
# e.g. OPTION = --outputs-in-arena=false or --fuse-epilogues=false; EXAMPLE
# is gpt2_small and/or bert_base (default both). run.sh regenerates the same
# random inputs there (make_inputs.py), runs the artifact with OPTION, then
# the default one compared with its results (rtol = atol = 1e-6), then the
# first again, each with its planned and measured bytes and its step time.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bin="${DLC_BUILD_DIR:-$root/build}/bin"
usage="usage: compare_options.sh OUT OPTION [gpt2_small] [bert_base]"
out=${1:?$usage}
option=${2:?$usage}
shift 2
examples=("$@")
[ ${#examples[@]} -gt 0 ] || examples=(gpt2_small bert_base)
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
: > "$out/examples"
for ex in "${examples[@]}"; do
  case "$ex" in
    gpt2_small) bounds="50257" ;;
    bert_base) bounds="30522 201=2" ;;
    *) echo "compare_options.sh: unknown example '$ex' ($usage)" >&2; exit 2 ;;
  esac
  sed 's/f32/bf16/g' "$root/examples/$ex.mlir" > "$work/$ex.mlir"
  for variant in option default; do
    flags=()
    [ $variant = default ] || flags=("$option")
    echo "compare_options.sh: $ex bf16 ${flags[*]:-(defaults)}" >&2
    "$bin/dlc-compile" "$work/$ex.mlir" --passes=dlc-autodiff --target=sm_90 \
      --format=cubin "${flags[@]}" -o "$out/$ex.bf16.$variant.dlcx"
  done
  /usr/bin/python3 "$root/bench/gpu/spec_from_artifact.py" \
    "$out/$ex.bf16.default.dlcx" $bounds > "$out/$ex.spec.json"
  echo "$ex" >> "$out/examples"
done
echo "$option" > "$out/option"
cp "$bin/dlc-exec" "$root/bench/gpu/make_inputs.py" "$out/"
cat > "$out/run.sh" <<'RUN'
#!/bin/bash
cd "$(dirname "$0")"
option=$(cat option)
for m in $(cat examples); do
  python3 make_inputs.py generate $m.spec.json /tmp/$m-in > /dev/null
  echo "=== $m bf16 $option"
  ./dlc-exec $m.bf16.option.dlcx --inputs /tmp/$m-in --outputs /tmp/$m-out --warmup 2 --repeat 10
  echo "exit $?"
  echo "=== $m bf16 defaults (compared with $option)"
  ./dlc-exec $m.bf16.default.dlcx --inputs /tmp/$m-in --compare /tmp/$m-out --rtol 1e-6 --atol 1e-6 --warmup 2 --repeat 10
  echo "exit $?"
  echo "=== $m bf16 $option again"
  ./dlc-exec $m.bf16.option.dlcx --inputs /tmp/$m-in --warmup 2 --repeat 10
done
RUN
echo "compare_options.sh: $(du -sh "$out" | cut -f1) in $out" >&2
