/* Rule: --per EXPR divides every count by EXPR, and --unit names the unit.
 * n = 64 bytes in blocks of 16: per = 4. Per block: 16 logic ops (^=),
 * 32 loads (d[i] and s[i]), 16 stores, 48 traffic bytes; footprint and
 * DRAM (s 64 + d 64 stored twice) / 4.
 * ARGS: --per n/16 --unit block -D n=64
 * EXPECT xor_bytes unit "block"
 * EXPECT xor_bytes per "n/16"
 * EXPECT xor_bytes int_ops/logic 16
 * EXPECT xor_bytes symbolic/int_ops.logic "16"
 * EXPECT xor_bytes loads/count 32
 * EXPECT xor_bytes stores/count 16
 * EXPECT xor_bytes traffic_bytes 48
 * EXPECT xor_bytes footprint_bytes 32
 * EXPECT xor_bytes dram_bytes 48
 * EXPECT xor_bytes params/n 64
 */
void xor_bytes(unsigned char *d, const unsigned char *s, int n)
{
    for (int i = 0; i < n; i++)
        d[i] ^= s[i];
}
