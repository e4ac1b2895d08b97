# Unit tests of hwmodel/ (the machine model). They use saved models and
# synthetic hwloc topologies from tests/data, never this box's speed.
add_executable(test_hwmodel ${CMAKE_CURRENT_SOURCE_DIR}/test_hwmodel.c)
target_link_libraries(test_hwmodel PRIVATE rl_hwmodel rl_common m)
set(HWMODEL_TEST_DATA ${CMAKE_CURRENT_SOURCE_DIR}/data)
foreach(t json_roundtrip malformed level_for topology cache bench_sanity measure_one_core)
  add_test(NAME hwmodel_${t} COMMAND test_hwmodel ${t} ${HWMODEL_TEST_DATA})
  set_tests_properties(hwmodel_${t} PROPERTIES SKIP_RETURN_CODE 77 LABELS hwmodel)
endforeach()
