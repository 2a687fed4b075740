(module (memory 1) (data 3 (i32.const 0) ""))
