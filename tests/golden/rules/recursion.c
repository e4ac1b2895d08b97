/* Rule: recursion is cut at the first repeated function and reported as
 * an opaque call, with a warning; the report still comes. The body: the
 * if (cmp, branch), n - 1 (add), n * ... (mul), 1 call.
 * ARGS: -k fact -D P15=0.5
 * STDERR: recursion: fact calls fact again
 * EXPECT fact calls 1
 * EXPECT fact int_ops/cmp 1
 * EXPECT fact int_ops/add 1
 * EXPECT fact int_ops/mul 1
 * EXPECT fact opaque_calls ["fact"]
 * EXPECT fact exact false
 */
int fact(int n)
{
    if (n <= 1)
        return 1;
    return n * fact(n - 1);
}
