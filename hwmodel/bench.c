/* hwmodel/bench.c: measuring this machine's roofs. The core clock from a
 * dependent add chain; a working-set sweep that places L3 and DRAM; then
 * every microbenchmark of the table (hw_benches) sampled in rounds, so the
 * samples of one roof are spread over the whole run, each on warm caches,
 * each checked. Threads are pinned to cores through hwloc. */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "common/strbuf.h"
#include "common/xalloc.h"
#include "hwmodel/internal.h"

#if defined(__x86_64__)
#include <x86intrin.h>
#endif

/* Sampling plan per mode. */
struct plan {
    unsigned rounds;       /* samples per roof, spread over the run */
    double sample_s;       /* target duration of one sample */
    unsigned sweep_passes; /* samples per sweep point */
    unsigned clock_samples;
};
static const struct plan plan_full = {31, 0.0005, 3, 40};
static const struct plan plan_quick = {7, 0.0003, 2, 20};

#define MIB (1024.0 * 1024.0)
#define MAX_SAMPLES 32
/* Elements per stream one thread streams per DRAM sample (8 MiB). */
#define HW_DRAM_WINDOW_ELEMS ((size_t)1 << 20)
/* The L3 ends where the load rate falls below this fraction of its plateau. */
#define HW_SWEEP_KNEE 0.9

double hw_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* ---- statistics ---- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double percentile(const double *sorted, size_t n, double p)
{
    if (n == 1)
        return sorted[0];
    double pos = p / 100.0 * (double)(n - 1);
    size_t lo = (size_t)pos;
    if (lo >= n - 1)
        return sorted[n - 1];
    double f = pos - (double)lo;
    return sorted[lo] * (1 - f) + sorted[lo + 1] * f;
}

void hw_roof_from_samples(struct hw_roof *r, const double *samples, size_t n, double clock_hz)
{
    double s[MAX_SAMPLES * 2];
    if (n > sizeof(s) / sizeof(s[0]))
        n = sizeof(s) / sizeof(s[0]);
    if (!n) {
        r->valid = false;
        hw_strlcpy(r->why, "no samples", sizeof(r->why));
        return;
    }
    memcpy(s, samples, n * sizeof(*s));
    qsort(s, n, sizeof(*s), cmp_double);
    r->min = s[0];
    r->max = s[n - 1];
    r->median = percentile(s, n, 50);
    r->value = percentile(s, n, HW_ROOF_PERCENTILE);
    r->valid = r->value > 0 && isfinite(r->value);
    double spread = r->median > 0 ? (percentile(s, n, 90) - percentile(s, n, 10)) / r->median : 0;
    r->noisy = n >= 3 && spread > HW_NOISY_SPREAD;
    r->per_cycle = clock_hz > 0 ? r->value / clock_hz : 0;
    r->why[0] = '\0';
    if (!r->valid)
        hw_strlcpy(r->why, "the samples gave no positive rate", sizeof(r->why));
}

/* ---- workers: one pinned thread per core, each with its own buffers ---- */

struct worker {
    unsigned idx;
    pthread_t th;
    bool started;
    struct run *run;
    double *mem;
    size_t mem_bytes;
    size_t cap_ad, cap_bc; /* elements of a and d, of b and c */
    struct hw_bw_buffers bufs;
    int pin;   /* 0 pinned, else -errno */
    double t;  /* last timed run */
    int check; /* last sanity check */
    char why[160];
};

struct job {
    const struct hw_bench *b;
    size_t elems, reps;
    size_t off; /* first element: DRAM samples stream through a window of the set */
    bool warm, quit, alloc;
    size_t alloc_one, alloc_each; /* working set bytes of worker 0 and of the others */
};

struct run {
    struct hw_topo *tp;
    struct hw_model *m;
    const struct hw_measure_opts *o;
    const struct plan *plan;
    unsigned nthreads;
    struct worker *w;
    pthread_barrier_t start, go, done;
    bool barriers;
    pthread_mutex_t gate; /* holds the workers until the barriers are sized */
    pthread_cond_t opened;
    bool open, gated;
    struct job job;
    double store_value;
    uint64_t dram_cursor;
};

/* Measuring and caching report their steps the same way: hw_say(). */
void hw_say(const struct hw_measure_opts *o, const char *fmt, ...)
{
    if (!o->progress)
        return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    o->progress(msg, o->progress_arg);
}

static size_t round_elems(double n)
{
    size_t e = (size_t)n / HW_BW_ELEMS_ALIGN * HW_BW_ELEMS_ALIGN;
    return e ? e : HW_BW_ELEMS_ALIGN;
}

/* The buffers for a working set of ws bytes: a and d hold ws bytes each
 * (load and store use one stream of ws), b and c a quarter (triad). */
