/* Bad input: a --param name that no analyzed kernel has: the message
 * says which names can be bound.
 * ARGS: -D m=3
 * EXIT: 2
 * STDERR: no analyzed kernel has a parameter or symbol named m
 * STDERR: n
 * NOOUTPUT: report.json
 */
int f(int n)
{
    int s = 0;
    for (int i = 0; i < n; i++)
        s += i;
    return s;
}
