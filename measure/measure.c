/* measure: measure_run, the per-unit figures of a command. It runs the
 * command natively at both unit counts (several times: seconds are medians),
 * counted by perf_event_open when the machine has hardware counters, and
 * otherwise once more at each count under cachegrind. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/strbuf.h"
#include "common/xalloc.h"
#include "measure/measure.h"
#include "measure/measure_internal.h"

/* Line size assumed when the machine model gives none. */
#define DEFAULT_LINE_BYTES 64

/* What perf counts, per figure of a run: the candidate events in order of
 * preference (generic names first, then libpfm4 names for Intel and AMD
 * cores) and the group they are scheduled in. Groups of at most four events
 * fit the six general counters of current cores without multiplexing inside
 * a group. */
static const struct measure_perf_figure hardware_figures[] = {
    {REPORT_RUN_INSTRUCTIONS, NULL, 0, {"instructions"}},
    {REPORT_RUN_CYCLES, NULL, 0, {"cycles"}},
    {REPORT_RUN_BRANCHES, NULL, 0, {"branches"}},
    {REPORT_RUN_BRANCH_MISSES, NULL, 0, {"branch-misses"}},
    {REPORT_RUN_L1_MISSES, NULL, 1, {"L1-dcache-load-misses"}},
    {REPORT_RUN_LLC_MISSES, NULL, 1, {"LLC-load-misses", "cache-misses"}},
    {MEASURE_NOTES_ONLY, "llc_loads", 1, {"LLC-loads", "cache-references"}},
    {REPORT_RUN_LOADS,
     NULL,
     2,
     {"L1-dcache-loads", "MEM_INST_RETIRED:ALL_LOADS", "LS_DISPATCH:LD_DISPATCH"}},
    {REPORT_RUN_STORES,
     NULL,
     2,
     {"L1-dcache-stores", "MEM_INST_RETIRED:ALL_STORES", "LS_DISPATCH:STORE_DISPATCH"}},
};

struct measure_perf_table measure_perf_table = {
    hardware_figures, sizeof hardware_figures / sizeof hardware_figures[0], "instructions"};

#define NPERF MEASURE_MAX_PERF_FIGURES
#define perf_figures (measure_perf_table.figures)

/* What cachegrind gives, per figure: the sum of these events. */
static const struct cg_figure {
    enum report_run_fig figure;
    enum measure_cg_event events[3];
    size_t nevents;
} cg_figures[] = {
    {REPORT_RUN_INSTRUCTIONS, {MCG_IR}, 1},
    {REPORT_RUN_LOADS, {MCG_DR}, 1},
    {REPORT_RUN_STORES, {MCG_DW}, 1},
    {REPORT_RUN_L1_MISSES, {MCG_D1MR, MCG_D1MW}, 2},
    {REPORT_RUN_LLC_MISSES, {MCG_ILMR, MCG_DLMR, MCG_DLMW}, 3},
    {REPORT_RUN_BRANCHES, {MCG_BC, MCG_BI}, 2},
    {REPORT_RUN_BRANCH_MISSES, {MCG_BCM, MCG_BIM}, 2},
};
#define NCG (sizeof cg_figures / sizeof cg_figures[0])

/* A perf count's name in the notes. */
static const char *perf_figure_name(const struct measure_perf_figure *pf)
{
    return pf->figure == MEASURE_NOTES_ONLY ? pf->name : report_run_figs[pf->figure].key;
}

static void set_num(struct report_num *n, double v)
{
    n->known = true;
    n->value = v;
}

void measure_opts_init(struct measure_opts *o)
{
    memset(o, 0, sizeof *o);
    o->units[0] = MEASURE_DEFAULT_UNITS_1;
    o->units[1] = MEASURE_DEFAULT_UNITS_2;
    o->counters = MEASURE_COUNTERS_AUTO;
    o->timeout_s = MEASURE_DEFAULT_TIMEOUT_S;
    o->native_repeats = MEASURE_DEFAULT_NATIVE_REPEATS;
}

