# Installation: the library as one archive (libwasmline.a, every layer's objects, WASI included),
# the public headers, the CLI, an exported wasmlineConfig.cmake (+ version file) whose
# wasmline::wasmline carries its dependencies, and wasmline.pc. Relocatable: `cmake --install
# BUILD --prefix DIR` works for any DIR.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# wasmline_link_closure(INTERNAL EXTERNAL targets...): the project's own static libraries that
# `targets` link (directly or not) in INTERNAL, the imported targets they link in EXTERNAL.
function(wasmline_link_closure internal_var external_var)
  set(pending ${ARGN})
  set(seen "")
  set(internal "")
  set(external "")
  while(pending)
    list(POP_FRONT pending item)
    if(NOT TARGET "${item}" OR item IN_LIST seen)
      continue()
    endif()
    list(APPEND seen "${item}")
    get_target_property(aliased "${item}" ALIASED_TARGET)
    if(aliased)
      list(APPEND pending "${aliased}")
      continue()
    endif()
    get_target_property(imported "${item}" IMPORTED)
    if(imported)
      list(APPEND external "${item}")
      continue()
    endif()
    get_target_property(type "${item}" TYPE)
    if(type STREQUAL "STATIC_LIBRARY")
      list(APPEND internal "${item}")
      get_target_property(links "${item}" LINK_LIBRARIES)
    else()
      get_target_property(links "${item}" INTERFACE_LINK_LIBRARIES)
    endif()
    if(links)
      list(APPEND pending ${links})
    endif()
  endwhile()
  set(${internal_var} "${internal}" PARENT_SCOPE)
  set(${external_var} "${external}" PARENT_SCOPE)
endfunction()

wasmline_link_closure(wasmline_layers wasmline_externals wasmline wasmline_wasi)

# What the archive needs from outside: the imported libraries that are not header-only
# (utf8cpp is), and the threads library. Their packages are found again by wasmlineConfig.cmake.
set(wasmline_package_links "")
set(wasmline_package_dependencies "")
set(wasmline_pc_libs "")
foreach(external IN LISTS wasmline_externals)
  get_target_property(type "${external}" TYPE)
  get_target_property(links "${external}" INTERFACE_LINK_LIBRARIES)
  get_target_property(options "${external}" INTERFACE_LINK_OPTIONS)
  if(NOT external STREQUAL "Threads::Threads" AND type STREQUAL "INTERFACE_LIBRARY" AND NOT links
     AND NOT options)
    continue() # header-only
  endif()
  if(NOT external MATCHES "^([^:]+)::")
    message(FATAL_ERROR "wasmline links ${external}, which has no package namespace to find")
  endif()
  list(APPEND wasmline_package_links "${external}")
  list(APPEND wasmline_package_dependencies "${CMAKE_MATCH_1}")
  if(external STREQUAL "Threads::Threads")
    list(APPEND wasmline_pc_libs "-pthread")
  elseif(type MATCHES "^(STATIC|SHARED)_LIBRARY$")
    list(APPEND wasmline_pc_libs "$<TARGET_LINKER_FILE:${external}>")
  else()
    message(FATAL_ERROR "wasmline links ${external} (${type}): no pkg-config form for it")
  endif()
endforeach()
list(REMOVE_DUPLICATES wasmline_package_dependencies)
set(wasmline_sanitize_flags "")
if(WASMLINE_SANITIZE)
  set(wasmline_sanitize_flags "-fsanitize=address,undefined")
endif()

set(wasmline_package_objects "")
foreach(layer IN LISTS wasmline_layers)
  list(APPEND wasmline_package_objects "$<TARGET_OBJECTS:${layer}>")
endforeach()
add_library(wasmline_package STATIC ${wasmline_package_objects})
set_target_properties(wasmline_package PROPERTIES
  OUTPUT_NAME wasmline
  EXPORT_NAME wasmline
  LINKER_LANGUAGE CXX
  ARCHIVE_OUTPUT_DIRECTORY "${PROJECT_BINARY_DIR}/package")
target_include_directories(wasmline_package INTERFACE
                           "$<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>")
target_compile_features(wasmline_package INTERFACE cxx_std_20)
target_link_libraries(wasmline_package INTERFACE ${wasmline_package_links})
if(wasmline_sanitize_flags)
  target_link_options(wasmline_package INTERFACE "${wasmline_sanitize_flags}")
endif()

install(TARGETS wasmline_package EXPORT wasmlineTargets
        ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}")
install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/wasmline"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
        FILES_MATCHING PATTERN "*.h" PATTERN "*.def")
install(FILES "${PROJECT_BINARY_DIR}/include/wasmline/version.h"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/wasmline")
if(TARGET wasmline-cli)
  install(TARGETS wasmline-cli RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
endif()

# CMake: find_package(wasmline) gives wasmline::wasmline (and wasmline::wasi, the same library).
set(wasmline_cmake_dir "${CMAKE_INSTALL_LIBDIR}/cmake/wasmline")
set(WASMLINE_FIND_DEPENDENCIES "")
foreach(dependency IN LISTS wasmline_package_dependencies)
  string(APPEND WASMLINE_FIND_DEPENDENCIES "find_dependency(${dependency})\n")
endforeach()
install(EXPORT wasmlineTargets NAMESPACE wasmline:: DESTINATION "${wasmline_cmake_dir}")
configure_package_config_file("${PROJECT_SOURCE_DIR}/cmake/wasmlineConfig.cmake.in"
                              "${PROJECT_BINARY_DIR}/package/wasmlineConfig.cmake"
                              INSTALL_DESTINATION "${wasmline_cmake_dir}")
# Before 1.0, a minor version may change the API: 0.1.x serves requests for 0.1.
write_basic_package_version_file("${PROJECT_BINARY_DIR}/package/wasmlineConfigVersion.cmake"
                                 VERSION "${PROJECT_VERSION}" COMPATIBILITY SameMinorVersion)
install(FILES "${PROJECT_BINARY_DIR}/package/wasmlineConfig.cmake"
              "${PROJECT_BINARY_DIR}/package/wasmlineConfigVersion.cmake"
        DESTINATION "${wasmline_cmake_dir}")

# pkg-config: wasmline.pc, its prefix relative to where it is installed.
set(wasmline_pc_dir "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
file(RELATIVE_PATH wasmline_pc_prefix "/root/${wasmline_pc_dir}" "/root")
string(REGEX REPLACE "/$" "" wasmline_pc_prefix "${wasmline_pc_prefix}")
list(JOIN wasmline_pc_libs " " WASMLINE_PC_LIBS)
string(STRIP "${WASMLINE_PC_LIBS} ${wasmline_sanitize_flags}" WASMLINE_PC_LIBS)
set(WASMLINE_PC_PREFIX "\${pcfiledir}/${wasmline_pc_prefix}")
configure_file("${PROJECT_SOURCE_DIR}/cmake/wasmline.pc.in"
               "${PROJECT_BINARY_DIR}/package/wasmline.pc.in" @ONLY)
file(GENERATE OUTPUT "${PROJECT_BINARY_DIR}/package/wasmline.pc"
     INPUT "${PROJECT_BINARY_DIR}/package/wasmline.pc.in")
install(FILES "${PROJECT_BINARY_DIR}/package/wasmline.pc" DESTINATION "${wasmline_pc_dir}")
