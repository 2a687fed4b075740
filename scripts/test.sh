#!/usr/bin/env bash
# Builds wasmline (Release) if needed and runs every test through CTest.
# Usage: ./scripts/test.sh [ctest arguments...]
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh release
ctest --test-dir build/release --output-on-failure --parallel "$(nproc)" "$@"
