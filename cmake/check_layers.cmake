# Checks that no source file includes a header from a layer above its own (README, "Architecture").
# Usage: cmake -DSOURCE_DIR=<project root> -P cmake/check_layers.cmake
# Each rule: a folder, then the include prefixes its files may use ("wasmline/" is the public
# API's headers). Folders not listed (tests, bench) may include anything.
set(rules
    "include/wasmline|wasmline/"
    "base|base/ wasmline/"
    "memory|memory/ wasmline/"
    "binary|binary/ wasmline/"
    "interp|interp/ binary/ memory/ wasmline/"
    "runtime/wasi|runtime/wasi/ wasmline/"
    "runtime|runtime/ interp/ binary/ memory/ wasmline/"
    "api|api/ text/ runtime/ interp/ binary/ memory/ wasmline/"
    "text/printer|text/ binary/ wasmline/"
    "text|text/ binary/opcodes.def wasmline/"
    "spec-tests|spec-tests/ text/ wasmline/"
    "tools|tools/ spec-tests/ text/ wasmline/"
    "examples|wasmline/"
    "python|python/ wasmline/")

set(violations 0)
file(GLOB_RECURSE sources RELATIVE "${SOURCE_DIR}"
     "${SOURCE_DIR}/*.h" "${SOURCE_DIR}/*.cpp" "${SOURCE_DIR}/*.def")
foreach(source IN LISTS sources)
  if(source MATCHES "^(build|tests|bench|python/tests)/")
    continue()
  endif()
  # The most specific rule whose folder contains the file.
  set(allowed "")
  set(matched "")
  foreach(rule IN LISTS rules)
    string(REPLACE "|" ";" parts "${rule}")
    list(GET parts 0 folder)
    list(GET parts 1 prefixes)
    if(source MATCHES "^${folder}/" AND NOT matched)
      set(matched "${folder}")
      string(REPLACE " " ";" allowed "${prefixes}")
    endif()
  endforeach()
  if(NOT matched)
    continue()
  endif()
  file(STRINGS "${SOURCE_DIR}/${source}" includes REGEX "^#include \"")
  foreach(line IN LISTS includes)
    string(REGEX REPLACE "^#include \"([^\"]+)\".*" "\\1" header "${line}")
    set(ok FALSE)
    foreach(prefix IN LISTS allowed)
      string(FIND "${header}" "${prefix}" at)
      if(at EQUAL 0)
        set(ok TRUE)
      endif()
    endforeach()
    if(NOT ok)
      message("${source}: includes ${header}, above its layer (${matched} may include: ${allowed})")
      math(EXPR violations "${violations} + 1")
    endif()
  endforeach()
endforeach()
if(violations GREATER 0)
  message(FATAL_ERROR "${violations} includes point up the layers")
endif()
message("layers: every include points down")
