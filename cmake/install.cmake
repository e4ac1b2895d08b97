# What `cmake --install` puts where, under CMAKE_INSTALL_PREFIX by
# GNUInstallDirs (/usr/local by default), and the Debian package that
# `cpack -G DEB` makes of the same files, under /usr.
#
#   bin/roofline
#   share/man/man1/roofline.1.gz, roofline-COMMAND.1.gz  (man/, help2man)
#   share/bash-completion/completions/roofline           (completion/)
#   share/doc/roofline/README.md, docs/
#
# Package a plain build: a sanitizer build's binary needs the sanitizer
# runtimes, which dpkg-shlibdeps would then add to Depends.
install(TARGETS roofline RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${CMAKE_BINARY_DIR}/man/man1/ DESTINATION ${CMAKE_INSTALL_MANDIR}/man1
        FILES_MATCHING PATTERN "*.1.gz")
# bash-completion loads completions/NAME the first time NAME is completed,
# looking beside the command's bin/ and in XDG_DATA_DIRS.
install(FILES ${CMAKE_SOURCE_DIR}/completion/roofline.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME roofline)
install(FILES ${CMAKE_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/docs DESTINATION ${CMAKE_INSTALL_DOCDIR}
        FILES_MATCHING PATTERN "*.md" PATTERN "*.png")

# The Debian package. dpkg-shlibdeps (dpkg-dev) names the packages of the
# shared libraries the binary links (libclang1-19, libhwloc15, libjansson4,
# libpfm4, libc6); the rest are what roofline needs at run time that no
# link shows: clang's resource headers (stddef.h, ...), which the analyzer
# passes to libclang from CLANG_RESOURCE_DIR and which Debian ships in
# libclang-common-19-dev, the C library's headers that analyzed code
# includes (libc6-dev; clang-19 itself depends on both), and gnuplot for the
# pictures. valgrind gives measurements where there are no hardware
# counters.
set(ROOFLINE_PACKAGE_MAINTAINER
    "roofline maintainers <maintainers@users.noreply.b-seed-2bfc6843.example>"
    CACHE STRING "Maintainer field of the Debian package")
set(CPACK_PACKAGE_NAME roofline)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "${ROOFLINE_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
string(CONCAT CPACK_PACKAGE_DESCRIPTION
    "roofline parses C with libclang and counts, per unit of work, the integer\n"
    "operations by class, the flops and the bytes loaded, stored and brought\n"
    "from DRAM; it measures this machine's roofs (memory bandwidth per level,\n"
    "integer and floating-point peaks), draws each kernel on a roofline\n"
    "picture with gnuplot, and checks the static count against a measured run\n"
    "(hardware counters, or valgrind's cachegrind).")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libclang-common-19-dev, libc6-dev, gnuplot-nox | gnuplot")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "valgrind, llvm-19")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion, hwloc")
include(CPack)
