# Analyzer unit tests and the compilation-database path (-p DIR).
add_executable(test_analyzer ${CMAKE_CURRENT_SOURCE_DIR}/test_analyzer.c)
target_link_libraries(test_analyzer PRIVATE rl_analyzer)
add_test(NAME analyzer/unit COMMAND test_analyzer)

add_test(NAME analyzer/compdb
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/test_compdb.py
    $<TARGET_FILE:roofline> ${CMAKE_CURRENT_SOURCE_DIR}/data/compdb ${ROOFLINE_TEST_MACHINE})

# Counted loops drawn at random (types, bounds, steps), counted and run for
# real (tests/test_loops_vs_cc.py); two seeds.
foreach(seed 11 23)
  add_test(NAME analyzer/loops_vs_cc_${seed}
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/test_loops_vs_cc.py
      $<TARGET_FILE:roofline> ${ROOFLINE_TEST_MACHINE} ${seed} 300)
  set_tests_properties(analyzer/loops_vs_cc_${seed} PROPERTIES TIMEOUT 300 SKIP_RETURN_CODE 77)
endforeach()
