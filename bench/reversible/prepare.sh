#!/usr/bin/env bash
# Builds, on the CPU machine, the reversible fine-tuning benchmark that
# run.sh runs on the GPU machine (which has CUDA but no LLVM or MLIR):
#
#   bench/reversible/prepare.sh OUT [--only MODEL]
#
# For bert_base and gpt2_small in bf16 and each way of training them
# (full: every weight trains; adapters: --dlc-adapters; meft1..3:
# --dlc-reversible=variant=N; remat: adapters with --dlc-remat at the
# compiled bytes of meft1), OUT/device/<model>/<config>/ gets the training
# step (--dlc-autodiff, gradients) compiled for sm_90, xz-compressed
# (step.dlcx.xz: cubins compress ~60x, so that the whole benchmark fits in
# one carry), the inputs' spec (spec.json, uniform random values;
# make_inputs.py generates them on the GPU machine) and, for full and
# adapters, the loss graph in generic form for torch_steps.py
# (forward.mlir), and for meft1..3 the same coupled network's step with
# its activations saved (saved.dlcx.xz, --dlc-autodiff=rebuild=false), which
# run.sh checks the rebuilt gradients against; OUT/reports/<model>/<config>/ the memory report (report.json,
# report.txt) and the passes' output (passes.log). Carry OUT/device and run
# run.sh there; table.py OUT/reports LOG makes the table.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bin="${DLC_BUILD_DIR:-$root/build}/bin"
out=${1:?usage: prepare.sh OUT [--only MODEL]}
only=${3:-}
[ "${2:-}" = "--only" ] || [ -z "${2:-}" ] || { echo "prepare.sh: unknown argument '$2'" >&2; exit 2; }
mkdir -p "$out/device/bin"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
py=/usr/bin/python3

for model in bert_base gpt2_small; do
  [ -z "$only" ] || [ "$model" = "$only" ] || continue
  sed "s/f32/bf16/g" "$root/examples/$model.mlir" > "$work/$model.mlir"
  # BERT's labels are classes (2), GPT-2's tokens (the vocabulary).
  if [ $model = bert_base ]; then vocab=30522 classes=2; else vocab=50257 classes=; fi
  for config in full adapters meft1 meft2 meft3 remat; do
    case $config in
      full) passes="dlc-autodiff" ;;
      adapters) passes="dlc-adapters,dlc-autodiff" ;;
      meft*) passes="dlc-reversible{variant=${config#meft}},dlc-autodiff" ;;
      remat)
        budget=$($py -c "import json,sys; print(json.load(open(sys.argv[1]))['step_bytes'])" \
          "$out/reports/$model/meft1/report.json")
        passes="dlc-adapters,dlc-autodiff,dlc-remat{budget=${budget}B}" ;;
    esac
    d="$out/device/$model/$config" r="$out/reports/$model/$config"
    mkdir -p "$d" "$r"
    echo "prepare.sh: $model $config ($passes)" >&2
    "$bin/dlc-opt" "$work/$model.mlir" "--pass-pipeline=builtin.module($passes)" \
      -o "$work/$model.$config.mlir" 2> "$r/passes.log"
    "$bin/dlc-opt" "$work/$model.$config.mlir" "--dlc-memory-report=json=$r/report.json" \
      2> "$r/report.txt" > /dev/null
    case $config in
      full) "$bin/dlc-opt" "$work/$model.mlir" --mlir-print-op-generic -o "$d/forward.mlir" ;;
      adapters) "$bin/dlc-opt" "$work/$model.mlir" --dlc-adapters --mlir-print-op-generic \
                  -o "$d/forward.mlir" 2> /dev/null ;;
    esac
    start=$(date +%s)
    "$bin/dlc-compile" "$work/$model.$config.mlir" --target=sm_90 --format=cubin \
      -o "$work/step.dlcx" 2> "$r/compile.log"
    echo "prepare.sh: compiled in $(( $(date +%s) - start )) s" >&2
    # The last integer argument of BERT's step is its labels.
    args=()
    if [ -n "$classes" ]; then
      last=$($py - "$work/step.dlcx" <<'PY'
import sys
n, last = 0, None
for raw in open(sys.argv[1], "rb"):
    w = raw.decode("utf-8", "replace").split()
    if w == ["end"]:
        break
    if len(w) >= 8 and w[0] == "buffer" and w[2] in ("param", "input", "state"):
        if w[4] in ("i32", "i64"):
            last = n
        n += 1
print(last)
PY
)
      args=("$last=$classes")
    fi
    $py "$root/bench/gpu/spec_from_artifact.py" "$work/step.dlcx" $vocab "${args[@]}" > "$d/spec.json"
    xz -T2 -c "$work/step.dlcx" > "$d/step.dlcx.xz"
    # The same coupled network differentiated the ordinary way (activations
    # saved): run.sh checks the rebuilt gradients against its.
    case $config in
      meft*)
        "$bin/dlc-opt" "$work/$model.mlir" \
          "--pass-pipeline=builtin.module(dlc-reversible{variant=${config#meft}},dlc-autodiff{rebuild=false})" \
          -o "$work/$model.$config.saved.mlir" 2> /dev/null
        "$bin/dlc-compile" "$work/$model.$config.saved.mlir" --target=sm_90 --format=cubin \
          -o "$work/saved.dlcx" 2> "$r/compile.saved.log"
        xz -T2 -c "$work/saved.dlcx" > "$d/saved.dlcx.xz" ;;
    esac
  done
done
cp "$bin/dlc-exec" "$out/device/bin/"
cp "$root/bench/gpu/make_inputs.py" "$root/bench/reversible/run.sh" \
   "$root/bench/reversible/compare_gradients.py" "$out/device/"
