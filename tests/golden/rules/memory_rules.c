/* Rule: scalar locals and parameters whose address is never taken and
 * that are not volatile are registers; arrays, *p, p->f, s.f of an
 * aggregate, globals, address-taken and volatile locals are memory. A
 * const global scalar that folds is free. op= and ++ on memory are a load
 * and a store; a whole-aggregate assignment is one load and one store of
 * its size (struct rec: 24 bytes). Bytes are the accessed lvalue's size.
 * Loads: p->b 8, r.b 8, arr[1] 4, g_count 4, v 4, *pt 4, r 24, *p 24.
 * Stores: taken 4 (initialised), v 4, arr[1] 4, *q 4, g_count 4, *pt 4,
 * p->name[2] 1, copy 24 (initialised), copy 24.
 * ARGS: -k mem
 * EXPECT mem loads/count 8
 * EXPECT mem loads/bytes 80
 * EXPECT mem stores/count 9
 * EXPECT mem stores/bytes 73
 * EXPECT mem traffic_bytes 153
 * EXPECT mem int_ops/add 3
 * EXPECT mem flops/add 1
 */
struct rec {
    int a;
    double b;
    char name[8];
};
int g_count;
static const int LIMIT = 4;
double mem(struct rec *p, struct rec r, int *q, int n)
{
    int local = n;
    int taken = n;
    volatile int v = 0;
    int arr[4];
    int *pt = &taken;
    double x = p->b;
    x += r.b;
    arr[1] = local;
    *q = arr[1] + LIMIT;
    g_count++;
    *pt += v;
    p->name[2] = 'x';
    struct rec copy = r;
    copy = *p;
    return x;
}
