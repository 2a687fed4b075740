;; An exception nothing catches, thrown two calls deep, and one caught.
(module
  (tag $oops (export "oops") (param i32))
  (func $thrower (param i32) (throw $oops (local.get 0)))
  (func (export "uncaught") (param i32) (call $thrower (local.get 0)))
  (func (export "caught") (param i32) (result i32)
    (block $handler (result i32)
      (try_table (catch $oops $handler) (call $thrower (local.get 0)))
      (i32.const -1))))
