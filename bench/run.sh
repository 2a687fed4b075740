#!/usr/bin/env bash
# Times the benchmark kernels on wasmline, wabt's wasm-interp, natively, and on any extra engine,
# checks every result against the native one, and prints a table with per-kernel ratios and
# their geometric means.
#
# Usage: bench/run.sh [--build-dir DIR] [--repeat N] [--kernels "fib sieve ..."]
#                     [--engine NAME=COMMAND]...
#   COMMAND runs one kernel; {wasm} in it is replaced by the kernel's .wasm path, e.g.
#   --engine 'wasm3=wasm3 --func run {wasm}'. Its output must end with the result number.
#   Each measurement is the best of N runs (default 3).
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=build/release
repeat=3
kernels="fib sieve matmul nbody hash switch memops"
native_repeat=20
engines=("wasmline=$build_dir/tools/wasmline run --invoke run {wasm}"
         "wasm-interp=wasm-interp --run-all-exports {wasm}")
while (($#)); do
  case "$1" in
    --build-dir) build_dir=$2; engines[0]="wasmline=$build_dir/tools/wasmline run --invoke run {wasm}"; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --kernels) kernels=$2; shift 2 ;;
    --engine) engines+=("$2"); shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

cmake --build "$build_dir" --target bench-kernels wasmline-cli > /dev/null

now_ns() { date +%s%N; }

# best_time COMMAND...: prints "<milliseconds> <result>" for the fastest of $repeat runs, or
# "error <first line of output>" when the command fails or prints no number.
best_time() {
  local best="" result="" output start end elapsed
  for ((i = 0; i < repeat; i++)); do
    start=$(now_ns)
    if ! output=$("$@" 2>&1); then
      echo "error ${output%%$'\n'*}"
      return
    fi
    end=$(now_ns)
    elapsed=$(((end - start) / 1000))
    result=$(grep -oE '[0-9]+' <<<"$output" | tail -n 1 || true)
    [[ -n "$result" ]] || { echo "error no result in: ${output%%$'\n'*}"; return; }
    if [[ -z "$best" || $elapsed -lt $best ]]; then best=$elapsed; fi
  done
  awk -v us="$best" -v r="$result" 'BEGIN { printf "%.1f %s\n", us / 1000, r }'
}

names=()
for engine in "${engines[@]}"; do names+=("${engine%%=*}"); done

printf '%-8s %10s' kernel "native ms"
for name in "${names[@]}"; do printf ' %14s' "$name ms"; done
printf ' %12s %12s\n' "interp/wline" "wline/native"

log_speedup=0 log_slowdown=0 counted=0
for kernel in $kernels; do
  wasm="$build_dir/bench/$kernel.wasm"
  read -r native_ms expected < <(best_time "$build_dir/bench/bench_native_$kernel" "$native_repeat")
  native_ms=$(awk -v t="$native_ms" -v n="$native_repeat" 'BEGIN { printf "%.2f", t / n }')
  printf '%-8s %10s' "$kernel" "$native_ms"
  declare -A times=()
  for engine in "${engines[@]}"; do
    name=${engine%%=*}
    command=${engine#*=}
    read -r -a argv <<<"${command//\{wasm\}/$wasm}"
    read -r ms result < <(best_time "${argv[@]}")
    if [[ "$ms" == error ]]; then
      printf ' %14s' "error"
      echo "  $kernel on $name: $result" >>/tmp/wasmline-bench-errors.$$
    elif [[ "$result" != "$expected" ]]; then
      printf ' %14s' "WRONG"
      echo "  $kernel on $name: result $result, native $expected" >>/tmp/wasmline-bench-errors.$$
    else
      printf ' %14s' "$ms"
      times[$name]=$ms
    fi
  done
  if [[ -n "${times[wasmline]:-}" && -n "${times[wasm-interp]:-}" ]]; then
    read -r speedup slowdown < <(awk -v w="${times[wasmline]}" -v i="${times[wasm-interp]}" \
      -v n="$native_ms" 'BEGIN { printf "%.2f %.2f\n", i / w, w / n }')
    printf ' %12s %12s\n' "${speedup}x" "${slowdown}x"
    log_speedup=$(awk -v a="$log_speedup" -v s="$speedup" 'BEGIN { print a + log(s) }')
    log_slowdown=$(awk -v a="$log_slowdown" -v s="$slowdown" 'BEGIN { print a + log(s) }')
    counted=$((counted + 1))
  else
    printf ' %12s %12s\n' "-" "-"
  fi
  unset times
done
if ((counted > 0)); then
  awk -v s="$log_speedup" -v d="$log_slowdown" -v n="$counted" 'BEGIN {
    printf "geometric mean over %d kernels: wasmline is %.2fx faster than wasm-interp, %.2fx slower than native\n",
      n, exp(s / n), exp(d / n) }'
else
  echo "geometric mean: no kernel ran on both wasmline and wasm-interp"
fi
if [[ -f /tmp/wasmline-bench-errors.$$ ]]; then
  echo "problems:"
  cat /tmp/wasmline-bench-errors.$$
  rm -f /tmp/wasmline-bench-errors.$$
fi
