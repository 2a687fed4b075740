# Location of the official WebAssembly spec testsuite. It is never copied into the project; the
# spec tests fail (they do not skip) when it is missing.
set(WASMLINE_TESTSUITE_DIR "${PROJECT_SOURCE_DIR}/../shared/wasm-testsuite"
    CACHE PATH "Directory of the WebAssembly spec testsuite (the .wast files)")
get_filename_component(WASMLINE_TESTSUITE_DIR "${WASMLINE_TESTSUITE_DIR}" ABSOLUTE)
if(NOT EXISTS "${WASMLINE_TESTSUITE_DIR}/address.wast")
  message(WARNING "WebAssembly testsuite not found at ${WASMLINE_TESTSUITE_DIR}: "
                  "spec tests will fail until WASMLINE_TESTSUITE_DIR points at it")
endif()
