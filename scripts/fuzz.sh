#!/usr/bin/env bash
# Builds a libFuzzer target (clang, ASan + UBSan) and fuzzes it for a while.
# Usage: ./scripts/fuzz.sh TARGET SECONDS [libFuzzer options...]
#   TARGET   decode or execute (the targets `tests/fuzz/TARGET_fuzzer.cpp` builds)
#   SECONDS  how long to run (libFuzzer's -max_total_time)
# The build lives in build/fuzz. The seed corpus (build/fuzz/corpus/seed, made once) holds every
# module binary of both spec suites: the 2.0 suite's text modules converted by Debian's wast2json,
# the 3.0 suite's `binary "..."` modules from core-bin/*.bin.wast. New inputs libFuzzer finds go
# to build/fuzz/corpus/TARGET (kept between runs), crashes to build/fuzz/artifacts/. The final
# statistics (number of executions) are printed at the end; the exit status is libFuzzer's
# (0: nothing found). Environment: WASMLINE_TESTSUITE_DIR, WASMLINE_TESTSUITE3_DIR to move the
# suites; FUZZ_JOBS=N runs N fuzzing processes in parallel (default 1).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 2 ]; then
  sed -n '2,13p' "$0" >&2
  exit 2
fi
target=$1
seconds=$2
shift 2
case "$seconds" in
  '' | *[!0-9]*) echo "fuzz.sh: SECONDS must be a whole number, got '$seconds'" >&2; exit 2 ;;
esac
suite2=${WASMLINE_TESTSUITE_DIR:-$PWD/../shared/wasm-testsuite}
suite3=${WASMLINE_TESTSUITE3_DIR:-$PWD/../shared/wasm-3.0-testsuite}
build=build/fuzz

# -O1 with assertions on, switch dispatch (as in the ASan configuration; it also compiles in a
# fraction of the time the labels-as-values loop takes under ASan).
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g" "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -g" \
  -DWASMLINE_DISPATCH=switch -DWASMLINE_FUZZ=ON -DWASMLINE_SANITIZE=ON >/dev/null
cmake --build "$build" --parallel 2 --target "${target}_fuzzer"
fuzzer=$(find "$build" -name "${target}_fuzzer" -type f -perm -u+x | head -n 1)
if [ -z "$fuzzer" ]; then
  echo "fuzz.sh: no fuzzer binary ${target}_fuzzer in $build" >&2
  exit 1
fi

seed=$build/corpus/seed
if [ ! -f "$seed/.complete" ]; then
  for dir in "$suite2" "$suite3/core-bin"; do
    [ -d "$dir" ] || { echo "fuzz.sh: spec suite not found at $dir" >&2; exit 1; }
  done
  rm -rf "$seed" && mkdir -p "$seed"
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
  # 2.0: wast2json writes each module of a script as a .wasm file (text ones in assert_malformed
  # stay .wat and are skipped). Scripts it cannot read (newer syntax) contribute nothing.
  count=0
  for wast in "$suite2"/*.wast "$suite2"/proposals/*/*.wast; do
    count=$((count + 1))
    wast2json --enable-all "$wast" -o "$scratch/s$count.json" >/dev/null 2>&1 || true
  done
  for wasm in "$scratch"/*.wasm; do
    cp "$wasm" "$seed/$(sha1sum "$wasm" | cut -c1-40).wasm"
  done
  echo "seed corpus: $(ls "$seed" | wc -l) modules from the 2.0 suite ($count scripts)"
  python3 scripts/wast_binaries.py "$seed" $(find "$suite3/core-bin" -name '*.bin.wast' | sort)
  touch "$seed/.complete"
fi
echo "seed corpus: $(ls "$seed" | wc -l) modules in $seed"

work=$build/corpus/$target
mkdir -p "$work" "$build/artifacts"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
jobs=${FUZZ_JOBS:-1}
parallel=()
if [ "$jobs" -gt 1 ]; then parallel=(-jobs="$jobs" -workers="$jobs"); fi
exec "$fuzzer" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=3072 -print_final_stats=1 \
  -artifact_prefix="$build/artifacts/$target-" "${parallel[@]}" "$@" "$work" "$seed"
