/* cachegrind: counts from valgrind's cache and branch simulation, for
 * machines without hardware counters. The simulated caches take the machine
 * model's geometry; the output files (one per process: children are
 * followed) are parsed and summed. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/cleanup.h"
#include "common/xalloc.h"
#include "measure/measure_internal.h"

const char *const measure_cg_event_names[MCG_NEVENTS] = {
    "Ir", "I1mr", "ILmr", "Dr", "D1mr", "DLmr", "Dw", "D1mw", "DLmw", "Bc", "Bcm", "Bi", "Bim",
};

static bool is_pow2(unsigned long x)
{
    return x && !(x & (x - 1));
}

static unsigned long floor_pow2(unsigned long x)
{
    unsigned long p = 1;
    while (p <= x / 2)
        p *= 2;
    return p;
}

/* Makes c a geometry cachegrind accepts: a power-of-two line of at least 16
 * bytes and a power-of-two number of sets. The associativity is an assumed
 * default, so it gives way first: the size is kept whenever some
 * power-of-two set count divides it (a 48 KiB L1 becomes 12-way); only
 * otherwise is the size rounded down. Notes what changed. */
static void fit_cache(const char *name, struct measure_cg_cache *c, struct strlist *notes)
{
    unsigned long size0 = c->size, assoc0 = c->assoc, line0 = c->line;
    if (!is_pow2(c->line) || c->line < 16)
        c->line = 64;
    if (c->assoc < 1)
        c->assoc = 1;
    if (c->size < c->line)
        c->size = c->line;
    /* The smallest associativity at or above the assumed one (up to twice
     * it) that makes the set count a power of two, else the largest below. */
    unsigned long lines = c->size / c->line, best_sets = 0;
    for (unsigned long sets = 1; sets <= lines; sets *= 2) {
        if (lines % sets)
            continue;
        unsigned long assoc = lines / sets;
        if (assoc >= c->assoc && assoc <= 2 * c->assoc)
            best_sets = sets; /* assoc falls as sets grow: the last is the smallest */
        else if (assoc < c->assoc && assoc * 2 >= c->assoc && !best_sets)
            best_sets = sets;
    }
    if (best_sets) {
        c->assoc = lines / best_sets;
        c->size = lines * c->line;
    } else {
        if (c->size < c->line * c->assoc)
            c->assoc = lines ? lines : 1;
        unsigned long sets = floor_pow2(c->size / (c->line * c->assoc));
        c->size = sets * c->assoc * c->line;
    }
    if (c->size != size0 || c->line != line0) {
        char *note = xasprintf("cachegrind %s: %lu B, %lu B lines rounded to %lu B, %lu-way, "
                               "%lu B lines (cachegrind needs a power-of-two set count)",
                               name, size0, line0, c->size, c->assoc, c->line);
        strlist_add(notes, note);
        free(note);
    } else if (c->assoc != assoc0) {
        char *note = xasprintf("cachegrind %s: %lu-way instead of the assumed %lu-way, so that "
                               "the set count is a power of two",
                               name, c->assoc, assoc0);
        strlist_add(notes, note);
        free(note);
    }
}

static unsigned long level_bytes(const struct hw_level_info *l)
{
    return (unsigned long)(l->nominal_bytes ? l->nominal_bytes : l->effective_bytes);
}

void measure_cg_geometry(const struct hw_model *m, struct measure_cg_geometry *g)
{
    memset(g, 0, sizeof *g);
    strlist_init(&g->notes);
    if (!m) {
        strlist_add(&g->notes, "cache geometry: valgrind's own detection (no machine model)");
        return;
    }
    const struct hw_level_info *l1 = &m->level[HW_L1], *ll = NULL;
    for (int lv = HW_L3; lv >= HW_L1; lv--) {
        if (m->level[lv].present && level_bytes(&m->level[lv])) {
            ll = &m->level[lv];
            break;
        }
    }
    if (!l1->present || !level_bytes(l1) || !ll) {
        strlist_add(&g->notes,
                    "cache geometry: valgrind's own detection (the machine model has no caches)");
        return;
    }
    g->from_machine = true;
    g->d1.size = level_bytes(l1);
    g->d1.assoc = MEASURE_CG_L1_ASSOC;
    g->d1.line = l1->line_bytes;
    g->ll.size = level_bytes(ll);
    g->ll.assoc = MEASURE_CG_LL_ASSOC;
    g->ll.line = ll->line_bytes ? ll->line_bytes : l1->line_bytes;
    fit_cache("D1", &g->d1, &g->notes);
    fit_cache("LL", &g->ll, &g->notes);
    /* The model describes data caches; the instruction cache is taken to be
     * the L1 data cache's twin, as on current x86 cores. */
    g->i1 = g->d1;
    char *note = xasprintf("cachegrind caches from the machine model: I1 = D1 %lu B %lu-way, "
                           "LL %lu B %lu-way, %lu B lines (associativity not in the model: "
                           "8-way L1 and 16-way LL assumed, adjusted as noted)",
                           g->d1.size, g->d1.assoc, g->ll.size, g->ll.assoc, g->ll.line);
    strlist_add(&g->notes, note);
    free(note);
}