static int worker_alloc(struct worker *w, size_t ws)
{
    /* The four arrays sit HW_ARRAY_STRIDE apart (address space reserved,
     * only the used pages touched) plus a skew of 5 KiB per array: the
     * same address bits 12-27 keep AMD's L1 way predictor (linear-address
     * utags) from thrashing between streams, and the 1 KiB skew modulo
     * 4 KiB keeps loads from 4K-aliasing stores. Without it copy in L1 ran
     * at a third of its speed on some buffer sizes. No MADV_HUGEPAGE: with
     * THP defrag on madvise, faulting huge pages in stalled for seconds on
     * compaction, and likwid-bench, the reference, uses small pages too. */
    size_t n_ad = round_elems(ws / 8.0) + HW_BW_ELEMS_ALIGN;
    size_t n_bc = round_elems(ws / 32.0) + HW_BW_ELEMS_ALIGN;
    size_t stride = (size_t)1 << 28;
    while (stride < n_ad * sizeof(double) + 4 * 5120)
        stride <<= 1;
    size_t bytes = 5 * stride;
    char *mem = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    char *base;
    if (mem != MAP_FAILED) {
        base = (char *)(((uintptr_t)mem + stride - 1) & ~(uintptr_t)(stride - 1));
    } else {
        /* Address space limited (ulimit -v): arrays back to back, still
         * skewed; L1 copy may then run slower on some sizes. */
        stride = (n_ad * sizeof(double) + 4 * 5120 + 4095) / 4096 * 4096;
        bytes = 4 * stride;
        mem = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (mem == MAP_FAILED)
            return -ENOMEM;
        base = mem;
    }
    double **arr[4] = {&w->bufs.d, &w->bufs.a, &w->bufs.b, &w->bufs.c};
    for (int k = 0; k < 4; k++)
        *arr[k] = (double *)(base + (size_t)k * stride + (size_t)k * 5120);
    w->mem = (double *)mem;
    w->mem_bytes = bytes;
    w->cap_ad = n_ad;
    w->cap_bc = n_bc;
    hw_bench_fill(&w->bufs, n_ad, n_bc);
    return 0;
}

/* One bandwidth run on w: warm-up pass, poison the checked elements, wait
 * for the others (together), time, check. */
static void worker_job(struct run *r, struct worker *w, bool together)
{
    const struct job *j = &r->job;
    if (j->alloc) {
        size_t ws = w->idx ? j->alloc_each : j->alloc_one;
        w->check = worker_alloc(w, ws);
        if (w->check)
            snprintf(w->why, sizeof(w->why), "cannot allocate %.0f MiB", ws * 2.5 / MIB);
        return;
    }
    const struct hw_bench *b = j->b;
    struct hw_bw_buffers bf = w->bufs;
    bf.a += j->off;
    bf.b += j->off / 4;
    bf.c += j->off / 4;
    bf.d += j->off;
    bf.value = r->store_value;
    if (j->warm)
        b->bw(&bf, j->elems, 1);
    if (strcmp(b->measures, "load"))
        bf.a[0] = bf.a[j->elems / 2] = bf.a[j->elems - 1] = -1;
    if (together)
        pthread_barrier_wait(&r->go);
    double t0 = hw_now();
    uint64_t res = b->bw(&bf, j->elems, j->reps);
    w->t = hw_now() - t0;
    w->check = hw_bench_check_bw(b, &bf, j->elems, j->reps, res, w->why, sizeof(w->why));
}

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    struct run *r = w->run;
    w->pin = hw_topo_bind_core(r->tp, w->idx);
    /* Wait until every thread exists: the barriers are sized only then. */
    pthread_mutex_lock(&r->gate);
    while (!r->open)
        pthread_cond_wait(&r->opened, &r->gate);
    pthread_mutex_unlock(&r->gate);
    for (;;) {
        pthread_barrier_wait(&r->start);
        if (r->job.quit)
            break;
        worker_job(r, w, true);
        pthread_barrier_wait(&r->done);
    }
    return NULL;
}

/* Runs the current job on threads workers (1: the calling thread alone).
 * Returns the bandwidth in bytes/s, or -1 with why set. */
static double run_bw(struct run *r, unsigned threads, char *why, size_t whylen)
{
    double tmax = 0;
    r->store_value += 1;
    if (threads <= 1) {
        worker_job(r, &r->w[0], false);
        tmax = r->w[0].t;
    } else {
        pthread_barrier_wait(&r->start);
        worker_job(r, &r->w[0], true);
        pthread_barrier_wait(&r->done);
        for (unsigned i = 0; i < threads; i++)
            if (r->w[i].t > tmax)
                tmax = r->w[i].t;
    }
    for (unsigned i = 0; i < threads; i++)
        if (r->w[i].check) {
            hw_strlcpy(why, r->w[i].why, whylen);
            return -1;
        }
    if (r->job.alloc)
        return 0;
    if (tmax <= 0) {
        hw_strlcpy(why, "timer did not advance", whylen);
        return -1;
    }
    return (double)threads * (double)r->job.elems * r->job.b->bytes_per_iter * (double)r->job.reps /
           tmax;
}

