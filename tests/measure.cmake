# Tests of measure/ (roofline measure): unit tests in test_measure.c, the
# command line in data/measure/check_cli.py, and the Python samples' checks.
# A test that needs what this machine lacks (hardware counters) is SKIPped
# with return code 77, never passed.

# The program with known per-unit counts. valgrind runs it, so it is built
# without sanitizers, and at -O2 whatever the build type, so that its loop
# makes no memory accesses besides the volatile ones it counts.
add_executable(measure_prog ${CMAKE_CURRENT_SOURCE_DIR}/data/measure/measure_prog.c)
foreach(prop COMPILE_OPTIONS LINK_OPTIONS)
  get_target_property(_opts measure_prog ${prop})
  if(_opts)
    list(FILTER _opts EXCLUDE REGEX "sanitize")
    set_target_properties(measure_prog PROPERTIES ${prop} "${_opts}")
  endif()
endforeach()
target_compile_options(measure_prog PRIVATE -O2 -g0)

add_executable(test_measure test_measure.c)
target_include_directories(test_measure PRIVATE ${PFM_INCLUDE_DIR})
target_link_libraries(test_measure PRIVATE rl_measure)

foreach(case words interpreter cg_parse cg_geometry perf_software perf_run_software perf_hardware perf_unsupported
             cachegrind_loads timing_fallback failures judge)
  add_test(NAME measure.${case}
           COMMAND test_measure ${case} $<TARGET_FILE:measure_prog> ${CMAKE_SOURCE_DIR})
  set_tests_properties(measure.${case} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300 LABELS measure)
endforeach()
# They time native runs: alone, when ctest runs tests side by side.
set_tests_properties(measure.perf_run_software measure.timing_fallback PROPERTIES RUN_SERIAL TRUE)

foreach(case help usage not_found no_n exit_status crash hang valgrind_missing
             cachegrind_json cachegrind_text python_aes perf_flag)
  add_test(NAME measure.cli.${case}
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/data/measure/check_cli.py
                   ${case} ${ROOFLINE_BIN} $<TARGET_FILE:measure_prog> ${CMAKE_SOURCE_DIR}
                   ${ROOFLINE_TEST_MACHINE})
  set_tests_properties(measure.cli.${case} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300
                                                      LABELS measure)
endforeach()

add_test(NAME measure.sample.aes_py_check
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/samples/aes.py --check)
add_test(NAME measure.sample.json_dumps_check
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/samples/json_dumps.py --check)
add_test(NAME measure.sample.json_dumps_pure_check
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/samples/json_dumps.py --pure --check)
set_tests_properties(measure.sample.aes_py_check measure.sample.json_dumps_check
                     measure.sample.json_dumps_pure_check PROPERTIES LABELS measure)
