;; A module of WebAssembly 3.0 GC types: the text front end reads it; running it waits on GC.
(module
  (rec (type $list (struct (field $head i32) (field $tail (ref null $list)))))
  (func (export "head") (param $l (ref null $list)) (result i32)
    (struct.get $list $head (ref.as_non_null (local.get $l)))))
