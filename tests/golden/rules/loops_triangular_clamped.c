/* Rule: a loop inside another whose trip count is negative in some
 * iterations of the one around does not run in those: it adds nothing
 * there, not a negative count. n = 10:
 *
 * lower_strict: j from 1 below i runs max(0, i - 1) times: 0, 0, 1, ..., 8
 *   = 36 adds and loads; a[1] to a[8]: footprint 64. Control: the outer
 *   condition 11 and increment 10; the inner condition once more than its
 *   trips in each of the 10 outer iterations, 36 + 10, and its increment
 *   36: 103. Branches: 11 + 46 = 57.
 * upper_gap: j from i + 2 below n: 8, 7, ..., 1, 0, 0 = 36 adds; a[2] to
 *   a[9]: footprint 64.
 * after_three: j below i - 3: i = 4 to 9 run 1 to 6 times: 21 adds, 21
 *   address adds (i + j); a[4] (i = 4, j = 0) to a[14] (i = 9, j = 5):
 *   footprint 88.
 * short_outer: j from 3 below i < 2 never runs: 0 adds.
 * ARGS: -D n=10
 * EXPECT lower_strict flops/add 36
 * EXPECT lower_strict loads/count 36
 * EXPECT lower_strict footprint_bytes 64
 * EXPECT lower_strict control_ops 103
 * EXPECT lower_strict branches 57
 * EXPECT lower_strict exact true
 * EXPECT upper_gap flops/add 36
 * EXPECT upper_gap footprint_bytes 64
 * EXPECT upper_gap exact true
 * EXPECT after_three flops/add 21
 * EXPECT after_three address_ops 21
 * EXPECT after_three footprint_bytes 88
 * EXPECT after_three exact true
 * EXPECT short_outer flops/add 0
 * EXPECT short_outer exact true
 */
double lower_strict(const double *a, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        for (int j = 1; j < i; j++)
            s += a[j];
    return s;
}

double upper_gap(const double *a, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        for (int j = i + 2; j < n; j++)
            s += a[j];
    return s;
}

double after_three(const double *a, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < i - 3; j++)
            s += a[i + j];
    return s;
}

double short_outer(const double *a)
{
    double s = 0;
    for (int i = 0; i < 2; i++)
        for (int j = 3; j < i; j++)
            s += a[j];
    return s;
}