static int start_workers(struct run *r, char *err, size_t errlen)
{
    r->w = xcalloc(r->nthreads, sizeof(*r->w));
    for (unsigned i = 0; i < r->nthreads; i++) {
        r->w[i].idx = i;
        r->w[i].run = r;
    }
    r->w[0].pin = hw_topo_bind_core(r->tp, 0);
    if (r->nthreads < 2)
        return 0;
    int ret = 0;
    pthread_mutex_init(&r->gate, NULL);
    pthread_cond_init(&r->opened, NULL);
    r->gated = true;
    for (unsigned i = 1; i < r->nthreads; i++) {
        int e = pthread_create(&r->w[i].th, NULL, worker_main, &r->w[i]);
        if (e) {
            /* measure with the threads that started; the caller notes it */
            ret = hw_err(err, errlen, -e, "cannot start measuring thread %u: %s", i, strerror(e));
            r->nthreads = i;
            break;
        }
        r->w[i].started = true;
    }
    if (r->nthreads > 1) {
        pthread_barrier_init(&r->start, NULL, r->nthreads);
        pthread_barrier_init(&r->go, NULL, r->nthreads);
        pthread_barrier_init(&r->done, NULL, r->nthreads);
        r->barriers = true;
    }
    pthread_mutex_lock(&r->gate);
    r->open = true;
    pthread_cond_broadcast(&r->opened);
    pthread_mutex_unlock(&r->gate);
    return ret;
}

static void stop_workers(struct run *r)
{
    if (!r->w)
        return;
    if (r->barriers) {
        r->job.quit = true;
        pthread_barrier_wait(&r->start);
        for (unsigned i = 1; i < r->nthreads; i++)
            if (r->w[i].started)
                pthread_join(r->w[i].th, NULL);
        pthread_barrier_destroy(&r->start);
        pthread_barrier_destroy(&r->go);
        pthread_barrier_destroy(&r->done);
    }
    if (r->gated) {
        pthread_mutex_destroy(&r->gate);
        pthread_cond_destroy(&r->opened);
    }
    for (unsigned i = 0; i < r->nthreads; i++)
        if (r->w[i].mem)
            munmap(r->w[i].mem, r->w[i].mem_bytes);
    free(r->w);
    r->w = NULL;
}

/* Allocates and fills every worker's buffers, in that worker's thread so
 * the pages are local to it. ws_one: worker 0 (one-thread runs); ws_each:
 * the others. */
static int alloc_buffers(struct run *r, size_t ws_one, size_t ws_each, char *err, size_t errlen)
{
    char why[160];
    memset(&r->job, 0, sizeof(r->job));
    r->job.alloc = true;
    r->job.alloc_one = ws_one;
    r->job.alloc_each = ws_each;
    if (run_bw(r, r->nthreads, why, sizeof(why)) < 0)
        return hw_err(err, errlen, -ENOMEM, "%s", why);
    r->job.alloc = false;
    return 0;
}

/* ---- entries: one microbenchmark at one working set and thread count ---- */

struct entry {
    const struct hw_bench *b;
    int level;        /* enum hw_level, -1 for compute */
    unsigned threads; /* 1 or all cores */
    size_t ws;        /* working set per thread, bytes (bandwidth) */
    size_t elems, reps;
    size_t span, off; /* DRAM: elements of the whole set; where this sample starts */
    uint64_t iters;
    unsigned calls;
    double samples[MAX_SAMPLES];
    unsigned n;
    bool failed;
    char why[160];
    struct hw_roof roof;
};

static void set_bw_job(struct run *r, struct entry *e)
{
    memset(&r->job, 0, sizeof(r->job));
    r->job.b = e->b;
    r->job.elems = e->elems;
    r->job.reps = e->reps;
    r->job.off = e->off;
    r->job.warm = e->level != HW_DRAM;
}

/* DRAM samples are short windows of the working set (a busy machine
 * preempts long samples). Every DRAM sample, whatever its kernel, takes the
 * next window of one shared cursor, so a window comes back only after all
 * the others (at least 8 x 8 MiB per stream) have streamed through the
 * caches: its data comes from memory, never from a sample just before. */
static void next_window(struct run *r, struct entry *e)
{
    if (e->span <= e->elems)
        return;
    size_t windows = e->span / e->elems;
    e->off = (size_t)(r->dram_cursor++ % windows) * e->elems;
}

