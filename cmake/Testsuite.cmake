# Location of the official WebAssembly spec testsuite. It is never copied into the project; the
# spec tests fail (they do not skip) when it is missing.
set(WASMLINE_TESTSUITE_DIR "${PROJECT_SOURCE_DIR}/../shared/wasm-testsuite"
    CACHE PATH "Directory of the WebAssembly spec testsuite (the .wast files)")
get_filename_component(WASMLINE_TESTSUITE_DIR "${WASMLINE_TESTSUITE_DIR}" ABSOLUTE)
if(NOT EXISTS "${WASMLINE_TESTSUITE_DIR}/address.wast")
  message(WARNING "WebAssembly testsuite not found at ${WASMLINE_TESTSUITE_DIR}: "
                  "spec tests will fail until WASMLINE_TESTSUITE_DIR points at it")
endif()

# The WebAssembly 3.0 suite (core/, proposals/ with threads, custom-page-sizes, wide-arithmetic),
# likewise never copied; its spec tests fail when it is missing.
set(WASMLINE_TESTSUITE3_DIR "${PROJECT_SOURCE_DIR}/../shared/wasm-3.0-testsuite"
    CACHE PATH "Directory of the WebAssembly 3.0 spec testsuite (with core/ and proposals/)")
get_filename_component(WASMLINE_TESTSUITE3_DIR "${WASMLINE_TESTSUITE3_DIR}" ABSOLUTE)
if(NOT EXISTS "${WASMLINE_TESTSUITE3_DIR}/core/address.wast")
  message(WARNING "WebAssembly 3.0 testsuite not found at ${WASMLINE_TESTSUITE3_DIR}: "
                  "its spec tests will fail until WASMLINE_TESTSUITE3_DIR points at it")
endif()
