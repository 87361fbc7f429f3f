#!/usr/bin/env bash
# dlc's one entry point for setting up, building and checking a checkout on
# Debian 12. It installs the Debian packages that are missing (apt-get, as
# root or through sudo), configures build/ with CMake and Ninja against the
# installed LLVM/MLIR 22, builds, and then:
#
#   utils/dev.sh example   runs the main job on the bundled BERT-layer example:
#                          its training step (--dlc-autodiff) rematerialized
#                          to half its saved activations (--dlc-remat), run on
#                          the GPU when one is present (dlc-run --device=cuda)
#                          and on the CPU otherwise, printing the planned and
#                          measured memory and the step time
#   utils/dev.sh test      runs every test (CTest, which runs the lit suite)
#   utils/dev.sh build     only installs and builds
#   utils/dev.sh fuzz [TARGET] [SECONDS]
#                          builds the libFuzzer targets of fuzz/ (ir, csv,
#                          npy, dlcx; fuzz/README.md) in build-fuzz/ with
#                          ASan and UBSan, makes their seed corpora from the
#                          tests (and from what a test run left in the build
#                          directory) and runs each (TARGET all, the default)
#                          or TARGET alone for SECONDS (default 60), printing
#                          its executions, coverage and crashes; the inputs
#                          that crashed are kept in
#                          build-fuzz/fuzz/<target>/crashes/, and the command
#                          fails when the run added any
#   utils/dev.sh sanitize  builds dlc in build-asan/ with ASan and UBSan and
#                          runs the lit suite and the unit tests there,
#                          printing the wall time of each
#
# Environment: DLC_BUILD_DIR (default build), DLC_EXAMPLE (default
# examples/bert_layer.mlir), DLC_BUDGET (default 0.5, a --dlc-remat budget),
# DLC_DEVICE (default: cuda when nvidia-smi sees a GPU, else cpu),
# DLC_JOBS (default: all cores), DLC_FUZZ_BUILD_DIR (default build-fuzz),
# DLC_ASAN_BUILD_DIR (default build-asan), DLC_LIT_FILTER (sanitize: run only
# the lit tests whose path matches this regular expression).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${DLC_BUILD_DIR:-$root/build}
example=${DLC_EXAMPLE:-$root/examples/bert_layer.mlir}

packages=(cmake ninja-build ccache python3 python3-numpy python3-torch clang-22 lld-22 libgtest-dev
          pkg-config coinor-libcbc-dev zlib1g-dev libfmt-dev
          llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools)
# clang-22's ASan, UBSan and libFuzzer runtimes, for `fuzz` and `sanitize`.
sanitizer_packages=(libclang-rt-22-dev)

usage() {
  sed -n '2,/^[^#]/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
  exit "${1:-0}"
}

step() { printf '\n==> %s\n' "$*"; }

