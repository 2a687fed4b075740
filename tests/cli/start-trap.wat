;; A command whose _start traps.
(module (func $boom (export "_start") unreachable))
