/* Rule: bound probabilities weight the arms and keep the result exact.
 * P14 = 1: only the then-arm (and no else-if condition) counts.
 * ARGS: -D P14=1 -D P16=0.5
 * EXPECT f int_ops/cmp 1
 * EXPECT f int_ops/mul 1
 * EXPECT f int_ops/div 0
 * EXPECT f int_ops/add 0
 * EXPECT f branches 1
 * EXPECT f exact true
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
