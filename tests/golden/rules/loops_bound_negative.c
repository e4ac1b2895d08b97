/* Rule: bound values for which a counted loop's trip count is negative
 * make a loop that does not run; the counts' formulas, polynomials that
 * assume it runs, do not hold there and give no figures: null, with the
 * loop and the value in inexact_because, never negative work. Loops whose
 * trip count stays >= 0 keep exact figures. n = -5:
 *
 * sum: i < n runs n = -5 times by the formula: null.
 * window: i from -10 below n runs n + 10 = 5 times: 5 adds, exact.
 * strided: i < n in steps of 4: ceil(-5/4) is clamped at 0 where it is
 *   evaluated: 0 adds, and the accesses of a loop that does not run touch
 *   nothing: footprint 0, exact.
 * blur3 calls stencil(a, 3): i from 1 below 2, once: 2 adds, exact.
 * blur1 calls stencil(a, 1): i from 1 below 0, -1 times: null.
 * ARGS: -D n=-5
 * EXPECT sum flops/add null
 * EXPECT sum work_ops null
 * EXPECT sum exact false
 * EXPECT sum inexact_because ["line 33 (sum): i < n: its trip count n is -5 for these values: the loop does not run, and the counts' formulas, which assume it does, are not given"]
 * EXPECT sum symbolic/flops.add "n"
 * EXPECT window flops/add 5
 * EXPECT window exact true
 * EXPECT strided flops/add 0
 * EXPECT strided footprint_bytes 0
 * EXPECT strided exact true
 * EXPECT blur3 flops/add 2
 * EXPECT blur3 exact true
 * EXPECT blur1 flops/add null
 * EXPECT blur1 inexact_because ["line 57 (stencil): i < n - 1: its trip count -1 where it is called: the loop does not run, and the counts' formulas, which assume it does, are not given"]
 */
double sum(const double *a, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += a[i];
    return s;
}

double window(const double *a, int n)
{
    double s = 0;
    for (int i = -10; i < n; i++)
        s += a[i + 10];
    return s;
}

double strided(const double *a, int n)
{
    double s = 0;
    for (int i = 0; i < n; i += 4)
        s += a[i];
    return s;
}

static double stencil(const double *a, int n)
{
    double s = 0;
    for (int i = 1; i < n - 1; i++)
        s += a[i - 1] + a[i + 1];
    return s;
}

double blur3(const double *a)
{
    return stencil(a, 3);
}

double blur1(const double *a)
{
    return stencil(a, 1);
}
