#define _POSIX_C_SOURCE 200809L
#include "trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <malloc.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

void trace_phase(const char *phase)
{
    static int on = -1;
    static double last;
    if (on < 0) {
        const char *env = getenv("ROOFLINE_TRACE_PERFORMANCE");
        on = env && *env && strcmp(env, "0") != 0;
        last = now();
    }
    if (!on)
        return;
    double t = now();
    struct rusage ru;
    long peak_kb = getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : 0;
    struct mallinfo2 mi = mallinfo2();
    fprintf(stderr, "trace: %-24s %8.3f s   peak RSS %7.1f MB   heap in use %7.1f MB of %7.1f MB\n",
            phase, t - last, (double)peak_kb / 1024.0, (double)mi.uordblks / 1048576.0,
            (double)(mi.arena + mi.hblkhd) / 1048576.0);
    last = t;
}
