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
#
# Environment: DLC_BUILD_DIR (default build), DLC_EXAMPLE (default
# examples/bert_layer.mlir), DLC_BUDGET (default 0.5, a --dlc-remat budget),
# DLC_DEVICE (default: cuda when nvidia-smi sees a GPU, else cpu),
# DLC_JOBS (default: all cores).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${DLC_BUILD_DIR:-$root/build}
example=${DLC_EXAMPLE:-$root/examples/bert_layer.mlir}

packages=(cmake ninja-build ccache python3 python3-numpy python3-torch clang-22 lld-22 libgtest-dev
          pkg-config coinor-libcbc-dev zlib1g-dev libfmt-dev
          llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools)

usage() {
  sed -n '2,22s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
  exit "${1:-0}"
}

step() { printf '\n==> %s\n' "$*"; }

install_packages() {
  local missing=() pkg
  for pkg in "${packages[@]}"; do
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

configure_and_build() {
  local llvm_cmake
  llvm_cmake=$(llvm-config-22 --cmakedir)
  if [ ! -f "$build/build.ninja" ]; then
    step "Configuring $build"
    cmake -G Ninja -S "$root" -B "$build" \
      -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
      -DLLVM_USE_LINKER=lld \
      -DMLIR_DIR="$llvm_cmake/../mlir"
  fi
  step "Building"
  cmake --build "$build" ${DLC_JOBS:+-j "$DLC_JOBS"}
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
  step "Its training step, unconstrained (the graph analysis' peak)"
  "$build/bin/dlc-opt" "$example" --dlc-autodiff --dlc-memory-report \
    -o /dev/null 2>&1 | grep -E '^(memory report|  peak:|  saved activations:)'
  step "Its training step rematerialized to budget=$budget of its saved activations"
  "$build/bin/dlc-opt" "$example" --dlc-autodiff "--dlc-remat=budget=$budget" \
    --dlc-memory-report -o "$step" 2>&1 | grep -E '^(dlc-remat:|memory report|  peak:|  saved activations:)'
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

case "${1:-}" in
  example) install_packages; configure_and_build; run_example ;;
  test) install_packages; configure_and_build; run_tests ;;
  build) install_packages; configure_and_build ;;
  -h|--help|help) usage 0 ;;
  *) usage 2 ;;
esac
