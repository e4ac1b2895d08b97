/* Rule: && || and ?: are control flow: one branch each, no op; both
 * operands of && and || count. The ?: arms are weighted by P<line of ?>,
 * here bound to 0.25: add 0.25, mul 0.75. cmp: 2 + 2 + 1 = 5; adds: 2 in
 * the return + 0.25.
 * ARGS: -D P20=0.25
 * EXPECT h int_ops/cmp 5
 * EXPECT h int_ops/add 2.25
 * EXPECT h int_ops/mul 0.75
 * EXPECT h int_ops/logic 0
 * EXPECT h int_ops/total 8
 * EXPECT h branches 3
 * EXPECT h exact true
 * EXPECT h params/P20 0.25
 */
int h(int a, int b, int c)
{
    int x = (a < b) && (b < c);
    int y = (a == 0) || (c != 0);
    int z = a > 0
                ? b + 1
                : c * 2;
    return x + y + z;
}
