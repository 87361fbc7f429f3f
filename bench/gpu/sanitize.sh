#!/usr/bin/env bash
# On the GPU machine: runs every example artifact (a directory prepare.sh
# made) and every op case (a directory `check.py --gpu-cases=DIR` made) with
# dlc-exec under compute-sanitizer's four tools, and prints one table per
# artifact x tool and one for the op cases:
#
#   sanitize.sh STEPS OPS [--tools "memcheck racecheck initcheck synccheck"]
#               [--only PATTERN] [--jobs N] [--timeout S] [--logs DIR]
#               [--racecheck-jobs N] [--racecheck-split K]
#               [--racecheck-parts "I J ..."]
#               [--dlc-exec BIN] [--label TEXT] [--separate-buffers]
#
# STEPS or OPS may be '-' to leave that half out. Exits 1 if any run reports
# an error or a racecheck hazard, fails (no match, a crash, no sanitizer
# summary) or runs past --timeout (default 600 s); 0 when every run is clean.
#
# What runs under which tool: everything under all four. Each artifact runs
# one step (--warmup 0 --repeat 1) on the inputs make_inputs.py regenerates
# (checked against the CPU machine's checksums), compared with the CPU
# path's results (prepare.sh's tolerances, as run.sh uses them); each op
# case once, against the NumPy reference with its case.txt tolerance. So a
# run is clean only if the sanitizer found nothing AND the results match.
# racecheck is the slow tool on the large steps: the BERT layer took about
# 86 s under it on one earlier run, and on an H200 (2026-12-02) none of the
# BERT and ResNet steps, f32 or bf16, finished under it in 240 s with 11
# other sanitizer runs on the GPU beside it, nor in 150 s split in three
# (below) with 15 others; the MLP's took 12-23 s. So the runs go in two
# phases. First every run but racecheck on the steps, in parallel (--jobs,
# default 12, each its own process on the one GPU; an op case took 2.4 s
# under memcheck on average 12 at a time, 8.7 s with the large racecheck
# runs beside them). Then racecheck on the steps (BERT, ResNet, MLP),
# --racecheck-jobs at a time (default 1). --racecheck-split K (default 1)
# splits each of those into K runs, run i checking the i-th K-th of the
# step's launches (--launch-skip, --launch-count; every run executes the
# whole step and compares its results), so that together they check every
# launch once; in the one trial above it did not bring a part under 150 s,
# but alone on the GPU the f32 BERT layer in 16 parts, 8 at a time, took
# 309 s in all (slowest part 284 s), the f32 ResNet stage in 24 parts, 12 at
# a time, 262 s (212 s): the parts' racecheck runs overlap on the GPU.
# --racecheck-parts "I J ..." runs only those of the K parts (numbered from
# 0), so that a step's parts can be spread over several calls; the table
# then says how many of the K ran. --only PATTERN keeps the artifacts and op
# cases whose name matches the shell glob PATTERN ('bert_layer' is that one
# step, 'bert*' the f32 and the bf16 one).
# The per-run --timeout (default 600 s) ends a run that hangs. The times in
# the tables are wall-clock seconds per run under its phase's load, the
# sanitizer's start included (a split step: its slowest part). The two
# phases have not yet been run in this order in one call: budget a long
# call, or spread the work over several with --only and --tools.
#
# Tool options (each added only where this compute-sanitizer's --help lists
# it): every tool --error-exitcode 86 and a log file per run;
#   memcheck   --leak-check full, --padding 256 (guard bytes after each
#              allocation: counts only where buffers are allocated one by
#              one, see below)
#   racecheck  --racecheck-report analysis, --racecheck-detect-level warn,
#              --racecheck-memcpy-async yes (the tensor-core kernels fill
#              shared memory with cp.async)
#   initcheck  --check-api-memory-access yes (copies of unwritten bytes to
#              the host count too); not --track-unused-memory (a flag that
#              reports allocations not wholly used, not wrong accesses)
#   synccheck  defaults
#
# What the tools can see: dlc-exec puts every buffer in one allocation
# (256-byte aligned) and zeroes each buffer that has no data at load. So
# memcheck flags only accesses outside that whole allocation, and initcheck
# only reads of the alignment padding between buffers and of the rounding at
# the end; a read of an arena or result byte that no kernel wrote reads a
# zero written at load and is not flagged. --separate-buffers runs dlc-exec
# with its own --separate-buffers: each buffer its own allocation and only
# the step's arguments zeroed, which the tools see more of (though still
# nothing between the tensors inside the arena, one buffer); see
# docs/reliability.md.
set -uo pipefail

