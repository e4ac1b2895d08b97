/* measure_prog: a program whose per-unit counts are known, and programs
 * that fail in each way roofline measure must report.
 *
 *   measure_prog loads N   16 loads and 4 stores of volatile ints per unit
 *   measure_prog small N   as loads, but fails (status 4) above 10000 units
 *   measure_prog spin N    N * 1,000,000 iterations of an empty-ish loop
 *   measure_prog fail N    writes to stderr, exits with status 3
 *   measure_prog crash N   dies of SIGSEGV
 *   measure_prog hang N    never returns
 *
 * Built at -O2 without sanitizers (valgrind runs it), so that the only
 * memory accesses of the loop are the volatile ones. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

volatile int table[16];
volatile int sink[4];

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: measure_prog loads|small|spin|fail|crash|hang N\n");
        return 2;
    }
    long n = strtol(argv[2], NULL, 10);
    if (!strcmp(argv[1], "small") && n > 10000) {
        fprintf(stderr, "measure_prog: at most 10000 units\n");
        return 4;
    }
    if (!strcmp(argv[1], "loads") || !strcmp(argv[1], "small")) {
        for (long i = 0; i < n; i++) {
            int sum = 0;
            for (int j = 0; j < 16; j++)
                sum += table[j];
            for (int j = 0; j < 4; j++)
                sink[j] = sum;
        }
        return 0;
    }
    if (!strcmp(argv[1], "spin")) {
        volatile long x = 0;
        for (long i = 0; i < n * 1000000; i++)
            x = i;
        return (int)(x & 0);
    }
    if (!strcmp(argv[1], "fail")) {
        fprintf(stderr, "measure_prog: failing on purpose\n");
        return 3;
    }
    if (!strcmp(argv[1], "crash")) {
        raise(SIGSEGV);
        return 0;
    }
    if (!strcmp(argv[1], "hang")) {
        for (;;)
            pause();
    }
    fprintf(stderr, "measure_prog: unknown mode %s\n", argv[1]);
    return 2;
}
