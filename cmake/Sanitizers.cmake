# With WASMLINE_SANITIZE every target is built with ASan + UBSan, and UBSan findings abort.
if(WASMLINE_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
