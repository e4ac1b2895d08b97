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
                 ${CMAKE_BINARY_DIR}/man)
set_tests_properties(ship/version ship/man PROPERTIES LABELS ship)
add_test(NAME ship/completion
         COMMAND ${Python3_EXECUTABLE} ${SHIP_DIR}/check_completion.py ${ROOFLINE_BIN}
                 ${CMAKE_SOURCE_DIR}/completion/roofline.bash)
set_tests_properties(ship/completion PROPERTIES LABELS ship)
