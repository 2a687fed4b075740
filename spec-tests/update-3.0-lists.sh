#!/usr/bin/env bash
# Rewrites the rows of spec-tests/skips-3.0.txt from a run of the spec-3.0 tests, and prints the
# files with failing assertions (for expected-failures-3.0.txt, whose rows carry a reason each and
# are edited by hand). Usage: spec-tests/update-3.0-lists.sh [build-dir]  (default build/release)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
ctest --test-dir "$build" -L spec-3.0 -j2 -V > "$log" 2>&1 || true
{
  grep '^#' spec-tests/skips-3.0.txt
  grep -o 'ratchet-skips: .*' "$log" | sed 's/^ratchet-skips: //' | awk '$2 > 0' | sort
} > spec-tests/skips-3.0.txt.new
mv spec-tests/skips-3.0.txt.new spec-tests/skips-3.0.txt
echo "files with failing assertions (failed count):"
grep -o 'ratchet-failed: .*' "$log" | sed 's/^ratchet-failed: //' | awk '$2 > 0' | sort