static const char *const counters_names[] = {"auto", "perf", "cachegrind"};

const char *measure_counters_name(enum measure_counters c)
{
    return (unsigned)c < 3 ? counters_names[c] : "?";
}

int measure_counters_parse(const char *s, enum measure_counters *out)
{
    for (int i = 0; i < 3; i++) {
        if (!strcmp(s, counters_names[i])) {
            *out = (enum measure_counters)i;
            return 0;
        }
    }
    return -EINVAL;
}

/* A number that fills s up to stop (strtod's syntax, finite); -EINVAL
 * otherwise. */
static int parse_number(const char *s, char stop, const char **after, double *out)
{
    char *end;
    errno = 0;
    *out = strtod(s, &end);
    if (end == s || *end != stop || errno == ERANGE || !isfinite(*out))
        return -EINVAL;
    *after = end;
    return 0;
}

/* Why proc_find_program found no program called name: a file that is
 * not executable (named with a '/', or the first of that name in PATH), a
 * directory, or nothing. */
static int why_not_found(const char *name, char *err, size_t errlen)
{
    struct stat st;
    if (strchr(name, '/')) {
        if (stat(name, &st) < 0) {
            snprintf(err, errlen, "%s: %s", name, strerror(errno));
            return -ENOENT;
        }
        snprintf(err, errlen, "%s: %s", name,
                 S_ISDIR(st.st_mode) ? "is a directory, not a program"
                                     : "not executable (permission denied)");
        return -EACCES;
    }
    const char *path = getenv("PATH");
    struct strbuf cand = STRBUF_INIT;
    for (const char *p = path ? path : "/usr/local/bin:/usr/bin:/bin"; p;) {
        const char *end = strchr(p, ':');
        int len = end ? (int)(end - p) : (int)strlen(p);
        strbuf_reset(&cand); /* "" in PATH is the current directory */
        strbuf_addf(&cand, "%.*s/%s", len ? len : 1, len ? p : ".", name);
        p = end ? end + 1 : NULL;
        if (stat(cand.buf, &st) == 0 && S_ISREG(st.st_mode)) {
            snprintf(err, errlen, "%s: not executable (permission denied): %s", name, cand.buf);
            strbuf_release(&cand);
            return -EACCES;
        }
    }
    strbuf_release(&cand);
    snprintf(err, errlen, "%s: command not found", name);
    return -ENOENT;
}

int measure_units_parse(const char *s, long units[2])
{
    double u[2];
    const char *end;
    if (parse_number(s, ',', &end, &u[0]) || parse_number(end + 1, '\0', &end, &u[1]))
        return -EINVAL;
    if (u[0] != floor(u[0]) || u[1] != floor(u[1]) || !(u[0] >= 0) || !(u[1] > u[0]) ||
        u[1] > MEASURE_MAX_UNITS)
        return -EINVAL;
    units[0] = (long)u[0];
    units[1] = (long)u[1];
    return 0;
}

int measure_timeout_parse(const char *s, double *seconds)
{
    double t;
    const char *end;
    if (parse_number(s, '\0', &end, &t) || !(t >= 0) || t > MEASURE_MAX_TIMEOUT_S)
        return -EINVAL;
    *seconds = t;
    return 0;
}

void measure_run_init(struct report_run *run)
{
    memset(run, 0, sizeof *run);
    strlist_init(&run->notes);
}

