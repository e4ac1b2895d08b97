/* measure: runs a program at two unit counts and reads its counters per unit
 * of work (hardware counters through perf_event_open, or valgrind's
 * cachegrind where the machine has none), times it natively, and judges the
 * measured point against the static figures of a kernel.
 *
 * A library: it never prints and never exits. Functions return 0 or a
 * negative errno-style code and write a message (no trailing period) into
 * err. Children run without a shell (execvp), stdin and stdout on /dev/null,
 * in their own process group, killed as a group on timeout. */
#ifndef ROOFLINE_MEASURE_H
#define ROOFLINE_MEASURE_H

#include <stdbool.h>
#include <stddef.h>

#include "common/strbuf.h"
#include "common/strlist.h"
#include "hwmodel/hwmodel.h"
#include "report/report.h"

/* Where counts come from. AUTO: hardware counters when perf_event_open can
 * count instructions here, else cachegrind (and a note says so). */
enum measure_counters { MEASURE_COUNTERS_AUTO, MEASURE_COUNTERS_PERF, MEASURE_COUNTERS_CACHEGRIND };

#define MEASURE_DEFAULT_UNITS_1 1000
#define MEASURE_DEFAULT_UNITS_2 3000
#define MEASURE_DEFAULT_TIMEOUT_S 300.0
#define MEASURE_DEFAULT_NATIVE_REPEATS 5
/* A valgrind run may take this many times the native run, plus the timeout. */
#define MEASURE_VALGRIND_SLOWDOWN 200.0
/* Under cachegrind, when the native runs at N1 and N2 differ by less than
 * this, they are timed again at the units scaled up (by at most
 * MEASURE_MAX_TIME_SCALE), so that the time per unit stands out of process
 * start-up jitter. */
#define MEASURE_MIN_TIMED_S 0.1
#define MEASURE_MAX_TIME_SCALE 10000.0
/* Instructions per static op above which "static estimate falls short":
 * compiled C runs ~1-4 instructions per source-level op (the counting model
 * counts C operators; loads, stores and address arithmetic come on top), so
 * 20 is well clear of any compiled code and well below interpreters, which
 * run tens to thousands of instructions per source-level op. */
#define MEASURE_FALLS_SHORT_THRESHOLD 20.0

struct measure_opts {
    long units[2];                  /* N1 < N2, both >= 0 */
    enum measure_counters counters; /* AUTO by default */
    double timeout_s;               /* per native run; <= 0: no limit */
    int native_repeats;             /* native timing runs at each N (median) */
    const struct hw_model *machine; /* cache geometry for cachegrind; may be NULL */
    const char *valgrind;           /* valgrind program; NULL: "valgrind" from PATH */
};

/* Defaults: units MEASURE_DEFAULT_UNITS_*, AUTO, MEASURE_DEFAULT_TIMEOUT_S,
 * MEASURE_DEFAULT_NATIVE_REPEATS, no machine, valgrind from PATH. */
void measure_opts_init(struct measure_opts *o);

const char *measure_counters_name(enum measure_counters c); /* "auto", "perf", "cachegrind" */
/* Parses "auto", "perf", "cachegrind"; -EINVAL otherwise. */
int measure_counters_parse(const char *s, enum measure_counters *out);
/* Parses "N1,N2", whole numbers (1e6 is one) with 0 <= N1 < N2 <=
 * MEASURE_MAX_UNITS, into units; -EINVAL otherwise. */
#define MEASURE_MAX_UNITS 1e15
#define MEASURE_UNITS_EXPECTED "N1,N2: whole numbers with 0 <= N1 < N2 <= 1e15"
int measure_units_parse(const char *s, long units[2]);
/* Parses a timeout: 0 (no limit) or seconds up to MEASURE_MAX_TIMEOUT_S;
 * -EINVAL otherwise (NaN, infinity, a negative, words). The one parser of
 * --timeout, for analyze and measure. */
#define MEASURE_MAX_TIMEOUT_S 1e6
#define MEASURE_TIMEOUT_EXPECTED "seconds: 0 (no limit) or a number up to 1e6"
int measure_timeout_parse(const char *s, double *seconds);

