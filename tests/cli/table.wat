;; A table of 20 elements that may grow: for --max-table-elements.
(module
  (table 20 funcref)
  (func (export "grow") (param i32) (result i32) (table.grow (ref.null func) (local.get 0))))
