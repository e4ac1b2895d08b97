/* Bad input: --per naming something the kernel does not have.
 * ARGS: --per blocks
 * EXIT: 2
 * STDERR: --per blocks: unknown name
 * NOOUTPUT: report.json
 */
int f(int n)
{
    return n;
}
