/* measure_internal: the layers under measure_run, shared by the files of
 * measure/ and by its unit tests (tests/test_measure*.c): running a child
 * with a timeout, counting it with perf_event_open, simulating it with
 * cachegrind. Not for other modules: they use measure.h. */
#ifndef ROOFLINE_MEASURE_INTERNAL_H
#define ROOFLINE_MEASURE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "common/proc.h"
#include "common/strbuf.h"
#include "common/strlist.h"
#include "hwmodel/hwmodel.h"
#include "report/report.h"

/* ---- measured runs (run by common/proc) ---- */

/* 0 when c exited with status 0; else -ECHILD or -ETIMEDOUT with a message
 * naming what (the exit status, the signal, the timeout) and the last line
 * of stderr. what names the run ("'python3 aes.py 1000'"). */
int measure_child_check(const struct proc *c, const char *what, double timeout_s, char *err,
                        size_t errlen);

/* ---- perf_event_open (perf.c) ---- */

/* One event to count. name: a generic perf name ("instructions",
 * "task-clock", "LLC-load-misses", ...) or a libpfm4 event string
 * ("LS_DISPATCH:LD_DISPATCH"); group: events with the same group number are
 * opened as one group, so they are scheduled together. */
struct measure_perf_event {
    const char *name;
    int group;
    bool counted;         /* out: opened, ran and read */
    double value;         /* out: scaled by time_enabled / time_running */
    double running_ratio; /* out: time_running / time_enabled (1: never multiplexed) */
    char why[160];        /* out: when !counted, why */
};

/* 0 when event can be counted for this process here; else a negative code
 * and a message (unknown name, not supported by this machine, denied). */
int measure_perf_probe(const char *event, char *err, size_t errlen);
/* Runs argv once with the events counted (user space, the whole process tree,
 * from exec to exit). Events that fail to open are marked !counted with why;
 * the run itself goes on. Returns as proc_run. */
int measure_perf_run(char *const argv[], double timeout_s, struct measure_perf_event *ev,
                     size_t nev, struct proc *c, char *err, size_t errlen);
/* value * enabled / running; false when the event never ran. */
bool measure_perf_scale(unsigned long long value, unsigned long long enabled,
                        unsigned long long running, double *out);

/* What measure_run counts with perf, per figure of a run: figure is the
 * run figure it fills, or MEASURE_NOTES_ONLY for a count that goes to the
 * notes only, under name; candidates the events tried in order (the first
 * that opens counts it), group the events scheduled together. */
#define MEASURE_NOTES_ONLY REPORT_RUN_NFIGS
#define MEASURE_MAX_PERF_FIGURES 16
struct measure_perf_figure {
    enum report_run_fig figure;
    const char *name; /* MEASURE_NOTES_ONLY counts: their name in the notes */
    int group;
    const char *candidates[4];
};
/* The table measure_run uses (the hardware events of measure.c), and the
 * event whose opening decides that perf can count here. Tests point it at
 * software events, to run the perf path of measure_run on any machine. */
struct measure_perf_table {
    const struct measure_perf_figure *figures;
    size_t n;
    const char *probe;
};
extern struct measure_perf_table measure_perf_table;

/* ---- cachegrind (cachegrind.c) ---- */

/* Totals of a cachegrind output file; has[] tells which events it had. */
enum measure_cg_event {
    MCG_IR,
    MCG_I1MR,
    MCG_ILMR,
    MCG_DR,
    MCG_D1MR,
    MCG_DLMR,
    MCG_DW,
    MCG_D1MW,
    MCG_DLMW,
    MCG_BC,
    MCG_BCM,
    MCG_BI,
    MCG_BIM,
    MCG_NEVENTS
};
extern const char *const measure_cg_event_names[MCG_NEVENTS];
struct measure_cg_totals {
    bool has[MCG_NEVENTS];
    double v[MCG_NEVENTS];
};

/* One simulated cache, as --I1/--D1/--LL take it. */
struct measure_cg_cache {
    unsigned long size, assoc, line;
};
struct measure_cg_geometry {
    bool from_machine; /* false: valgrind's own detection */
    struct measure_cg_cache i1, d1, ll;
    struct strlist notes; /* roundings, defaults used */
};

/* Default associativities (the machine model has none): 8-way L1s, 16-way
 * last level, what current x86 cores have. */
#define MEASURE_CG_L1_ASSOC 8
#define MEASURE_CG_LL_ASSOC 16

/* The geometry cachegrind simulates for machine m (NULL: valgrind's own).
 * Sizes are rounded down to a set count that is a power of two, as
 * cachegrind requires, with a note when that changed anything. Caller
 * releases g->notes. */
void measure_cg_geometry(const struct hw_model *m, struct measure_cg_geometry *g);
/* Adds the summary of one output file to t. -EINVAL with a message when
 * the text has no events or summary line, or they disagree. */
int measure_cg_parse(const char *text, size_t len, struct measure_cg_totals *t, char *err,
                     size_t errlen);
/* Runs argv under cachegrind (valgrind: the program to run), following
 * children, and sums their output files into t. */
int measure_cg_run(const char *valgrind, char *const argv[], const struct measure_cg_geometry *g,
                   double timeout_s, struct measure_cg_totals *t, struct proc *c, char *err,
                   size_t errlen);

/* ---- words (words.c) ---- */

/* Replaces every {N} in words by n into out; -EINVAL when no word has one. */
int measure_subst_units(const struct strlist *words, long n, struct strlist *out, char *err,
                        size_t errlen);

#endif
