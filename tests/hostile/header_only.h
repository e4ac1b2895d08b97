/* A header analyzed on its own (roofline analyze header_only.h): its
 * static inline functions are the kernels, parsed as C. */
#ifndef HEADER_ONLY_H
#define HEADER_ONLY_H

static inline double hsum(const double *a, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += a[i];
    return s;
}

static inline void hscale(double *a, int n, double k)
{
    for (int i = 0; i < n; i++)
        a[i] *= k;
}

#endif
