#!/bin/sh
# Generates a text input in a temporary directory and runs `wasmline validate` on it.
# Usage: text-inputs.sh WASMLINE KIND, KIND one of
#   deep-parens  a million "(" (a clear error at the second one, no stack overflow)
#   deep-blocks  a function of a million nested folded blocks (valid)
#   too-large    a 1.1 GB text file (sparse on disk), refused before it is read
wasmline=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
file=$dir/input.wat
case $2 in
  deep-parens) head -c 1000000 /dev/zero | tr '\0' '(' > "$file" ;;
  deep-blocks)
    awk 'BEGIN { printf "(module (func"; for (i = 0; i < 1000000; i++) printf " (block";
                 for (i = 0; i < 1000000; i++) printf ")"; printf "))\n" }' > "$file" ;;
  too-large)
    head -c 4096 /dev/zero | tr '\0' ' ' > "$file"
    truncate -s 1100M "$file" ;;
  *) echo "text-inputs.sh: unknown kind $2" >&2; exit 2 ;;
esac
"$wasmline" validate "$file"
