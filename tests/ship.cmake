# Tests of roofline as a shipped tool (tests/ship/): --version names the
# commit, the man pages say what --help says, the bash completion, what
# `cmake --install` and the Debian package install, and the README's
# commands, run from a fresh clone.
set(SHIP_DIR ${CMAKE_CURRENT_SOURCE_DIR}/ship)

add_test(NAME ship/version
         COMMAND ${Python3_EXECUTABLE} ${SHIP_DIR}/check_version.py ${ROOFLINE_BIN}
                 ${CMAKE_SOURCE_DIR} ${PROJECT_VERSION} ${CMAKE_COMMAND})
add_test(NAME ship/man
         COMMAND ${Python3_EXECUTABLE} ${SHIP_DIR}/check_man.py ${ROOFLINE_BIN}
                 ${CMAKE_BINARY_DIR}/man/man1)
set_tests_properties(ship/version ship/man PROPERTIES LABELS ship)
add_test(NAME ship/completion
         COMMAND ${Python3_EXECUTABLE} ${SHIP_DIR}/check_completion.py ${ROOFLINE_BIN}
                 ${CMAKE_SOURCE_DIR}/completion/roofline.bash)
set_tests_properties(ship/completion PROPERTIES LABELS ship)

# What `cmake --install` and the Debian package give. Only for a plain build:
# a sanitizer build's binary is not one to ship (its package would depend
# on the sanitizer runtimes). Both read the build tree as a whole (cpack
# builds its preinstall target there, cmake --install writes its
# install_manifest.txt), so they run one at a time.
if(NOT ROOFLINE_SANITIZE AND NOT ROOFLINE_TSAN)
  add_test(NAME ship/install
           COMMAND ${Python3_EXECUTABLE} ${SHIP_DIR}/check_install.py cmake ${ROOFLINE_BIN}
                   ${CMAKE_BINARY_DIR} ${CMAKE_SOURCE_DIR} ${CMAKE_COMMAND})
  add_test(NAME ship/deb
           COMMAND ${Python3_EXECUTABLE} ${SHIP_DIR}/check_install.py deb ${ROOFLINE_BIN}
                   ${CMAKE_BINARY_DIR} ${CMAKE_SOURCE_DIR} ${CMAKE_CPACK_COMMAND})
  set_tests_properties(ship/install ship/deb PROPERTIES LABELS ship TIMEOUT 600
                                                        RESOURCE_LOCK roofline_build_tree)
endif()

# The README's command blocks, run as written (tests/ship/run_readme.py has
# the convention). Plain builds only: its examples run the samples' drivers
# under valgrind, which a sanitizer build's drivers do not survive.
add_executable(seed_cache ${SHIP_DIR}/seed_cache.c)
target_link_libraries(seed_cache PRIVATE rl_hwmodel rl_common m)
if(NOT ROOFLINE_SANITIZE AND NOT ROOFLINE_TSAN)
  add_test(NAME ship/readme
           COMMAND ${Python3_EXECUTABLE} ${SHIP_DIR}/run_readme.py ${CMAKE_SOURCE_DIR}
                   ${CMAKE_BINARY_DIR} ${CMAKE_COMMAND} $<TARGET_FILE:seed_cache>)
  set_tests_properties(ship/readme PROPERTIES LABELS ship TIMEOUT 900
                                              RESOURCE_LOCK roofline_build_tree)
endif()
