/* Bad input: --kernel names a function the file does not define: the
 * message lists the ones it does.
 * ARGS: -k nosuch
 * EXIT: 1
 * STDERR: no function 'nosuch'
 * STDERR: the file defines: alpha, beta
 * NOOUTPUT: report.json
 */
int alpha(int a)
{
    return a;
}
int beta(int b)
{
    return b;
}
