(module
  (func $inner (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))
  (func (export "outer") (param i32) (result i32) (call $inner (local.get 0))))
