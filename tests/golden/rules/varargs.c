/* Rule: va_arg reads the variable argument list, which the model does not
 * see (registers saved on the stack, or the caller's frame): its read is
 * not counted, and the result says so. n = 4: the 4 flop adds.
 * ARGS: -D n=4
 * EXPECT vsum flops/add 4
 * EXPECT vsum exact false
 * EXPECT vsum inexact_because ["line 15: va_arg: its read of the argument list not counted"]
 */
#include <stdarg.h>

double vsum(int n, va_list ap)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += va_arg(ap, double);
    return s;
}
