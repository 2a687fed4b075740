;; Imports "lib" "triple": run with --preload lib=cli/lib.wat.
(module
  (import "lib" "triple" (func $triple (param i32) (result i32)))
  (func (export "nine") (result i32) (call $triple (i32.const 3))))
