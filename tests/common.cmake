# Unit tests of common/.
add_executable(test_common ${CMAKE_CURRENT_SOURCE_DIR}/test_common.c)
target_link_libraries(test_common PRIVATE rl_common)
add_test(NAME common/unit COMMAND test_common)
