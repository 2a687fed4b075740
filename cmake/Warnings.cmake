# wasmline_set_warnings(target): the project's warning set, errors when WASMLINE_WERROR is on.
function(wasmline_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                           -Wold-style-cast -Wcast-align -Wunused -Woverloaded-virtual
                                           -Wnull-dereference -Wimplicit-fallthrough)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # GCC 12 reports false -Wrestrict errors inside std::string concatenation at -O3 (GCC PR 105329).
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  if(WASMLINE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
