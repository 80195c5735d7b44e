# Man page, completion, the driver header and its pkg-config file: generated
# and installed next to the binary (docs/packaging.md).
#
# The man page and the completion scripts come from the built binary's own
# help (packaging/gen_docs.sh), regenerated whenever the binary changes.
set(RT_GEN_DIR ${CMAKE_BINARY_DIR}/share)
add_custom_command(
  OUTPUT ${RT_GEN_DIR}/retort.1 ${RT_GEN_DIR}/retort.bash ${RT_GEN_DIR}/_retort
  COMMAND sh ${CMAKE_SOURCE_DIR}/packaging/gen_docs.sh $<TARGET_FILE:retort> ${RT_GEN_DIR}
          ${PROJECT_VERSION}
  DEPENDS retort ${CMAKE_SOURCE_DIR}/packaging/gen_docs.sh
  COMMENT "Generating retort.1 and the shell completion from retort __help"
  VERBATIM)
add_custom_target(retort_docs ALL
  DEPENDS ${RT_GEN_DIR}/retort.1 ${RT_GEN_DIR}/retort.bash ${RT_GEN_DIR}/_retort)

install(FILES ${RT_GEN_DIR}/retort.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${RT_GEN_DIR}/retort.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME retort)
install(FILES ${RT_GEN_DIR}/_retort DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/site-functions)

# A driver built outside the tree needs rt_driver.h, and may use the
# header-only $n placeholder scanner the in-tree drivers share:
#   cc $(pkg-config --cflags retort-driver) -shared -fPIC -o retort_driver_x.so x.c
# and installs into $(pkg-config --variable=driverdir retort-driver).
install(FILES ${CMAKE_SOURCE_DIR}/drivers/rt_driver.h
              ${CMAKE_SOURCE_DIR}/drivers/rt_driver_placeholders.h
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/retort)
# The prefix is found from the .pc file's own place, so that
# `cmake --install --prefix DIR` and a package's /usr both work.
file(RELATIVE_PATH RT_PC_TO_PREFIX /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
string(REGEX REPLACE "/$" "" RT_PC_TO_PREFIX "${RT_PC_TO_PREFIX}")
configure_file(${CMAKE_SOURCE_DIR}/packaging/retort-driver.pc.in
               ${CMAKE_BINARY_DIR}/retort-driver.pc @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/retort-driver.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# A packaged binary must not search the folder it was built in (the build
# tree's drivers, core/driver_load.h's third place): ci/package.sh sets this.
option(RETORT_PACKAGE_BUILD "Build for a package: no build-tree driver folder" OFF)
if(RETORT_PACKAGE_BUILD)
  get_target_property(rt_core_defs retort_core COMPILE_DEFINITIONS)
  list(FILTER rt_core_defs EXCLUDE REGEX "^RT_BUILD_DRIVER_DIR=")
  set_target_properties(retort_core PROPERTIES COMPILE_DEFINITIONS "${rt_core_defs}")
endif()
