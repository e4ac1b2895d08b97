/* Rule: a flexible array member (double v[] at the end of a struct) is
 * accessed like any array through its pointer: p->v[i] loads 8 bytes at
 * offset 8 + 8i of the object p points to. n = 10: 10 flop adds, 10 loads
 * of 8 bytes, footprint 80 bytes (v[0] to v[9]), all from DRAM.
 * ARGS: -D n=10
 * EXPECT vsum flops/add 10
 * EXPECT vsum loads {"count": 10, "bytes": 80}
 * EXPECT vsum footprint_bytes 80
 * EXPECT vsum dram_bytes 80
 * EXPECT vsum exact true
 */
struct vec {
    int n;
    double v[];
};

double vsum(const struct vec *p, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += p->v[i];
    return s;
}
