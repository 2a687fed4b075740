;; A linked list of n nodes, built once and walked `rounds` times, with garbage allocated between
;; walks so that the collector traces the whole list again and again. run(n, rounds) returns the
;; sum of every walk.
(module
  (type $node (struct (field $value i64) (field $next (ref null $node))))
  (global $head (mut (ref null $node)) (ref.null $node))

  (func (export "run") (param $n i32) (param $rounds i32) (result i64)
    (local $i i32) (local $at (ref null $node)) (local $sum i64) (local $junk (ref null $node))
    (local.set $i (local.get $n))
    (loop $build
      (global.set $head (struct.new $node (i64.extend_i32_u (local.get $i)) (global.get $head)))
      (local.set $i (i32.sub (local.get $i) (i32.const 1)))
      (br_if $build (i32.ne (local.get $i) (i32.const 0))))
    (loop $round
      (local.set $at (global.get $head))
      (block $end
        (loop $walk
          (br_if $end (ref.is_null (local.get $at)))
          (local.set $sum (i64.add (local.get $sum) (struct.get $node $value (local.get $at))))
          (local.set $at (struct.get $node $next (local.get $at)))
          (br $walk)))
      ;; as many short-lived nodes as the list has
      (local.set $i (local.get $n))
      (loop $garbage
        (local.set $junk (struct.new $node (i64.const 0) (local.get $junk)))
        (if (i32.eqz (i32.and (local.get $i) (i32.const 15))) (then (local.set $junk (ref.null $node))))
        (local.set $i (i32.sub (local.get $i) (i32.const 1)))
        (br_if $garbage (i32.ne (local.get $i) (i32.const 0))))
      (local.set $rounds (i32.sub (local.get $rounds) (i32.const 1)))
      (br_if $round (i32.ne (local.get $rounds) (i32.const 0))))
    (local.get $sum)))