void measure_run_release(struct report_run *run)
{
    report_run_release(run);
    measure_run_init(run);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* A count lower at N2 than at N1 by at most this fraction of it is taken as
 * run-to-run noise around a per-unit figure of zero (address-space layout
 * and hash seeds move a few cache misses between runs). */
#define NOISE_FRACTION 0.01

/* The time difference between the counts must exceed this many times the
 * runs' spread (median absolute deviation, summed over both counts) to be
 * reported: below it, process start-up jitter could be all there is. */
#define TIME_NOISE_SPREADS 2.0

/* Wall time per unit above CPU time per unit by more than this factor gets
 * a note: other load on the machine (or waiting) inflated it. */
#define BUSY_CPU_FRACTION 0.8

/* Median absolute deviation of v around med (v sorted or not). */
static double spread_of(const double *v, size_t n, double med)
{
    double *dev = xcalloc(n, sizeof *dev);
    for (size_t i = 0; i < n; i++)
        dev[i] = fabs(v[i] - med);
    double mad = median(dev, n);
    free(dev);
    return mad;
}

/* Sets a per-unit figure from its values at both counts. A difference below
 * zero is noise: within NOISE_FRACTION of a count it reads as 0 (with a
 * note); beyond that, or for time, the figure stays unknown (with a note). */
static void set_per_unit(struct report_run *run, enum report_run_fig f, double at1, double at2,
                         const long units[2], bool is_count)
{
    const char *figure = report_run_figs[f].key;
    struct report_num *n = report_run_slot(run, f);
    double per = (at2 - at1) / (double)(units[1] - units[0]);
    if (per >= 0) {
        set_num(n, per);
    } else if (is_count && at1 - at2 <= NOISE_FRACTION * at1) {
        set_num(n, 0);
        strlist_addf(&run->notes,
                     "%s: 0 per unit, within run-to-run noise (%.0f at %ld units, %.0f at %ld)",
                     figure, at1, units[0], at2, units[1]);
    } else {
        strlist_addf(&run->notes,
                     "%s: unknown, lower at %ld units than at %ld (noise larger than the per-unit "
                     "figure; try larger --units)",
                     figure, units[1], units[0]);
    }
}

static char *make_label(const struct strlist *words)
{
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < words->n; i++) {
        const char *w = words->v[i];
        if (strstr(w, "{N}"))
            continue;
        if (i == 0 && strrchr(w, '/'))
            w = strrchr(w, '/') + 1;
        if (sb.len)
            strbuf_addch(&sb, ' ');
        measure_quote_word(&sb, w);
    }
    return strbuf_detach(&sb, NULL);
}

static char **argv_of(const struct strlist *l)
{
    char **v = xcalloc(l->n + 1, sizeof *v);
    for (size_t i = 0; i < l->n; i++)
        v[i] = l->v[i];
    return v;
}

/* A run's name in messages: 'python3 aes.py 1000'. */
static char *describe(const struct strlist *argv, const char *how)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addch(&sb, '\'');
    for (size_t i = 0; i < argv->n; i++) {
        if (i)
            strbuf_addch(&sb, ' ');
        strbuf_addstr(&sb, argv->v[i]);
    }
    strbuf_addf(&sb, "'%s", how);
    return strbuf_detach(&sb, NULL);
}

/* The events perf counts here, chosen once per measurement: for each
 * figure, the first candidate that opens. */
struct perf_plan {
    struct measure_perf_event ev[NPERF];
    int figure_of[NPERF];
    char why_not[NPERF][160]; /* set when the event failed to count in some run */
    size_t nev;
};

static void plan_perf(struct perf_plan *p, struct report_run *run)
{
    memset(p, 0, sizeof *p);
    for (size_t f = 0; f < measure_perf_table.n && f < NPERF; f++) {
        char why[200] = "";
        bool found = false;
        for (size_t c = 0; c < 4 && perf_figures[f].candidates[c]; c++) {
            if (measure_perf_probe(perf_figures[f].candidates[c], why, sizeof why) == 0) {
                p->ev[p->nev].name = perf_figures[f].candidates[c];
                p->ev[p->nev].group = perf_figures[f].group;
                p->figure_of[p->nev++] = (int)f;
                found = true;
                break;
            }
        }
        if (!found)
            strlist_addf(&run->notes, "%s: unknown, no event counts it here (%s)",
                         perf_figure_name(&perf_figures[f]), why);
    }
    struct strbuf used = STRBUF_INIT;
    for (size_t e = 0; e < p->nev; e++)
        strbuf_addf(&used, "%s%s = %s", e ? ", " : "",
                    perf_figure_name(&perf_figures[p->figure_of[e]]), p->ev[e].name);
    strlist_addf(&run->notes, "counters: perf_event_open, user space, events %s", used.buf);
    strbuf_release(&used);
}

