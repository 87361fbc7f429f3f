#!/usr/bin/env bash
# Times dlc-run on the bundled examples on this machine's CPU and prints a
# Markdown table (median of N runs of the JIT-compiled step, generated
# inputs, seed 0). With --update, also replaces the CPU section of
# docs/benchmarks.md with the table, the machine and the versions.
#
#   bench/cpu/examples.sh [--repeat N] [--update]
#
# A record, not a target: the CPU path is dlc's numerical reference.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
run="${DLC_BUILD_DIR:-$root/build}/bin/dlc-run"
repeat=3
update=0
while [ $# -gt 0 ]; do
  case "$1" in
    --repeat) repeat=$2; shift 2 ;;
    --update) update=1; shift ;;
    *) echo "usage: $0 [--repeat N] [--update]" >&2; exit 2 ;;
  esac
done
[ -x "$run" ] || { echo "error: $run not built (utils/dev.sh build)" >&2; exit 1; }

table="| example | compile (s) | step, median of $repeat (ms) | min (ms) | result #0 (loss) |
| --- | ---: | ---: | ---: | ---: |"
for example in mlp resnet_bottleneck bert_layer; do
  echo "running $example ($repeat times)..." >&2
  out=$("$run" "$root/examples/$example.mlir" --repeat "$repeat")
  compile=$(sed -n 's/.*compiled in \([0-9.]*\) s.*/\1/p' <<<"$out")
  median=$(sed -n 's/^time: \([0-9.]*\) ms.*/\1/p' <<<"$out")
  min=$(sed -n 's/.*min \([0-9.]*\) ms).*/\1/p' <<<"$out")
  loss=$(sed -n 's/^result #0: tensor<f32> = //p' <<<"$out")
  table+=$'\n'"| $example | $compile | $median | ${min:-$median} | $loss |"
done
echo "$table"

if [ "$update" = 1 ]; then
  cpu=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)
  section="## CPU reference path (dlc-run)

Measured $(date -u +%Y-%m-%d) on $cpu, $(nproc) cores (dlc-run uses one),
LLVM/MLIR $(llvm-config-22 --version), \`bench/cpu/examples.sh --repeat $repeat\`.
Single-threaded scalar loops from \`--dlc-cpu-pipeline\`; this path checks numerics
and is not tuned for speed.

$table
"
  doc="$root/docs/benchmarks.md"
  [ -f "$doc" ] || printf '# dlc benchmarks\n\nEvery table says where, when and how it was measured.\n\n' > "$doc"
  python3 - "$doc" "$section" <<'PY'
import re, sys
path, section = sys.argv[1], sys.argv[2]
text = open(path).read()
pattern = re.compile(r"## CPU reference path \(dlc-run\)\n.*?(?=\n## |\Z)", re.S)
text = pattern.sub(lambda m: section.rstrip("\n") + "\n", text) if pattern.search(text) \
    else text.rstrip("\n") + "\n\n" + section
open(path, "w").write(text)
PY
  echo "updated $doc" >&2
fi
