/* Rule: a strided loop's trip count ceil((B - A) / C) is exact once bound,
 * is the function's own, and follows a call's arguments. n = 10, m = 10:
 *
 * every4: i < n in steps of 4: 0, 4, 8: ceil(10/4) = 3 adds.
 * every4_again: another function with a parameter named n: its own
 *   ceil(n/4), 3 adds (the two were one symbol, and this one came out
 *   null, with a reason naming an n no one could bind).
 * every3_incl: i <= n in steps of 3: 0, 3, 6, 9: ceil(11/3) = 4 adds.
 * pairs calls every4(a, 2 * m): ceil(20/4) = 5 adds (the argument did
 *   not reach the strided count: null).
 * ARGS: -D n=10 -D m=10
 * EXPECT every4 flops/add 3
 * EXPECT every4 symbolic/flops.add "ceil((n)/4)"
 * EXPECT every4 exact true
 * EXPECT every4_again flops/add 3
 * EXPECT every4_again exact true
 * EXPECT every3_incl flops/add 4
 * EXPECT every3_incl exact true
 * EXPECT pairs flops/add 5
 * EXPECT pairs symbolic/flops.add "ceil((2*m)/4)"
 * EXPECT pairs exact true
 */
double every4(const double *a, int n)
{
    double s = 0;
    for (int i = 0; i < n; i += 4)
        s += a[i];
    return s;
}

double every4_again(const double *b, int n)
{
    double s = 0;
    for (int i = 0; i < n; i += 4)
        s += b[i];
    return s;
}

double every3_incl(const double *a, int n)
{
    double s = 0;
    for (int i = 0; i <= n; i += 3)
        s += a[i];
    return s;
}

double pairs(const double *a, int m)
{
    return every4(a, 2 * m);
}
