/* Rule: an old-style (K&R) definition is a function like any other: its
 * parameters are declared after the list. n = 10: 10 int mul and add, 20
 * loads of 4 bytes, exact.
 * ARGS: -D n=10
 * EXPECT knr_dot int_ops/mul 10
 * EXPECT knr_dot int_ops/add 10
 * EXPECT knr_dot loads {"count": 20, "bytes": 80}
 * EXPECT knr_dot exact true
 */
int knr_dot(n, a, b)
int n;
const int *a, *b;
{
    int s = 0;
    for (int i = 0; i < n; i++)
        s += a[i] * b[i];
    return s;
}
