# Tests of report/ (the result struct and its text, JSON and CSV renderers),
# on reports built by hand. Golden files: tests/golden/report/basic.*;
# REPORT_UPDATE_GOLDEN=1 ctest -R report_golden rewrites them (read the diff).
add_executable(test_report ${CMAKE_CURRENT_SOURCE_DIR}/test_report.c)
target_link_libraries(test_report PRIVATE rl_report)
foreach(t json csv width machine lifecycle runfigs)
  add_test(NAME report_${t} COMMAND test_report ${t})
  set_tests_properties(report_${t} PROPERTIES LABELS report)
endforeach()
add_test(NAME report_golden COMMAND test_report golden ${CMAKE_CURRENT_SOURCE_DIR}/golden/report)
set_tests_properties(report_golden PROPERTIES LABELS report)
