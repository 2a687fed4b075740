#!/usr/bin/env bash
# Builds the WebAssembly engines wasmline is compared against, from sources fetched outside the
# repository (nothing of them is ever committed), as Release builds.
#
# Usage: bench/build-engines.sh DIR [JOBS]
#   DIR/src/wasm3  wasm3 sources             (github.com/wasm3/wasm3)
#   DIR/src/wamr   WAMR sources              (github.com/bytecodealliance/wasm-micro-runtime)
#   JOBS           parallel compile jobs (default 2)
# Produces DIR/bin/wasm3 (clang), DIR/bin/wasm3-gcc and DIR/bin/iwasm.
#
# wasm3: CMake Release, clang (wasm3's own recommendation for its tail-calling interpreter),
#   -march=native (wasm3's default BUILD_NATIVE), the built-in POSIX WASI (BUILD_WASI=simple:
#   the default uvwasi would download libuv at configure time).
# WAMR:  iwasm of product-mini/platforms/linux, CMake Release, the fast interpreter only
#   (WAMR_BUILD_FAST_INTERP=1, no AOT, no JIT, no fast JIT), libc-wasi, SIMD off (WAMR's SIMD
#   for the interpreter needs simde, downloaded at configure time; no workload uses SIMD).
# Getting the sources, e.g. from a git mirror or clone:
#   git -C wasm3 archive HEAD | tar -x -C DIR/src/wasm3
# The commits used for the README table are listed there.
set -euo pipefail

if (($# < 1)) || [[ $1 == -h || $1 == --help ]]; then
  awk 'NR > 1 && /^#/ { print; next } NR > 1 { exit }' "$0"
  (($# >= 1)) && exit 0
  exit 2
fi
dir=$1
jobs=${2:-2}
dir=$(cd "$dir" && pwd)
mkdir -p "$dir/bin"
nice_cmd=(nice -n 10)

if [[ -d "$dir/src/wasm3" ]]; then
  echo "== wasm3"
  "${nice_cmd[@]}" cmake -S "$dir/src/wasm3" -B "$dir/build/wasm3" -DCMAKE_BUILD_TYPE=Release \
    -DCLANG=ON -DBUILD_WASI=simple > "$dir/build-wasm3.log"
  "${nice_cmd[@]}" cmake --build "$dir/build/wasm3" --parallel "$jobs" >> "$dir/build-wasm3.log"
  cp "$dir/build/wasm3/wasm3" "$dir/bin/wasm3"
  # The same with the system's cc (GCC on Debian), wasm3's other tested compiler: its
  # tail-calling op handlers come out slower with GCC, so the README reports both.
  "${nice_cmd[@]}" cmake -S "$dir/src/wasm3" -B "$dir/build/wasm3-gcc" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=cc -DBUILD_WASI=simple >> "$dir/build-wasm3.log"
  "${nice_cmd[@]}" cmake --build "$dir/build/wasm3-gcc" --parallel "$jobs" >> "$dir/build-wasm3.log"
  cp "$dir/build/wasm3-gcc/wasm3" "$dir/bin/wasm3-gcc"
else
  echo "build-engines.sh: no $dir/src/wasm3, skipping wasm3" >&2
fi

if [[ -d "$dir/src/wamr" ]]; then
  echo "== WAMR iwasm (fast-interp)"
  "${nice_cmd[@]}" cmake -S "$dir/src/wamr/product-mini/platforms/linux" -B "$dir/build/wamr" \
    -DCMAKE_BUILD_TYPE=Release -DWAMR_BUILD_INTERP=1 -DWAMR_BUILD_FAST_INTERP=1 \
    -DWAMR_BUILD_AOT=0 -DWAMR_BUILD_JIT=0 -DWAMR_BUILD_FAST_JIT=0 -DWAMR_BUILD_LAZY_JIT=0 \
    -DWAMR_BUILD_SIMD=0 -DWAMR_BUILD_LIB_SIMDE=0 -DWAMR_BUILD_LIBC_WASI=1 \
    -DWAMR_BUILD_LIBC_BUILTIN=1 > "$dir/build-wamr.log"
  "${nice_cmd[@]}" cmake --build "$dir/build/wamr" --parallel "$jobs" --target iwasm \
    >> "$dir/build-wamr.log"
  cp "$dir/build/wamr/iwasm" "$dir/bin/iwasm"
else
  echo "build-engines.sh: no $dir/src/wamr, skipping WAMR" >&2
fi

echo "built into $dir/bin:"
ls -l "$dir/bin"