/* Parses the numbers after a "summary:" line or of a cost line into v,
 * by position of the events. */
static int parse_counts(const char *p, const char *end, const int *map, size_t nev, double *v)
{
    for (size_t i = 0; i < nev; i++) {
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        if (p >= end)
            return 0; /* trailing counts may be left out: they are zero */
        /* strtod from a bounded copy: the text need not end in a NUL. */
        char num[64], *num_end;
        size_t n = 0;
        while (p + n < end && n + 1 < sizeof num && p[n] != ' ' && p[n] != '\t' && p[n] != '\r')
            n++;
        memcpy(num, p, n);
        num[n] = '\0';
        double x = strtod(num, &num_end);
        if (num_end == num || (size_t)(num_end - num) != n)
            return -1;
        if (map[i] >= 0)
            v[map[i]] += x;
        p += n;
    }
    return 0;
}

/* Does the line [p, eol) start with prefix? Never reads past eol. */
static bool starts(const char *p, const char *eol, const char *prefix)
{
    size_t n = strlen(prefix);
    return (size_t)(eol - p) >= n && !memcmp(p, prefix, n);
}

int measure_cg_parse(const char *text, size_t len, struct measure_cg_totals *t, char *err,
                     size_t errlen)
{
    int map[64];
    size_t nev = 0;
    bool have_events = false, have_summary = false;
    double summary[MCG_NEVENTS] = {0}, lines[MCG_NEVENTS] = {0};
    const char *end = text + len;
    unsigned lineno = 0;

    for (const char *p = text; p < end;) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        lineno++;
        if (starts(p, eol, "events:")) {
            if (have_events) {
                snprintf(err, errlen, "cachegrind output:%u: a second events line", lineno);
                return -EINVAL;
            }
            have_events = true;
            const char *q = p + 7;
            while (q < eol) {
                while (q < eol && (*q == ' ' || *q == '\t'))
                    q++;
                const char *w = q;
                while (q < eol && *q != ' ' && *q != '\t' && *q != '\r')
                    q++;
                if (q == w)
                    break;
                if (nev == sizeof map / sizeof map[0]) {
                    snprintf(err, errlen, "cachegrind output:%u: too many events", lineno);
                    return -EINVAL;
                }
                map[nev] = -1;
                for (int e = 0; e < MCG_NEVENTS; e++)
                    if (strlen(measure_cg_event_names[e]) == (size_t)(q - w) &&
                        !strncmp(measure_cg_event_names[e], w, (size_t)(q - w)))
                        map[nev] = e;
                nev++;
            }
        } else if (starts(p, eol, "summary:") || starts(p, eol, "totals:")) {
            if (!have_events) {
                snprintf(err, errlen, "cachegrind output:%u: summary before events", lineno);
                return -EINVAL;
            }
            const char *q = p + (p[0] == 's' ? 8 : 7);
            memset(summary, 0, sizeof summary);
            if (parse_counts(q, eol, map, nev, summary) < 0) {
                snprintf(err, errlen, "cachegrind output:%u: malformed summary line", lineno);
                return -EINVAL;
            }
            have_summary = true;
        } else if (have_events && p < eol && *p >= '0' && *p <= '9') {
            /* A cost line: line number, then the counts. */
            const char *q = p;
            while (q < eol && *q >= '0' && *q <= '9')
                q++;
            if (parse_counts(q, eol, map, nev, lines) < 0) {
                snprintf(err, errlen, "cachegrind output:%u: malformed cost line", lineno);
                return -EINVAL;
            }
        }
        p = eol + 1;
    }
    if (!have_events) {
        snprintf(err, errlen, "cachegrind output has no events line");
        return -EINVAL;
    }
    /* Without a summary (a truncated file), the cost lines add up to it. */
    const double *v = have_summary ? summary : lines;
    for (size_t i = 0; i < nev; i++) {
        if (map[i] >= 0) {
            t->has[map[i]] = true;
            t->v[map[i]] += v[map[i]];
        }
    }
    return 0;
}