# Installs what is missing of `packages` and of any packages named.
install_packages() {
  local missing=() pkg
  for pkg in "${packages[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" ||
      missing+=("$pkg")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    step "Debian packages: all present"
    return
  fi
  step "Installing Debian packages: ${missing[*]}"
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null ||
      { echo "error: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
  fi
  "${sudo[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q \
    --no-install-recommends "${missing[@]}"
}

# Configures build directory $1 (once) with dlc's usual options and any
# further CMake arguments, and builds it (the targets in DLC_TARGETS, else
# all).
configure_and_build_dir() {
  local dir=$1 llvm_cmake
  shift
  llvm_cmake=$(llvm-config-22 --cmakedir)
  if [ ! -f "$dir/build.ninja" ]; then
    step "Configuring $dir"
    cmake -G Ninja -S "$root" -B "$dir" \
      -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
      -DLLVM_USE_LINKER=lld \
      -DMLIR_DIR="$llvm_cmake/../mlir" "$@"
  fi
  step "Building $dir"
  cmake --build "$dir" ${DLC_JOBS:+-j "$DLC_JOBS"} \
    ${DLC_TARGETS:+--target $DLC_TARGETS}
}

configure_and_build() {
  configure_and_build_dir "$build" -DCMAKE_BUILD_TYPE=Release
}

# The instrumented builds: -O1 with line tables, so that reports name the
# source line and the suite runs in reasonable time; NDEBUG as in Release,
# because the installed libMLIR.so is built with it and some of LLVM's
# classes (statistics) change layout without it.
instrumented_flags="-O1 -gline-tables-only -DNDEBUG"

# Where ASan and UBSan print and stop: every UBSan report with its stack,
# and llvm-symbolizer from LLVM 22 for the file and line of each frame.
# Leaks are checked too: MLIR's global state (dialects, options, uniqued
# storage) is still reachable at exit, so LeakSanitizer reports none of it,
# and what it reports is a leak of dlc's. Options given in the environment
# come last and win.
sanitizer_environment() {
  export ASAN_SYMBOLIZER_PATH="$(llvm-config-22 --bindir)/llvm-symbolizer"
  export ASAN_OPTIONS="detect_leaks=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
}

run_example() {
  local name stem step device budget=${DLC_BUDGET:-0.5}
  name=$(realpath --relative-to="$root" "$example")
  stem=$(basename "$example" .mlir)
  step="$build/examples/${stem}_train.mlir"
  device=${DLC_DEVICE:-}
  if [ -z "$device" ]; then
    device=cpu
    if command -v nvidia-smi >/dev/null && nvidia-smi -L >/dev/null 2>&1; then
      device=cuda
    fi
  fi
  mkdir -p "$build/examples"
  step "Verifying $name"
  "$build/bin/dlc-opt" "$example" --print-op-stats -o /dev/null
  step "Its training step, unconstrained (the compiled step's bytes and the graph analysis' peak)"
  "$build/bin/dlc-opt" "$example" --dlc-autodiff --dlc-memory-report \
    -o /dev/null 2>&1 | grep -E '^(memory report|  compiled step:|  graph-level peak:|  saved activations:)'
  step "Its training step rematerialized to budget=$budget of its saved activations"
  "$build/bin/dlc-opt" "$example" --dlc-autodiff "--dlc-remat=budget=$budget" \
    --dlc-memory-report -o "$step" 2>&1 | grep -E '^(dlc-remat:|memory report|  compiled step:|  graph-level peak:|  saved activations:)'
  step "Running @${stem}_train on the $device (generated inputs, seed 0)"
  # A step on two CPU cores takes about a minute: time one there, three on a GPU.
  local repeat=1
  [ "$device" = cpu ] || repeat=3
  "$build/bin/dlc-run" "$step" --entry="${stem}_train" --device="$device" --repeat=$repeat
}

run_tests() {
  step "Running the tests"
  ctest --test-dir "$build" --output-on-failure
}

fuzz_build=${DLC_FUZZ_BUILD_DIR:-$root/build-fuzz}
fuzz_targets=(ir csv npy dlcx)

# The longest input each target takes (kMaxInputBytes in fuzz/*-fuzzer.cpp).
fuzz_max_len() {
  case "$1" in
    ir|csv) echo 16384 ;;
    npy|dlcx) echo 65536 ;;
  esac
}

# Runs fuzz target $1 for $2 seconds in libFuzzer's fork mode, which goes on
# after a crash, a timeout (10 s for one input) or running out of memory, so
# that one run finds as many as it can; then prints what it did.
run_fuzzer() {
  local target=$1 seconds=$2 dir="$fuzz_build/fuzz/$1" before after log
  mkdir -p "$dir/corpus" "$dir/crashes"
  log="$dir/fuzz.log"
  before=$(ls "$dir/crashes" | wc -l)
  step "Fuzzing $target for $seconds s (log: $log)"
  "$fuzz_build/bin/$target-fuzzer" -fork=1 -ignore_crashes=1 \
    -ignore_timeouts=1 -ignore_ooms=1 -max_total_time="$seconds" \
    -timeout=10 -rss_limit_mb=4096 -max_len="$(fuzz_max_len "$target")" \
    -artifact_prefix="$dir/crashes/" \
    "$dir/corpus" "$fuzz_build/fuzz/seeds/$target" >"$log" 2>&1 || true
  after=$(ls "$dir/crashes" | wc -l)
  # The last status line of fork mode:
  # #<execs>: cov: C ft: F corp: N exec/s: E oom/timeout/crash: O/T/C time: Ss
  local stats
  stats=$(grep -E '^#[0-9]+: cov:' "$log" | tail -1 || true)
  if [ -z "$stats" ]; then
    echo "$target: the fuzzer printed no status; see $log"
    return 1
  fi
  awk -v t="$target" -v n=$((after - before)) -v d="$dir/crashes" '{
    sub(/^#/, "", $1); sub(/:$/, "", $1)
    printf "%s: %s executions, coverage %s, features %s, corpus %s, " \
           "oom/timeout/crash %s, in %s; new inputs in %s: %d\n",
           t, $1, $3, $5, $7, $11, $13, d, n }' <<<"$stats"
  [ "$after" -eq "$before" ]
}

