#!/usr/bin/env bash
# On the GPU machine, in the directory prepare.sh made (with this repository
# beside it for torch_steps.py): regenerates the inputs (checked against the
# CPU machine's checksums), runs every artifact with dlc-exec against the
# CPU path's results, then the same steps in PyTorch eager and torch.compile.
#
#   run.sh [REPO] [--only NAME] [--no-torch]
set -uo pipefail
cd "$(dirname "$0")"
repo=$(cd "${1:-..}" && pwd); shift || true
only="" torch=1
while [ $# -gt 0 ]; do
  case "$1" in
    --only) only=$2; shift 2 ;;
    --no-torch) torch=0; shift ;;
    *) echo "run.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda)'
export PYTHONUNBUFFERED=1
for ex in mlp resnet_bottleneck bert_layer; do
  [ -z "$only" ] || [[ "$ex" == $only* ]] || continue
  [ -f $ex/spec.json ] || continue
  python3 make_inputs.py generate $ex/spec.json /tmp/$ex-in > /tmp/$ex.sha
  if diff -q /tmp/$ex.sha $ex/in.sha > /dev/null; then
    echo "$ex inputs: identical to the CPU machine's"
  else
    echo "$ex inputs: DIFFER from the CPU machine's"
  fi
  for dt in f32 bf16; do
    name=$ex; [ $dt = f32 ] || name=${ex}_$dt
    [ -f $name/$name.dlcx ] || continue
    # f32: the CPU's rounding differs from the GPU's by contraction into
    # FMAs; bf16: by that, rounded to 8 bits at every op's result.
    if [ $dt = f32 ]; then tol="--rtol 1e-4 --atol 1e-5"; else tol="--rtol 5e-2 --atol 5e-2"; fi
    echo "=== dlc $name"
    timeout 300 ./bin/dlc-exec $name/$name.dlcx --inputs /tmp/$ex-in \
      --compare $name/cpu $tol --warmup 2 --repeat 10 --profile 4
    echo "exit $?"
    if [ $torch = 1 ]; then
      echo "=== torch $name"
      timeout 300 python3 "$repo/bench/gpu/torch_steps.py" $name/forward.mlir \
        --inputs /tmp/$ex-in --dtype $dt
    fi
  done
done