/* A zeroed run (every figure unknown) / frees what a run owns (label,
 * command, counters, interpreter, verdicts, notes) and zeroes it. Runs inside
 * a struct report are released by report_release instead. */
void measure_run_init(struct report_run *run);
void measure_run_release(struct report_run *run);

/* Runs command at both unit counts and fills run (initialised by the caller
 * with measure_run_init) with per-unit figures,
 * (value at N2 - value at N1) / (N2 - N1): label, command, counters,
 * interpreter (by argv[0]'s basename, following env, version suffixes such
 * as python3.11 and #! lines), instructions, cycles and ipc (perf only),
 * loads, stores, l1_misses (L1 data), llc_misses, mpki (LLC misses per 1000
 * instructions), branches, branch_misses, measured_dram_bytes (LLC misses x
 * line size), seconds (median of native runs, never from valgrind: when the
 * runs at N1 and N2 differ by less than MEASURE_MIN_TIMED_S, the time comes
 * from runs at larger unit counts, and a note says which; a time difference
 * within the runs' spread stays unknown). Figures not available are left
 * unknown with a note "FIGURE: reason"; notes also name the counter source
 * and the cache geometry simulated. Each native run is limited to
 * o->timeout_s, a cachegrind run to that plus MEASURE_VALGRIND_SLOWDOWN
 * times the native run.
 *
 * command is split into words as a shell would (measure_split_words), with
 * no expansion of any kind; "{N}" in any word is replaced by the unit count.
 * Returns 0, or: -EINVAL bad command or options (no {N}, bad quoting, units),
 * -ENOENT command or valgrind not found, -ECHILD the command exited non-zero
 * or died of a signal, -ETIMEDOUT a run outlived its timeout (its process
 * group was killed), -ENOTSUP the counters asked for are not available,
 * -EIO the counters could not be read; err says which and why. On error run
 * may hold some fields; release it as usual. */
int measure_run(const char *command, const struct measure_opts *o, struct report_run *run,
                char *err, size_t errlen);

/* Static against measured. Given the kernel's static figures (k may be NULL:
 * then only the counters are judged) and the machine model (may be NULL: no
 * roofline placement), fills achieved_ops_per_s, instructions_per_static_op,
 * accesses_per_static_access, static_falls_short, static_verdict,
 * measured_verdict and notes, with the rules of thumb of a data table
 * (measure_rules). A rule whose figure is missing is reported as not judged,
 * never guessed. Replaces verdicts set before. */
void measure_judge(struct report_run *run, const struct report_kernel *k, const struct hw_model *m);

/* One rule of thumb: figure OP threshold means verdict, provided the guard
 * figure (when there is one) is at least guard_min: a rate matters only when
 * the events it is a rate of are frequent enough to cost something. */
enum measure_rule_op { MEASURE_RULE_GE, MEASURE_RULE_GT, MEASURE_RULE_LT };
struct measure_rule {
    const char *figure; /* "ipc", "llc_mpki", "branch_miss_rate", "roofline" */
    enum measure_rule_op op;
    double threshold;
    const char *verdict; /* "compute-leaning", "memory-bound", ... */
    const char *guard;   /* "branch_mpki" or NULL */
    double guard_min;
    const char *source;
};
extern const struct measure_rule measure_rules[];
extern const size_t measure_nrules;

/* Splits s into words as a POSIX shell would, honouring single quotes,
 * double quotes (where \ escapes only $ ` " \ and newline) and backslashes,
 * with no expansion: $VAR, globs and ~ stay literal. Unquoted shell
 * operators (; | & < > ( ) `) are refused, since there is no shell to run
 * them. Appends to words; returns 0, or -EINVAL with a message (unterminated
 * quote, trailing backslash, operator, empty command) and words unchanged. */
int measure_split_words(const char *s, struct strlist *words, char *err, size_t errlen);
/* Appends word to out quoted so that measure_split_words gives it back. */
void measure_quote_word(struct strbuf *out, const char *word);

/* The interpreter that runs argv ("python3", "node", ...), or NULL for
 * native code. path_argv0, when not NULL, is argv[0] resolved on PATH, whose
 * #! line is read. Returns a static string. */
const char *measure_interpreter(const struct strlist *argv, const char *path_argv0);

#endif
