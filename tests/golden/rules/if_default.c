/* Rule: an if arm is weighted by P<line>, default 0.5, which makes the
 * result inexact. The else-if runs with weight 0.5 (its cmp and branch),
 * its arms 0.25 each.
 * cmp 1 + 0.5; mul 0.5; div 0.25; add 0.25; branches 1.5.
 * EXPECT f int_ops/cmp 1.5
 * EXPECT f int_ops/mul 0.5
 * EXPECT f int_ops/div 0.25
 * EXPECT f int_ops/add 0.25
 * EXPECT f int_ops/total 2.5
 * EXPECT f branches 1.5
 * EXPECT f exact false
 * EXPECT f unbound []
 * EXPECT f inexact_because ["P18: branch probability defaulted to 0.5 (bind with --param P18=P)", "P20: branch probability defaulted to 0.5 (bind with --param P20=P)"]
 */
int f(int a)
{
    int x = 0;
    if (a > 0)
        x = a * 3;
    else if (a < -5)
        x = a / 2;
    else
        x = a + 1;
    return x;
}
