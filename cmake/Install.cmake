# Installation and packaging: `cmake --install build --prefix P` puts
#   P/include/nanoproc/*.h, P/include/wasm.h, P/include/wasi.h   public headers
#   P/lib/libnanoproc.so (+ soname links)   every stage in one shared library; only the
#                                           public API (nanoproc::api, nanoproc::Error,
#                                           the C API) is exported
#   P/lib/libnanoproc.a                     the same as one static archive (needs fmt)
#   P/lib/cmake/nanoproc/                   find_package(nanoproc): nanoproc::nanoproc
#                                           (shared), nanoproc::nanoproc_static
#   P/lib/pkgconfig/nanoproc.pc             shared; nanoproc-static.pc: the archive
#   P/bin/nanoproc                          the CLI
# Every stage is compiled once, position-independent (CMAKE_POSITION_INDEPENDENT_CODE at
# the top), and both libraries are made from the stage archives.
include(GNUInstallDirs)

# A sanitized build installs sanitized libraries: their users must link the runtime too.
set(NANOPROC_PACKAGE_LINK_OPTIONS "")
if(NANOPROC_SANITIZE)
  set(NANOPROC_PACKAGE_LINK_OPTIONS "-fsanitize=address,undefined")
endif()
include(CMakePackageConfigHelpers)

set(NANOPROC_STAGE_LIBS nanoproc_util nanoproc_ir nanoproc_binary nanoproc_validate nanoproc_text nanoproc_witx
  nanoproc_engine nanoproc_wasi_generated nanoproc_wasi nanoproc_api nanoproc_nanoprocess)
if(TARGET nanoproc_capi)
  list(APPEND NANOPROC_STAGE_LIBS nanoproc_capi)
endif()

# ---- libnanoproc.so: all stage archives, whole, behind a version script.
set(NANOPROC_EXPORTS_MAP ${PROJECT_SOURCE_DIR}/cmake/package/exports.map)
file(CONFIGURE OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/nanoproc_shared_stub.cpp CONTENT "// libnanoproc.so is made of the stage archives.\n")
add_library(nanoproc_shared SHARED ${CMAKE_CURRENT_BINARY_DIR}/nanoproc_shared_stub.cpp)
# The archives by path between --whole-archive flags (CMake's WHOLE_ARCHIVE feature refuses
# libraries that also appear as transitive dependencies of each other).
set(NANOPROC_STAGE_FILES)
foreach(lib ${NANOPROC_STAGE_LIBS})
  list(APPEND NANOPROC_STAGE_FILES $<TARGET_FILE:${lib}>)
endforeach()
add_dependencies(nanoproc_shared ${NANOPROC_STAGE_LIBS})
target_link_libraries(nanoproc_shared PRIVATE -Wl,--whole-archive ${NANOPROC_STAGE_FILES} -Wl,--no-whole-archive fmt::fmt)
target_link_options(nanoproc_shared PRIVATE "LINKER:--version-script=${NANOPROC_EXPORTS_MAP}" "LINKER:--no-undefined")
set_target_properties(nanoproc_shared PROPERTIES OUTPUT_NAME nanoproc VERSION ${PROJECT_VERSION}
  SOVERSION ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR} LINK_DEPENDS "${NANOPROC_EXPORTS_MAP};${NANOPROC_STAGE_FILES}"
  LIBRARY_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/package)

# ---- libnanoproc.a: the stage archives merged (an MRI script for ar).
set(NANOPROC_STATIC_LIB ${CMAKE_BINARY_DIR}/package/libnanoproc.a)
set(mri "create ${NANOPROC_STATIC_LIB}\n")
foreach(lib ${NANOPROC_STAGE_LIBS})
  string(APPEND mri "addlib $<TARGET_FILE:${lib}>\n")
endforeach()
string(APPEND mri "save\nend\n")
file(GENERATE OUTPUT ${CMAKE_BINARY_DIR}/package/libnanoproc.mri CONTENT "${mri}")
add_custom_command(OUTPUT ${NANOPROC_STATIC_LIB}
  COMMAND ${CMAKE_COMMAND} -E rm -f ${NANOPROC_STATIC_LIB}
  COMMAND ${CMAKE_COMMAND} -DAR=${CMAKE_AR} -DSCRIPT=${CMAKE_BINARY_DIR}/package/libnanoproc.mri
    -P ${PROJECT_SOURCE_DIR}/cmake/package/merge_archives.cmake
  DEPENDS ${NANOPROC_STAGE_LIBS} ${CMAKE_BINARY_DIR}/package/libnanoproc.mri
  COMMENT "libnanoproc.a: merging the stage archives" VERBATIM)
add_custom_target(nanoproc_static_archive ALL DEPENDS ${NANOPROC_STATIC_LIB})

# `ninja package-libs`: what the install needs, without the tests.
add_custom_target(nanoproc_package DEPENDS nanoproc nanoproc_shared nanoproc_static_archive)

# ---- install
file(GLOB NANOPROC_PUBLIC_HEADERS ${PROJECT_SOURCE_DIR}/include/nanoproc/*.h)
file(GLOB NANOPROC_C_HEADERS ${PROJECT_SOURCE_DIR}/include/*.h)
install(FILES ${NANOPROC_PUBLIC_HEADERS} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/nanoproc)
install(FILES ${NANOPROC_C_HEADERS} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS nanoproc_shared LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(FILES ${NANOPROC_STATIC_LIB} DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS nanoproc RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

set(NANOPROC_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/nanoproc)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/package/nanoprocConfig.cmake.in
  ${CMAKE_BINARY_DIR}/package/nanoprocConfig.cmake INSTALL_DESTINATION ${NANOPROC_CMAKE_DIR}
  PATH_VARS CMAKE_INSTALL_INCLUDEDIR CMAKE_INSTALL_LIBDIR)
write_basic_package_version_file(${CMAKE_BINARY_DIR}/package/nanoprocConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/package/nanoprocConfig.cmake ${CMAKE_BINARY_DIR}/package/nanoprocConfigVersion.cmake
  DESTINATION ${NANOPROC_CMAKE_DIR})

# pkg-config files compute their prefix from their own place (relocatable installs).
set(NANOPROC_PC_LIBDIR_FROM_PREFIX ${CMAKE_INSTALL_LIBDIR})
set(NANOPROC_PC_INCLUDEDIR_FROM_PREFIX ${CMAKE_INSTALL_INCLUDEDIR})
configure_file(${PROJECT_SOURCE_DIR}/cmake/package/nanoproc.pc.in ${CMAKE_BINARY_DIR}/package/nanoproc.pc @ONLY)
configure_file(${PROJECT_SOURCE_DIR}/cmake/package/nanoproc-static.pc.in ${CMAKE_BINARY_DIR}/package/nanoproc-static.pc @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/package/nanoproc.pc ${CMAKE_BINARY_DIR}/package/nanoproc-static.pc
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
