/* Rule: a GNU statement expression ({ ... }) is counted as the statements
 * it holds; its value is its last expression. n = 100, P26 = 0.5.
 * clamp_sum, per i: a[i] - cap (a load of 4 bytes, an int add), x_ > y_ (a
 * cmp), the ?: (a branch; its arms are registers), s += (an add). The ?:
 * stands in the macro, its P is the line of the macro's use.
 * sum4: the loop inside the ({ }) runs 4 times: 4 adds, 4 loads of 4
 * bytes; its header 5 cmps and 4 adds (control), 5 branches.
 * ARGS: -D n=100 -D P26=0.5
 * EXPECT clamp_sum int_ops/add 200
 * EXPECT clamp_sum int_ops/cmp 100
 * EXPECT clamp_sum loads {"count": 100, "bytes": 400}
 * EXPECT clamp_sum branches 201
 * EXPECT clamp_sum exact true
 * EXPECT sum4 int_ops/add 4
 * EXPECT sum4 loads {"count": 4, "bytes": 16}
 * EXPECT sum4 control_ops 9
 * EXPECT sum4 branches 5
 * EXPECT sum4 exact true
 */
#define MAX(x, y) ({ int x_ = (x), y_ = (y); x_ > y_ ? x_ : y_; })

int clamp_sum(const int *a, int n, int cap)
{
    int s = 0;
    for (int i = 0; i < n; i++)
        s += MAX(a[i] - cap, 0);
    return s;
}

int sum4(const int *b)
{
    return ({
        int t = 0;
        for (int j = 0; j < 4; j++)
            t += b[j];
        t;
    });
}
