/* Rule: a compound literal is an unnamed automatic object (C11 6.5.2.5),
 * counted as a local variable is: a local object, resident (no DRAM
 * bytes), stored whole by its initialiser each time it is evaluated; read
 * whole when passed by value, like a local struct.
 * lookup: (const int[]){1, 2, 4, 8}[i & 3]: the initialiser's store of 16
 *   bytes, a load of 4, the &: footprint 16 (the whole table), DRAM 0.
 * manhattan, n = 10, per i: xs[i] and ys[i] loaded (8 bytes each), the
 *   literal stored (16 bytes) and read whole as norm1's argument (16),
 *   norm1 reads p.x and p.y (8 each) and adds; s += adds.
 *   DRAM: xs and ys only, 80 bytes each.
 * ARGS: -D n=10
 * EXPECT lookup stores {"count": 1, "bytes": 16}
 * EXPECT lookup loads {"count": 1, "bytes": 4}
 * EXPECT lookup int_ops/logic 1
 * EXPECT lookup footprint_bytes 16
 * EXPECT lookup dram_bytes 0
 * EXPECT lookup exact true
 * EXPECT manhattan loads {"count": 50, "bytes": 480}
 * EXPECT manhattan stores {"count": 10, "bytes": 160}
 * EXPECT manhattan flops/add 20
 * EXPECT manhattan calls 10
 * EXPECT manhattan dram_bytes 160
 * EXPECT manhattan exact true
 */
struct pt {
    double x, y;
};

int lookup(int i)
{
    return (const int[]){1, 2, 4, 8}[i & 3];
}

static double norm1(struct pt p)
{
    return p.x + p.y;
}

double manhattan(int n, const double *xs, const double *ys)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += norm1((struct pt){xs[i], ys[i]});
    return s;
}
