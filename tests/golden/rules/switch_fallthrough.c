/* Rule: a switch arm that does not end in a jump (break, return, goto,
 * continue) falls through: the statements of the next arm also run when
 * the switch went to it. P<line>_<value> is the share of the switch that
 * goes to that label.
 * tail: 0.25 to case 0 (loads a[0], falls into case 1), 0.25 to case 1
 *   (loads a[1]), 0.5 to default (a[2]): a[0] 0.25, a[1] 0.5, a[2] 0.5:
 *   1.25 loads and adds.
 * duff: copies with Duff's device: the case labels inside the do loop are
 *   jumps into it, counted as if entered from its top: said so. Its loop
 *   (L39 = 2 trips) copies 4 bytes a trip.
 * ARGS: -D P23_0=0.25 -D P23_1=0.25 -D P23_default=0.5 -D L39=2 -D P38_0=1
 * EXPECT tail loads {"count": 1.25, "bytes": 5}
 * EXPECT tail int_ops/add 1.25
 * EXPECT tail exact true
 * EXPECT duff loads {"count": 8, "bytes": 8}
 * EXPECT duff stores {"count": 8, "bytes": 8}
 * EXPECT duff exact false
 * EXPECT duff inexact_because ["line 40: a case label inside a nested statement (a jump into it, as in Duff's device): counted as entered from its top only", "line 41: a case label inside a nested statement (a jump into it, as in Duff's device): counted as entered from its top only", "line 42: a case label inside a nested statement (a jump into it, as in Duff's device): counted as entered from its top only"]
 */
int tail(const int *a, int k)
{
    int s = 0;
    switch (k) {
    case 0:
        s += a[0];
    case 1:
        s += a[1];
        break;
    default:
        s += a[2];
    }
    return s;
}

void duff(char *to, const char *from, int count)
{
    int n = (count + 3) / 4;
    switch (count % 4) {
    case 0: do { *to++ = *from++;
    case 3:      *to++ = *from++;
    case 2:      *to++ = *from++;
    case 1:      *to++ = *from++;
            } while (--n > 0);
    }
}
