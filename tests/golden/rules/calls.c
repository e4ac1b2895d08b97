/* Rule: a call adds the callee's counts with its parameters replaced by
 * the argument expressions (sum's n becomes 2*m), and costs 1 call plus
 * its arguments' ops. sq(m + 1): call, add, mul. t += sum(b, 2 * m): call,
 * mul (2 * m), the loop 2m times (add, a 4-byte load), its header
 * (2m + 1 cmp, 2m add: control), and the += (add). m = 5.
 * ARGS: -k caller -D m=5
 * EXPECT caller calls 2
 * EXPECT caller int_ops/add 12
 * EXPECT caller int_ops/mul 2
 * EXPECT caller symbolic/work_ops "2*m + 4"
 * EXPECT caller loads/count 10
 * EXPECT caller control_ops 21
 * EXPECT caller branches 11
 * EXPECT caller footprint_bytes 40
 * EXPECT caller exact true
 */
static int sq(int x)
{
    return x * x;
}
static int sum(const int *a, int n)
{
    int s = 0;
    for (int i = 0; i < n; i++)
        s += a[i];
    return s;
}
int caller(const int *b, int m)
{
    int t = sq(m + 1);
    t += sum(b, 2 * m);
    return t;
}
