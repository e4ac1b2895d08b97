/* Rule: an unbound trip symbol leaves the figures symbolic and the result
 * inexact, naming the symbol to bind.
 * EXPECT count work_ops null
 * EXPECT count symbolic/work_ops "L13"
 * EXPECT count symbolic/branches "L13 + 1"
 * EXPECT count unbound ["L13"]
 * EXPECT count inexact_because ["L13: trip count unknown (bind with --param L13=N)"]
 * EXPECT count exact false
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
