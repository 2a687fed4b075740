#!/usr/bin/env bash
# Builds the workloads of bench/compare.sh for wasm32-wasi (clang --target=wasm32-wasi -O2 with
# Debian's wasi-libc) and natively (clang -O2), from this repository's kernels and from public
# sources fetched outside the repository (never committed).
#
# Usage: bench/build-programs.sh [SRC_DIR...] OUT
#   Each SRC_DIR is recognised by its contents:
#     CoreMark  (github.com/eembc/coremark: core_main.c)  -> OUT/coremark.{wasm,native}
#     zlib      (github.com/madler/zlib: deflate.c)       -> OUT/zlib.{wasm,native}
#                 with bench/programs/zlib_roundtrip.c as the program
#     Lua 5.4   (github.com/lua/lua, tag v5.4.x: lapi.c) -> OUT/lua.{wasm,native}
#                 with bench/programs/lua_main.c running bench/programs/bench.lua
#   The kernels of bench/kernels/ are always built, as WASI commands (kernel + native_main.c,
#   so `_start` prints run()'s result): OUT/kernel-NAME.{wasm,native}.
# Needs clang, wasm-ld (lld), wasi-libc and libclang-rt-14-dev-wasm32 (scripts/packages.txt).
# Environment: CLANG (default clang), COREMARK_ITERATIONS (default 2000).
set -euo pipefail

if (($# < 1)) || [[ $1 == -h || $1 == --help ]]; then
  awk 'NR > 1 && /^#/ { print; next } NR > 1 { exit }' "$0"
  (($# >= 1)) && exit 0
  exit 2
fi
out=${!#}
sources=("${@:1:$#-1}")
bench=$(cd "$(dirname "$0")" && pwd)
clang=${CLANG:-clang}
iterations=${COREMARK_ITERATIONS:-2000}
mkdir -p "$out"
out=$(cd "$out" && pwd)
work="$out/obj"
mkdir -p "$work"

wasm_cc=("$clang" --target=wasm32-wasi -O2 -fno-math-errno)
native_cc=("$clang" -O2 -fno-math-errno)

# build NAME KIND FLAGS... -- SOURCES...: compiles SOURCES into OUT/NAME.KIND (wasm or native),
# one object per source so a failure names its file; FLAGS come after -O2, so -O0 overrides it.
build() {
  local name=$1 kind=$2
  shift 2
  local flags=() objects=() source object flag
  while [[ $1 != -- ]]; do flags+=("$1"); shift; done
  shift
  local cc=("${native_cc[@]}")
  [[ $kind == wasm ]] && cc=("${wasm_cc[@]}")
  mkdir -p "$work/$name.$kind"
  for source in "$@"; do
    object="$work/$name.$kind/$(basename "$source" .c).o"
    "${cc[@]}" "${flags[@]}" -c "$source" -o "$object"
    objects+=("$object")
  done
  local libs=(-lm)
  # wasi-libc's archive carries DWARF, which would double the modules' size: drop it (the name
  # section stays).
  [[ $kind == wasm ]] && libs=("-Wl,--strip-debug" -lwasi-emulated-process-clocks)
  # The link takes an -O of FLAGS too: for wasm, clang then runs binaryen's wasm-opt at that
  # level when it is on PATH (Debian's binaryen is in scripts/packages.txt).
  local levels=()
  for flag in "${flags[@]}"; do [[ $flag == -O* ]] && levels+=("$flag"); done
  "${cc[@]}" "${levels[@]}" -o "$out/$name.$kind" "${objects[@]}" "${libs[@]}"
  echo "built $out/$name.$kind ($(stat -c %s "$out/$name.$kind") bytes)"
}

for kernel in "$bench"/kernels/*.c; do
  name=kernel-$(basename "$kernel" .c)
  build "$name" wasm -mbulk-memory -- "$kernel" "$bench/native_main.c"
  build "$name" native -- "$kernel" "$bench/native_main.c"
done

for dir in "${sources[@]}"; do
  dir=$(cd "$dir" && pwd)
  if [[ -f "$dir/core_main.c" ]]; then
    # A performance run with CoreMark's default seeds and a fixed iteration count (seeds volatile,
    # so no arguments are needed); CoreMark itself reports its iterations/s.
    for kind in wasm native; do
      build coremark "$kind" -I"$dir" -I"$dir/posix" -DSEED_METHOD=SEED_VOLATILE \
        -DPERFORMANCE_RUN=1 -DITERATIONS="$iterations" -DFLAGS_STR="\"-O2 $kind\"" -- \
        "$dir"/core_list_join.c "$dir"/core_main.c "$dir"/core_matrix.c "$dir"/core_state.c \
        "$dir"/core_util.c "$dir"/posix/core_portme.c
    done
  elif [[ -f "$dir/deflate.c" && -f "$dir/zlib.h" ]]; then
    zlib_sources=()
    for file in adler32 compress crc32 deflate inffast inflate inftrees trees uncompr zutil; do
      zlib_sources+=("$dir/$file.c")
    done
    for kind in wasm native; do
      build zlib "$kind" -I"$dir" -DHAVE_UNISTD_H -- "${zlib_sources[@]}" \
        "$bench/programs/zlib_roundtrip.c"
    done
  elif [[ -f "$dir/lapi.c" ]]; then
    # Lua's core and libraries (not its lua.c/luac.c front ends, nor the ltests.c/onelua.c
    # variants), the script embedded as a C array, and the no-longjmp configuration.
    mkdir -p "$work/lua-include"
    (cd "$bench/programs" && xxd -i bench.lua) > "$work/lua-include/bench_lua.h"
    : > "$work/lua-include/setjmp.h" # wasi-libc has none; lua_nothrow.h replaces its use
    lua_sources=()
    for file in "$dir"/l*.c; do
      case $(basename "$file") in lua.c | luac.c | ltests.c) ;; *) lua_sources+=("$file") ;; esac
    done
    lua_flags=(-I"$dir" -include "$bench/programs/lua_nothrow.h" -D_WASI_EMULATED_PROCESS_CLOCKS
      -D_WASI_EMULATED_SIGNAL)
    # (wasi-libc marks tmpfile deprecated; lua_wasi_tmpfile.c defines it to fail.)
    build lua wasm "${lua_flags[@]}" -I"$work/lua-include" -Wno-deprecated-declarations -- \
      "${lua_sources[@]}" \
      "$bench/programs/lua_main.c" "$bench/programs/lua_nothrow.c" \
      "$bench/programs/lua_wasi_tmpfile.c"
    # Natively the empty setjmp.h must not shadow the system one: only bench_lua.h is needed.
    mkdir -p "$work/lua-native-include"
    cp "$work/lua-include/bench_lua.h" "$work/lua-native-include/"
    build lua native "${lua_flags[@]}" -I"$work/lua-native-include" -- "${lua_sources[@]}" \
      "$bench/programs/lua_main.c" "$bench/programs/lua_nothrow.c"
  else
    echo "build-programs.sh: $dir is none of CoreMark, zlib, Lua (see --help)" >&2
    exit 2
  fi
done
