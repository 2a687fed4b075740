#!/bin/sh
# Compares wasmline's relaxed SIMD results with V8's on this machine (interp/relaxed_simd.h
# documents the choices): harness.wat runs every instruction in V8 (node) on the inputs v8.mjs
# makes, and the results become assertions that wasmline must meet bit for bit.
# Usage: check.sh WASMLINE WORKDIR. Exit 77 (CTest: skipped) without node, wat2wasm, a node with
# relaxed SIMD, or a CPU with SSE4.1 and FMA (V8's choices differ without them).
set -eu
wasmline=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
skip() { echo "skipped: $1"; exit 77; }
command -v node >/dev/null 2>&1 || skip "node not found"
command -v wat2wasm >/dev/null 2>&1 || skip "wat2wasm (wabt) not found"
grep -qw fma /proc/cpuinfo 2>/dev/null && grep -qw sse4_1 /proc/cpuinfo || skip "no FMA or SSE4.1"
# Node 20 (V8 11.3) needs the flag; later versions have relaxed SIMD on and may not know it.
relaxed=--experimental-wasm-relaxed-simd
node $relaxed -e 0 2>/dev/null || relaxed=
mkdir -p "$work"
# wabt 1.0.32 still spells the two dot product instructions without "relaxed_" (the export names
# keep it).
sed -e "s/(i16x8\.relaxed_dot_/(i16x8.dot_/" \
    -e "s/(i32x4\.relaxed_dot_/(i32x4.dot_/" \
    "$here/harness.wat" > "$work/harness-wabt.wat"
wat2wasm --enable-relaxed-simd "$work/harness-wabt.wat" -o "$work/harness.wasm"
WASM="$work/harness.wasm" node $relaxed \
  -e 'new WebAssembly.Module(require("fs").readFileSync(process.env.WASM))' 2>/dev/null ||
  skip "node compiles no relaxed SIMD"
node $relaxed --no-liftoff "$here/v8.mjs" "$work/harness.wasm" > "$work/turbofan.txt"
node $relaxed --liftoff --no-wasm-tier-up "$here/v8.mjs" "$work/harness.wasm" > "$work/liftoff.txt"
# V8's optimizing tier (TurboFan) everywhere but the unsigned truncations, where it gives values
# the spec does not allow for NaN and out-of-range lanes; there its baseline tier (Liftoff), which
# saturates like wasmtime.
{
  cat "$here/harness.wat"
  grep -v 'relaxed_trunc_f[0-9x]*_u' "$work/turbofan.txt"
  grep 'relaxed_trunc_f[0-9x]*_u' "$work/liftoff.txt"
} > "$work/relaxed-simd-v8.wast"
"$wasmline" wast --enable relaxed-simd "$work/relaxed-simd-v8.wast"
