/* Rule: for loops with one integer induction variable, a bound and a
 * constant step have trip max(0, ceil((B - A) / C)), adjusted for <= and
 * >=: 10, 6 (0..10 step 2), 10 (10 down to 1), 4 (9, 6, 3, 0), m - n.
 * Stores: 10 + 6 + 10 + 4 + 5 = 35 of 8 bytes. Control: each condition
 * trip + 1 times, each increment trip times: 21 + 13 + 21 + 9 + 11 = 75.
 * Branches: 11 + 7 + 11 + 5 + 6 = 40. Footprint: a[0..10] 88 bytes, b[2..6]
 * 40 bytes; both stored and streaming, so DRAM is twice that.
 * ARGS: -D n=2 -D m=7
 * EXPECT loops stores/count 35
 * EXPECT loops stores/bytes 280
 * EXPECT loops control_ops 75
 * EXPECT loops branches 40
 * EXPECT loops work_ops 0
 * EXPECT loops address_ops 0
 * EXPECT loops footprint_bytes 128
 * EXPECT loops dram_bytes 256
 * EXPECT loops symbolic/stores.count "m - n + 30"
 * EXPECT loops exact true
 */
void loops(double *a, double *b, int n, int m)
{
    for (int i = 0; i < 10; i++)
        a[i] = 0;
    for (int i = 0; i <= 10; i += 2)
        a[i] = 1;
    for (int i = 10; i > 0; i--)
        a[i] = 2;
    for (int i = 9; i >= 0; i -= 3)
        a[i] = 3;
    for (int i = n; i < m; i++)
        b[i] = 4;
}
