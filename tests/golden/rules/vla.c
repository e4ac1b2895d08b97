/* Rule: variable-length arrays. The loads and ops of a VLA parameter
 * double a[n][n] are counted; its rows' size is not a constant, so where
 * its elements lie is not known: the footprint is taken as accesses times
 * size, and the result says so (never a footprint marked exact that may
 * be wrong). A one-dimensional VLA has constant-size elements: exact.
 * n = 4. grid_sum: 16 flop adds, 16 loads of 8 bytes.
 * prefix: tmp[i] stored and loaded (8 bytes each), x[i] loaded, y[i]
 *   stored: 4 flop adds; footprint x, y and tmp 32 bytes each.
 * ARGS: -D n=4
 * EXPECT grid_sum flops/add 16
 * EXPECT grid_sum loads {"count": 16, "bytes": 128}
 * EXPECT grid_sum exact false
 * EXPECT grid_sum inexact_because ["line 25: element size not constant (a variable-length array); its footprint taken as accesses times size"]
 * EXPECT prefix flops/add 4
 * EXPECT prefix loads {"count": 8, "bytes": 64}
 * EXPECT prefix stores {"count": 8, "bytes": 64}
 * EXPECT prefix footprint_bytes 96
 * EXPECT prefix exact true
 */
double grid_sum(int n, double a[n][n])
{
    double s = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            s += a[i][j];
    return s;
}

void prefix(int n, const double *x, double *y)
{
    double tmp[n];
    for (int i = 0; i < n; i++)
        tmp[i] = x[i] + 1;
    for (int i = 0; i < n; i++)
        y[i] = tmp[i];
}
