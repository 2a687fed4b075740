#!/usr/bin/env bash
# Load-time figures: decoding + validation throughput (MB/s of module), compilation of every body
# to IR (MB/s of code, validation included, as a first call does it) and IR bytes per byte of
# wasm code, for the programs of bench/build-programs.sh (if given) and a generated ~1 MB module
# (bench/gen_module.py). In process, best CPU time of N rounds (bench/startup_stats.cpp).
#
# Usage: bench/startup_stats.sh [--build-dir DIR] [--repeat N] [--programs DIR]
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=build/release
repeat=5
programs=
while (($#)); do
  case "$1" in
    --build-dir) build_dir=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --programs) programs=$2; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "startup_stats.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
cmake --build "$build_dir" --target bench_startup_stats > /dev/null
generated=$build_dir/bench/generated-1mb.wasm
python3 bench/gen_module.py "$generated"
modules=()
if [[ -n $programs ]]; then
  for name in lua zlib coremark; do
    [[ -f $programs/$name.wasm ]] && modules+=("$programs/$name.wasm")
  done
fi
modules+=("$generated")
"$build_dir/bench/bench_startup_stats" --repeat "$repeat" "${modules[@]}"
