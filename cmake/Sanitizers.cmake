# With WASMLINE_SANITIZE every target is built with ASan + UBSan, and UBSan findings abort.
if(WASMLINE_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

# The fuzz build instruments every target for libFuzzer's coverage feedback.
if(WASMLINE_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

# With WASMLINE_TSAN every target is built with ThreadSanitizer (scripts/test-tsan.sh); it cannot
# be combined with ASan.
if(WASMLINE_TSAN)
  if(WASMLINE_SANITIZE)
    message(FATAL_ERROR "WASMLINE_TSAN and WASMLINE_SANITIZE cannot be combined")
  endif()
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
endif()
