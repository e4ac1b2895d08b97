/* report: the one result struct of `roofline analyze` (kernels, their
 * figures, the machine model and measured runs), and its renderers: text,
 * JSON (schema_version 1, read back by `roofline plot`) and CSV.
 *
 * Compute once, render by format: commands fill a struct report; each
 * renderer walks the same struct and the same figure table. */
#ifndef ROOFLINE_REPORT_H
#define ROOFLINE_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "common/strbuf.h"
#include "common/strlist.h"
#include "hwmodel/hwmodel.h"

#define REPORT_SCHEMA_VERSION 1
/* The largest report file read: the SQLite amalgamation's is 49 MB. */
#define REPORT_MAX_BYTES ((size_t)1 << 30)

/* Every per-unit figure of a kernel, in JSON order. */
enum report_fig {
    RF_INT_ADD,
    RF_INT_MUL,
    RF_INT_DIV,
    RF_INT_LOGIC,
    RF_INT_SHIFT,
    RF_INT_CMP,
    RF_INT_TOTAL,
    RF_FLOP_ADD,
    RF_FLOP_MUL,
    RF_FLOP_DIV,
    RF_FLOP_CMP,
    RF_FLOP_OTHER,
    RF_FLOP_TOTAL,
    RF_WORK,
    RF_CONTROL,
    RF_ADDRESS,
    RF_BRANCHES,
    RF_CALLS,
    RF_LOADS_COUNT,
    RF_LOADS_BYTES,
    RF_STORES_COUNT,
    RF_STORES_BYTES,
    RF_TRAFFIC,
    RF_FOOTPRINT,
    RF_DRAM,
    RF_INTENSITY_TRAFFIC,
    RF_INTENSITY_DRAM,
    RF_NFIGS
};

struct report_fig_desc {
    const char *path; /* JSON path and symbolic key: "int_ops.add", "loads.bytes" */
    const char *csv;  /* CSV column: "int_add", "load_bytes" */
    bool ratio;       /* a ratio (printed with decimals), not a count */
};
extern const struct report_fig_desc report_figs[RF_NFIGS];

/* A number that may be unknown. */
struct report_num {
    bool known;
    double value;
};

/* A per-unit figure: known (value), or depending on unbound symbols, in
 * which case symbolic holds the formula (owned). symbolic may also be set
 * when known, for a figure that has a formula in bound parameters. */
struct report_figure {
    bool known;
    double value;
    char *symbolic;
};

struct report_param {
    char *name;
    double value;
};

/* One measured run attached to a kernel (roofline measure / analyze --run). */
struct report_run {
    char *label;       /* "python3 samples/aes.py" */
    char *command;     /* the command as given, with {N} */
    char *counters;    /* "perf" or "cachegrind" */
    char *interpreter; /* "python3", ... or NULL for native code */
    long units[2];
    struct report_num instructions, cycles, ipc, loads, stores, l1_misses, llc_misses, mpki,
        branches, branch_misses, seconds, achieved_ops_per_s, measured_dram_bytes,
        instructions_per_static_op, accesses_per_static_access;
    bool static_falls_short;
    char *static_verdict;   /* "memory-bound (DRAM)" ... or NULL */
    char *measured_verdict; /* what the counters say, or what they could not judge */
    struct strlist notes;   /* reasons, disagreements, what was unavailable */
};

/* Which kind of roof binds a kernel. */
enum report_bound { REPORT_BOUND_NONE, REPORT_BOUND_MEMORY, REPORT_BOUND_COMPUTE };
/* Their JSON and CSV words: NULL (null), "memory", "compute". */
extern const char *const report_bound_names[3];

