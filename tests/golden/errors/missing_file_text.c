/* Bad input: a missing file fails the same way with the text report.
 *
 * ARGS: does/not/exist.c --format text
 * EXIT: 1
 * STDERR: does/not/exist.c
 */
