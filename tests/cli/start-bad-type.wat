;; _start must take and return nothing.
(module (func (export "_start") (param i32)))
