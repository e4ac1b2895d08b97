/* Rule: known library functions have built-in costs (a data table):
 * memcpy(d, s, n) loads n bytes and stores n; memset stores n; strlen's
 * length is a trip symbol (L<line>), its scan reads length + 1 bytes;
 * libm functions are 1 flop of class other; fma is 2 flops. Each is a call.
 * dst + 64 is pointer arithmetic (1 address op). n = 16, L30 = 10.
 * Loads: 64 + 11 bytes in 2 loads; stores 64 + 16 bytes in 2 stores.
 * Flops: sqrt and fabs (other 2), fma (mul 1, add 1), two adds.
 * Footprint: src 64 (the scan's 11 bytes lie inside), dst 0..79: 144;
 * DRAM: src 64 + dst stored twice 160 = 224.
 * ARGS: -D n=16 -D L30=10
 * EXPECT lib calls 6
 * EXPECT lib address_ops 1
 * EXPECT lib loads/count 2
 * EXPECT lib loads/bytes 75
 * EXPECT lib stores/count 2
 * EXPECT lib stores/bytes 80
 * EXPECT lib flops/other 2
 * EXPECT lib flops/mul 1
 * EXPECT lib flops/add 3
 * EXPECT lib footprint_bytes 144
 * EXPECT lib dram_bytes 224
 * EXPECT lib opaque_calls []
 */
#include <math.h>
#include <string.h>
double lib(char *dst, const char *src, double x, int n)
{
    memcpy(dst, src, 64);
    memset(dst + 64, 0, n);
    (void)strlen(src);
    return sqrt(x) + fma(x, x, x) + fabs(x);
}
