#!/usr/bin/env bash
# Builds a libFuzzer target (clang, ASan + UBSan) and fuzzes it for a while.
# Usage: ./scripts/fuzz.sh TARGET SECONDS [libFuzzer options...]
#   TARGET   decode, execute or text (the targets `tests/fuzz/TARGET_fuzzer.cpp` builds)
#   SECONDS  how long to run (libFuzzer's -max_total_time)
# The build lives in build/fuzz. The binary targets' seed corpus (build/fuzz/corpus/seed, made
# once) holds every module binary of both spec suites: the 2.0 suite's text modules converted by
# Debian's wast2json, the 3.0 suite's `binary "..."` modules from core-bin/*.bin.wast. The text
# target's (build/fuzz/corpus/seed-text, made once) holds every top-level command of every .wast
# script of both suites (core-bin/ included), one file each (scripts/wast_commands.py): module
# texts, module assertions (`module quote` ones too), actions; commands over 64 KiB are left out.
# The text target also gets a dictionary (build/fuzz/text.dict): every instruction name of
# binary/opcodes.def and the keywords of modules and scripts. New inputs libFuzzer finds go to
# build/fuzz/corpus/TARGET (kept between runs), crashes to build/fuzz/artifacts/. The final
# statistics (number of executions) are printed at the end; the exit status is libFuzzer's
# (0: nothing found). Environment: WASMLINE_TESTSUITE_DIR, WASMLINE_TESTSUITE3_DIR to move the
# suites; FUZZ_JOBS=N runs N fuzzing processes in parallel (default 1).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 2 ]; then
  sed -n '2,17p' "$0" >&2
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

extra=()
if [ "$target" = text ]; then
  seed=$build/corpus/seed-text
  if [ ! -f "$seed/.complete" ]; then
    for dir in "$suite2" "$suite3"; do
      [ -d "$dir" ] || { echo "fuzz.sh: spec suite not found at $dir" >&2; exit 1; }
    done
    rm -rf "$seed"
    find "$suite2" "$suite3" -name '*.wast' -print0 | sort -z |
      xargs -0 python3 scripts/wast_commands.py "$seed" 65536
    touch "$seed/.complete"
  fi
  dict=$build/text.dict
  {
    sed -n 's/^WASM_OP([^,]*, [^,]*, [^,]*, \("[^"]*"\).*/\1/p' binary/opcodes.def | sort -u
    for word in module func param result local type import export table memory global elem \
      data start tag offset item declare mut rec sub final struct array field funcref externref \
      anyref eqref i31ref structref arrayref nullref nullfuncref nullexternref exnref ref null \
      func extern any eq i31 exn noexn i32 i64 f32 f64 v128 i8 i16 shared pagesize 'then' 'else' \
      'end' 'do' catch catch_ref catch_all catch_all_ref delegate quote binary definition instance \
      register invoke get assert_return assert_trap assert_exhaustion assert_exception \
      assert_malformed assert_invalid assert_unlinkable either thread wait nan:canonical \
      nan:arithmetic nan:0x inf 0x offset= align= '(' ')' '(;' ';)' ';;' '(@' '(@custom' \
      '(@name' '(@metadata.code.branch_hint' '\\u{' '$'; do
      printf '"%s"\n' "$word"
    done
  } > "$dict"
  extra=(-dict="$dict")
else
  seed=$build/corpus/seed
  if [ ! -f "$seed/.complete" ]; then
    for dir in "$suite2" "$suite3/core-bin"; do
      [ -d "$dir" ] || { echo "fuzz.sh: spec suite not found at $dir" >&2; exit 1; }
    done
    rm -rf "$seed" && mkdir -p "$seed"
    scratch=$(mktemp -d)
    trap 'rm -rf "$scratch"' EXIT
    # 2.0: wast2json writes each module of a script as a .wasm file (text ones in
    # assert_malformed stay .wat and are skipped). Scripts it cannot read (newer syntax)
    # contribute nothing.
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
fi
echo "seed corpus: $(find "$seed" -type f ! -name .complete | wc -l) inputs in $seed"

work=$build/corpus/$target
mkdir -p "$work" "$build/artifacts"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
jobs=${FUZZ_JOBS:-1}
parallel=()
if [ "$jobs" -gt 1 ]; then parallel=(-jobs="$jobs" -workers="$jobs"); fi
exec "$fuzzer" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=3072 -print_final_stats=1 \
  -artifact_prefix="$build/artifacts/$target-" "${parallel[@]}" "${extra[@]}" "$@" "$work" "$seed"
