#!/bin/sh
# Sends SIGNAL to `wasmline [--interruptible] --invoke spin MODULE` once it runs; checks the exit
# status and the message (with --interruptible: the trap and its wasm backtrace).
# Usage: signal.sh WASMLINE MODULE SIGNAL EXPECTED-STATUS [--interruptible]
wasmline=$1 module=$2 signal=$3 expected=$4 flag=$5
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$wasmline" $flag --invoke spin "$module" >"$out" 2>&1 &
pid=$!
sleep 0.5
kill -s "$signal" "$pid"
wait "$pid"
status=$?
cat "$out"
[ "$status" -eq "$expected" ] || exit 1
if [ -n "$flag" ]; then
  grep -q "^error: wasm trap: interrupted by SIG$signal" "$out" && grep -q "wasm backtrace:" "$out"
else
  grep -qx "error: interrupted by SIG$signal" "$out"
fi
