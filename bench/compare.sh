#!/usr/bin/env bash
# Times wasmline against other WebAssembly engines and natively on the workloads that
# bench/build-programs.sh builds (the kernels as WASI commands, CoreMark, zlib, Lua, and a
# startup run of the Lua module), checks every output against the native one, and prints a
# Markdown report: per-workload times and ratios, geometric means, CoreMark iterations/s, peak
# RSS, wasmline's validation throughput and IR size. The engines run alternately, round by round.
#
# Usage: bench/compare.sh --programs DIR [--wasmline PATH] [--repeat N] [--workloads "..."]
#                         [--engine NAME=COMMAND]... [--markdown FILE]
#   COMMAND runs a WASI command: {wasm} is the module, {args} its arguments, e.g.
#     --engine 'wasm3=/work/engines/bin/wasm3 {wasm} {args}'
#     --engine 'wamr=/work/engines/bin/iwasm {wasm} {args}'
#     --engine 'v8=node bench/engines/node_wasi.mjs {wasm} {args}'
#   See bench/build-engines.sh and bench/build-programs.sh for building engines and workloads.
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONDONTWRITEBYTECODE=1
exec python3 bench/compare.py "$@"
