/* Rule: a statement kind the walker does not know (here Windows' __try /
 * __except, parsed for an MSVC target) is not counted, and the result
 * names it, never a silent 0. The return's nothing and the initialised
 * register cost nothing either way.
 * ARGS: -- --target=x86_64-pc-windows-msvc -fms-extensions
 * EXPECT guarded_div work_ops 0
 * EXPECT guarded_div exact false
 * EXPECT guarded_div inexact_because ["line 13: SEHTryStmt not counted"]
 */
int guarded_div(int a, int b)
{
    int r = 0;
    __try {
        r = a / b;
    } __except (1) {
        r = 0;
    }
    return r;
}
