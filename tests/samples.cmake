# Tests of the sample kernels: correctness of samples/aes.c and
# samples/json_encode.c, and that the drivers run. (The hand-derived static
# figures are in tests/golden/samples/*.expected, run with the golden tests.)

# Includes samples/aes.c itself to check its static tables entry by entry.
add_executable(test_samples_aes test_samples_aes.c)
target_compile_options(test_samples_aes PRIVATE -O2)
add_test(NAME samples_aes COMMAND test_samples_aes)

add_executable(test_samples_json test_samples_json.c)
target_link_libraries(test_samples_json PRIVATE rl_samples)
add_test(NAME samples_json COMMAND test_samples_json)

# The drivers: a checksum line, the same for the same N, usage errors exit 2.
add_test(NAME samples_aes_driver_ttable COMMAND aes_driver 1000 ttable)
set_tests_properties(samples_aes_driver_ttable PROPERTIES PASS_REGULAR_EXPRESSION "^checksum [0-9a-f]+\n$")
add_test(NAME samples_aes_driver_bytes COMMAND aes_driver 1000 bytes)
set_tests_properties(samples_aes_driver_bytes PROPERTIES PASS_REGULAR_EXPRESSION "^checksum [0-9a-f]+\n$")
add_test(NAME samples_json_driver COMMAND json_driver 1000)
set_tests_properties(samples_json_driver PROPERTIES PASS_REGULAR_EXPRESSION "^checksum [0-9a-f]+\n$")
add_test(NAME samples_aes_driver_usage COMMAND aes_driver)
set_tests_properties(samples_aes_driver_usage PROPERTIES WILL_FAIL TRUE)
add_test(NAME samples_json_driver_usage COMMAND json_driver -3)
set_tests_properties(samples_json_driver_usage PROPERTIES WILL_FAIL TRUE)
