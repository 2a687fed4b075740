;; A command without a memory export: _start still runs (and exits with proc_exit's status).
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (func (export "_start") (call $exit (i32.const 3))))
