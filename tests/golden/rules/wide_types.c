/* Rule: long double is floating point (flops), __int128 integer (int
 * ops), one op per operator; their loads are of their size (16 bytes on
 * x86-64). n = 10.
 * ldot: 10 flop mul and add; 20 loads of 16 bytes.
 * mulsum: (unsigned __int128)a[i] * b[i], s +=: 10 int mul and add; 20
 *   loads of 8 bytes.
 * add128: d[i] += s[i]: 10 int adds; 20 loads and 10 stores of 16 bytes.
 * ARGS: -D n=10
 * EXPECT ldot flops {"add": 10, "mul": 10, "div": 0, "cmp": 0, "other": 0, "total": 20}
 * EXPECT ldot loads {"count": 20, "bytes": 320}
 * EXPECT ldot exact true
 * EXPECT mulsum int_ops/mul 10
 * EXPECT mulsum int_ops/add 10
 * EXPECT mulsum flops/total 0
 * EXPECT mulsum loads {"count": 20, "bytes": 160}
 * EXPECT add128 int_ops/add 10
 * EXPECT add128 loads {"count": 20, "bytes": 320}
 * EXPECT add128 stores {"count": 10, "bytes": 160}
 * EXPECT add128 exact true
 */
long double ldot(int n, const long double *x, const long double *y)
{
    long double s = 0;
    for (int i = 0; i < n; i++)
        s += x[i] * y[i];
    return s;
}

unsigned __int128 mulsum(int n, const unsigned long *a, const unsigned long *b)
{
    unsigned __int128 s = 0;
    for (int i = 0; i < n; i++)
        s += (unsigned __int128)a[i] * b[i];
    return s;
}

void add128(int n, __int128 *d, const __int128 *s)
{
    for (int i = 0; i < n; i++)
        d[i] += s[i];
}
