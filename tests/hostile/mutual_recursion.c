/* Mutual recursion: is_even calls is_odd calls is_even. The analyzer cannot
 * count a recursion's depth; it must say so, not loop or overflow its stack. */
int is_odd(unsigned n);

int is_even(unsigned n)
{
    return n == 0 ? 1 : is_odd(n - 1);
}

int is_odd(unsigned n)
{
    return n == 0 ? 0 : is_even(n - 1);
}

/* Direct recursion too. */
unsigned long fact(unsigned n)
{
    return n <= 1 ? 1 : n * fact(n - 1);
}
