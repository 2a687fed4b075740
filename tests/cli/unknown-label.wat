(module
  (func
    (block $out
      (br $nowhere))))
