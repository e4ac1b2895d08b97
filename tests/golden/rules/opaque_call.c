/* Rule: a call with no definition and no built-in cost is opaque: listed
 * by name, 1 call, and the result is inexact.
 * ARGS: -k op
 * EXPECT op calls 1
 * EXPECT op int_ops/add 1
 * EXPECT op opaque_calls ["ext"]
 * EXPECT op exact false
 * EXPECT op inexact_because ["call to ext is opaque (no definition and no built-in cost)"]
 */
int ext(int);
int op(int a)
{
    return ext(a) + 1;
}
