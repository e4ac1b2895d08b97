/* Rule: binding one arm's P<line>_<value> leaves the others an equal
 * share of the rest: P13_0 = 1 gives add 1 and nothing else. The three
 * unbound labels share 0 and still count as defaulted (inexact).
 * ARGS: -D P13_0=1
 * EXPECT s int_ops/add 1
 * EXPECT s int_ops/mul 0
 * EXPECT s int_ops/div 0
 * EXPECT s branches 1
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
