;; Needs multi-memory and SIMD: for `wasmline inspect`'s feature report.
(module
  (memory 1)
  (memory $b 1)
  (func (export "splat") (result v128) (v128.load $b (i32.const 0))))
