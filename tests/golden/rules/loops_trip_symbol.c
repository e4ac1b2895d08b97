/* Rule: a loop the model cannot count gets the trip symbol L<line> of its
 * while keyword. Bound to 12: the body (s++: pointer arithmetic, an
 * address op; n++: a work add) runs 12 times, the condition (*s: a 1-byte
 * load, 1 branch) 13 times.
 * ARGS: -D L17=12
 * EXPECT count int_ops/add 12
 * EXPECT count address_ops 12
 * EXPECT count control_ops 0
 * EXPECT count loads/count 13
 * EXPECT count loads/bytes 13
 * EXPECT count branches 13
 * EXPECT count exact true
 */
int count(const char *s)
{
    int n = 0;
    while (*s) {
        s++;
        n++;
    }
    return n;
}
