/* Bad input: a C syntax error. clang's diagnostic, with file and line,
 * exit status 1, no report file.
 * EXIT: 1
 * STDERR: syntax_error.c:10:
 * STDERR: error:
 * NOOUTPUT: report.json
 */
int f(int a)
{
    return a +;
}
