/* Rule: resident objects stream too when their footprint together does
 * not fit the machine model's last-level cache: big is 16 MB, read with a
 * data-dependent index, so its footprint is the whole object, more than
 * the model's L3 (tests/data/machine.json). Its 16,000,000 bytes count as
 * DRAM bytes, plus idx[0..n-1] read through the parameter (4 * 10).
 * ARGS: -D n=10
 * EXPECT gather footprint_bytes 16000040
 * EXPECT gather dram_bytes 16000040
 * EXPECT gather exact false
 */
static double big[2000000];
double gather(const int *idx, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += big[idx[i]];
    return s;
}