steps=${1:?usage: sanitize.sh STEPS OPS [options]}
ops=${2:?usage: sanitize.sh STEPS OPS [options]}
shift 2
tools="memcheck racecheck initcheck synccheck"
only="*" parts="" jobs=12 timeout=600 logs="" exec_bin="" label="" split=1 exec_extra=
race_jobs=1
while [ $# -gt 0 ]; do
  case "$1" in
    --tools) tools=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    --logs) logs=$2; shift 2 ;;
    --dlc-exec) exec_bin=$2; shift 2 ;;
    --label) label=$2; shift 2 ;;
    --separate-buffers) exec_extra=" --separate-buffers"; shift ;;
    --racecheck-split) split=$2; shift 2 ;;
    --racecheck-jobs) race_jobs=$2; shift 2 ;;
    --racecheck-parts) parts=$2; shift 2 ;;
    *) echo "sanitize.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
[[ "$split" =~ ^[1-9][0-9]*$ ]] ||
  { echo "sanitize.sh: --racecheck-split takes a count above 0, not '$split'" >&2; exit 2; }
if [ -z "$parts" ]; then
  parts=$(seq 0 $((split - 1)))
else
  for i in $parts; do
    [[ "$i" =~ ^[0-9]+$ ]] && [ "$i" -lt "$split" ] || {
      echo "sanitize.sh: --racecheck-parts: '$i' is not a part of 0..$((split - 1))" >&2
      exit 2
    }
  done
fi
[ "$steps" = - ] || steps=$(cd "$steps" && pwd) || exit 2
[ "$ops" = - ] || ops=$(cd "$ops" && pwd) || exit 2
if [ -z "$exec_bin" ]; then
  [ "$steps" != - ] || { echo "sanitize.sh: no STEPS: give --dlc-exec" >&2; exit 2; }
  exec_bin=$steps/bin/dlc-exec
fi
exec_bin=$(cd "$(dirname "$exec_bin")" && pwd)/$(basename "$exec_bin")
sanitizer=${COMPUTE_SANITIZER:-$(command -v compute-sanitizer ||
                                 echo /usr/local/cuda/bin/compute-sanitizer)}
[ -x "$sanitizer" ] || { echo "sanitize.sh: no compute-sanitizer" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -n "$logs" ] || logs=$work/logs
mkdir -p "$logs" "$work/res"
logs=$(cd "$logs" && pwd)

# The tools' options, those this sanitizer knows.
help=$("$sanitizer" --help 2>&1)
has() { grep -q -- "$1" <<< "$help"; }
# (opt_<tool>, exported to the runs' shells.)
opt_memcheck="--leak-check full"
has --padding && opt_memcheck+=" --padding 256"
opt_racecheck="--racecheck-report analysis --racecheck-detect-level warn"
has --racecheck-memcpy-async && opt_racecheck+=" --racecheck-memcpy-async yes"
opt_initcheck=""
has --check-api-memory-access && opt_initcheck+=" --check-api-memory-access yes"
opt_synccheck=""
export opt_memcheck opt_racecheck opt_initcheck opt_synccheck
for t in $tools; do
  v=opt_$t
  [ -n "${!v+set}" ] || { echo "sanitize.sh: unknown tool '$t'" >&2; exit 2; }
done

echo "sanitize.sh${label:+ ($label)}: $("$sanitizer" --version | grep -i version | head -1)"
echo "sanitize.sh: dlc-exec $exec_bin$exec_extra"
for t in $tools; do v=opt_$t; echo "  $t: --error-exitcode 86 ${!v}"; done

