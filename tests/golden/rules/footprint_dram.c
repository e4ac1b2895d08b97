/* Rule: footprint is per object: the index range of affine accesses times
 * the element size (in[0..99], out[0..99], lut[3]: 100 + 100 + 1), or the
 * whole object for data-dependent indices when its size is known (table
 * 256, tmp 16): 473 bytes. DRAM bytes: streaming objects (reached through
 * the pointer parameters) count once, stored ones twice (write-allocate):
 * in 100 + out 200; resident ones (statics, globals, local arrays) fit the
 * last-level cache and cost 0. Ops: i & 15 stays work (logic) in a
 * subscript, twice per iteration, plus ^: 300 logic. Loads 4 a byte each
 * per iteration, stores 2.
 * ARGS: -D n=100
 * EXPECT k int_ops/logic 300
 * EXPECT k address_ops 0
 * EXPECT k loads/bytes 400
 * EXPECT k stores/bytes 200
 * EXPECT k traffic_bytes 600
 * EXPECT k footprint_bytes 473
 * EXPECT k dram_bytes 300
 * EXPECT k intensity/traffic 0.5
 * EXPECT k intensity/dram 1
 */
static const unsigned char table[256] = {1};
unsigned char lut[64];
void k(const unsigned char *in, unsigned char *out, int n)
{
    unsigned char tmp[16];
    for (int i = 0; i < n; i++) {
        tmp[i & 15] = table[in[i]];
        out[i] = tmp[i & 15] ^ lut[3];
    }
}
