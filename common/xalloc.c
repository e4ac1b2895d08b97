/* xalloc: allocators that never return NULL, and the one way the process
 * ends when memory runs out. */
#include "common/xalloc.h"

#include "common/cleanup.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

static char die_prog[64] = "roofline";
static char die_limit[256];
static void (*die_cleanup)(void);

void xalloc_set_die(const char *prog, const char *limit, void (*cleanup)(void))
{
    snprintf(die_prog, sizeof die_prog, "%s", prog ? prog : "roofline");
    snprintf(die_limit, sizeof die_limit, "%s", limit ? limit : "");
    die_cleanup = cleanup;
}

/* Nothing here allocates: malloc has just failed, and may fail again. */
void xalloc_die(const char *what)
{
    static atomic_flag dying = ATOMIC_FLAG_INIT;
    char limit[sizeof die_limit + 3], msg[1024];
    struct rlimit rl;

    if (atomic_flag_test_and_set(&dying))
        for (;;) /* another thread is saying it; it ends the process */
            pause();
    if (die_limit[0])
        snprintf(limit, sizeof limit, " (%s)", die_limit);
    else if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
        snprintf(limit, sizeof limit, " (limit %llu MB of address space)",
                 (unsigned long long)rl.rlim_cur >> 20);
    else
        limit[0] = '\0';
    int n = snprintf(msg, sizeof msg, "%s: out of memory%s: %s\n", die_prog, limit, what);
    size_t len = n < 0 ? 0 : (size_t)n < sizeof msg ? (size_t)n : sizeof msg - 1;
    /* First the cleanup: it may clear a progress line the message would
     * otherwise continue. Then what a signal would remove (a half-written
     * -o file, gnuplot's directory and process group). */
    if (die_cleanup)
        die_cleanup();
    cleanup_run_now();
    if (len && write(STDERR_FILENO, msg, len) < 0) {
        /* stderr is gone: there is no one else to tell */
    }
    _exit(1);
}

static void *check(void *p, size_t n)
{
    if (!p && n) {
        char what[64];
        snprintf(what, sizeof what, "allocating %zu bytes", n);
        xalloc_die(what);
    }
    return p;
}

void *xmalloc(size_t n)
{
    return check(malloc(n ? n : 1), n ? n : 1);
}

void *xcalloc(size_t nmemb, size_t size)
{
    return check(calloc(nmemb ? nmemb : 1, size ? size : 1), nmemb * size);
}

void *xrealloc(void *p, size_t n)
{
    return check(realloc(p, n ? n : 1), n ? n : 1);
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *r = xmalloc(len + 1);
    memcpy(r, s, len);
    r[len] = '\0';
    return r;
}

char *xasprintf(const char *fmt, ...)
{
    va_list ap, cp;
    va_start(ap, fmt);
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        n = 0;
    char *r = xmalloc((size_t)n + 1);
    vsnprintf(r, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return r;
}
