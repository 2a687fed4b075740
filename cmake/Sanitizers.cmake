# With WASMLINE_SANITIZE every target is built with ASan + UBSan, and UBSan findings abort.
if(WASMLINE_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

# The fuzz build instruments every target for libFuzzer's coverage feedback.
if(WASMLINE_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
