;; A top-level quoted module (libwabt's script parser only takes them inside assertions).
(module $quoted quote
  "(func (export \"f\") (result i32)  ;; a line comment\n"
  "  (i32.const 0x2a))")
(assert_return (invoke "f") (i32.const 42))
(module quote "(func (export \"g\") (result i32) (i32.const 7))")
(assert_return (invoke "g") (i32.const 7))
