/* Rule: a counted loop with constant bounds runs as C runs it: in its
 * variable's type, compared in the type the usual arithmetic conversions
 * give, wrapping where C wraps. Each kernel stores one double per
 * iteration, so stores/count is its trip count, derived here by hand:
 *
 * clear_words: i (unsigned long) from 0 to ULONG_MAX - 1: 2^64 - 1 =
 *   18446744073709551615 trips, past 2^63: approximated (a double).
 * stride_long_max: i = 0 runs, then i = LONG_MAX, not < 100: 1 trip.
 * signed_vs_unsigned: -5 < 5u compares -5 as unsigned, 4294967291: the
 *   condition is false at once: 0 trips, the condition evaluated once.
 * table_signed_char: c < 200 holds for every signed char (-128 to 127):
 *   the loop never ends; no trip count (L<line>, unbound: null).
 * table_unsigned_char: c < 300 holds for every unsigned char: the same.
 * countdown_unsigned: 10, 9, ..., 1: 10 trips.
 * ne_skips_signed: 0, 3, 6, 9, 12, ... never 10, until i += 3 overflows
 *   int (undefined behavior): no trip count.
 * ne_lands: 0, 3, 6, 9, then 12 == 12: 4 trips.
 * ne_unsigned_wraps: i wraps modulo 2^32 and meets 10 when 3k = 10 (mod
 *   2^32): k = 10 * 3^-1 = 10 * 2863311531 mod 2^32 = 2863311534 trips.
 * le_step: 0, 4, 8 (12 > 10): 3 trips.
 * ge_down: 10, 3, -4 (-11 < -10): 3 trips.
 * unsigned_ge_zero: i >= 0 holds for every unsigned: never ends.
 * search_break: c < 200 never fails, but the body returns: a loop like
 *   for (;;), its trips L<line> (iterations started), not a never-ending one.
 * ARGS: -k clear_words -k stride_long_max -k signed_vs_unsigned -k table_signed_char
 * ARGS: -k table_unsigned_char -k countdown_unsigned -k ne_skips_signed -k ne_lands
 * ARGS: -k ne_unsigned_wraps -k le_step -k ge_down -k unsigned_ge_zero -k search_break
 * EXPECT clear_words stores/count 18446744073709551615
 * EXPECT clear_words control_ops 36893488147419103231
 * EXPECT clear_words footprint_bytes 64
 * EXPECT clear_words exact false
 * EXPECT clear_words inexact_because ["counts approximated past 2^63: beyond 64-bit exact arithmetic they are carried in double precision (53 bits)"]
 * EXPECT stride_long_max stores/count 1
 * EXPECT stride_long_max control_ops 3
 * EXPECT stride_long_max exact true
 * EXPECT signed_vs_unsigned stores/count 0
 * EXPECT signed_vs_unsigned control_ops 1
 * EXPECT signed_vs_unsigned exact true
 * EXPECT table_signed_char stores/count null
 * EXPECT table_signed_char exact false
 * EXPECT table_signed_char inexact_because ["line 86: loop condition can never become false: c (signed char) < 200 (with c++)", "L86: trip count unknown (bind with --param L86=N)"]
 * EXPECT table_unsigned_char stores/count null
 * EXPECT table_unsigned_char inexact_because ["line 92: loop condition can never become false: c (unsigned char) < 300 (with c++)", "L92: trip count unknown (bind with --param L92=N)"]
 * EXPECT countdown_unsigned stores/count 10
 * EXPECT countdown_unsigned footprint_bytes 80
 * EXPECT countdown_unsigned exact true
 * EXPECT ne_skips_signed stores/count null
 * EXPECT ne_skips_signed inexact_because ["line 104: i += 3 overflows its signed type before i (int) != 10 becomes false (undefined behavior): no trip count", "L104: trip count unknown (bind with --param L104=N)"]
 * EXPECT ne_lands stores/count 4
 * EXPECT ne_lands exact true
 * EXPECT ne_unsigned_wraps stores/count 2863311534
 * EXPECT ne_unsigned_wraps control_ops 5726623069
 * EXPECT ne_unsigned_wraps exact true
 * EXPECT le_step stores/count 3
 * EXPECT le_step footprint_bytes 72
 * EXPECT ge_down stores/count 3
 * EXPECT ge_down footprint_bytes 120
 * EXPECT unsigned_ge_zero stores/count null
 * EXPECT unsigned_ge_zero inexact_because ["line 134: loop condition can never become false: i (unsigned int) >= 0 (with i--)", "L134: trip count unknown (bind with --param L134=N)"]
 * EXPECT search_break inexact_because ["P141: branch probability defaulted to 0.5 (bind with --param P141=P)", "L140: trip count unknown (bind with --param L140=N)"]
 */
#include <limits.h>

double words[8]; /* a table of known size: footprint at most 64 bytes */

void clear_words(void)
{
    for (unsigned long i = 0; i < ULONG_MAX; i++)
        words[i & 7] = 0;
}

void stride_long_max(double *a)
{
    for (long i = 0; i < 100; i += LONG_MAX)
        a[i] = 1;
}

void signed_vs_unsigned(double *a)
{
    for (int i = -5; i < 5u; i++)
        a[i + 5] = 0;
}

void table_signed_char(double *t)
{
    for (signed char c = 0; c < 200; c++)
        t[c + 128] = c;
}

void table_unsigned_char(double *t)
{
    for (unsigned char c = 0; c < 300; c++)
        t[c] = c;
}

void countdown_unsigned(double *a)
{
    for (unsigned i = 10; i > 0; i--)
        a[i] = 0;
}

void ne_skips_signed(double *a)
{
    for (int i = 0; i != 10; i += 3)
        a[i] = 0;
}

void ne_lands(double *a)
{
    for (int i = 0; i != 12; i += 3)
        a[i] = 0;
}

void ne_unsigned_wraps(void)
{
    for (unsigned i = 0; i != 10; i += 3)
        words[i & 7] = 0;
}

void le_step(double *a)
{
    for (int i = 0; i <= 10; i += 4)
        a[i] = 0;
}

void ge_down(double *a)
{
    for (int i = 10; i >= -10; i -= 7)
        a[i + 10] = 0;
}

void unsigned_ge_zero(void)
{
    for (unsigned i = 5; i >= 0; i--)
        words[i & 7] = 0;
}

int search_break(const double *t)
{
    for (signed char c = 0; c < 200; c++)
        if (t[c + 128] == 0)
            return c;
    return -1;
}
