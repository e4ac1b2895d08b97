/* Rule: _Generic evaluates the one association its controlling type
 * selects (the controlling expression is not evaluated), also when it
 * names the function a call goes to (tgmath-style macros). When the
 * analyzer cannot tell which is selected, the result says so.
 * roots, n = 10, per i: cbrt(x[i]) and cbrtf(y[i]) (libm: 1 flop of class
 *   other each), their sum (a flop add); loads 8 + 4 bytes, a store of 8.
 * twice_int: k * 2, one int mul (the int association of three of type int).
 * twice_real: real is a typedef of float, and the controlling expression
 *   r is a real: its association, r * 2 (a flop mul).
 * twice_sum: the controlling expression r + s is a float, which names no
 *   association as written: r * 2 (real) and r + 1 (double) both have type
 *   float and are not told apart; the first is counted, and the result
 *   says so.
 * ARGS: -D n=10
 * EXPECT roots flops {"add": 10, "mul": 0, "div": 0, "cmp": 0, "other": 20, "total": 30}
 * EXPECT roots loads {"count": 20, "bytes": 120}
 * EXPECT roots calls 20
 * EXPECT roots opaque_calls []
 * EXPECT roots exact true
 * EXPECT twice_int int_ops/mul 1
 * EXPECT twice_int work_ops 1
 * EXPECT twice_int exact true
 * EXPECT twice_real flops/mul 1
 * EXPECT twice_real flops/add 0
 * EXPECT twice_real exact true
 * EXPECT twice_sum flops/mul 1
 * EXPECT twice_sum flops/add 0
 * EXPECT twice_sum exact false
 * EXPECT twice_sum inexact_because ["line 58: _Generic: which association is selected is not known to the analyzer; the first of its type counted"]
 */
float cbrtf(float);
double cbrt(double);
long double cbrtl(long double);

#define cbrt_g(x) _Generic((x), float: cbrtf, long double: cbrtl, default: cbrt)(x)
#define twice(x) _Generic((x), int: (x) * 2, long: (x) * 2L, double: (x) + (x), default: 0)

typedef float real;

void roots(int n, const double *x, const float *y, double *out)
{
    for (int i = 0; i < n; i++)
        out[i] = cbrt_g(x[i]) + cbrt_g(y[i]);
}

int twice_int(int k)
{
    return twice(k);
}

float twice_real(real r)
{
    return _Generic(r, real: r * 2, double: r + 1, default: 0);
}

float twice_sum(real r, float s)
{
    return _Generic(r + s, real: r * 2, double: r + 1, default: 0);
}
