/* Rule: counts stay symbolic until bound: with n unbound, the figures are
 * null and their formulas are under "symbolic"; n is listed as unbound.
 * EXPECT dot work_ops null
 * EXPECT dot symbolic/work_ops "2*n"
 * EXPECT dot symbolic/control_ops "2*n + 1"
 * EXPECT dot symbolic/loads.bytes "16*n"
 * EXPECT dot unbound ["n"]
 * EXPECT dot exact false
 * EXPECT dot bound null
 */
double dot(const double *a, const double *b, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += a[i] * b[i];
    return s;
}
