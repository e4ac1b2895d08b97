/* Rule: a loop with a return (or break, goto) out of its body keeps its
 * trip count as an upper bound and marks the result inexact. n = 8: the
 * if's cmp 8 times (work), 8 loads of 4 bytes; the return arm weighs P14.
 * ARGS: -D n=8 -D P14=0.125
 * EXPECT find int_ops/cmp 8
 * EXPECT find loads/count 8
 * EXPECT find branches 17
 * EXPECT find exact false
 * EXPECT find inexact_because ["line 13: loop may leave early (return); its trip count is an upper bound"]
 */
int find(const int *a, int n, int key)
{
    for (int i = 0; i < n; i++)
        if (a[i] == key)
            return i;
    return -1;
}
