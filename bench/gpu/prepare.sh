#!/usr/bin/env bash
# Builds, on the CPU machine, everything the GPU benchmark runs on the GPU
# machine (which has CUDA but no LLVM or MLIR), into one directory to carry:
#
#   bench/gpu/prepare.sh OUT [--only NAME] [--max-result-mib N]
#
# For each example (mlp, resnet_bottleneck, bert_layer) in f32 and in bf16
# (the same graph with every f32 replaced by bf16), OUT/<name>/ gets:
#   <name>.dlcx     the training step (--dlc-autodiff) compiled by dlc-compile
#                   for sm_90 with cubin kernels
#   forward.mlir    the example's graph (the loss) in generic form, which
#                   torch_steps.py rebuilds in PyTorch
#   cpu/            the CPU path's results on the same inputs (results over
#                   --max-result-mib, default 8, are left out to keep OUT
#                   small; they are then not compared)
# and OUT/<example>/spec.json + in.sha describe the inputs, which
# make_inputs.py regenerates bit for bit on the GPU machine (bf16 steps read
# the same f32 inputs, rounded on the way in). OUT/bin/dlc-exec and the
# scripts are copied last. run.sh in OUT runs it all there.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bin="${DLC_BUILD_DIR:-$root/build}/bin"
out=${1:?usage: prepare.sh OUT [--only NAME] [--max-result-mib N]}
shift
only="" max_mib=8
while [ $# -gt 0 ]; do
  case "$1" in
    --only) only=$2; shift 2 ;;
    --max-result-mib) max_mib=$2; shift 2 ;;
    *) echo "prepare.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
mkdir -p "$out/bin"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
py=/usr/bin/python3

for ex in mlp resnet_bottleneck bert_layer; do
  [ -z "$only" ] || [[ "$ex" == $only* ]] || continue
  # The inputs: dlc-run's generated arguments, described once.
  "$bin/dlc-opt" "$root/examples/$ex.mlir" --dlc-autodiff -o "$work/$ex.train.mlir"
  mkdir -p "$out/$ex"
  "$bin/dlc-run" "$work/$ex.train.mlir" --entry="${ex}_train" \
    --write-inputs="$work/$ex-gen" > /dev/null
  $py "$root/bench/gpu/make_inputs.py" spec "$work/$ex-gen" > "$out/$ex/spec.json"
  $py "$root/bench/gpu/make_inputs.py" generate "$out/$ex/spec.json" "$work/$ex-in" > "$out/$ex/in.sha"
  for dt in f32 bf16; do
    name=$ex; [ $dt = f32 ] || name=${ex}_$dt
    echo "prepare.sh: $name" >&2
    sed "s/f32/$dt/g" "$root/examples/$ex.mlir" > "$work/$name.mlir"
    mkdir -p "$out/$name/cpu"
    "$bin/dlc-opt" "$work/$name.mlir" --mlir-print-op-generic -o "$out/$name/forward.mlir"
    "$bin/dlc-compile" "$work/$name.mlir" --passes=dlc-autodiff \
      --target=sm_90 --format=cubin -o "$out/$name/$name.dlcx"
    "$bin/dlc-opt" "$work/$name.mlir" --dlc-autodiff -o "$work/$name.train.mlir"
    "$bin/dlc-run" "$work/$name.train.mlir" --entry="${ex}_train" \
      --inputs="$work/$ex-in" --outputs="$out/$name/cpu" | head -2 >&2
    find "$out/$name/cpu" -name '*.npy' -size +"${max_mib}"M -delete
  done
done
cp "$bin/dlc-exec" "$out/bin/"
cp "$root/bench/gpu/make_inputs.py" "$root/bench/gpu/run.sh" "$out/"
echo "prepare.sh: $(du -sh "$out" | cut -f1) in $out" >&2
