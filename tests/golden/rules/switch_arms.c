/* Rule: a switch weights each case arm equally unless P<line>_<value> is
 * bound: four labels, 1/4 each; the arm of case 1 and case 2 carries both
 * labels' weight. add 0.25, mul 0.5, div 0.25; one branch.
 * EXPECT s int_ops/add 0.25
 * EXPECT s int_ops/mul 0.5
 * EXPECT s int_ops/div 0.25
 * EXPECT s branches 1
 * EXPECT s exact false
 */
int s(int op, int a)
{
    int r = 0;
    switch (op) {
    case 0:
        r = a + 1;
        break;
    case 1:
    case 2:
        r = a * 2;
        break;
    default:
        r = a / 3;
    }
    return r;
}
