/* Bad input: the file to analyze does not exist. One clear message naming
 * it, exit status 1, and no report file left behind.
 *
 * ARGS: does/not/exist.c
 * EXIT: 1
 * STDERR: does/not/exist.c
 * NOOUTPUT: report.json
 */
