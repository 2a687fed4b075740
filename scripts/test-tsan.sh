#!/usr/bin/env bash
# Builds the ThreadSanitizer configuration (build/tsan: clang if present, RelWithDebInfo) and runs
# the thread stress test for a while, then the threads proposal's spec tests and the memory tests.
# Usage: ./scripts/test-tsan.sh [SECONDS]   (default 60; the stress test's run time)
# Exits non-zero on any TSan report (halt_on_error) or failed test.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
case "$seconds" in
  '' | *[!0-9]*) echo "test-tsan.sh: SECONDS must be a whole number, got '$seconds'" >&2; exit 2 ;;
esac
compilers=()
if command -v clang++ >/dev/null; then compilers=(-DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++); fi
cmake -S . -B build/tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWASMLINE_TSAN=ON \
  -DWASMLINE_DISPATCH=switch "${compilers[@]}" >/dev/null
cmake --build build/tsan --parallel 2 --target threads_stress_test memory_test wasmline-cli
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}
WASMLINE_STRESS_SECONDS=$seconds ./build/tsan/tests/threads_stress_test
# The threads proposal's multi-threaded scripts and the memory's own tests, under TSan too.
ctest --test-dir build/tsan --output-on-failure -R '^spec\.threads\.|^Atomics\.|^Grow\.' \
  --parallel 2
