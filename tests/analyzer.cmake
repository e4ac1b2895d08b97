# Analyzer unit tests and the compilation-database path (-p DIR).
add_executable(test_analyzer ${CMAKE_CURRENT_SOURCE_DIR}/test_analyzer.c)
target_link_libraries(test_analyzer PRIVATE rl_analyzer)
add_test(NAME analyzer/unit COMMAND test_analyzer)

add_test(NAME analyzer/compdb
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/test_compdb.py
    $<TARGET_FILE:roofline> ${CMAKE_CURRENT_SOURCE_DIR}/data/compdb ${ROOFLINE_TEST_MACHINE})
