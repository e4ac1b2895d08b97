/* Rule: add and mul inside a subscript's index are address ops; other
 * classes there stay work; arithmetic on a pointer is address.
 * in[(i - 1) * n + j]: 3 address ops. T0[(s >> 24) & 0xff]: 2 work ops.
 * sbox[a ^ b]: 1 work op. p + 4 and p++: 2 address ops. The return adds
 * to a double x: 3 flop adds. All reads are
 * loads: in 8 bytes, T0 4, sbox 1, *q 4.
 * ARGS: -k f
 * EXPECT f address_ops 5
 * EXPECT f int_ops/shift 1
 * EXPECT f int_ops/logic 2
 * EXPECT f int_ops/add 0
 * EXPECT f flops/add 3
 * EXPECT f work_ops 6
 * EXPECT f loads/count 4
 * EXPECT f loads/bytes 17
 */
static const unsigned T0[256];
static const unsigned char sbox[256];
double f(const double *in, const int *p, int i, int j, int n, unsigned s, int a, int b)
{
    double x = in[(i - 1) * n + j];
    unsigned t = T0[(s >> 24) & 0xff];
    int u = sbox[a ^ b];
    const int *q = p + 4;
    q++;
    return x + t + u + *q;
}
