/* Rule: the load of a function pointer from memory (o->apply, tbl[k]) is
 * a load like any other; the call through it is opaque (indirect). A
 * function pointer in a register ((*fp)(x)) loads nothing. n = 10.
 * apply_all, per i: o->apply, x[i], o->scale (8 bytes each), a mul, an
 *   add, a call.
 * dispatch, per i: ops[i] (1 byte), tbl[ops[i]] (8 bytes), a call.
 * twice: (*fp)(x) twice: 2 calls, 1 add, no load.
 * ARGS: -D n=10
 * EXPECT apply_all loads {"count": 30, "bytes": 240}
 * EXPECT apply_all flops/mul 10
 * EXPECT apply_all calls 10
 * EXPECT apply_all opaque_calls ["(indirect call)"]
 * EXPECT apply_all exact false
 * EXPECT dispatch loads {"count": 20, "bytes": 90}
 * EXPECT dispatch calls 10
 * EXPECT twice loads {"count": 0, "bytes": 0}
 * EXPECT twice calls 2
 * EXPECT twice int_ops/add 1
 */
struct ops {
    double (*apply)(double);
    double scale;
};

double apply_all(int n, const struct ops *o, const double *x)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += o->apply(x[i]) * o->scale;
    return s;
}

typedef int (*handler)(int);

int dispatch(const handler *tbl, const unsigned char *ops, int n, int acc)
{
    for (int i = 0; i < n; i++)
        acc = tbl[ops[i]](acc);
    return acc;
}

int twice(int (*fp)(int), int x)
{
    return (*fp)(x) + (*fp)(x);
}
