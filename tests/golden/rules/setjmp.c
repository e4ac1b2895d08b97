/* Rule: setjmp and longjmp are library calls without a built-in cost:
 * opaque, so the result is inexact, whatever else is bound. n = 10,
 * P19 = 0 (setjmp returns 0 the first time): the loop's 10 adds and 10
 * loads of 4 bytes, the call to setjmp.
 * ARGS: -D n=10 -D P19=0
 * EXPECT guarded int_ops/add 10
 * EXPECT guarded loads {"count": 10, "bytes": 40}
 * EXPECT guarded calls 1
 * EXPECT guarded exact false
 * EXPECT fail calls 1
 * EXPECT fail exact false
 */
#include <setjmp.h>

static jmp_buf env;

int guarded(int n, const int *a)
{
    if (setjmp(env))
        return -1;
    int s = 0;
    for (int i = 0; i < n; i++)
        s += a[i];
    return s;
}

void fail(void)
{
    longjmp(env, 1);
}