static int cg_totals_figure(const struct measure_cg_totals *t, const struct cg_figure *f,
                            double *out)
{
    *out = 0;
    for (size_t i = 0; i < f->nevents; i++) {
        if (!t->has[f->events[i]])
            return -1;
        *out += t->v[f->events[i]];
    }
    return 0;
}

static unsigned line_bytes_of(const struct hw_model *m, const struct measure_cg_geometry *g,
                              enum measure_counters counters, struct report_run *run)
{
    if (counters == MEASURE_COUNTERS_CACHEGRIND && g->from_machine)
        return (unsigned)g->ll.line;
    if (m) {
        for (int lv = HW_L3; lv >= HW_L1; lv--)
            if (m->level[lv].present && m->level[lv].line_bytes)
                return m->level[lv].line_bytes;
    }
    strlist_addf(&run->notes, "measured_dram_bytes: %d B lines assumed (no machine model)",
                 DEFAULT_LINE_BYTES);
    return DEFAULT_LINE_BYTES;
}

/* Runs words natively at both unit counts, repeats times, alternating the
 * counts so that drift in the machine affects both alike; fills secs and,
 * with a perf plan, counts (these are then the counted runs too). */
static int native_runs(const struct strlist *words, const long units[2], int repeats,
                       double timeout_s, struct perf_plan *plan, double *secs[2], double *cpu[2],
                       double *counts[2][NPERF], int *orphans, char *err, size_t errlen)
{
    struct strlist argv[2] = {STRLIST_INIT, STRLIST_INIT};
    char **cargv[2] = {NULL, NULL};
    char *what = NULL;
    struct proc child;
    int ret = 0;

    proc_init(&child);
    for (int i = 0; i < 2; i++) {
        if ((ret = measure_subst_units(words, units[i], &argv[i], err, errlen)) < 0)
            goto out;
        cargv[i] = argv_of(&argv[i]);
    }
    for (int r = 0; r < repeats; r++) {
        for (int i = 0; i < 2; i++) {
            free(what);
            what = describe(&argv[i], "");
            if (plan)
                ret =
                    measure_perf_run(cargv[i], timeout_s, plan->ev, plan->nev, &child, err, errlen);
            else
                ret = proc_run(cargv[i],
                               &(struct proc_opts){.timeout_s = timeout_s, .reap_orphans = true},
                               &child, err, errlen);
            if (ret < 0)
                goto out;
            *orphans += child.orphans_killed;
            if ((ret = measure_child_check(&child, what, timeout_s, err, errlen)) < 0)
                goto out;
            secs[i][r] = child.seconds;
            cpu[i][r] = child.cpu_seconds;
            /* An event that did not count in some run (never scheduled)
             * leaves NAN: its figure is then unknown, with the reason. */
            for (size_t e = 0; plan && e < plan->nev; e++) {
                counts[i][e][r] = plan->ev[e].counted ? plan->ev[e].value : NAN;
                if (!plan->ev[e].counted)
                    snprintf(plan->why_not[e], sizeof plan->why_not[e], "%s", plan->ev[e].why);
            }
        }
    }
out:
    for (int i = 0; i < 2; i++) {
        free(cargv[i]);
        strlist_release(&argv[i]);
    }
    free(what);
    proc_release(&child);
    return ret;
}

