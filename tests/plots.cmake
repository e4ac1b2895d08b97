# Tests of plots/ (the gnuplot roofline picture), of report_read_json (a saved
# report read back) and of `roofline plot`. Fixture reports are hand-written
# in tests/data/reports; golden scripts and data in tests/golden/plots.
# PLOTS_UPDATE_GOLDEN=1 ctest -R plots_golden rewrites them (read the diff).
# Tests that need gnuplot print SKIP and exit 77 without it.
add_executable(test_plots ${CMAKE_CURRENT_SOURCE_DIR}/test_plots.c)
target_link_libraries(test_plots PRIVATE rl_plots rl_report rl_common m)
set(PLOTS_TEST_DATA ${CMAKE_CURRENT_SOURCE_DIR}/data)
foreach(t png svg evil nognuplot gpfail errors read malformed many extremes)
  add_test(NAME plots_${t} COMMAND test_plots ${t} ${PLOTS_TEST_DATA})
  set_tests_properties(plots_${t} PROPERTIES SKIP_RETURN_CODE 77 LABELS plots)
endforeach()
add_test(NAME plots_golden
         COMMAND test_plots golden ${PLOTS_TEST_DATA} ${CMAKE_CURRENT_SOURCE_DIR}/golden/plots)
add_test(NAME plots_cli COMMAND test_plots cli ${PLOTS_TEST_DATA} ${ROOFLINE_BIN})
set_tests_properties(plots_golden plots_cli PROPERTIES SKIP_RETURN_CODE 77 LABELS plots)
