;; Writes "x\n" to stdout until fd_write fails, then exits with the WASI errno it returned
;; (PIPE, 64, once the reader has gone).
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "\10\00\00\00\02\00\00\00") ;; iovec: "x\n" at 16, 2 bytes
  (data (i32.const 16) "x\n")
  (func (export "_start") (local $errno i32)
    (loop $again
      (local.set $errno (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
      (br_if $again (i32.eqz (local.get $errno))))
    (call $proc_exit (local.get $errno))))
