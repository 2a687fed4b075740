#!/usr/bin/env bash
# Builds the Debug + ASan/UBSan configuration (switch dispatch) and runs every test there.
# Usage: ./scripts/test-sanitizers.sh [ctest arguments...]
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh asan
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ctest --test-dir build/asan --output-on-failure --parallel "$(nproc)" "$@"
