/* analyzer: the static counting model of docs/spec/counting-model.md.
 *
 * Data flow: an_session_new() parses a C file with libclang; an_kernel_new()
 * counts one function symbolically (polynomials in its parameters, trip
 * symbols L<line> and probabilities P<line>, calls followed); an_kernel_bind()
 * binds values and fills a struct report_kernel with per-unit figures;
 * an_classify() places it under the machine's roofs.
 *
 * Functions return 0 or a negative errno-style code and write a message (no
 * trailing period, "file:line: what" when a place is known) into err. */
#ifndef ROOFLINE_ANALYZER_H
#define ROOFLINE_ANALYZER_H

#include <stdbool.h>
#include <stddef.h>

#include "common/strlist.h"
#include "hwmodel/hwmodel.h"
#include "report/report.h"

struct an_session; /* opaque: one parsed translation unit */

struct an_binding {
    const char *name;
    double value;
};
struct an_kernel; /* opaque: one kernel's symbolic counts */

struct an_options {
    const char *file;
    const char *const *clang_args; /* extra arguments for the parser */
    size_t nclang_args;
    const char *compdb_dir; /* take FILE's flags from DIR/compile_commands.json, or NULL */
};

/* Parses o->file. -ENOENT: no such file; -EINVAL: the file does not compile
 * (err holds clang's first error with file and line); -ENOMEM: libclang ran
 * out of memory parsing it. Caller frees the session with an_session_free(). */
int an_session_new(struct an_session **out, const struct an_options *o, char *err, size_t errlen);
void an_session_free(struct an_session *s);
/* Functions defined in the analyzed file, in source order (owned by s). */
const struct strlist *an_session_functions(const struct an_session *s);
/* Warnings gathered while counting (recursion cut, ...), owned by s. */
const struct strlist *an_session_warnings(const struct an_session *s);

/* Appends every file the parse read: the analyzed file and each file it
 * included, as clang names them (for a caller that must not write over its
 * inputs). */
void an_session_files(const struct an_session *s, struct strlist *out);

/* A callee whose counts depend on more trip symbols than this is not
 * followed: it is reported as an opaque call (the result is inexact). */
#define AN_MAX_CALLEE_TRIPS 32

/* Expressions nested deeper than this are not counted below it (the result
 * says so). Callers should run the analyzer on a thread with a stack of
 * AN_STACK_BYTES: libclang's parser and the walker both recurse. */
#define AN_MAX_DEPTH 50000
#define AN_STACK_BYTES ((size_t)512 << 20)

/* The probability of a branch arm whose P<line> is not bound. */
#define AN_DEFAULT_PROBABILITY 0.5

/* The --param values of the run. Branch probabilities P<line> are applied
 * while counting (so they must be set before an_kernel_new); parameters and
 * trip symbols stay symbolic until an_kernel_bind. The array is borrowed
 * and must outlive the session's counting. */
void an_session_set_bindings(struct an_session *s, const struct an_binding *b, size_t n);

/* Counts the function name. -ENOENT when the file defines no such function
 * (err lists the ones it does). Caller frees with an_kernel_free(). */
int an_kernel_new(struct an_session *s, const char *name, struct an_kernel **out, char *err,
                  size_t errlen);
void an_kernel_free(struct an_kernel *k);
/* True when name is something this kernel lets a user bind: one of its
 * parameters, or a trip symbol L<line> / probability P<line> it uses. */
bool an_kernel_has_symbol(const struct an_kernel *k, const char *name);
/* Appends the names a user may bind for this kernel: parameters, then trip
 * symbols, then probabilities. */
void an_kernel_symbols(const struct an_kernel *k, struct strlist *out);
/* True when every name in the --per expression is one this kernel has. */
bool an_kernel_accepts_per(const struct an_kernel *k, const char *per);

struct an_bind_opts {
    const struct an_binding *bindings;
    size_t nbindings;
    const char *per;  /* --per EXPR, or NULL for one call */
    const char *unit; /* --unit LABEL, or NULL ("call") */
    bool no_write_allocate;
    double llc_bytes; /* last-level cache for the resident rule; 0: unknown (all fit) */
};

/* Checks a --param value against what name is to this kernel: a
 * parameter's value must be a whole number its type holds, a trip count
 * not negative, a probability between 0 and 1. -ERANGE with the message
 * ("--param P12=2: ...") when it is not; 0 when it is, or when the kernel
 * has no such name. Call on the thread that counts. */
int an_kernel_check_binding(const struct an_kernel *k, const struct an_binding *b, char *err,
                            size_t errlen);

/* Fills out (a fresh report_kernel from report_add_kernel) with the per-unit
 * figures. -EINVAL when --per is malformed, names an unknown symbol, or
 * evaluates to zero. */
int an_kernel_bind(const struct an_kernel *k, const struct an_bind_opts *o,
                   struct report_kernel *out, char *err, size_t errlen);

/* Fills k->bound, bound_roof, attainable from the machine's roofs (m may be
 * NULL: bound stays NULL with the reason why). */
void an_classify(struct report_kernel *k, const struct hw_model *m, const char *why_no_machine);

#endif
