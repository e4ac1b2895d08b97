/* Rule: =, casts, comma, sizeof, unary &, member access and integer
 * constant expressions (N * 4, sizeof a / sizeof a[0], enumerators) are
 * free; 32 - r costs 1 (no constant propagation). Adds: w = 32 - r, and six
 * in the return (the sizeof operand is free, the + adding it is not).
 * Loads: s->x and *q, 4 bytes each.
 * ARGS: -k g
 * EXPECT g int_ops/add 7
 * EXPECT g int_ops/total 7
 * EXPECT g address_ops 0
 * EXPECT g loads/count 2
 * EXPECT g loads/bytes 8
 * EXPECT g stores/count 0
 * EXPECT g exact true
 */
#define N 16
enum { K = 4 };
struct pt {
    int x, y;
};
int g(int r, struct pt *s)
{
    int a[N * 4];
    int n = sizeof a / sizeof a[0];
    int m = N * 4 + K;
    int t = (int)(long)r;
    int *q = &a[3];
    int u = (r, t);
    int v = s->x;
    int w = 32 - r;
    return n + m + u + v + w + *q + (int)sizeof(struct pt);
}
