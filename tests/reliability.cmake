# Reliability tests (docs/reliability.md): short libFuzzer runs of every
# parser of outside input, roofline analyze on hostile C, and the samples
# under valgrind memcheck.

# ---- fuzzers: built with clang-19 into build/fuzz by scripts/fuzz.sh (a
# separate project, fuzz/CMakeLists.txt), then each run for 20,000
# executions on a scratch copy of its corpus. Skipped (77) when clang-19
# cannot link -fsanitize=fuzzer.
set(ROOFLINE_FUZZ_SH ${CMAKE_SOURCE_DIR}/scripts/fuzz.sh)
set(ROOFLINE_FUZZ_DIR ${CMAKE_BINARY_DIR}/fuzz)
add_test(NAME reliability/fuzz_build COMMAND ${ROOFLINE_FUZZ_SH} build ${ROOFLINE_FUZZ_DIR})
set_tests_properties(reliability/fuzz_build PROPERTIES
  LABELS "reliability;fuzz" TIMEOUT 900 SKIP_RETURN_CODE 77 FIXTURES_SETUP rl_fuzzers)
foreach(t expr machine_json report_json split_words cachegrind)
  add_test(NAME reliability/fuzz_${t}
    COMMAND ${ROOFLINE_FUZZ_SH} smoke ${t} -runs=20000 -max_total_time=120 -timeout=10)
  set_tests_properties(reliability/fuzz_${t} PROPERTIES
    LABELS "reliability;fuzz" TIMEOUT 300 SKIP_RETURN_CODE 77 FIXTURES_REQUIRED rl_fuzzers
    ENVIRONMENT "FUZZ_BUILD=${ROOFLINE_FUZZ_DIR}")
endforeach()

# ---- hostile C: tests/hostile/run_hostile.py CASE (--list names them).
set(ROOFLINE_HOSTILE_DIR ${CMAKE_CURRENT_SOURCE_DIR}/hostile)
foreach(c deep_parens deep_parens_unlimited long_sum call_chain call_chain_all mutual_recursion
          huge_array big_switch macro_loops goto_heavy per_blowup sqlite
          big_switch_shares goto_loop per_lcm_overflow include_dev_zero many_accesses per_many
          header_file cxx_file cxx_as_cxx bytes_not_utf8 loop_nest_50 openmp_nested)
  add_test(NAME reliability/hostile/${c}
    COMMAND ${Python3_EXECUTABLE} ${ROOFLINE_HOSTILE_DIR}/run_hostile.py
      --roofline ${ROOFLINE_BIN} --root ${CMAKE_SOURCE_DIR}
      --work ${CMAKE_CURRENT_BINARY_DIR}/hostile ${c})
  set_tests_properties(reliability/hostile/${c} PROPERTIES LABELS reliability TIMEOUT 400
    SKIP_RETURN_CODE 77)
endforeach()

# ---- valgrind memcheck on the samples, one kernel each (with every
# parameter bound, as the golden tests bind them).
set(ROOFLINE_VG ${ROOFLINE_HOSTILE_DIR}/run_valgrind.sh ${ROOFLINE_BIN} analyze --format json
  --no-plot --machine ${ROOFLINE_TEST_MACHINE})
add_test(NAME reliability/valgrind/aes_block_ttable
  COMMAND ${ROOFLINE_VG} ${CMAKE_SOURCE_DIR}/samples/aes.c -k aes128_encrypt_block_ttable
    --unit block)
add_test(NAME reliability/valgrind/aes_ecb_ttable
  COMMAND ${ROOFLINE_VG} ${CMAKE_SOURCE_DIR}/samples/aes.c -k aes128_encrypt_ecb_ttable
    --per nblocks -D nblocks=4 --unit block)
add_test(NAME reliability/valgrind/json_encode_record
  COMMAND ${ROOFLINE_VG} ${CMAKE_SOURCE_DIR}/samples/json_encode.c -k json_encode_record
    --unit record -D nitems=5 -D P148=0.8 -D P157=0.6 -D P159=0.5 -D P161=1 -D L56=4.25
    -D P63=1 -D L65=4.25 -D L69=0 -D P72=0.5 -D P75=0.5 -D P102=0 -D L108=1 -D L113=1)
set_tests_properties(reliability/valgrind/aes_block_ttable reliability/valgrind/aes_ecb_ttable
  reliability/valgrind/json_encode_record PROPERTIES
  LABELS "reliability;valgrind" TIMEOUT 600 SKIP_RETURN_CODE 77)

# ---- each class of bad input: the message and the exit status
# (tests/hostile/bad_inputs.py; the table in docs/reliability.md).
set(ROOFLINE_BAD_INPUTS missing_file directory syntax_error binary_file empty_file include_cycle
  unknown_kernel param_not_number per_div_zero per_unbalanced per_deep bad_format machine_missing
  machine_truncated machine_not_object machine_not_model machine_future_schema
  machine_broken_topology output_unwritable run_shell_operator run_no_units
  run_unterminated_quote run_not_found plot_missing plot_not_json plot_not_report
  plot_machine_model unknown_command)
foreach(c ${ROOFLINE_BAD_INPUTS})
  add_test(NAME reliability/bad_input/${c}
    COMMAND ${Python3_EXECUTABLE} ${ROOFLINE_HOSTILE_DIR}/bad_inputs.py
      --roofline ${ROOFLINE_BIN} --root ${CMAKE_SOURCE_DIR}
      --work ${CMAKE_CURRENT_BINARY_DIR}/bad_input ${c})
  set_tests_properties(reliability/bad_input/${c} PROPERTIES LABELS reliability TIMEOUT 180)
endforeach()

# ---- the machine cache: two runs at once, and runs killed part-way, leave
# one valid model (tests/hostile/cache_race.py). Serial: they measure.
foreach(c race kill refresh)
  add_test(NAME reliability/cache_${c}
    COMMAND ${Python3_EXECUTABLE} ${ROOFLINE_HOSTILE_DIR}/cache_race.py
      --roofline ${ROOFLINE_BIN} --root ${CMAKE_SOURCE_DIR} --work ${CMAKE_CURRENT_BINARY_DIR} ${c})
  set_tests_properties(reliability/cache_${c} PROPERTIES LABELS reliability TIMEOUT 300
    RUN_SERIAL TRUE)
endforeach()
