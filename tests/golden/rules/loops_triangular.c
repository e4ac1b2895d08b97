/* Rule: triangular nests are summed exactly: j runs from i + 1 to n - 1,
 * n(n - 1)/2 times in all (45 for n = 10). i * n + j is a subscript: 2
 * address ops per access. Control: outer condition 11 + increment 10; the
 * inner init i + 1 once per outer iteration (10), its condition
 * sum(n - i) = 55 and increment 45: 131. Branches 11 + 55. Footprint: a[1]
 * to a[n*n - 1], 8 * (n*n - 1) = 792 bytes, read only and streaming.
 * ARGS: -D n=10
 * EXPECT upper flops/add 45
 * EXPECT upper symbolic/flops.add "(n^2 - n)/2"
 * EXPECT upper address_ops 90
 * EXPECT upper loads/count 45
 * EXPECT upper loads/bytes 360
 * EXPECT upper control_ops 131
 * EXPECT upper branches 66
 * EXPECT upper footprint_bytes 792
 * EXPECT upper dram_bytes 792
 * EXPECT upper exact true
 */
double upper(const double *a, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            s += a[i * n + j];
    return s;
}
