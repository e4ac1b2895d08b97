/* Rule: a do loop's condition runs trip times (L19 = 5: 5 cmp control ops,
 * 5 branches), its body trip times: x += a[i] (add, a 4-byte load with a
 * data-dependent index, since i is not an induction variable) and i++
 * (add): 10 adds. Two uncountable loops on one line are L23_1 and L23_2:
 * bodies k++ twice and k-- three times (5 adds), conditions 3 and 4 times
 * (7 control cmps, 7 branches). The return adds 1: 16 adds.
 * ARGS: -D L19=5 -D L23_1=2 -D L23_2=3
 * EXPECT f int_ops/add 16
 * EXPECT f int_ops/cmp 0
 * EXPECT f control_ops 12
 * EXPECT f branches 12
 * EXPECT f loads/count 5
 * EXPECT f loads/bytes 20
 * EXPECT f exact true
 */
int f(const int *a, int n, int m)
{
    int x = 0, i = 0, k = 0;
    do {
        x += a[i];
        i++;
    } while (i < n);
    while (k < m) k++; while (k > 0) k--;
    return x + k;
}
