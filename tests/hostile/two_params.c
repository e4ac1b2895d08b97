/* Two parameters, for --per formulas whose terms have large coprime
 * denominators ('n/99999999977 + m/99999999989'): the common denominator
 * of the printed formula does not fit in 64 bits. */
double two_params(const double *x, int n, int m)
{
    double s = 0;
    for (int i = 0; i < n + m; i++)
        s += x[i];
    return s;
}
