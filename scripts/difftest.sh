#!/usr/bin/env bash
# Differential testing for a while: builds tests/diff/difftest (Release) and runs it on seeds
# from FIRST (default: the current time, so that each run tries new modules) for SECONDS.
# Usage: ./scripts/difftest.sh SECONDS [FIRST]
# Mismatching modules are kept in the work directory it prints; exit status 1 when there are any.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 1 ]; then
  sed -n '2,5p' "$0" >&2
  exit 2
fi
seconds=$1
first=${2:-$(date +%s)}
case "$seconds$first" in
  *[!0-9]*) echo "difftest.sh: SECONDS and FIRST must be whole numbers" >&2; exit 2 ;;
esac
command -v wasm-opt >/dev/null || { echo "difftest.sh: wasm-opt not found (apt-get install binaryen)" >&2; exit 1; }
./scripts/build.sh release >/dev/null
work=$(mktemp -d /tmp/wasmline-difftest-XXXXXX)
echo "difftest: seeds from $first for $seconds s, work directory $work"
status=0
./build/release/tests/diff/difftest --first "$first" --seconds "$seconds" --work "$work" || status=$?
if [ "$status" -eq 0 ]; then rm -rf "$work"; fi
exit "$status"
