;; A module of WebAssembly 3.0 GC types: a recursive list type, built and summed.
(module
  (rec (type $list (struct (field $head i32) (field $tail (ref null $list)))))
  (func (export "head") (param $l (ref null $list)) (result i32)
    (struct.get $list $head (ref.as_non_null (local.get $l))))
  ;; The sum of 1..n, through a list of n nodes.
  (func (export "sum") (param $n i32) (result i32)
    (local $l (ref null $list)) (local $sum i32)
    (block $done
      (loop $build
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $l (struct.new $list (local.get $n) (local.get $l)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $build)))
    (block $end
      (loop $walk
        (br_if $end (ref.is_null (local.get $l)))
        (local.set $sum (i32.add (local.get $sum) (call 0 (local.get $l))))
        (local.set $l (struct.get $list $tail (local.get $l)))
        (br $walk)))
    (local.get $sum)))
