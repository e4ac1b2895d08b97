/* Rule: complex arithmetic is counted part by part (C99 Annex G): a
 * complex times a complex is 4 flop multiplies and 2 adds, a complex plus
 * a complex 2 adds, a complex times a real 2 multiplies; loads and stores
 * are of the whole number (16 bytes for a double complex). A division by a
 * complex is counted as the textbook formula (6 multiplies, 3 adds, 2
 * divides), which compilers replace by a library call: said so. n = 10.
 * zaxpy, per i: a * x[i] (4 mul, 2 add), y[i] += (2 add); loads x[i] and
 *   y[i], a store of y[i].
 * zscale, per i: y[i] *= s, s real: 2 mul.
 * zdiv: z / w.
 * ARGS: -D n=10
 * EXPECT zaxpy flops {"add": 40, "mul": 40, "div": 0, "cmp": 0, "other": 0, "total": 80}
 * EXPECT zaxpy loads {"count": 20, "bytes": 320}
 * EXPECT zaxpy stores {"count": 10, "bytes": 160}
 * EXPECT zaxpy exact true
 * EXPECT zscale flops/mul 20
 * EXPECT zscale flops/total 20
 * EXPECT zscale exact true
 * EXPECT zdiv flops {"add": 3, "mul": 6, "div": 2, "cmp": 0, "other": 0, "total": 11}
 * EXPECT zdiv exact false
 * EXPECT zdiv inexact_because ["line 37: complex division counted as the textbook formula (6 multiplies, 3 adds, 2 divides); compilers call a library routine (__divdc3) for it"]
 */
void zaxpy(int n, double _Complex a, const double _Complex *x, double _Complex *y)
{
    for (int i = 0; i < n; i++)
        y[i] += a * x[i];
}

void zscale(int n, double s, double _Complex *y)
{
    for (int i = 0; i < n; i++)
        y[i] *= s;
}

double _Complex zdiv(double _Complex z, double _Complex w)
{
    return z / w;
}
