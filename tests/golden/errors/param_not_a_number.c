/* Bad input: a --param value that is not a number.
 * ARGS: -D n=lots
 * EXIT: 2
 * STDERR: the value must be a number
 * NOOUTPUT: report.json
 */
int f(int n)
{
    return n;
}
