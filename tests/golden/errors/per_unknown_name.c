/* Bad input: --per naming something the kernel does not have.
 * ARGS: --per blocks
 * EXIT: 2
 * STDERR: unknown name 'blocks'
 * NOOUTPUT: report.json
 */
int f(int n)
{
    return n;
}
