# Install layout (GNUInstallDirs) of everything but the binary (installed by src/), and the
# Debian package that `make package` builds with CPack. Included last from the top CMakeLists.

# ---- the man page, gzip -9n as Debian policy wants (reproducible: no name or time stamp) ------
set(DGL_MAN_SRC ${PROJECT_SOURCE_DIR}/packaging/man/diffgram-launch.1)
set(DGL_MAN_GZ ${PROJECT_BINARY_DIR}/packaging/diffgram-launch.1.gz)
add_custom_command(OUTPUT ${DGL_MAN_GZ}
                   COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/packaging
                   COMMAND ${CMAKE_COMMAND} -E copy ${DGL_MAN_SRC} ${PROJECT_BINARY_DIR}/packaging/diffgram-launch.1
                   COMMAND gzip -9nf ${PROJECT_BINARY_DIR}/packaging/diffgram-launch.1
                   DEPENDS ${DGL_MAN_SRC}
                   COMMENT "Compressing the man page")
add_custom_target(dgl_man ALL DEPENDS ${DGL_MAN_GZ})
install(FILES ${DGL_MAN_GZ} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# ---- bash completion: loaded on demand by bash-completion under the command's name ------------
install(FILES packaging/completion/diffgram-launch.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME diffgram-launch)

# ---- examples: the unit, the container files, the manifests, a dev .env ------------------------
install(FILES packaging/systemd/diffgram@.service DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples/systemd)
install(FILES packaging/docker/Dockerfile packaging/docker/docker-compose.yml
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples/docker)
install(DIRECTORY packaging/kubernetes/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples/kubernetes
        FILES_MATCHING PATTERN "*.yaml")
install(FILES examples/diffgram.env DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

# ---- CPack: one .deb, dependencies computed from the binary by dpkg-shlibdeps ------------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME diffgram-launch)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION
    "diffgram-launch resolves Diffgram's environment from .env files and production sources\n(process environment, secret files, systemd credentials, secrets commands), checks it\nagainst the Diffgram settings catalog, and execs or supervises the Diffgram process.")
set(CPACK_PACKAGE_CONTACT "diffgram-launch maintainers <diffgram-launch@localhost>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # diffgram-launch_VERSION_ARCH.deb
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Depends: from the ELF's NEEDED libraries (libc, and libboost-*, libspdlog, libfmt, libstdc++
# with DGL_STATIC_DEPS=OFF). The default fully static binary (DGL_STATIC_EXE) needs none.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion, systemd")
# A debug build keeps its symbols; every other build ships a stripped binary.
if(NOT CMAKE_BUILD_TYPE STREQUAL "Debug")
  set(CPACK_STRIP_FILES ON)
endif()
include(CPack)
