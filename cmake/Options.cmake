# Build options of wasmline. Scripts under scripts/ set them; defaults suit a developer build.
option(WASMLINE_WERROR "Treat compiler warnings as errors" OFF)
option(WASMLINE_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(WASMLINE_TSAN "Build with ThreadSanitizer (not with WASMLINE_SANITIZE)" OFF)
option(WASMLINE_FUZZ "Build the libFuzzer targets (clang)" OFF)
set(WASMLINE_DISPATCH "computed-goto" CACHE STRING
    "Interpreter dispatch: computed-goto (labels as values) or switch")
set_property(CACHE WASMLINE_DISPATCH PROPERTY STRINGS computed-goto switch)
