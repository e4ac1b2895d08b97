/* Rule: a loop's formula holds where C computes what it says. rows = 0,
 * n = 300:
 *
 * all_but_last: rows - 1 is computed in size_t: for rows = 0 it wraps to
 *   SIZE_MAX and the loop runs 2^64 - 1 times, where the formula says -1:
 *   no counts, and the wrap is the reason.
 * byte_histogram: c (unsigned char) < n never becomes false for n > 255:
 *   c wraps from 255 to 0; the formula (n = 300 trips) does not hold: no
 *   counts.
 * ramp: i (int) from n down to 1: 300 stores, exact.
 * ARGS: -D rows=0 -D n=300
 * EXPECT all_but_last flops/add null
 * EXPECT all_but_last inexact_because ["line 24 (all_but_last): i < rows - 1: rows - 1 is -1 for these values, and wraps around where it is compared as unsigned: no counts"]
 * EXPECT byte_histogram stores/count null
 * EXPECT byte_histogram inexact_because ["line 31 (byte_histogram): c < n: the condition never becomes false: the loop variable's type ends before the bound (-n + 255 is -45 for these values): no counts"]
 * EXPECT ramp stores/count 300
 * EXPECT ramp exact true
 */
#include <stddef.h>

double all_but_last(const double *a, size_t rows)
{
    double s = 0;
    for (size_t i = 0; i < rows - 1; i++)
        s += a[i];
    return s;
}

void byte_histogram(double *h, int n)
{
    for (unsigned char c = 0; c < n; c++)
        h[c] += 1;
}

void ramp(double *a, int n)
{
    for (int i = n; i > 0; i--)
        a[i] = i;
}
