# Unit tests of hwmodel/ (the machine model). They use saved models and
# synthetic hwloc topologies from tests/data, never this box's speed.
add_executable(test_hwmodel ${CMAKE_CURRENT_SOURCE_DIR}/test_hwmodel.c)
target_link_libraries(test_hwmodel PRIVATE rl_hwmodel rl_common m)
set(HWMODEL_TEST_DATA ${CMAKE_CURRENT_SOURCE_DIR}/data)
foreach(t json_roundtrip malformed plausible level_for topology cache bench_sanity measure_one_core)
  add_test(NAME hwmodel_${t} COMMAND test_hwmodel ${t} ${HWMODEL_TEST_DATA})
  set_tests_properties(hwmodel_${t} PROPERTIES SKIP_RETURN_CODE 77 LABELS hwmodel)
endforeach()

# The command: a saved model printed as text (golden) and as JSON (the same
# model back), and the exit statuses of bad input.
add_test(NAME hwmodel_cli_text
  COMMAND sh -c "\"$1\" machine --load tests/data/machine.json | diff -u tests/data/machines/machine.txt -"
          sh $<TARGET_FILE:roofline>
  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
add_test(NAME hwmodel_cli_json
  COMMAND sh -c "\"$1\" machine --load tests/data/machine.json --format json | \"$2\" -c '
import json, sys
got = json.load(sys.stdin)
want = json.load(open(\"tests/data/machine.json\"))
assert got.pop(\"source\") == \"tests/data/machine.json\"
want.pop(\"source\")
sys.exit(0 if got == want else \"JSON differs from tests/data/machine.json\")'"
          sh $<TARGET_FILE:roofline> ${Python3_EXECUTABLE}
  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
add_test(NAME hwmodel_cli_errors
  COMMAND sh -c "
r=\"$1\"
\"$r\" machine --help | grep -q '^Usage: roofline machine' || exit 1
\"$r\" machine --format xml 2>/dev/null; test $? -eq 2 || exit 2
\"$r\" machine stray 2>/dev/null; test $? -eq 2 || exit 3
\"$r\" machine --load tests/data/machines/not-a-model.json 2>&1 >/dev/null | grep -q 'not-a-model.json: not a machine model' || exit 4
\"$r\" machine --load tests/data/machines/not-a-model.json 2>/dev/null; test $? -eq 1 || exit 5
\"$r\" machine --no-cache --topology tests/data/machines/broken.xml 2>&1 >/dev/null | grep -q 'broken.xml: hwloc cannot read this topology' || exit 6
out=$(mktemp -d) && \"$r\" machine --load tests/data/machine.json --format json -o \"$out/m.json\" && test -s \"$out/m.json\" || exit 7
\"$r\" machine --load tests/data/machine.json -o /nonexistent/dir/m.json 2>/dev/null; test $? -eq 1 || exit 8
rm -rf \"$out\"" sh $<TARGET_FILE:roofline>
  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
set_tests_properties(hwmodel_cli_text hwmodel_cli_json hwmodel_cli_errors PROPERTIES LABELS hwmodel)
