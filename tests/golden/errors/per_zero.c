/* Bad input: --per that evaluates to zero: a unit of work cannot be
 * empty. Exit 1, no report.
 * ARGS: --per n-4 -D n=4
 * EXIT: 1
 * STDERR: evaluates to 0
 * NOOUTPUT: report.json
 */
int f(int n)
{
    return n;
}