static int sum_outputs(const char *dir, struct measure_cg_totals *t, char *err, size_t errlen)
{
    DIR *d = opendir(dir);
    struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
    int ret = 0, nfiles = 0;

    if (!d) {
        ret = -errno;
        snprintf(err, errlen, "%s: %s", dir, strerror(errno));
        goto out;
    }
    for (struct dirent *de; (de = readdir(d));) {
        if (de->d_name[0] == '.')
            continue;
        strbuf_reset(&path);
        strbuf_addf(&path, "%s/%s", dir, de->d_name);
        strbuf_reset(&text);
        if (ret == 0) {
            int r = strbuf_read_file(&text, path.buf);
            char perr[200];
            if (r < 0) {
                ret = r;
                snprintf(err, errlen, "%s: %s", path.buf, strerror(-r));
            } else if ((r = measure_cg_parse(text.buf, text.len, t, perr, sizeof perr)) < 0) {
                ret = -EIO;
                snprintf(err, errlen, "%s: %s", path.buf, perr);
            }
            nfiles++;
        }
        unlink(path.buf);
    }
    closedir(d);
    if (ret == 0 && nfiles == 0) {
        ret = -EIO;
        snprintf(err, errlen, "cachegrind wrote no output file");
    }
out:
    rmdir(dir);
    strbuf_release(&path);
    strbuf_release(&text);
    return ret;
}

int measure_cg_run(const char *valgrind, char *const argv[], const struct measure_cg_geometry *g,
                   double timeout_s, struct measure_cg_totals *t, struct proc *c, char *err,
                   size_t errlen)
{
    struct strlist args = STRLIST_INIT;
    char **vargv = NULL;
    char *tmpdir = NULL, *out = NULL;
    int ret, dir_cleanup = -1;
    const char *tmp = getenv("TMPDIR");

    memset(t, 0, sizeof *t);
    tmpdir = xasprintf("%s/roofline-cg.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    sigset_t old = cleanup_block(); /* made and registered, or neither */
    bool made = mkdtemp(tmpdir) != NULL;
    int made_errno = errno;
    if (made)
        dir_cleanup = cleanup_add_dir(tmpdir);
    cleanup_unblock(&old);
    if (!made) {
        errno = made_errno;
        ret = -errno;
        snprintf(err, errlen, "cannot make a temporary directory %s: %s", tmpdir, strerror(errno));
        goto out;
    }
    strlist_add(&args, valgrind);
    strlist_add(&args, "--tool=cachegrind");
    strlist_add(&args, "-q");
    strlist_add(&args, "--cache-sim=yes");
    strlist_add(&args, "--branch-sim=yes");
    strlist_add(&args, "--trace-children=yes");
    /* No gdbserver FIFOs in $TMPDIR (left behind when a run is killed). */
    strlist_add(&args, "--vgdb=no");
    if (g->from_machine) {
        const struct measure_cg_cache *cs[3] = {&g->i1, &g->d1, &g->ll};
        const char *names[3] = {"I1", "D1", "LL"};
        for (int i = 0; i < 3; i++) {
            char *a =
                xasprintf("--%s=%lu,%lu,%lu", names[i], cs[i]->size, cs[i]->assoc, cs[i]->line);
            strlist_add(&args, a);
            free(a);
        }
    }
    out = xasprintf("--cachegrind-out-file=%s/cg.%%p", tmpdir);
    strlist_add(&args, out);
    strlist_add(&args, "--");
    for (size_t i = 0; argv[i]; i++)
        strlist_add(&args, argv[i]);
    vargv = xcalloc(args.n + 1, sizeof *vargv);
    for (size_t i = 0; i < args.n; i++)
        vargv[i] = args.v[i];
    struct proc_opts po = {.timeout_s = timeout_s, .reap_orphans = true};
    ret = proc_run(vargv, &po, c, err, errlen);
    if (ret == 0 && !c->timed_out && WIFEXITED(c->status) && WEXITSTATUS(c->status) == 0)
        ret = sum_outputs(tmpdir, t, err, errlen);
    else {
        char ignored[16];
        sum_outputs(tmpdir, t, ignored, sizeof ignored); /* removes the files */
    }
out:
    cleanup_remove(dir_cleanup); /* sum_outputs removed it */
    free(vargv);
    free(out);
    free(tmpdir);
    strlist_release(&args);
    return ret;
}
