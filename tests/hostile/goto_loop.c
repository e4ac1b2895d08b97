/* A loop made of a backward goto. With its one branch probability bound,
 * nothing is left unknown, yet the analyzer cannot count the loop's trips:
 * the report must say so rather than claim an exact count of one pass.
 * Run: roofline analyze goto_loop.c -D P10=0.99 -D n=100 */
int goto_loop(const int *a, int n)
{
    int i = 0, s = 0;
again:
    s += a[i];
    if (++i < n)
        goto again;
    return s;
}
