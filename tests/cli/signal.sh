#!/bin/sh
# Sends SIGNAL to `wasmline [--interruptible] --invoke spin MODULE` once it runs; checks the exit
# status and the message (with --interruptible: the trap and its wasm backtrace).
# Usage: signal.sh WASMLINE MODULE SIGNAL EXPECTED-STATUS [--interruptible]
wasmline=$1 module=$2 signal=$3 expected=$4 flag=$5
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$wasmline" $flag --invoke spin "$module" >"$out" 2>&1 &
pid=$!
# Signal only once wasmline has installed its handler (the bit of the signal in SigCgt of
# /proc/PID/status): a background job of a shell script starts with SIGINT ignored, and a slow
# start (a sanitizer build on a loaded machine) must not lose the signal. At most 30 s.
case "$signal" in INT) bit=2 ;; TERM) bit=15 ;; *) bit=$(kill -l "$signal") ;; esac
tries=0
while [ "$tries" -lt 300 ]; do
  mask=$(sed -n 's/^SigCgt:[[:space:]]*//p' "/proc/$pid/status" 2>/dev/null)
  [ -n "$mask" ] || break
  mask=${mask#????????}
  [ $(( 0x$mask >> (bit - 1) & 1 )) -eq 1 ] && break
  sleep 0.1
  tries=$((tries + 1))
done
sleep 0.2
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
