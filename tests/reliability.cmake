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
          include_fifo include_fifo_writer
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
# Machine models with figures no machine has (hw_model_check).
list(APPEND ROOFLINE_BAD_INPUTS machine_zero_bandwidth machine_subnormal_bandwidth
  machine_huge_bandwidth machine_negative_peak machine_tiny_peak machine_huge_peak
  machine_nan_peak machine_subnormal_clock machine_tiny_cache machine_odd_line
  plot_nonsense_machine)
# Inputs that are not regular files, messages mended, the cache where it
# cannot be written; every numeric option with bad values (bad_inputs.py's
# NUMERIC_OPTIONS x BAD_NUMBERS).
list(APPEND ROOFLINE_BAD_INPUTS machine_dev_zero machine_urandom machine_fifo machine_directory
  machine_too_big machine_load_fifo measure_machine_dev_zero topology_dev_zero plot_dev_zero
  plot_fifo plot_directory compdb_fifo include_fifo stdout_full run_not_executable
  measure_not_executable measure_directory param_out_of_range param_too_small echo_long_value
  echo_control_chars file_control_chars kernel_long_name cache_home_file cache_home_fifo
  cache_readonly cache_full)
foreach(opt analyze_units analyze_timeout measure_units measure_timeout measure_repeats plot_size)
  foreach(kind empty huge negative nan unicode)
    list(APPEND ROOFLINE_BAD_INPUTS ${opt}_${kind})
  endforeach()
endforeach()
list(APPEND ROOFLINE_BAD_INPUTS param_huge param_type_range param_unsigned_negative param_not_whole
  prob_negative prob_above_one trip_negative per_negative per_negative_bound
  measure_timeout_inf analyze_timeout_inf)
foreach(c ${ROOFLINE_BAD_INPUTS})
  add_test(NAME reliability/bad_input/${c}
    COMMAND ${Python3_EXECUTABLE} ${ROOFLINE_HOSTILE_DIR}/bad_inputs.py
      --roofline ${ROOFLINE_BIN} --root ${CMAKE_SOURCE_DIR}
      --work ${CMAKE_CURRENT_BINARY_DIR}/bad_input ${c})
  set_tests_properties(reliability/bad_input/${c} PROPERTIES LABELS reliability TIMEOUT 180
    SKIP_RETURN_CODE 77)
endforeach()

# ---- the machine cache: two runs at once, and runs killed part-way, leave
# one valid model; so do 2 to 8 refreshes at once with one killed, and a
# cache file that is a FIFO or a directory (tests/hostile/cache_race.py).
# Serial: they measure.
foreach(c race kill refresh race_kill odd_files)
  add_test(NAME reliability/cache_${c}
    COMMAND ${Python3_EXECUTABLE} ${ROOFLINE_HOSTILE_DIR}/cache_race.py
      --roofline ${ROOFLINE_BIN} --root ${CMAKE_SOURCE_DIR} --work ${CMAKE_CURRENT_BINARY_DIR} ${c})
  set_tests_properties(reliability/cache_${c} PROPERTIES LABELS reliability TIMEOUT 300
    RUN_SERIAL TRUE)
endforeach()

# ---- what roofline writes: picture names gnuplot would read as commands,
# outputs that would replace an input or each other, pictures on a full disk
# (tests/hostile/outputs.py; full_tmpfs mounts a tmpfs, so root only).
foreach(c picture_names overwrite full_disk full_tmpfs)
  add_test(NAME reliability/outputs/${c}
    COMMAND ${Python3_EXECUTABLE} ${ROOFLINE_HOSTILE_DIR}/outputs.py
      --roofline ${ROOFLINE_BIN} --root ${CMAKE_SOURCE_DIR}
      --work ${CMAKE_CURRENT_BINARY_DIR}/outputs ${c})
  set_tests_properties(reliability/outputs/${c} PROPERTIES LABELS reliability TIMEOUT 300
    SKIP_RETURN_CODE 77)
endforeach()

# ---- signals: roofline stopped part-way (a streamed -o write, cachegrind,
# an outer `timeout`) leaves no temporary file and no process of the
# measured program; programs that fork, setsid, ignore SIGTERM or flood
# their output (tests/hostile/signals.py). Serial: they time and kill.
foreach(c stream_write cachegrind_term outer_timeout leaves_child stubborn flood)
  add_test(NAME reliability/signals/${c}
    COMMAND ${Python3_EXECUTABLE} ${ROOFLINE_HOSTILE_DIR}/signals.py
      --roofline ${ROOFLINE_BIN} --root ${CMAKE_SOURCE_DIR}
      --work ${CMAKE_CURRENT_BINARY_DIR}/signals ${c})
  set_tests_properties(reliability/signals/${c} PROPERTIES LABELS reliability TIMEOUT 300
    SKIP_RETURN_CODE 77 RUN_SERIAL TRUE)
endforeach()

# ---- memory and numbers at their limits (tests/hostile/limits.py): a plot
# of figures of 1e308 and 1e-300 under 2 GB, an analysis that runs out of
# a 400 MB limit, the progress line of a long analysis.
foreach(c plot_extremes oom_json_output progress_forced progress_quiet)
  add_test(NAME reliability/limits/${c}
    COMMAND ${Python3_EXECUTABLE} ${ROOFLINE_HOSTILE_DIR}/limits.py
      --roofline ${ROOFLINE_BIN} --root ${CMAKE_SOURCE_DIR}
      --work ${CMAKE_CURRENT_BINARY_DIR}/limits ${c})
  set_tests_properties(reliability/limits/${c} PROPERTIES LABELS reliability TIMEOUT 600
    SKIP_RETURN_CODE 77)
endforeach()
