/* report: the one result struct of `roofline analyze` (kernels, their
 * figures, the machine model and measured runs), and its renderers: text,
 * JSON (schema_version 1, read back by `roofline plot`) and CSV; and those
 * of one measured run on its own (`roofline measure`).
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

/* Every figure of a measured run, per unit of work, in JSON order: the one
 * list that struct report_run, the JSON writer and reader and both text
 * renderers (roofline measure's, and the run lines of analyze's) are made
 * from. Adding a figure is one line here, and filling it in measure/.
 *
 *   X(ID, key, kind, unit, needs_kernel, section, label, na)
 *
 * ID: enum report_run_fig's REPORT_RUN_<ID>. key: the JSON key, the member of
 * struct report_run, the row of roofline measure's text and the name notes
 * give the figure ("key: reason"). kind: COUNT (JSON integer when whole) or
 * RATIO (JSON real). unit: NONE, SECONDS, OPS_PER_S or BYTES. needs_kernel:
 * only a kernel's static figures give it (roofline analyze --run), which is
 * why it is null without one. section: which run line of analyze's text
 * shows it (RATES, then MEMORY and BRANCHES on one line, then STATIC;
 * HIDDEN: none), label: its name there ("": the value alone), na: how it
 * shows there when unknown (NULL: left out; "": n/a; else a figure only
 * hardware counters give: n/a and why, na under perf, "no hardware
 * counters" under other counters). */
#define REPORT_RUN_FIGURES(X)                                                                      \
    X(INSTRUCTIONS, instructions, COUNT, NONE, false, RATES, "instructions", "")                   \
    X(CYCLES, cycles, COUNT, NONE, false, HIDDEN, "", NULL)                                        \
    X(IPC, ipc, RATIO, NONE, false, RATES, "IPC", "cycles not counted")                            \
    X(LOADS, loads, COUNT, NONE, false, MEMORY, "loads", NULL)                                     \
    X(STORES, stores, COUNT, NONE, false, MEMORY, "stores", NULL)                                  \
    X(L1_MISSES, l1_misses, COUNT, NONE, false, MEMORY, "L1 misses", NULL)                         \
    X(LLC_MISSES, llc_misses, COUNT, NONE, false, MEMORY, "LLC misses", NULL)                      \
    X(MPKI, mpki, RATIO, NONE, false, RATES, "MPKI", NULL)                                         \
    X(BRANCHES, branches, COUNT, NONE, false, BRANCHES, "branches", NULL)                          \
    X(BRANCH_MISSES, branch_misses, COUNT, NONE, false, BRANCHES, "branch misses", NULL)           \
    X(SECONDS, seconds, RATIO, SECONDS, false, RATES, "", NULL)                                    \
    X(ACHIEVED_OPS_PER_S, achieved_ops_per_s, RATIO, OPS_PER_S, true, RATES, "achieved", NULL)     \
    X(MEASURED_DRAM_BYTES, measured_dram_bytes, COUNT, BYTES, false, MEMORY, "DRAM bytes", NULL)   \
    X(INSTRUCTIONS_PER_STATIC_OP, instructions_per_static_op, RATIO, NONE, true, STATIC,           \
      "instructions per static op", NULL)                                                          \
    X(ACCESSES_PER_STATIC_ACCESS, accesses_per_static_access, RATIO, NONE, true, STATIC,           \
      "accesses per static access", NULL)

#define REPORT_RUN_ENUM_(ID, ...) REPORT_RUN_##ID,
enum report_run_fig { REPORT_RUN_FIGURES(REPORT_RUN_ENUM_) REPORT_RUN_NFIGS };
#undef REPORT_RUN_ENUM_

enum report_run_kind { REPORT_RUN_KIND_COUNT, REPORT_RUN_KIND_RATIO };
enum report_run_unit {
    REPORT_RUN_UNIT_NONE,
    REPORT_RUN_UNIT_SECONDS,
    REPORT_RUN_UNIT_OPS_PER_S,
    REPORT_RUN_UNIT_BYTES,
};
enum report_run_section {
    REPORT_RUN_SECTION_HIDDEN,
    REPORT_RUN_SECTION_RATES,
    REPORT_RUN_SECTION_MEMORY,
    REPORT_RUN_SECTION_BRANCHES,
    REPORT_RUN_SECTION_STATIC,
};

struct report_run_fig_desc {
    const char *key;
    size_t offset; /* of its struct report_num in struct report_run */
    enum report_run_kind kind;
    enum report_run_unit unit;
    bool needs_kernel;
    enum report_run_section section;
    const char *label;
    const char *na;
};
extern const struct report_run_fig_desc report_run_figs[REPORT_RUN_NFIGS];

/* One measured run attached to a kernel (roofline measure / analyze --run). */
struct report_run {
    char *label;       /* "python3 samples/aes.py" */
    char *command;     /* the command as given, with {N} */
    char *counters;    /* "perf" or "cachegrind" */
    char *interpreter; /* "python3", ... or NULL for native code */
    long units[2];
#define REPORT_RUN_MEMBER_(ID, key, ...) struct report_num key;
    REPORT_RUN_FIGURES(REPORT_RUN_MEMBER_)
#undef REPORT_RUN_MEMBER_
    bool static_falls_short;
    char *static_verdict;   /* "memory-bound (DRAM)" ... or NULL */
    char *measured_verdict; /* what the counters say, or what they could not judge */
    struct strlist notes;   /* reasons, disagreements, what was unavailable */
};

/* A run's figure f, for reading / the place to set it. */
struct report_num report_run_value(const struct report_run *run, enum report_run_fig f);
struct report_num *report_run_slot(struct report_run *run, enum report_run_fig f);

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
/* The JSON object of one run, as in a report's "runs"; a new reference. */
json_t *report_run_to_json(const struct report_run *run);
/* One run on its own, as `roofline measure` prints it: text fitting width
 * columns; JSON, the run in a document of its own (schema_version, tool,
 * machine m or null, "runs": [run]). */
void report_render_run_text(const struct report_run *run, int width, struct strbuf *out);
void report_render_measure_json(const struct report_run *run, const struct hw_model *m,
                                struct strbuf *out);

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
