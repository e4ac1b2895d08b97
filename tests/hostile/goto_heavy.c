/* A goto-heavy function: loops built from labels and gotos, jumps into and
 * out of blocks, a backward goto the analyzer cannot see a trip count for. */
int goto_heavy(const int *a, int n)
{
    int i = 0, s = 0, t = 0;
again:
    if (i >= n)
        goto done;
    if (a[i] < 0)
        goto negative;
    s += a[i];
    goto next;
negative:
    t -= a[i];
    if (t > 1000)
        goto done;
next:
    i++;
    if (i % 7 == 0)
        goto skip;
    goto again;
skip:
    s ^= t;
    {
    inner:
        t++;
        if (t & 1)
            goto inner;
    }
    goto again;
done:
    return s + t;
}