# The jobs, one line each: kind name tool part, the slow ones first (part:
# "-", or "i/K" for the i-th of K launch ranges).
jobs_file=$work/jobs race_file=$work/race-jobs
: > "$jobs_file"
: > "$race_file"
artifacts=()
if [ "$steps" != - ]; then
  for ex in bert_layer resnet_bottleneck mlp; do
    [ -f "$steps/$ex/spec.json" ] || continue
    n=${#artifacts[@]}
    for name in $ex ${ex}_bf16; do
      if [ -f "$steps/$name/$name.dlcx" ] && [[ "$name" == $only ]]; then
        artifacts+=("$name")
      fi
    done
    [ ${#artifacts[@]} -gt "$n" ] || continue
    # The inputs, as run.sh regenerates them.
    python3 "$steps/make_inputs.py" generate "$steps/$ex/spec.json" \
      "$work/$ex-in" > "$work/$ex.sha" || exit 2
    if ! diff -q "$work/$ex.sha" "$steps/$ex/in.sha" > /dev/null; then
      echo "sanitize.sh: $ex inputs DIFFER from the CPU machine's" >&2
      exit 1
    fi
  done
  for t in $tools; do
    for a in "${artifacts[@]}"; do
      if [ "$t" != racecheck ]; then
        echo "step $a $t -" >> "$jobs_file"
      elif [ "$split" -gt 1 ]; then
        for i in $parts; do echo "step $a $t $i/$split"; done >> "$race_file"
      else
        echo "step $a $t -" >> "$race_file"
      fi
    done
  done
fi
cases=()
if [ "$ops" != - ]; then
  for c in "$ops"/*/case.txt; do
    c=$(basename "$(dirname "$c")")
    [[ "$c" == $only ]] && cases+=("$c")
  done
  for t in $tools; do
    for c in "${cases[@]}"; do echo "op $c $t -"; done
  done >> "$jobs_file"
fi
[ -s "$jobs_file" ] || [ -s "$race_file" ] || { echo "sanitize.sh: nothing to run" >&2; exit 2; }

# One run: writes res/<run> = "status errors warnings seconds rc", where
# <run> is <kind>.<name>.<tool>, with .<i>of<K> for a part.
one() {
  local kind=$1 name=$2 tool=$3 part=$4 cmd tol rtol atol label opts=opt_$3
  local run=$kind.$name.$tool range=""
  if [ "$part" != - ]; then
    local i=${part%/*} k=${part#*/} n per
    n=$(grep -a -m1 '^launches ' "$steps/$name/$name.dlcx" | cut -d' ' -f2)
    per=$(( (n + k - 1) / k ))
    range="--launch-skip $((i * per)) --launch-count $per"
    run+=".${i}of$k"
  fi
  local log=$logs/$run.log out=$logs/$run.out
  if [ "$kind" = step ]; then
    local ex=${name%_bf16}
    if [ "$ex" = "$name" ]; then tol="--rtol 1e-4 --atol 1e-5"
    else tol="--rtol 5e-2 --atol 5e-2"; fi
    cmd="$exec_bin $steps/$name/$name.dlcx --inputs $work/$ex-in --compare $steps/$name/cpu $tol --warmup 0 --repeat 1$exec_extra"
  else
    read -r rtol atol label < "$ops/$name/case.txt"
    cmd="$exec_bin $ops/$name/case.dlcx --inputs=$ops/$name --compare=$ops/$name --rtol=$rtol --atol=$atol --warmup=0 --repeat=1$exec_extra"
  fi
  local t0 t1 rc
  t0=$(date +%s.%N)
  # shellcheck disable=SC2086
  timeout "$timeout" "$sanitizer" --tool "$tool" --error-exitcode 86 \
    ${!opts} $range --log-file "$log" $cmd > "$out" 2>&1
  rc=$?
  t1=$(date +%s.%N)
  local errors warnings summary status
  summary=$(grep -E "(ERROR|RACECHECK) SUMMARY" "$log" 2>/dev/null | tail -1)
  if [[ "$summary" =~ \(([0-9]+)\ errors?,\ ([0-9]+)\ warnings?\) ]]; then
    errors=${BASH_REMATCH[1]} warnings=${BASH_REMATCH[2]}
  elif [[ "$summary" =~ ERROR\ SUMMARY:\ ([0-9]+)\ error ]]; then
    errors=${BASH_REMATCH[1]} warnings=0
  else
    errors=- warnings=-
  fi
  if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then status=TIMEOUT
  elif [ "$errors" = - ]; then status=NO-SUMMARY
  elif [ "$errors" != 0 ] || [ "$rc" = 86 ]; then status=ERRORS
  elif [ "$warnings" != 0 ]; then status=HAZARDS
  elif [ "$rc" != 0 ]; then status=FAILED
  else status=clean; fi
  echo "$status $errors $warnings $(awk "BEGIN { printf \"%.1f\", $t1 - $t0 }") $rc" \
    > "$work/res/$run"
  echo "$status $run ($(cut -d' ' -f4 "$work/res/$run") s)"
}
export -f one
export logs work steps ops exec_bin sanitizer timeout
start=$(date +%s)
echo "sanitize.sh: $(wc -l < "$jobs_file") runs, $jobs at a time, then $(wc -l < "$race_file") racecheck runs on the steps, $race_jobs at a time"
# shellcheck disable=SC2016
xargs -r -P "$jobs" -L 1 bash -c 'one "$@"' _ < "$jobs_file" > "$logs/progress.txt"
echo "sanitize.sh: first phase done in $(( $(date +%s) - start )) s"
# shellcheck disable=SC2016
xargs -r -P "$race_jobs" -L 1 bash -c 'one "$@"' _ < "$race_file" >> "$logs/progress.txt"
echo "sanitize.sh: all runs done in $(( $(date +%s) - start )) s"

# The tables.
bad=0
cell() { # kind name tool -> "clean, 12.3 s": the parts' worst, summed, slowest
  local files=() f
  for f in "$work/res/$1.$2.$3" "$work/res/$1.$2.$3".*of*; do
    [ -f "$f" ] && files+=("$f")
  done
  [ ${#files[@]} -gt 0 ] || { echo "-"; return; }
  cat "${files[@]}" | awk -v parts=${#files[@]} -v k="$split" '
    { rank = $1 == "clean" ? 0 : $1 == "FAILED" ? 1 : $1 == "HAZARDS" ? 2 : $1 == "ERRORS" ? 3 : 4
      if (rank >= worst) { worst = rank; s = $1; rc = $5 }
      e += $2; w += $3; if ($4 > sec) sec = $4 }
    END { split_ = k == 1 ? "" : parts == k ? " (" parts " parts)" : " (" parts " of " k " parts)"
          if (s == "clean") printf "clean, %.1f s%s", sec, split_
          else if (s == "ERRORS") printf "**%d errors**, %.1f s%s", e, sec, split_
          else if (s == "HAZARDS") printf "**%d hazards**, %.1f s%s", w, sec, split_
          else if (s == "FAILED") printf "**exit %s**, %.1f s%s", rc, sec, split_
          else printf "**%s**, %.1f s%s", s, sec, split_ }'
}
header="|"; rule="|"
for t in $tools; do header+=" $t |"; rule+=" --- |"; done
if [ ${#artifacts[@]} -gt 0 ]; then
  echo
  echo "Artifacts${label:+ ($label)}: one step under each tool (result, wall seconds)"
  echo
  echo "| artifact $header"
  echo "| --- $rule"
  for a in "${artifacts[@]}"; do
    row="| $a |"
    for t in $tools; do row+=" $(cell step "$a" "$t") |"; done
    echo "$row"
  done
fi
if [ ${#cases[@]} -gt 0 ]; then
  echo
  echo "Op cases${label:+ ($label)}: ${#cases[@]} cases under each tool (clean of all; wall seconds summed, slowest case)"
  echo
  echo "| op cases $header"
  echo "| --- $rule"
  row="| ${#cases[@]} cases |"
  for t in $tools; do
    row+=" $(for c in "${cases[@]}"; do
               echo "$c $(cat "$work/res/op.$c.$t" 2>/dev/null || echo missing - - 0 -)"
             done | awk '{ n++; if ($2 == "clean") ok++; sum += $5;
                           if (at == "" || $5 > max) { max = $5; at = $1 } }
                         END { printf "%s%d of %d clean%s, %.0f s (slowest %.1f s, %s)",
                               ok == n ? "" : "**", ok, n, ok == n ? "" : "**",
                               sum, max, at }') |"
  done
  echo "$row"
fi
echo
for f in "$work"/res/*; do
  read -r s e w _ rc < "$f"
  [ "$s" = clean ] && continue
  bad=1
  r=$(basename "$f")
  echo "not clean: $r: $s (errors $e, warnings $w, exit $rc): $logs/$r.log, $logs/$r.out"
done
[ $bad = 0 ] && echo "sanitize.sh: every run clean${label:+ ($label)}"
exit $bad
