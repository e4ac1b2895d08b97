/* Rule: inline assembly is not counted, and the result says so; its
 * operands are counted as C where they are: an output is stored, a "+"
 * output read and stored, an input read.
 * rdtsc_delta: the outputs lo and hi are registers (nothing); the shift,
 *   the or and the subtract; *last loaded and stored (8 bytes).
 * add_to, n = 10, per i: "+m"(sum[i]) a load and a store of 4 bytes,
 *   "r"(x[i]) a load of 4 bytes.
 * ARGS: -D n=10
 * EXPECT rdtsc_delta int_ops {"add": 1, "mul": 0, "div": 0, "logic": 1, "shift": 1, "cmp": 0, "total": 3}
 * EXPECT rdtsc_delta loads {"count": 1, "bytes": 8}
 * EXPECT rdtsc_delta stores {"count": 1, "bytes": 8}
 * EXPECT rdtsc_delta exact false
 * EXPECT rdtsc_delta inexact_because ["line 24: inline assembly not counted"]
 * EXPECT add_to loads {"count": 20, "bytes": 80}
 * EXPECT add_to stores {"count": 10, "bytes": 40}
 * EXPECT add_to work_ops 0
 * EXPECT add_to exact false
 * EXPECT add_to inexact_because ["line 34: inline assembly not counted"]
 */
unsigned long rdtsc_delta(unsigned long *last)
{
    unsigned lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    unsigned long now = ((unsigned long)hi << 32) | lo;
    unsigned long d = now - *last;
    *last = now;
    return d;
}

void add_to(unsigned *sum, const unsigned *x, int n)
{
    for (int i = 0; i < n; i++)
        __asm__("addl %1, %0" : "+m"(sum[i]) : "r"(x[i]));
}
