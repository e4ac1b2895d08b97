/* Bad input: a file with no function definitions.
 * EXIT: 1
 * STDERR: no function definitions
 * NOOUTPUT: report.json
 */
int declared_only(int);
static const int table[4] = {1, 2, 3, 4};