int measure_run(const char *command, const struct measure_opts *o, struct report_run *run,
                char *err, size_t errlen)
{
    struct strlist words = STRLIST_INIT, argv[2] = {STRLIST_INIT, STRLIST_INIT};
    char **cargv[2] = {NULL, NULL};
    char *path0 = NULL, *valgrind = NULL, *what = NULL;
    double *secs[2] = {NULL, NULL}, *cpu[2] = {NULL, NULL}, *counts[2][NPERF];
    double *tsecs[2] = {NULL, NULL}, *tcpu[2] = {NULL, NULL}; /* timing at more units */
    struct proc child;
    int orphans = 0; /* processes the command left outside its group */
    struct measure_cg_geometry geo;
    struct perf_plan plan;
    enum measure_counters counters = o->counters;
    int repeats = o->native_repeats > 0 ? o->native_repeats : 1;
    int ret;

    memset(counts, 0, sizeof counts);
    memset(&plan, 0, sizeof plan);
    proc_init(&child);
    memset(&geo, 0, sizeof geo);
    strlist_init(&geo.notes);
    if (o->units[0] < 0 || o->units[1] <= o->units[0]) {
        snprintf(err, errlen, "units %ld,%ld: need 0 <= N1 < N2", o->units[0], o->units[1]);
        ret = -EINVAL;
        goto out;
    }
    if ((ret = measure_split_words(command, &words, err, errlen)) < 0)
        goto out;
    for (int i = 0; i < 2; i++) {
        if ((ret = measure_subst_units(&words, o->units[i], &argv[i], err, errlen)) < 0)
            goto out;
        cargv[i] = argv_of(&argv[i]);
    }
    path0 = proc_find_program(words.v[0]);
    struct stat st0;
    if (path0 && stat(path0, &st0) == 0 && S_ISDIR(st0.st_mode)) { /* X_OK: searchable */
        free(path0);
        path0 = NULL;
    }
    if (!path0) {
        ret = why_not_found(words.v[0], err, errlen);
        goto out;
    }

    free(run->command);
    run->command = xstrdup(command);
    free(run->label);
    run->label = make_label(&words);
    free(run->interpreter);
    const char *interp = measure_interpreter(&words, path0);
    run->interpreter = interp ? xstrdup(interp) : NULL;
    run->units[0] = o->units[0];
    run->units[1] = o->units[1];

    /* Which counters: decided before anything runs, so that a missing tool
     * fails fast. */
    if (counters != MEASURE_COUNTERS_CACHEGRIND) {
        char why[200];
        if (measure_perf_probe(measure_perf_table.probe, why, sizeof why) == 0) {
            counters = MEASURE_COUNTERS_PERF;
        } else if (counters == MEASURE_COUNTERS_PERF) {
            snprintf(err, errlen,
                     "hardware counters are not available here: %s; use --counters cachegrind",
                     why);
            ret = -ENOTSUP;
            goto out;
        } else {
            counters = MEASURE_COUNTERS_CACHEGRIND;
            strlist_addf(&run->notes,
                         "counters: cachegrind, since hardware counters are not available "
                         "here (%s)",
                         why);
        }
    }
    if (counters == MEASURE_COUNTERS_CACHEGRIND) {
        const char *vg = o->valgrind ? o->valgrind : "valgrind";
        valgrind = proc_find_program(vg);
        if (!valgrind) {
            snprintf(err, errlen,
                     "%s: not found, and cachegrind counts need it: install the Debian package "
                     "valgrind (apt-get install valgrind)",
                     vg);
            ret = -ENOENT;
            goto out;
        }
        measure_cg_geometry(o->machine, &geo);
    } else {
        plan_perf(&plan, run);
    }
    free(run->counters);
    run->counters = xstrdup(measure_counters_name(counters));

    for (int i = 0; i < 2; i++) {
        secs[i] = xcalloc((size_t)repeats, sizeof(double));
        cpu[i] = xcalloc((size_t)repeats, sizeof(double));
        tsecs[i] = xcalloc((size_t)repeats, sizeof(double));
        tcpu[i] = xcalloc((size_t)repeats, sizeof(double));
        for (size_t f = 0; f < NPERF; f++)
            counts[i][f] = xcalloc((size_t)repeats, sizeof(double));
    }
    if ((ret = native_runs(&words, o->units, repeats, o->timeout_s,
                           counters == MEASURE_COUNTERS_PERF ? &plan : NULL, secs, cpu, counts,
                           &orphans, err, errlen)) < 0)
        goto out;
    double med[2] = {median(secs[0], (size_t)repeats), median(secs[1], (size_t)repeats)};
    double timed_med[2] = {med[0], med[1]};
    long timed_units[2] = {o->units[0], o->units[1]};
    /* When the time between the two counts is too short to stand out of
     * start-up jitter, time more units, without counters (the counts stay
     * at the units asked for). */
    for (int round = 0; round < 4; round++) {
        double diff = timed_med[1] - timed_med[0], scale = (double)timed_units[1] / o->units[1];
        if (diff >= MEASURE_MIN_TIMED_S || scale >= MEASURE_MAX_TIME_SCALE)
            break;
        double factor = diff > 0 ? ceil(1.2 * MEASURE_MIN_TIMED_S / diff) : 100;
        factor = factor < 2 ? 2 : factor > 100 ? 100 : factor;
        if (scale * factor > MEASURE_MAX_TIME_SCALE)
            factor = MEASURE_MAX_TIME_SCALE / scale;
        long next[2] = {(long)(timed_units[0] * factor), (long)(timed_units[1] * factor)};
        char why[512];
        /* Best effort: a program that cannot run that many units keeps the
         * time of the last counts that ran. */
        if (native_runs(&words, next, repeats, o->timeout_s, NULL, tsecs, tcpu, counts, &orphans,
                        why, sizeof why) < 0) {
            strlist_addf(&run->notes, "seconds: not timed at %ld and %ld units: %s", next[0],
                         next[1], why);
            break;
        }
        for (int i = 0; i < 2; i++) {
            memcpy(secs[i], tsecs[i], (size_t)repeats * sizeof(double));
            memcpy(cpu[i], tcpu[i], (size_t)repeats * sizeof(double));
            timed_units[i] = next[i];
        }
        timed_med[0] = median(secs[0], (size_t)repeats);
        timed_med[1] = median(secs[1], (size_t)repeats);
    }
    if (timed_units[1] != o->units[1])
        strlist_addf(
            &run->notes,
            "seconds: timed at %ld and %ld units, since the runs at %ld and %ld differ by only "
            "%.3g s",
            timed_units[0], timed_units[1], o->units[0], o->units[1], med[1] - med[0]);
    double spread = spread_of(secs[0], (size_t)repeats, timed_med[0]) +
                    spread_of(secs[1], (size_t)repeats, timed_med[1]);
    double diff = timed_med[1] - timed_med[0];
    if (diff > 0 && diff <= TIME_NOISE_SPREADS * spread) {
        strlist_addf(
            &run->notes,
            "seconds: unknown, within timing noise (%.3g s between the medians at %ld and %ld "
            "units, spread %.3g s); try larger --units",
            diff, timed_units[0], timed_units[1], spread);
    } else {
        set_per_unit(run, REPORT_RUN_SECONDS, timed_med[0], timed_med[1], timed_units, false);
    }
    if (repeats < 3)
        strlist_addf(&run->notes, "seconds: from %d run(s) at each count, too few to gauge noise",
                     repeats);
    double cpu_per_unit = (median(cpu[1], (size_t)repeats) - median(cpu[0], (size_t)repeats)) /
                          (double)(timed_units[1] - timed_units[0]);
    if (run->seconds.known && cpu_per_unit > 0 &&
        cpu_per_unit < BUSY_CPU_FRACTION * run->seconds.value)
        strlist_addf(
            &run->notes,
            "seconds: %.3g s per unit of wall time, but only %.3g s of CPU time: the machine "
            "was busy (or the program waits)",
            run->seconds.value, cpu_per_unit);

    if (counters == MEASURE_COUNTERS_PERF) {
        for (size_t e = 0; e < plan.nev; e++) {
            const struct measure_perf_figure *pf = &perf_figures[plan.figure_of[e]];
            if (plan.why_not[e][0]) {
                strlist_addf(&run->notes, "%s: unknown, %s", perf_figure_name(pf), plan.why_not[e]);
                continue;
            }
            double at[2] = {median(counts[0][e], (size_t)repeats),
                            median(counts[1][e], (size_t)repeats)};
            if (pf->figure != MEASURE_NOTES_ONLY) {
                set_per_unit(run, pf->figure, at[0], at[1], o->units, true);
            } else {
                strlist_addf(&run->notes, "%s (%s): %.1f per unit", pf->name, plan.ev[e].name,
                             (at[1] - at[0]) / (double)(o->units[1] - o->units[0]));
            }
            if (plan.ev[e].running_ratio < 0.999)
                strlist_addf(&run->notes, "%s: multiplexed, counted %.0f%% of the time and scaled",
                             plan.ev[e].name, 100 * plan.ev[e].running_ratio);
        }
    } else {
        struct measure_cg_totals tot[2];
        for (size_t i = 0; i < geo.notes.n; i++)
            strlist_add(&run->notes, geo.notes.v[i]);
        for (int i = 0; i < 2; i++) {
            double limit = o->timeout_s > 0 ? o->timeout_s + MEASURE_VALGRIND_SLOWDOWN * med[i] : 0;
            free(what);
            what = describe(&argv[i], " under cachegrind");
            ret = measure_cg_run(valgrind, cargv[i], &geo, limit, &tot[i], &child, err, errlen);
            orphans += child.orphans_killed;
            if (ret < 0 && ret != -EIO)
                goto out;
            int st = measure_child_check(&child, what, limit, err, errlen);
            if (st < 0) {
                ret = st;
                goto out;
            }
            if (ret < 0)
                goto out;
        }
        for (size_t f = 0; f < NCG; f++) {
            double at[2];
            if (cg_totals_figure(&tot[0], &cg_figures[f], &at[0]) < 0 ||
                cg_totals_figure(&tot[1], &cg_figures[f], &at[1]) < 0) {
                strlist_addf(&run->notes, "%s: unknown, cachegrind's output lacks its events",
                             report_run_figs[cg_figures[f].figure].key);
                continue;
            }
            set_per_unit(run, cg_figures[f].figure, at[0], at[1], o->units, true);
        }
        strlist_add(&run->notes, "cycles: unknown, cachegrind simulates caches, not time");
        strlist_add(&run->notes, "ipc: unknown, no cycles under cachegrind");
        strlist_add(&run->notes,
                    "branch_misses: from cachegrind's simulated predictor, not this CPU's");
    }

    if (run->cycles.known && run->instructions.known && run->cycles.value > 0)
        set_num(&run->ipc, run->instructions.value / run->cycles.value);
    if (run->llc_misses.known && run->instructions.known && run->instructions.value > 0)
        set_num(&run->mpki, 1000.0 * run->llc_misses.value / run->instructions.value);
    if (run->llc_misses.known)
        set_num(&run->measured_dram_bytes,
                run->llc_misses.value * line_bytes_of(o->machine, &geo, counters, run));
    ret = 0;
out:
    if (orphans)
        strlist_addf(&run->notes,
                     "the command left %d process%s running outside its process group "
                     "(setsid or a double fork); roofline killed %s after each run",
                     orphans, orphans == 1 ? "" : "es", orphans == 1 ? "it" : "them");
    for (int i = 0; i < 2; i++) {
        free(secs[i]);
        free(cpu[i]);
        free(tsecs[i]);
        free(tcpu[i]);
        for (size_t f = 0; f < NPERF; f++)
            free(counts[i][f]);
        free(cargv[i]);
        strlist_release(&argv[i]);
    }
    strlist_release(&words);
    strlist_release(&geo.notes);
    proc_release(&child);
    free(path0);
    free(valgrind);
    free(what);
    return ret;
}