struct report_kernel {
    char *name;
    char *file;
    unsigned line;
    char *unit;                  /* "call" unless --unit */
    char *per;                   /* "1" unless --per */
    struct report_param *params; /* bound symbols that the kernel uses */
    size_t nparams, params_alloc;
    struct report_figure fig[RF_NFIGS];
    bool exact;
    struct strlist inexact_because;
    struct strlist unbound;
    struct strlist opaque_calls;
    struct strlist openmp;           /* OpenMP directives run, callees' too ("parallel for") */
    bool openmp_team;                /* one starts a team of threads: all-core roofs apply */
    enum report_bound bound;         /* NONE when it cannot be said */
    enum hw_level bound_level;       /* the roof that binds when bound is MEMORY */
    enum hw_compute bound_compute;   /* the roof that binds when bound is COMPUTE */
    char *bound_why;                 /* when bound is NONE: why */
    struct report_figure attainable; /* ops/s */
    struct report_run *runs;
    size_t nruns, runs_alloc;
};

struct report {
    struct hw_model machine;
    bool has_machine;
    char *machine_why; /* when !has_machine: why there is none */
    struct report_kernel *kernels;
    size_t nkernels, kernels_alloc;
};

void report_init(struct report *r);
void report_release(struct report *r);
/* Appends a zeroed kernel (exact = true) and returns it; the pointer stays
 * valid until the next report_add_kernel. */
struct report_kernel *report_add_kernel(struct report *r);
/* A kernel made apart from a report (zeroed, exact = true), released with
 * report_kernel_release, or moved into r by report_adopt_kernel (which
 * leaves k as report_kernel_init does). */
void report_kernel_init(struct report_kernel *k);
void report_kernel_release(struct report_kernel *k);
void report_adopt_kernel(struct report *r, struct report_kernel *k);
struct report_run *report_kernel_add_run(struct report_kernel *k);
/* Frees what a run owns (label, command, counters, interpreter, verdicts,
 * notes); the run is left zeroed. */
void report_run_release(struct report_run *run);
void report_kernel_add_param(struct report_kernel *k, const char *name, double value);
/* The name of the roof that binds k ("DRAM", "int_scalar"), NULL when none
 * does. */
const char *report_kernel_roof_name(const struct report_kernel *k);
/* Once a kernel is written out: drops what only the documents print (the
 * formulas of all but work, DRAM bytes and DRAM intensity; the reasons; the
 * opaque calls), keeping what a picture of it shows. */
void report_kernel_keep_picture(struct report_kernel *k);

/* Renderers; each appends to out. width: text columns (80 by default). */
void report_render_text(const struct report *r, int width, struct strbuf *out);
void report_render_json(const struct report *r, struct strbuf *out);
/* The same document a kernel at a time, for reports too large to hold:
 * open (everything up to the kernels), then each kernel (first: the first
 * one), then close (nkernels: how many were rendered). The kernels need not
 * be in r. */
void report_render_json_open(const struct report *r, struct strbuf *out);
void report_render_json_kernel(const struct report_kernel *k, bool first, struct strbuf *out);
void report_render_json_close(const struct report *r, size_t nkernels, struct strbuf *out);
void report_render_csv(const struct report *r, struct strbuf *out);
/* The JSON object of one run, as in a report's "runs" (and what `roofline
 * measure --format json` prints); a new reference. */
json_t *report_run_to_json(const struct report_run *run);

/* Reads a JSON report (as report_render_json writes it) into r (initialised
 * by the caller). Returns 0, or -EINVAL with a message in err. */
int report_read_json(const char *text, size_t len, struct report *r, char *err, size_t errlen);

/* Number helpers shared by the renderers. report_is_integral: v is finite,
 * whole and below 2^53, so it prints exactly as an integer.
 * report_format_number appends v to out: whole numbers without decimals,
 * others in the shortest form that reads back as the same double ("0.5",
 * "2.0882352941176472"); callers print non-finite values as null or an empty
 * field themselves. */
bool report_is_integral(double v);
void report_format_number(double v, struct strbuf *out);
/* A duration with an SI prefix as people read them, "35.4 us"; sep goes
 * between number and unit (a space, or a no-break space in tables). */
void report_format_seconds(double s, char sep, struct strbuf *out);

#endif
