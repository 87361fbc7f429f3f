#!/usr/bin/env bash
# On the GPU machine, in OUT/device of prepare.sh (with this repository
# beside it for torch_steps.py): per model and configuration, generates the
# inputs and times the step with dlc-exec (device memory planned and
# measured); then PyTorch eager on the adapted graph with and without
# per-layer gradient checkpointing, and on the full graph. For the MEFT
# variants it also runs the saved-activation step on the same inputs and
# compares the gradients (compare_gradients.py). --profile DIR also times
# every launch of each step one by one (dlc-exec --profile) into
# DIR/<model>.<config>.log, for bench/gpu/profile_breakdown.py.
#
#   run.sh [REPO] [--only MODEL] [--no-torch] [--profile DIR]
set -uo pipefail
cd "$(dirname "$0")"
repo=$(cd "${1:-..}" && pwd); shift || true
only="" torch=1 profile=""
while [ $# -gt 0 ]; do
  case "$1" in
    --only) only=$2; shift 2 ;;
    --no-torch) torch=0; shift ;;
    --profile) profile=$2; mkdir -p "$profile"; shift 2 ;;
    *) echo "run.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda)'
export PYTHONUNBUFFERED=1
for model in bert_base gpt2_small; do
  [ -z "$only" ] || [ "$model" = "$only" ] || continue
  for config in full adapters meft1 meft2 meft3 remat; do
    d=$model/$config
    for a in step saved; do
      if [ ! -f $d/$a.dlcx ] && [ -f $d/$a.dlcx.xz ]; then
        python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' \
          $d/$a.dlcx.xz $d/$a.dlcx
      fi
    done
    [ -f $d/step.dlcx ] || continue
    python3 make_inputs.py generate $d/spec.json /tmp/in > /dev/null
    echo "=== dlc $model $config"
    timeout 300 ./bin/dlc-exec $d/step.dlcx --inputs /tmp/in --warmup 3 --repeat 10
    echo "exit $?"
    if [ -n "$profile" ]; then
      timeout 300 ./bin/dlc-exec $d/step.dlcx --inputs /tmp/in --repeat 5 --profile 1000000 \
        > "$profile/$model.$config.log" 2>&1
    fi
    if [ -f $d/saved.dlcx ]; then
      # The rebuilt gradients against the saved backward's, same inputs.
      echo "=== exact $model $config"
      rm -rf /tmp/out && mkdir -p /tmp/out/rebuilt /tmp/out/saved
      timeout 300 ./bin/dlc-exec $d/step.dlcx --inputs /tmp/in --outputs /tmp/out/rebuilt > /dev/null &&
        timeout 300 ./bin/dlc-exec $d/saved.dlcx --inputs /tmp/in --outputs /tmp/out/saved > /dev/null &&
        python3 compare_gradients.py /tmp/out/rebuilt /tmp/out/saved
    fi
    if [ $torch = 1 ] && [ -f $d/forward.mlir ]; then
      modes=eager
      [ $config = adapters ] && modes=eager,checkpoint
      echo "=== torch $model $config"
      timeout 400 python3 "$repo/bench/gpu/torch_steps.py" $d/forward.mlir \
        --inputs /tmp/in --dtype bf16 --modes $modes
    fi
  done
done
