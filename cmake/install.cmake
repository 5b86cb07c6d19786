# What `cmake --install` puts under the prefix, and nothing else:
#   lib/libglomers-maelstrom.a, lib/libglomers-idgen.a       the libraries
#   include/maelstrom/*.h, include/idgen/*.h                 their public headers, only those
#   lib/cmake/glomers/                                       find_package(glomers CONFIG)
#   lib/pkgconfig/glomers-maelstrom.pc, glomers-idgen.pc     pkg-config --cflags --libs
#   bin/glomers, bin/idgen, libexec/glomers/{echo,unique-ids}   with GLOMERS_PROGRAMS
# The nodes go to libexec, not bin: a program called echo on the PATH would shadow coreutils'.
include(CMakePackageConfigHelpers)

# Two components: Development (the libraries, headers, package files: what a consumer builds
# against; `cmake --install build --component Development` needs only the libraries built) and
# Runtime (the programs).
install(TARGETS glomers_maelstrom glomers_idgen EXPORT glomersTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT Development
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT Development)
# The include/ folders hold the public headers alone; internal ones live in src/.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/maelstrom/include/maelstrom
                  ${PROJECT_SOURCE_DIR}/idgen/include/idgen
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT Development FILES_MATCHING PATTERN "*.h")

set(glomers_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/glomers)
install(EXPORT glomersTargets NAMESPACE glomers:: DESTINATION ${glomers_cmake_dir}
  COMPONENT Development)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/glomersConfig.cmake.in
  ${PROJECT_BINARY_DIR}/glomersConfig.cmake INSTALL_DESTINATION ${glomers_cmake_dir})
# 0.x: a minor version may change the API, so only the same minor version is compatible.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/glomersConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/glomersConfig.cmake
              ${PROJECT_BINARY_DIR}/glomersConfigVersion.cmake
  DESTINATION ${glomers_cmake_dir} COMPONENT Development)

# pkg-config modules, relocatable: the prefix is found from the .pc file's own place
# (${pcfiledir}), so `cmake --install build --prefix P` gives right paths for any P.
# @ONLY, so the files' own ${...} references stay as they are.
file(RELATIVE_PATH pc_to_prefix /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
foreach(module maelstrom idgen)
  configure_file(${PROJECT_SOURCE_DIR}/cmake/glomers-${module}.pc.in
    ${PROJECT_BINARY_DIR}/glomers-${module}.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/glomers-${module}.pc
    DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT Development)
endforeach()

if(GLOMERS_PROGRAMS)
  install(TARGETS glomers idgen_tool RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT Runtime)
  install(TARGETS echo unique-ids
    RUNTIME DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/glomers COMPONENT Runtime)
endif()
