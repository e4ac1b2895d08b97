/* Bad input: --param without NAME=VALUE is a usage error (exit 2).
 * ARGS: -D n
 * EXIT: 2
 * STDERR: --param 'n': expected NAME=VALUE
 * NOOUTPUT: report.json
 */
int f(int n)
{
    return n;
}
