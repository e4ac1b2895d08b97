/* Rule (held-out shapes: not the ones the loop code was written against;
 * each count below was derived by hand and checked by running the loop,
 * compiled with gcc, with a counter): a counted loop with constant bounds
 * runs as C runs it. Each kernel adds 1.0 once per iteration: flops/add is
 * its trip count.
 *
 * b1: -3 < 40000u compares -3 as unsigned (4294967293): 0.
 * b2: 65530 to 65535 (6), wraps to 0, then 0 to 3 (4): 10.
 * b3: 250, 253, then 256 wraps to 0, not > 5: 2.
 * b4: 100, 93, ..., 2 (100 = 14 * 7 + 2): 15.
 * b5: 0, 4, 8: 3.
 * b6: 'a' to 'z': 26.
 * b7: INT_MAX - 2 to INT_MAX all hold <= INT_MAX; i++ then overflows
 *     (undefined behavior): no trip count.
 * b8: 3 < 2 is false at once: 0.
 * b9: c < 256 holds for every unsigned char: never ends.
 * b10: i = i + 3: 0, 3, 6, 9: 4.
 * b11: 0 < i: 7, 5, 3, 1: 4.
 * b12: 1, 2^62 + 1, then 2^63 + 1 > 2^63: 2.
 * b13: LONG_MIN to LONG_MIN + 4: 5.
 * b14: 5, 3, 1, then odd values down from 2^32 - 1: never 0, never ends.
 * b15: signed char c += 50 wraps modulo 256; 100 + 50k = -100 (mod 256)
 *      first at k = 124 (25k = 28 mod 128, 25^-1 = 41 mod 128): 124.
 * EXPECT b1 flops/add 0
 * EXPECT b2 flops/add 10
 * EXPECT b3 flops/add 2
 * EXPECT b4 flops/add 15
 * EXPECT b5 flops/add 3
 * EXPECT b6 flops/add 26
 * EXPECT b7 flops/add null
 * EXPECT b7 inexact_because ["line 87: loop condition can never become false: i (int) <= INT_MAX (with i++)", "L87: trip count unknown (bind with --param L87=N)"]
 * EXPECT b8 flops/add 0
 * EXPECT b9 flops/add null
 * EXPECT b9 exact false
 * EXPECT b10 flops/add 4
 * EXPECT b11 flops/add 4
 * EXPECT b12 flops/add 2
 * EXPECT b13 flops/add 5
 * EXPECT b13 exact true
 * EXPECT b14 flops/add null
 * EXPECT b14 exact false
 * EXPECT b15 flops/add 124
 * EXPECT b15 exact true
 */
#include <limits.h>

double hits[1];

void b1(void)
{
    for (short s = -3; s < 40000u; s++)
        hits[0] += 1;
}

void b2(void)
{
    for (unsigned short u = 65530; u != 4; u++)
        hits[0] += 1;
}

void b3(void)
{
    for (unsigned char c = 250; c > 5; c += 3)
        hits[0] += 1;
}

void b4(void)
{
    for (int i = 100; i > 0; i -= 7)
        hits[0] += 1;
}

void b5(void)
{
    for (unsigned i = 0; i < 10u; i += 4u)
        hits[0] += 1;
}

void b6(void)
{
    for (char c = 'a'; c <= 'z'; c++)
        hits[0] += 1;
}

void b7(void)
{
    for (int i = INT_MAX - 2; i <= INT_MAX; i++)
        hits[0] += 1;
}

void b8(void)
{
    for (unsigned i = 3; i < 2; i--)
        hits[0] += 1;
}

void b9(void)
{
    for (unsigned char c = 0; c < 256; c += 16)
        hits[0] += 1;
}

void b10(void)
{
    for (int i = 0; i < 10; i = i + 3)
        hits[0] += 1;
}

void b11(void)
{
    for (int i = 7; 0 < i; i -= 2)
        hits[0] += 1;
}

void b12(void)
{
    for (unsigned long long i = 1; i <= 1ULL << 63; i += 1ULL << 62)
        hits[0] += 1;
}

void b13(void)
{
    for (long i = LONG_MIN; i < LONG_MIN + 5; i++)
        hits[0] += 1;
}

void b14(void)
{
    for (unsigned u = 5; u != 0; u -= 2)
        hits[0] += 1;
}

void b15(void)
{
    for (signed char c = 100; c != -100; c += 50)
        hits[0] += 1;
}