run_fuzz() {
  local only=${1:-} seconds=${2:-60} target status=0 harvest=()
  [ "$only" != all ] || only=
  if [ -n "$only" ] && [[ ! " ${fuzz_targets[*]} " =~ " $only " ]]; then
    echo "error: unknown fuzz target '$only'; one of: ${fuzz_targets[*]}" >&2
    exit 2
  fi
  [[ "$seconds" =~ ^[1-9][0-9]*$ ]] ||
    { echo "error: SECONDS must be a whole number above 0, not '$seconds'" >&2; exit 2; }
  DLC_TARGETS=dlc-fuzzers configure_and_build_dir "$fuzz_build" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDLC_ENABLE_FUZZERS=ON \
    "-DCMAKE_C_FLAGS_RELWITHDEBINFO=$instrumented_flags" \
    "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=$instrumented_flags"
  step "Making the seed corpora"
  local dir
  for dir in "$build/test" "${DLC_ASAN_BUILD_DIR:-$root/build-asan}/test"; do
    [ -d "$dir" ] && harvest+=(--harvest "$dir")
  done
  rm -rf "$fuzz_build/fuzz/seeds"
  python3 "$root/fuzz/make-seeds.py" "$fuzz_build/fuzz/seeds" "${harvest[@]}"
  sanitizer_environment
  for target in "${fuzz_targets[@]}"; do
    [ -z "$only" ] || [ "$only" = "$target" ] || continue
    run_fuzzer "$target" "$seconds" || status=1
  done
  return $status
}

run_sanitize() {
  local asan_build=${DLC_ASAN_BUILD_DIR:-$root/build-asan} flags start status=0
  flags="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
  configure_and_build_dir "$asan_build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    "-DCMAKE_C_FLAGS_RELWITHDEBINFO=$instrumented_flags" \
    "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=$instrumented_flags" \
    "-DCMAKE_C_FLAGS=$flags" "-DCMAKE_CXX_FLAGS=$flags" \
    "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address,undefined"
  sanitizer_environment
  step "Running the unit tests under ASan and UBSan"
  start=$SECONDS
  "$asan_build/bin/dlc-unittests" --gtest_brief=1 || status=1
  echo "unit tests: $((SECONDS - start)) s"
  step "Running the lit suite under ASan and UBSan"
  start=$SECONDS
  "$(llvm-config-22 --bindir)/lit" -sv ${DLC_JOBS:+-j "$DLC_JOBS"} \
    --param sanitized=1 \
    ${DLC_LIT_FILTER:+--filter "$DLC_LIT_FILTER"} "$asan_build/test" ||
    status=1
  echo "lit suite: $((SECONDS - start)) s"
  return $status
}

case "${1:-}" in
  example) install_packages; configure_and_build; run_example ;;
  test) install_packages; configure_and_build; run_tests ;;
  build) install_packages; configure_and_build ;;
  fuzz) [ $# -le 3 ] || usage 2
        install_packages "${sanitizer_packages[@]}"; run_fuzz "${2:-}" "${3:-}" ;;
  sanitize) install_packages "${sanitizer_packages[@]}"; run_sanitize ;;
  -h|--help|help) usage 0 ;;
  *) usage 2 ;;
esac
