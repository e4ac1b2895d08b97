/* Rule: every evaluated C operator is one op of its class (integer
 * operands here; all locals and parameters are registers).
 * add: 7 statements + 5 adds in c + 1 in return = 13; mul 2; div 4;
 * logic 5 + 3 = 8; shift 4; cmp 6.
 * EXPECT ops int_ops/add 13
 * EXPECT ops int_ops/mul 2
 * EXPECT ops int_ops/div 4
 * EXPECT ops int_ops/logic 8
 * EXPECT ops int_ops/shift 4
 * EXPECT ops int_ops/cmp 6
 * EXPECT ops int_ops/total 37
 * EXPECT ops flops/total 0
 * EXPECT ops work_ops 37
 * EXPECT ops loads/count 0
 * EXPECT ops stores/count 0
 * EXPECT ops branches 0
 * EXPECT ops exact true
 */
int ops(int a, int b)
{
    int x = a + b;
    x = x - a;
    x = -x;
    x++;
    --x;
    x += b;
    x -= 1;
    x = x * b;
    x *= 3;
    x = x / b;
    x = x % 7;
    x /= 2;
    x %= 5;
    x = x & b;
    x = x | 1;
    x = x ^ a;
    x = ~x;
    x = !x;
    x &= 3;
    x |= 4;
    x ^= 5;
    x = x << 2;
    x = x >> 1;
    x <<= 1;
    x >>= 1;
    int c = (x < a) + (x <= a) + (x > a) + (x >= a) + (x == a) + (x != a);
    return x + c;
}
