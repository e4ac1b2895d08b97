/* Rule: a count past 2^63, where 64-bit exact arithmetic ends, goes on in
 * double precision with its magnitude, and says so; never a wrong one.
 * cube: three nested loops of 3,000,000: 3e6^3 = 2.7e19 adds (the count
 * came out 6.75e18, a quarter of it, when an overflow halved it until it
 * fit). Control: the innermost condition 9e12 * (3e6 + 1) times and its
 * increment 9e12 * 3e6, the middle loop's 3e6 * (2 * 3e6 + 1), the
 * outer's 2 * 3e6 + 1: 54000027000009000001.
 * cube_n, n = 3,000,000: n^3, the same 2.7e19 from the formula.
 * ARGS: -D n=3000000
 * EXPECT cube flops/add 27000000000000000000
 * EXPECT cube control_ops 54000027000009000001
 * EXPECT cube exact false
 * EXPECT cube inexact_because ["counts approximated past 2^63: beyond 64-bit exact arithmetic they are carried in double precision (53 bits)"]
 * EXPECT cube_n flops/add 27000000000000000000
 * EXPECT cube_n symbolic/flops.add "n^3"
 * EXPECT cube_n exact false
 * EXPECT cube_n inexact_because ["counts approximated past 2^63: beyond 64-bit exact arithmetic they are carried in double precision (53 bits)"]
 */
double cube(double x)
{
    double s = 0;
    for (long i = 0; i < 3000000; i++)
        for (long j = 0; j < 3000000; j++)
            for (long k = 0; k < 3000000; k++)
                s += x;
    return s;
}

double cube_n(double x, long n)
{
    double s = 0;
    for (long i = 0; i < n; i++)
        for (long j = 0; j < n; j++)
            for (long k = 0; k < n; k++)
                s += x;
    return s;
}
