#!/usr/bin/env bash
# Times parsing and encoding the WebAssembly 3.0 suite (core/ and proposals/{threads,
# custom-page-sizes,wide-arithmetic}) with wasmline's text front end and with wabt 1.0.32, on the
# files both can parse (wabt fails on about a third of them, aborting on some).
#
#   per process: wasmline (bench/text_parse.cpp --once, one process per file) against wast2json
#     --no-check (parse, encode, write the modules and the JSON to a tmpfs directory; no
#     validation, like the text front end) and plain wast2json (with its validator). Figures are
#     CPU seconds (user + system) of the whole loop, minus those of starting /bin/true as often.
#   in process: bench/text_parse.cpp against bench/wabt_parse.cpp (libwabt's script parser and
#     binary writer; it leaves quoted modules unparsed), all files read first; wall and CPU
#     milliseconds and, when `perf` can count them, instructions.
# Each figure is the best of N rounds (default 3). The machine's load varies: compare the rows of
# one run, not runs with each other.
#
# Usage: bench/text_speed.sh [--build-dir DIR] [--repeat N] [--suite DIR]
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=build/release
repeat=3
suite=../shared/wasm-3.0-testsuite
while (($#)); do
  case "$1" in
    --build-dir) build_dir=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --suite) suite=$2; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "text_speed.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
command -v wast2json > /dev/null || { echo "text_speed.sh: wast2json (Debian package wabt) is missing" >&2; exit 1; }
cmake --build "$build_dir" --target bench_text_parse bench_wabt_parse > /dev/null
ours=$build_dir/bench/bench_text_parse
theirs=$build_dir/bench/bench_wabt_parse

out=$(mktemp -d /dev/shm/text-speed.XXXXXX 2>/dev/null || mktemp -d)
trap 'rm -rf "$out"' EXIT

mapfile -t all < <(find "$suite/core" "$suite/proposals/threads" "$suite/proposals/custom-page-sizes" \
                        "$suite/proposals/wide-arithmetic" -name '*.wast' | sort)
both=()
for file in "${all[@]}"; do
  if { (wast2json --enable-all --no-check "$file" -o "$out/probe.json") &&
       ("$theirs" --repeat 1 "$file"); } > /dev/null 2>&1; then
    both+=("$file")
  fi
  rm -rf "${out:?}"/*
done
bytes=$(cat "${both[@]}" | wc -c)
list=$out/files
printf '%s\n' "${both[@]}" > "$list"

# cpu_seconds COMMAND: the least user + system seconds of $repeat runs of COMMAND FILE for every
# file (COMMAND is a shell snippet reading $f and $out).
cpu_seconds() {
  local best="" seconds
  for ((round = 0; round < repeat; round++)); do
    seconds=$( { /usr/bin/time -f '%U %S' bash -c "
      while read -r f; do ($1) > /dev/null 2>&1 || true; rm -f '$out'/*.wasm '$out'/*.wat '$out'/*.json; done < '$list'
    " ; } 2>&1 | tail -1 | awk '{ printf "%.2f", $1 + $2 }')
    if [[ -z $best ]] || awk -v a="$seconds" -v b="$best" 'BEGIN { exit !(a < b) }'; then
      best=$seconds
    fi
  done
  echo "$best"
}

echo "${#both[@]} of ${#all[@]} files parse with wabt too: $((bytes / 1000)) kB of text"
echo
spawn=$(cpu_seconds '/bin/true "$f"')
row() { # label seconds
  awk -v label="$1" -v s="$2" -v spawn="$spawn" -v b="$bytes" 'BEGIN {
    net = s - spawn; if (net < 0.01) net = 0.01
    printf "  %-50s %6.2f s %6.2f s %7.1f MB/s\n", label, s, net, b / 1e6 / net }'
}
echo "one process per file (CPU time; net: minus $spawn s for starting /bin/true as often)"
row "wasmline text front end (parse + encode)" "$(cpu_seconds "'$ours' --once \"\$f\"")"
row "wast2json --no-check (parse + encode + write)" \
    "$(cpu_seconds "wast2json --enable-all --no-check \"\$f\" -o '$out/x.json'")"
row "wast2json (parse + validate + encode + write)" \
    "$(cpu_seconds "wast2json --enable-all \"\$f\" -o '$out/x.json'")"
echo
echo "in process (every file read first, then parsed; best of $repeat rounds)"
echo "  wasmline: $("$ours" --repeat "$repeat" "${both[@]}")"
echo "  libwabt:  $("$theirs" --repeat "$repeat" "${both[@]}" 2> /dev/null)"
if perf stat -x, -e instructions:u true 2>&1 | grep -q '^[0-9]'; then
  instructions() { perf stat -x, -e instructions:u "$@" 2>&1 >/dev/null | awk -F, '/instructions/ { printf "%.0f", $1 / 1e6 }'; }
  echo "  instructions (one round, millions): wasmline $(instructions "$ours" --repeat 1 "${both[@]}")," \
       "libwabt $(instructions "$theirs" --repeat 1 "${both[@]}")"
fi
echo
echo "every file of the suite, wasmline in process: $("$ours" --repeat "$repeat" "${all[@]}")"