/* One sample of e; calibrating first when e has no size yet. */
static void sample_entry(struct run *r, struct entry *e, bool keep)
{
    if (e->failed)
        return;
    double rate;
    if (e->b->kind == HW_BENCH_BW) {
        next_window(r, e);
        set_bw_job(r, e);
        rate = run_bw(r, e->threads, e->why, sizeof(e->why));
    } else {
        double t0 = hw_now();
        for (unsigned c = 0; c < e->calls; c++) {
            uint64_t res = e->b->compute(e->iters);
            if (hw_bench_check_compute(e->b, e->iters, res, e->why, sizeof(e->why))) {
                e->failed = true;
                return;
            }
        }
        double t = hw_now() - t0;
        rate = t > 0 ? (double)e->calls * (double)e->iters * e->b->ops_per_iter / t : -1;
    }
    if (rate < 0) {
        e->failed = true;
        return;
    }
    if (keep && e->n < MAX_SAMPLES)
        e->samples[e->n++] = rate;
}

/* Sizes e so one sample lasts about the plan's sample time. */
static void calibrate(struct run *r, struct entry *e)
{
    double target = r->plan->sample_s;
    if (e->b->kind == HW_BENCH_BW && e->level == HW_DRAM) {
        e->reps = 1; /* sized by its window; this first pass only warms up */
        sample_entry(r, e, false);
        return;
    }
    if (e->b->kind == HW_BENCH_BW) {
        e->reps = 1;
        for (int k = 0; k < 30 && !e->failed; k++) {
            set_bw_job(r, e);
            double bw = run_bw(r, e->threads, e->why, sizeof(e->why));
            if (bw <= 0) {
                e->failed = true;
                return;
            }
            double t = (double)e->threads * e->elems * e->b->bytes_per_iter * e->reps / bw;
            if (t >= target / 4) {
                double reps = e->reps * target / t;
                e->reps = reps < 1 ? 1 : (size_t)reps;
                return;
            }
            e->reps *= 8;
        }
        return;
    }
    uint64_t iters = 1000;
    for (int k = 0; k < 30; k++) {
        uint64_t it = e->b->max_iters && iters > e->b->max_iters ? e->b->max_iters : iters;
        unsigned calls = (unsigned)((iters + it - 1) / it);
        double t0 = hw_now();
        for (unsigned c = 0; c < calls; c++) {
            uint64_t res = e->b->compute(it);
            if (hw_bench_check_compute(e->b, it, res, e->why, sizeof(e->why))) {
                e->failed = true;
                return;
            }
        }
        double t = hw_now() - t0;
        if (t >= target / 4 || k == 29) {
            double want = t > 0 ? (double)iters * target / t : (double)iters;
            iters = want < 1 ? 1 : (uint64_t)want;
            e->iters = e->b->max_iters && iters > e->b->max_iters ? e->b->max_iters : iters;
            e->calls = (unsigned)((iters + e->iters - 1) / e->iters);
            return;
        }
        iters *= 8;
    }
}

/* ---- the clock ---- */

/* Many short samples, and the fastest counts: a dependent chain can only
 * be slowed (by preemption, an interrupt, a co-tenant), never sped up, so
 * the maximum is the least disturbed figure. */
#define CLOCK_SAMPLE_S 0.0005
#define CLOCK_SAMPLES 40

static void measure_clock(struct run *r)
{
    struct hw_model *m = r->m;
    double hz[CLOCK_SAMPLES], tsc[CLOCK_SAMPLES];
    unsigned n = 0;
    uint64_t iters = 100;
    /* Calibrate; the first runs also wake the core up from idle clocks. */
    for (int k = 0; k < 40; k++) {
        double t0 = hw_now();
        hw_clock_chain(iters);
        double t = hw_now() - t0;
        if (t > CLOCK_SAMPLE_S && k >= 8)
            break;
        if (t < CLOCK_SAMPLE_S)
            iters = t > CLOCK_SAMPLE_S / 8 ? (uint64_t)(iters * CLOCK_SAMPLE_S / t) + 1 : iters * 4;
    }
    for (unsigned i = 0; i < r->plan->clock_samples && n < CLOCK_SAMPLES; i++) {
#if defined(__x86_64__)
        uint64_t c0 = __rdtsc();
#endif
        double t0 = hw_now();
        uint64_t res = hw_clock_chain(iters);
        double t = hw_now() - t0;
#if defined(__x86_64__)
        uint64_t c1 = __rdtsc();
        tsc[n] = t > 0 ? (double)(c1 - c0) / t : 0;
#else
        tsc[n] = 0;
#endif
        if (res != iters * HW_CLOCK_CHAIN || t <= 0)
            continue;
        hz[n++] = (double)iters * HW_CLOCK_CHAIN / t;
    }
    if (!n) {
        m->clock_hz = 0;
        hw_strlcpy(m->clock_why, "the dependent add chain did not run (not x86-64)",
                   sizeof(m->clock_why));
        return;
    }
    struct hw_roof c, ts;
    hw_roof_from_samples(&c, hz, n, 0);
    hw_roof_from_samples(&ts, tsc, n, 0);
    m->tsc_hz = ts.valid ? ts.median : 0;
    if (!c.valid || c.max < 2e8 || c.max > 1e10) {
        m->clock_hz = 0;
        snprintf(m->clock_why, sizeof(m->clock_why),
                 "dependent add chain gave an implausible %.3g Hz", c.max);
        return;
    }
    m->clock_hz = c.max;
    snprintf(m->clock_why, sizeof(m->clock_why),
             "dependent integer add chain, 1 add per cycle: fastest of %u samples (median %.3g "
             "GHz)",
             n, c.median / 1e9);
}

