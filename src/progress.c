/* progress: the in-place progress line of long phases (progress.h). A
 * thread per phase redraws it, so that a phase spent inside one call (the
 * parse) shows its time too; the worker only stores a count. The line is
 * written with write(2), whole, with "\r" before it and blanks over what a
 * longer line left, to a copy of stderr taken at the start: the parse holds
 * file descriptor 2 aside meanwhile, for libclang's own messages. */
#include <fcntl.h>
#include "src/progress.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/xalloc.h"

/* A phase shorter than this shows nothing; then at most one redraw per
 * period. */
#define PROGRESS_DELAY_S 1.0
#define PROGRESS_PERIOD_NS 250000000L
/* The display thread's stack: it formats one line, but the static TLS
 * of libclang comes out of it too. */
#define PROGRESS_STACK_BYTES ((size_t)1 << 20)

struct progress {
    int fd; /* stderr as it was when the phase started */
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stop; /* under lock */
    char title[160];
    uint64_t total;
    _Atomic uint64_t done;
    struct timespec start;
    _Atomic size_t shown; /* columns the line takes on stderr now */
    _Atomic bool abandoned;
};

/* The phase under way, for progress_abandon. */
static struct progress *_Atomic current;

static double since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) * 1e-9;
}

static void put(int fd, const char *s, size_t n)
{
    while (n) {
        ssize_t w = write(fd, s, n);
        if (w <= 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}

/* "\r", blanks over the shown line, "\r": the cursor back at the start of
 * an empty line. */
static void clear_line(struct progress *p)
{
    char buf[256];
    size_t n = atomic_exchange(&p->shown, 0);
    if (!n)
        return;
    if (n > sizeof buf - 2)
        n = sizeof buf - 2;
    buf[0] = '\r';
    memset(buf + 1, ' ', n);
    buf[n + 1] = '\r';
    put(p->fd, buf, n + 2);
}

static void draw(struct progress *p, double elapsed)
{
    char line[256];
    uint64_t done = atomic_load(&p->done);
    int n;
    if (p->total)
        n = snprintf(line + 1, sizeof line - 1, "%s: %llu/%llu", p->title, (unsigned long long)done,
                     (unsigned long long)p->total);
    else
        n = snprintf(line + 1, sizeof line - 1, "%s: %.0f s", p->title, elapsed);
    if (n < 0)
        return;
    size_t len = (size_t)n < sizeof line - 1 ? (size_t)n : sizeof line - 2;
    line[0] = '\r';
    size_t shown = atomic_load(&p->shown);
    /* Blanks over the rest of a longer line shown before. */
    size_t pad = shown > len && shown - len < sizeof line - 1 - len ? shown - len : 0;
    memset(line + 1 + len, ' ', pad);
    if (atomic_load(&p->abandoned))
        return;
    put(p->fd, line, 1 + len + pad);
    atomic_store(&p->shown, len + pad);
}

static void *progress_thread(void *arg)
{
    struct progress *p = arg;
    char last[32] = "";
    pthread_mutex_lock(&p->lock);
    while (!p->stop) {
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_nsec += PROGRESS_PERIOD_NS;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&p->wake, &p->lock, &until);
        double t = since(&p->start);
        if (p->stop || t < PROGRESS_DELAY_S)
            continue;
        /* Redraw only what changed: the count, or the whole seconds. */
        char now[32];
        snprintf(now, sizeof now, "%llu",
                 p->total ? (unsigned long long)atomic_load(&p->done) : (unsigned long long)t);
        if (strcmp(now, last)) {
            draw(p, t);
            memcpy(last, now, sizeof last);
        }
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

struct progress *progress_start(bool enabled, const char *title, uint64_t total)
{
    pthread_condattr_t ca;
    pthread_attr_t ta;
    if (!enabled)
        return NULL;
    int fd = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
    if (fd < 0)
        return NULL;
    struct progress *p = xcalloc(1, sizeof *p);
    p->fd = fd;
    snprintf(p->title, sizeof p->title, "%s", title);
    p->total = total;
    clock_gettime(CLOCK_MONOTONIC, &p->start);
    pthread_mutex_init(&p->lock, NULL);
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&p->wake, &ca);
    pthread_condattr_destroy(&ca);
    bool started = false;
    if (pthread_attr_init(&ta) == 0) {
        started = pthread_attr_setstacksize(&ta, PROGRESS_STACK_BYTES) == 0 &&
                  pthread_create(&p->thread, &ta, progress_thread, p) == 0;
        pthread_attr_destroy(&ta);
    }
    if (!started) { /* no progress is no failure */
        pthread_cond_destroy(&p->wake);
        pthread_mutex_destroy(&p->lock);
        close(p->fd);
        free(p);
        return NULL;
    }
    atomic_store(&current, p);
    return p;
}

void progress_set(struct progress *p, uint64_t n)
{
    if (p)
        atomic_store_explicit(&p->done, n, memory_order_relaxed);
}

void progress_stop(struct progress **pp)
{
    struct progress *p = *pp;
    if (!p)
        return;
    atomic_store(&current, NULL);
    pthread_mutex_lock(&p->lock);
    p->stop = true;
    pthread_cond_signal(&p->wake);
    pthread_mutex_unlock(&p->lock);
    pthread_join(p->thread, NULL);
    if (!atomic_load(&p->abandoned))
        clear_line(p);
    pthread_cond_destroy(&p->wake);
    pthread_mutex_destroy(&p->lock);
    close(p->fd);
    free(p);
    *pp = NULL;
}

void progress_abandon(void)
{
    struct progress *p = atomic_load(&current);
    if (!p || atomic_exchange(&p->abandoned, true))
        return;
    clear_line(p);
}
