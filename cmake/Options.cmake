# Build options of wasmline. Scripts under scripts/ set them; defaults suit a developer build.
#
# wasmline_option(NAME "help" DEFAULT [STRINGS values...]): a cache option when wasmline is the
# top-level project. As a subproject (add_subdirectory) wasmline adds nothing to the parent's
# cache: the option is a plain variable, DEFAULT unless the parent set NAME (as a variable or a
# cache entry) before add_subdirectory.
macro(wasmline_option name help default)
  if(WASMLINE_TOP_LEVEL)
    set(${name} "${default}" CACHE STRING "${help}")
    if(${ARGC} GREATER 3)
      set(wasmline_option_values ${ARGN})
      list(POP_FRONT wasmline_option_values)
      set_property(CACHE ${name} PROPERTY STRINGS ${wasmline_option_values})
    elseif("${default}" MATCHES "^(ON|OFF)$")
      set_property(CACHE ${name} PROPERTY TYPE BOOL)
    endif()
  elseif(NOT DEFINED ${name})
    set(${name} "${default}")
  endif()
endmacro()

wasmline_option(WASMLINE_WERROR "Treat compiler warnings as errors" OFF)
wasmline_option(WASMLINE_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
wasmline_option(WASMLINE_TSAN "Build with ThreadSanitizer (not with WASMLINE_SANITIZE)" OFF)
wasmline_option(WASMLINE_FUZZ "Build the libFuzzer targets (clang)" OFF)
wasmline_option(WASMLINE_DISPATCH "Interpreter dispatch: computed-goto (labels as values) or switch"
                computed-goto STRINGS computed-goto switch)
# What to build besides the library (wasmline and wasmline_wasi). All on for the top-level project,
# off as a subproject, where only the library and its own dependencies (Threads, utf8cpp) are
# needed; the tests need the tools.
wasmline_option(WASMLINE_BUILD_TOOLS "Build the wasmline CLI and the .wast runner (needs CLI11)"
                ${WASMLINE_TOP_LEVEL})
wasmline_option(WASMLINE_BUILD_TESTS "Build the tests (needs GoogleTest and the tools)"
                ${WASMLINE_TOP_LEVEL})
wasmline_option(WASMLINE_BUILD_EXAMPLES "Build the examples (examples/)" ${WASMLINE_TOP_LEVEL})
wasmline_option(WASMLINE_BUILD_PYTHON
                "Build the Python package wasmline (python/, needs pybind11 and Python 3)"
                ${WASMLINE_TOP_LEVEL})
wasmline_option(WASMLINE_BUILD_BENCH "Define the benchmark kernels (bench/)" ${WASMLINE_TOP_LEVEL})
wasmline_option(WASMLINE_INSTALL "Install rules, wasmlineConfig.cmake and wasmline.pc"
                ${WASMLINE_TOP_LEVEL})
if(WASMLINE_BUILD_TESTS AND NOT WASMLINE_BUILD_TOOLS)
  message(FATAL_ERROR "WASMLINE_BUILD_TESTS needs WASMLINE_BUILD_TOOLS (tests run the CLI)")
endif()
