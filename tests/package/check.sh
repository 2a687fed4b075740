#!/bin/sh
# Builds and runs a small outside project against this build of wasmline.
# Usage: check.sh MODE BUILD_DIR PREFIX SOURCE_DIR CMAKE CXX
#   install        install BUILD_DIR into PREFIX (emptied first); no wabt in what it installs
#   find-package   configure tests/package/consumer with find_package(wasmline) from PREFIX
#   pkg-config     compile the consumer with the flags `pkg-config wasmline` gives from PREFIX
#   subproject     configure tests/package/subproject, which add_subdirectory()s SOURCE_DIR
#                  with GoogleTest, CLI11 and wabt unfindable, check that the parent's cache
#                  holds nothing of wasmline's, then build and run the consumer there
#   clean          remove PREFIX and the consumers' build directories
set -eu
mode=$1 build=$2 prefix=$3 source=$4 cmake=$5 cxx=$6
work="$prefix.work"
expected='^wasmline [0-9]+\.[0-9]+\.[0-9]+: 42 from outside, wasi ready$'

run_consumer() {
  output=$("$1")
  echo "$output"
  echo "$output" | grep -Eq "$expected" || { echo "unexpected output from $1" >&2; exit 1; }
}

case "$mode" in
install)
  rm -rf "$prefix" "$work"
  "$cmake" --install "$build" --prefix "$prefix"
  test -f "$prefix/include/wasmline/wasmline.h"
  test -f "$prefix/include/wasmline/version.h"
  # The product needs no libwabt (the text format is wasmline's own; wabt is a test oracle).
  if grep -ril wabt "$prefix/lib" --include='*.cmake' --include='*.pc'; then
    echo "the installed package above refers to wabt" >&2
    exit 1
  fi
  if nm -u "$(find "$prefix" -name libwasmline.a)" | grep -q wabt; then
    echo "the installed libwasmline.a needs wabt symbols" >&2
    exit 1
  fi
  ;;
find-package)
  rm -rf "$work/find-package"
  "$cmake" -S "$source/tests/package/consumer" -B "$work/find-package" \
    -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_DISABLE_FIND_PACKAGE_wabt=ON
  "$cmake" --build "$work/find-package"
  run_consumer "$work/find-package/consumer"
  ;;
pkg-config)
  rm -rf "$work/pkg-config"
  mkdir -p "$work/pkg-config"
  libdir=$(dirname "$(find "$prefix" -name wasmline.pc)")
  flags=$(PKG_CONFIG_PATH="$libdir" pkg-config --cflags --libs wasmline)
  echo "pkg-config wasmline: $flags"
  # shellcheck disable=SC2086 # the flags are words
  "$cxx" -std=c++20 -o "$work/pkg-config/consumer" "$source/tests/package/consumer/main.cpp" $flags
  run_consumer "$work/pkg-config/consumer"
  ;;
subproject)
  # GoogleTest, CLI11 and wabt are made unfindable: the library must not ask for them.
  rm -rf "$work/subproject"
  "$cmake" -S "$source/tests/package/subproject" -B "$work/subproject" \
    -DCMAKE_CXX_COMPILER="$cxx" -DSUBPROJECT_SOURCE_DIR="$source" \
    -DCMAKE_DISABLE_FIND_PACKAGE_GTest=ON -DCMAKE_DISABLE_FIND_PACKAGE_CLI11=ON \
    -DCMAKE_DISABLE_FIND_PACKAGE_wabt=ON
  cache="$work/subproject/CMakeCache.txt"
  if grep -E '^(WASMLINE_[A-Z_]*|CMAKE_BUILD_TYPE:STRING=.+|GTest_DIR|CLI11_DIR|wabt_DIR)' \
    "$cache"; then
    echo "the wasmline subproject left the entries above in the parent's cache" >&2
    exit 1
  fi
  "$cmake" --build "$work/subproject" --target consumer --parallel 2
  run_consumer "$work/subproject/consumer"
  ;;
clean)
  rm -rf "$prefix" "$work"
  ;;
*)
  echo "check.sh: unknown mode $mode" >&2
  exit 2
  ;;
esac