/* ---- the sweep that places L3 and DRAM ---- */

static void note_level(struct hw_level_info *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void note_level(struct hw_level_info *l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(l->note, sizeof(l->note), fmt, ap);
    va_end(ap);
}

static const struct hw_bench *widest(const char *measures, const struct hw_cpu *c)
{
    for (size_t i = 0; i < hw_nbenches; i++)
        if (hw_benches[i].kind == HW_BENCH_BW && !strcmp(hw_benches[i].measures, measures) &&
            hw_bench_supported(&hw_benches[i], c))
            return &hw_benches[i];
    return NULL;
}

static void sweep(struct run *r, size_t dram_ws)
{
    struct hw_model *m = r->m;
    struct hw_level_info *l3 = &m->level[HW_L3];
    struct hw_level_info *l2 = &m->level[HW_L2];
    const struct hw_bench *load = widest("load", &r->tp->cpu);
    m->nsweep = 0;
    if (!l3->present) {
        l3->effective_bytes = 0;
        return;
    }
    double lo = l2->present ? 2.0 * l2->nominal_bytes : MIB;
    double hi = 2.0 * l3->nominal_bytes;
    if (lo > l3->nominal_bytes / 2.0)
        lo = l3->nominal_bytes / 8.0;
    if (hi > dram_ws / 2.0)
        hi = dram_ws / 2.0;
    struct entry pts[HW_MAX_SWEEP];
    unsigned n = 0;
    for (double s = lo; s <= hi * 1.01 && n < HW_MAX_SWEEP - 1; s *= M_SQRT2) {
        memset(&pts[n], 0, sizeof(pts[n]));
        pts[n].b = load;
        pts[n].level = HW_L3;
        pts[n].threads = 1;
        pts[n].elems = round_elems(s / 8);
        pts[n].ws = pts[n].elems * 8;
        n++;
    }
    memset(&pts[n], 0, sizeof(pts[n]));
    pts[n].b = load;
    pts[n].level = HW_DRAM;
    pts[n].threads = 1;
    pts[n].elems = round_elems(dram_ws / 8.0);
    pts[n].ws = pts[n].elems * 8;
    n++;

    hw_say(r->o, "sweeping %u working sets from %.1f to %.0f MiB to place L3 and DRAM", n, lo / MIB,
           pts[n - 1].ws / MIB);
    /* Sweep points are timed shorter than roofs: they only need the shape. */
    const struct plan *saved = r->plan;
    struct plan short_plan = *saved;
    short_plan.sample_s = saved->sample_s / 2;
    r->plan = &short_plan;
    for (unsigned i = 0; i < n; i++)
        calibrate(r, &pts[i]);
    for (unsigned pass = 0; pass < saved->sweep_passes; pass++)
        for (unsigned i = 0; i < n; i++)
            sample_entry(r, &pts[i], true);
    r->plan = saved;

    double bw[HW_MAX_SWEEP];
    for (unsigned i = 0; i < n; i++) {
        bw[i] = 0;
        for (unsigned k = 0; k < pts[i].n; k++)
            if (pts[i].samples[k] > bw[i])
                bw[i] = pts[i].samples[k];
        m->sweep[i].bytes = pts[i].ws;
        m->sweep[i].bw = bw[i];
    }
    m->nsweep = n;

    /* What the sweep says of the DRAM working set: the load rate there and
     * at the largest size below it (close: past the caches). */
    if (n >= 2) {
        struct hw_level_info *dl = &m->level[HW_DRAM];
        struct strbuf sb = STRBUF_INIT;
        strbuf_addf(&sb,
                    "working set %.0f MiB (4 x the nominal last cache): load %.0f GB/s there, "
                    "%.0f at %.0f MiB",
                    pts[n - 1].ws / MIB, bw[n - 1] / 1e9, bw[n - 2] / 1e9, pts[n - 2].ws / MIB);
        if (*dl->note)
            strbuf_addf(&sb, "; %s", dl->note);
        hw_strlcpy(dl->note, sb.buf, sizeof(dl->note));
        strbuf_release(&sb);
    }

    /* The L3 plateau is the best rate below the nominal size; the cache
     * ends where the rate falls below the knee (see HW_SWEEP_KNEE). */
    double top = 0, dram = bw[n - 1];
    for (unsigned i = 0; i + 1 < n; i++)
        if (pts[i].ws <= l3->nominal_bytes && bw[i] > top)
            top = bw[i];
    char nom[32];
    snprintf(nom, sizeof(nom), "%.3g MiB", l3->nominal_bytes / MIB);
    if (top <= 0 || dram <= 0) {
        note_level(l3, "sweep failed: using the nominal %s", nom);
        return;
    }
    if (top < 1.3 * dram) {
        note_level(l3,
                   "sweep found no L3 plateau above DRAM (%.0f vs %.0f GB/s): using the "
                   "nominal %s",
                   top / 1e9, dram / 1e9, nom);
        return;
    }
    /* The knee: the first size where the rate stays below HW_SWEEP_KNEE of
     * the plateau for two points in a row (one low point is noise). */
    double thr = HW_SWEEP_KNEE * top;
    if (thr < dram + 0.5 * (top - dram))
        thr = dram + 0.5 * (top - dram);
    unsigned k = 0;
    while (k + 1 < n && (bw[k] >= thr || (k + 2 < n && bw[k + 1] >= thr)))
        k++;
    double eff;
    if (k == 0)
        eff = (double)pts[0].ws;
    else {
        /* interpolate in log size between the last point above and the
         * first below */
        double f = bw[k - 1] > bw[k] ? (bw[k - 1] - thr) / (bw[k - 1] - bw[k]) : 0;
        if (f < 0)
            f = 0;
        eff = pts[k - 1].ws * pow((double)pts[k].ws / pts[k - 1].ws, f);
    }
    if (eff > l3->nominal_bytes) {
        note_level(l3, "bandwidth holds past the nominal %s: using the nominal size", nom);
        return;
    }
    l3->effective_bytes = (uint64_t)eff / 65536 * 65536;
    if (!l3->effective_bytes)
        l3->effective_bytes = 65536;
    if (eff < 0.8 * l3->nominal_bytes)
        note_level(
            l3, "bandwidth falls at %.3g MiB of the %s hwloc reports (%.0f GB/s; %.0f at %.0f MiB)",
            eff / MIB, nom, top / 1e9, dram / 1e9, pts[n - 1].ws / MIB);
    else
        note_level(l3, "bandwidth falls at %.3g MiB, near the nominal %s", eff / MIB, nom);
}

/* ---- choosing working sets ---- */

static size_t level_ws(const struct hw_model *m, int i, size_t dram_ws)
{
    if (i == HW_DRAM)
        return dram_ws;
    const struct hw_level_info *l = &m->level[i];
    double cap = (double)l->effective_bytes;
    double ws = cap / 2;
    /* above the level below, so it is this level that serves */
    for (int j = i - 1; j >= HW_L1; j--) {
        if (!m->level[j].present)
            continue;
        double below = (double)m->level[j].nominal_bytes;
        if (ws < 2 * below)
            ws = 2 * below < 0.75 * cap ? 2 * below : (below + cap) / 2;
        break;
    }
    return (size_t)ws;
}

/* ---- details ---- */

static json_t *entry_json(const struct entry *e, const struct hw_roof *roof)
{
    json_t *j = json_object();
    json_object_set_new(j, "name", json_string(e->b->name));
    json_object_set_new(j, "measures", json_string(e->b->measures));
    json_object_set_new(j, "isa", json_string(hw_isa_names[e->b->isa]));
    json_object_set_new(j, "level",
                        e->level >= 0 ? json_string(hw_level_names[e->level]) : json_null());
    json_object_set_new(j, "threads", json_integer(e->threads));
    json_object_set_new(j, "working_set_bytes",
                        e->level >= 0 ? json_integer((json_int_t)(e->ws * e->threads))
                                      : json_null());
    json_object_set_new(j, "ops_per_iteration", json_real(e->b->ops_per_iter));
    json_object_set_new(j, "bytes_per_iteration", json_real(e->b->bytes_per_iter));
    json_t *r = hw_roof_to_json(roof, e->b->kind == HW_BENCH_BW ? "bytes/s" : "ops/s");
    const char *key;
    json_t *v;
    json_object_foreach(r, key, v)
    {
        if (strcmp(key, "peak") && strcmp(key, "peak_why") && strcmp(key, "kernel"))
            json_object_set(j, key, v);
    }
    json_decref(r);
    json_object_set_new(j, "samples", json_integer(e->n));
    json_object_set_new(j, "check", json_string(e->failed ? e->why : "ok"));
    return j;
}

static void utc_now(char *buf, size_t size)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void fail_roof(struct hw_roof *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void fail_roof(struct hw_roof *r, const char *fmt, ...)
{
    va_list ap;
    r->valid = false;
    va_start(ap, fmt);
    vsnprintf(r->why, sizeof(r->why), fmt, ap);
    va_end(ap);
}

int hw_model_measure(struct hw_model *m, const struct hw_measure_opts *o, char *err, size_t errlen)
{
    struct hw_topo tp;
    struct run r;
    struct entry *ents = NULL;
    size_t nents = 0, ents_alloc = 0;
    hwloc_bitmap_t saved_bind = NULL;
    int ret;
    double t_start = hw_now();
    static const struct hw_measure_opts no_opts;
    if (!o)
        o = &no_opts;

    memset(&r, 0, sizeof(r));
    r.o = o;
    r.m = m;
    r.plan = o->quick ? &plan_quick : &plan_full;
    hw_model_release(m);
    hw_say(r.o, "reading the topology");
    if ((ret = hw_topo_open(&tp, o->topology_xml, err, errlen)))
        return ret;
    r.tp = &tp;
    hw_topo_fill(&tp, m);
    const struct hw_uarch *u = hw_uarch_find(&tp.cpu);
    hw_strlcpy(m->uarch, u ? u->name : "", sizeof(m->uarch));
    m->quick = o->quick;
    hw_strlcpy(m->source, "measured", sizeof(m->source));
    utc_now(m->created, sizeof(m->created));

    saved_bind = hwloc_bitmap_alloc();
    if (hwloc_get_cpubind(tp.t, saved_bind, HWLOC_CPUBIND_THREAD) < 0) {
        hwloc_bitmap_free(saved_bind);
        saved_bind = NULL;
    }

    /* One thread per core; a topology from a file may describe more cores
     * than this machine runs. */
    r.nthreads = m->cores ? m->cores : 1;
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    if (!tp.thissystem && online > 0 && r.nthreads > (unsigned)online)
        r.nthreads = (unsigned)online;
    char terr[160];
    if (start_workers(&r, terr, sizeof(terr)))
        hw_say(r.o, "note: %s; measuring with %u threads", terr, r.nthreads);

    hw_say(r.o, "measuring the core clock");
    measure_clock(&r);

    /* DRAM: several times the nominal last-level cache, at least 64 MiB. */
    double llc_nominal = 0;
    for (int i = HW_L3; i >= HW_L1; i--)
        if (m->level[i].present) {
            llc_nominal = (double)m->level[i].nominal_bytes * (i == HW_L3 ? 1 : m->cores);
            break;
        }
    double dram_ws = 4 * llc_nominal;
    if (dram_ws < 64 * MIB)
        dram_ws = 64 * MIB;
    if (m->level[HW_DRAM].effective_bytes && dram_ws > m->level[HW_DRAM].effective_bytes / 8.0)
        dram_ws = m->level[HW_DRAM].effective_bytes / 8.0;
    size_t dram_one = round_elems(dram_ws / 8) * 8;
    size_t dram_each = round_elems(dram_ws / r.nthreads / 8) * 8;
    hw_say(r.o, "allocating %.0f MiB of buffers",
           (dram_one + (r.nthreads - 1) * dram_each) * 2.5 / MIB);
    if ((ret = alloc_buffers(&r, dram_one, dram_each, err, errlen)))
        goto out;

    sweep(&r, dram_one);

    /* The entries: every bandwidth kernel (widest ISA) at every level, one
     * thread and all cores; every compute kernel the CPU runs. */
    static const char *const bw_kinds[] = {"load", "store", "copy", "triad"};
    for (int lv = HW_L1; lv < HW_NLEVELS; lv++) {
        struct hw_level_info *l = &m->level[lv];
        if (!l->present)
            continue;
        size_t ws = level_ws(m, lv, dram_one);
        l->working_set = ws;
        for (size_t k = 0; k < sizeof(bw_kinds) / sizeof(bw_kinds[0]); k++) {
            const struct hw_bench *b = widest(bw_kinds[k], &tp.cpu);
            if (!b)
                continue;
            for (int all = 0; all < 2; all++) {
                unsigned threads = all ? r.nthreads : 1;
                if (all && threads < 2)
                    continue;
                size_t per = ws;
                if (all && lv == HW_DRAM)
                    per = dram_each;
                else if (all && l->shared_by > 1)
                    per = ws / (threads < l->shared_by ? threads : l->shared_by);
                ALLOC_GROW(ents, nents + 1, ents_alloc);
                struct entry *e = &ents[nents++];
                memset(e, 0, sizeof(*e));
                e->b = b;
                e->level = lv;
                e->threads = threads;
                e->elems = round_elems(per / b->bytes_per_iter);
                e->ws = e->elems * (size_t)b->bytes_per_iter;
                if (lv == HW_DRAM) {
                    size_t window = HW_DRAM_WINDOW_ELEMS;
                    e->span = e->elems;
                    e->elems = window < e->span ? window : e->span;
                }
            }
        }
    }
    for (size_t i = 0; i < hw_nbenches; i++) {
        const struct hw_bench *b = &hw_benches[i];
        if (b->kind != HW_BENCH_COMPUTE || !hw_bench_supported(b, &tp.cpu))
            continue;
        ALLOC_GROW(ents, nents + 1, ents_alloc);
        struct entry *e = &ents[nents++];
        memset(e, 0, sizeof(*e));
        e->b = b;
        e->level = -1;
        e->threads = 1;
    }

    hw_say(r.o, "calibrating %zu microbenchmarks", nents);
    for (size_t i = 0; i < nents; i++)
        calibrate(&r, &ents[i]);
    for (unsigned round = 0; round < r.plan->rounds; round++) {
        hw_say(r.o, "sampling: round %u of %u", round + 1, r.plan->rounds);
        for (size_t i = 0; i < nents; i++)
            sample_entry(&r, &ents[i], true);
    }

    /* Roofs from the samples. */
    json_t *details = json_array();
    for (size_t i = 0; i < nents; i++) {
        struct entry *e = &ents[i];
        if (e->failed)
            fail_roof(&e->roof, "%s", e->why);
        else
            hw_roof_from_samples(&e->roof, e->samples, e->n, m->clock_hz);
        hw_strlcpy(e->roof.kernel, e->b->name, sizeof(e->roof.kernel));
        json_array_append_new(details, entry_json(e, &e->roof));
    }
    m->details = details;

    /* Level roofs: the load kernel for caches, triad for DRAM. */
    for (int lv = HW_L1; lv < HW_NLEVELS; lv++) {
        struct hw_level_info *l = &m->level[lv];
        if (!l->present)
            continue;
        const char *want = lv == HW_DRAM ? "triad" : "load";
        fail_roof(&l->bw, "no %s kernel ran", want);
        fail_roof(&l->bw_all, "one core only: no all-cores figure beyond the one-thread roof");
        for (size_t i = 0; i < nents; i++) {
            struct entry *e = &ents[i];
            if (e->level != lv || strcmp(e->b->measures, want))
                continue;
            if (e->threads == 1)
                l->bw = e->roof;
            if (e->threads > 1 || r.nthreads < 2)
                l->bw_all = e->roof;
        }
        if (r.nthreads < 2 && l->bw_all.valid)
            snprintf(l->bw_all.why, sizeof(l->bw_all.why), "one core: same as one thread");
    }
    /* Compute roofs: the best kernel of each class. */
    for (int c = 0; c < HW_NCOMPUTE; c++) {
        struct hw_roof *best = NULL;
        const char *failed = NULL;
        for (size_t i = 0; i < nents; i++) {
            struct entry *e = &ents[i];
            if (e->b->compute_roof != c)
                continue;
            if (!e->roof.valid) {
                failed = e->roof.why;
                continue;
            }
            if (!best || e->roof.value > best->value)
                best = &e->roof;
        }
        if (best)
            m->compute[c] = *best;
        else if (failed)
            fail_roof(&m->compute[c], "%s", failed);
        else
            fail_roof(&m->compute[c], "no kernel for this roof runs on this CPU");
    }
    hw_model_fill_peaks(m, u, &tp.cpu);
    if (r.w && r.w[0].pin && tp.thissystem)
        hw_say(r.o, "note: threads could not be pinned (%s)", strerror(-r.w[0].pin));
    m->seconds = hw_now() - t_start;
    /* A figure no machine has (a timer that went backwards, a kernel the
     * compiler emptied) must not become a model, let alone a cached one. */
    char cerr[256];
    if ((ret = hw_model_check(m, cerr, sizeof cerr))) {
        hw_err(err, errlen, ret, "the measurement gave a figure no machine has: %s", cerr);
        goto out;
    }
    ret = 0;
out:
    stop_workers(&r);
    if (saved_bind) {
        hwloc_set_cpubind(tp.t, saved_bind, HWLOC_CPUBIND_THREAD);
        hwloc_bitmap_free(saved_bind);
    }
    free(ents);
    hw_topo_close(&tp);
    return ret;
}
