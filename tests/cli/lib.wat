;; A library module for --preload: the main module imports its export.
(module
  (func (export "triple") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3))))
