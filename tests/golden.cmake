# Golden tests: one ctest per golden file (tests/golden/run_golden.py says
# what a golden file holds). New files are picked up at the next build.
set(ROOFLINE_GOLDEN_DIR ${CMAKE_CURRENT_SOURCE_DIR}/golden)
file(GLOB ROOFLINE_GOLDEN_FILES CONFIGURE_DEPENDS
  ${ROOFLINE_GOLDEN_DIR}/rules/*.c
  ${ROOFLINE_GOLDEN_DIR}/samples/*.expected
  ${ROOFLINE_GOLDEN_DIR}/errors/*.c)
list(SORT ROOFLINE_GOLDEN_FILES)

add_test(NAME golden/selftest
  COMMAND ${Python3_EXECUTABLE} ${ROOFLINE_GOLDEN_DIR}/run_golden.py --selftest)
set_tests_properties(golden/selftest PROPERTIES LABELS golden)

foreach(golden ${ROOFLINE_GOLDEN_FILES})
  file(RELATIVE_PATH name ${ROOFLINE_GOLDEN_DIR} ${golden})
  string(REGEX REPLACE "\\.(c|expected)$" "" name ${name})
  add_test(NAME golden/${name}
    COMMAND ${Python3_EXECUTABLE} ${ROOFLINE_GOLDEN_DIR}/run_golden.py
      --roofline $<TARGET_FILE:roofline> --root ${CMAKE_SOURCE_DIR} ${golden})
  set_tests_properties(golden/${name} PROPERTIES LABELS golden TIMEOUT 600)
endforeach()
