/* Rule: the operands' type decides integer op or flop. b converts to
 * double, so a + b is a flop; i * 2 is an integer mul even though its
 * result initialises a double; y += i and x + y + c are flops.
 * flop add: a+b, x-=, -x, y+=, two in the return = 6; mul 1; div 1; cmp 1.
 * EXPECT f flops/add 6
 * EXPECT f flops/mul 1
 * EXPECT f flops/div 1
 * EXPECT f flops/cmp 1
 * EXPECT f flops/other 0
 * EXPECT f flops/total 9
 * EXPECT f int_ops/mul 1
 * EXPECT f int_ops/total 1
 * EXPECT f work_ops 10
 */
double f(double a, float b, int i)
{
    double x = a + b;
    x = x * a;
    x = x / a;
    x -= 1.0;
    x = -x;
    int c = x < a;
    double y = i * 2;
    y += i;
    return x + y + c;
}
