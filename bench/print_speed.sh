#!/usr/bin/env bash
# Times the text-format printer (`wasmline print`) and compares it with wabt's wasm2wat.
#
#   in process: bench/print_speed.cpp decodes the modules once and prints them flat and folded,
#     best of N rounds (CPU time): MB/s of binary read and of text written. Two inputs: every
#     module of the 3.0 core suite that decodes (many small modules), and the WASI test programs
#     (C with wasi-libc, 15-240 kB each, DWARF custom sections included).
#   per process: `wasmline print` and `wasm2wat` on each WASI program (CPU seconds of the loop,
#     best of N). wasm2wat leaves custom sections out; wasmline prints them as (@custom)
#     annotations, so its text is larger.
# The machine's load varies: compare the rows of one run, not runs with each other.
#
# Usage: bench/print_speed.sh [--build-dir DIR] [--repeat N] [--suite DIR]
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=build/release
repeat=5
suite=../shared/wasm-3.0-testsuite
while (($#)); do
  case "$1" in
    --build-dir) build_dir=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --suite) suite=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "print_speed.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
cmake --build "$build_dir" --target bench_print wasmline-cli wasi-programs > /dev/null
bench=$build_dir/bench/bench_print
wasmline=$build_dir/tools/wasmline
mapfile -t programs < <(find "$build_dir/tests/wasi" -maxdepth 1 -name '*.wasm' | sort)
mapfile -t scripts < <(find "$suite/core" -name '*.wast' | sort)

echo "in process (CPU time, best of $repeat rounds)"
echo "  3.0 core suite, every module that decodes:"
"$bench" --repeat "$repeat" "${scripts[@]}" | sed 's/^/    /'
if ((${#programs[@]})); then
  echo "  WASI test programs (${#programs[@]}):"
  "$bench" --repeat "$repeat" "${programs[@]}" | sed 's/^/    /'
else
  echo "  (no WASI test programs: clang for wasm32-wasi is missing)"
fi

if ((${#programs[@]})) && command -v wasm2wat > /dev/null; then
  # cpu_seconds COMMAND: the least user + system seconds of $repeat loops running COMMAND on
  # every program ($f), output discarded.
  cpu_seconds() {
    local best="" seconds
    for ((round = 0; round < repeat; round++)); do
      seconds=$( { /usr/bin/time -f '%U %S' bash -c "
        for f in ${programs[*]}; do $1 > /dev/null; done" ; } 2>&1 | tail -1 |
        awk '{ printf "%.3f", $1 + $2 }')
      if [[ -z $best ]] || awk -v a="$seconds" -v b="$best" 'BEGIN { exit !(a < b) }'; then
        best=$seconds
      fi
    done
    echo "$best"
  }
  bytes=$(cat "${programs[@]}" | wc -c)
  echo
  echo "one process per WASI program ($((bytes / 1000)) kB of binary; CPU seconds, best of $repeat)"
  printf '  %-34s %s s\n' "wasmline print" "$(cpu_seconds "'$wasmline' print \$f")"
  printf '  %-34s %s s\n' "wasmline print --folded" "$(cpu_seconds "'$wasmline' print --folded \$f")"
  printf '  %-34s %s s\n' "wasm2wat" "$(cpu_seconds 'wasm2wat $f')"
  printf '  %-34s %s s\n' "wasm2wat --fold-exprs" "$(cpu_seconds 'wasm2wat --fold-exprs $f')"
fi
