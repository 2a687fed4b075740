#!/usr/bin/env bash
# Configures and builds one configuration of wasmline into build/<config>.
# Usage: ./scripts/build.sh [release|asan]
#   release: optimized, computed-goto dispatch (the default)
#   asan:    Debug with AddressSanitizer + UndefinedBehaviorSanitizer, switch dispatch
set -euo pipefail
cd "$(dirname "$0")/.."
config=${1:-release}
jobs=$(nproc)

case "$config" in
  release) options=(-DCMAKE_BUILD_TYPE=Release -DWASMLINE_DISPATCH=computed-goto) ;;
  asan) options=(-DCMAKE_BUILD_TYPE=Debug -DWASMLINE_SANITIZE=ON -DWASMLINE_DISPATCH=switch) ;;
  *) echo "build.sh: unknown configuration '$config' (release or asan)" >&2; exit 2 ;;
esac

cmake -S . -B "build/$config" -G Ninja -DWASMLINE_WERROR=ON "${options[@]}"
cmake --build "build/$config" --parallel "$jobs"
