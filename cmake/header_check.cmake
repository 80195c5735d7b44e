# Every public header compiled alone, one .c file each, as part of the
# default build: a header that needs another include first, or that warns,
# fails `cmake --build` (-Werror here whatever RETORT_WERROR says). The
# driver ABI headers are compiled a second time the way an out-of-tree
# driver sees them: strict C11 (-pedantic-errors), no POSIX feature macros.
file(GLOB rt_hc_headers CONFIGURE_DEPENDS
     ${CMAKE_SOURCE_DIR}/core/*.h ${CMAKE_SOURCE_DIR}/dialects/*.h
     ${CMAKE_SOURCE_DIR}/drivers/*.h)
file(GLOB rt_hc_abi_headers CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/drivers/*.h)

set(rt_hc_dir ${CMAKE_BINARY_DIR}/header_check)
set(rt_hc_sources "")
set(rt_hc_abi_sources "")
foreach(h ${rt_hc_headers})
  get_filename_component(n ${h} NAME_WE)
  file(CONFIGURE OUTPUT ${rt_hc_dir}/${n}.c CONTENT "#include \"${h}\"\n")
  list(APPEND rt_hc_sources ${rt_hc_dir}/${n}.c)
endforeach()
foreach(h ${rt_hc_abi_headers})
  get_filename_component(n ${h} NAME_WE)
  file(CONFIGURE OUTPUT ${rt_hc_dir}/abi_${n}.c CONTENT "#include \"${h}\"\n")
  list(APPEND rt_hc_abi_sources ${rt_hc_dir}/abi_${n}.c)
endforeach()

add_library(retort_header_check OBJECT ${rt_hc_sources})
target_include_directories(retort_header_check PRIVATE
  ${CMAKE_SOURCE_DIR}/core ${CMAKE_SOURCE_DIR}/dialects ${CMAKE_SOURCE_DIR}/drivers)
target_compile_options(retort_header_check PRIVATE -Werror)
target_link_libraries(retort_header_check PRIVATE PkgConfig::INIH)

add_library(retort_header_check_abi OBJECT ${rt_hc_abi_sources})
set_property(TARGET retort_header_check_abi PROPERTY COMPILE_DEFINITIONS "")
target_compile_options(retort_header_check_abi PRIVATE -Werror -pedantic-errors)
