;; binary-trees (the Benchmarks Game): allocates many short-lived complete binary trees and one
;; long-lived tree, and counts their nodes. run(depth) returns a checksum: the node counts of every
;; tree it built, summed.
(module
  (type $tree (struct (field $left (ref null $tree)) (field $right (ref null $tree))))

  (func $make (param $depth i32) (result (ref $tree))
    (if (result (ref $tree)) (i32.eqz (local.get $depth))
      (then (struct.new $tree (ref.null $tree) (ref.null $tree)))
      (else
        (local.set $depth (i32.sub (local.get $depth) (i32.const 1)))
        (struct.new $tree (call $make (local.get $depth)) (call $make (local.get $depth))))))

  (func $check (param $t (ref null $tree)) (result i32)
    (local $left (ref null $tree))
    (local.set $left (struct.get $tree $left (local.get $t)))
    (if (result i32) (ref.is_null (local.get $left))
      (then (i32.const 1))
      (else (i32.add (i32.const 1)
                     (i32.add (call $check (local.get $left))
                              (call $check (struct.get $tree $right (local.get $t))))))))

  (func (export "run") (param $max i32) (result i64)
    (local $sum i64) (local $long (ref null $tree)) (local $depth i32) (local $iterations i32)
    (local $i i32)
    (local.set $sum (i64.extend_i32_u (call $check (call $make (i32.add (local.get $max) (i32.const 1))))))
    (local.set $long (call $make (local.get $max)))
    (local.set $depth (i32.const 4))
    (block $done
      (loop $depths
        (br_if $done (i32.gt_u (local.get $depth) (local.get $max)))
        ;; 2^(max - depth + 4) trees of this depth
        (local.set $iterations
          (i32.shl (i32.const 1) (i32.add (i32.sub (local.get $max) (local.get $depth)) (i32.const 4))))
        (local.set $i (i32.const 0))
        (loop $trees
          (local.set $sum (i64.add (local.get $sum)
                                   (i64.extend_i32_u (call $check (call $make (local.get $depth))))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $trees (i32.lt_u (local.get $i) (local.get $iterations))))
        (local.set $depth (i32.add (local.get $depth) (i32.const 2)))
        (br $depths)))
    (i64.add (local.get $sum) (i64.extend_i32_u (call $check (local.get $long))))))
