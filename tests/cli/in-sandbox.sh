#!/bin/sh
# in-sandbox.sh COMMAND ARGS...: runs COMMAND in a fresh temporary directory holding
#   outside.txt, sandbox/in.txt ("copied through WASI\n") and sandbox/sub/,
# with @TMP@ in ARGS replaced by that directory's path. After the command, prints
# "out.txt: <contents>" when sandbox/out.txt exists, then exits with the command's status.
set -u
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/sandbox/sub"
printf 'secret\n' >"$tmp/outside.txt"
printf 'copied through WASI\n' >"$tmp/sandbox/in.txt"
command=$1
shift
for arg in "$@"; do
  set -- "$@" "$(printf '%s' "$arg" | sed "s|@TMP@|$tmp|g")"
  shift
done
"$command" "$@"
status=$?
if [ -f "$tmp/sandbox/out.txt" ]; then
  printf 'out.txt: %s\n' "$(cat "$tmp/sandbox/out.txt")"
fi
exit $status
