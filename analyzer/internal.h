/* internal: the analyzer's own structures, shared by its files (session,
 * walker, binder). Not a public header. */
#ifndef ROOFLINE_ANALYZER_INTERNAL_H
#define ROOFLINE_ANALYZER_INTERNAL_H

#include <clang-c/CXCompilationDatabase.h>
#include <clang-c/Index.h>

#if CINDEX_VERSION_MINOR < 64
#error "roofline needs libclang 17 or newer (the operator-kind API); install libclang-19-dev"
#endif

#include "analyzer/analyzer.h"
#include "analyzer/poly.h"
#include "common/chunked.h"
#include "common/intmap.h"
#include "common/strmap.h"

enum an_sym_kind {
    SYM_PARAM, /* a function's scalar parameter */
    SYM_IND,   /* a counted loop's induction variable (never escapes its loop) */
    SYM_TRIP,  /* L<line>: a trip count the user binds */
    SYM_PROB,  /* P<line>: a branch probability, default 0.5 */
    SYM_CEIL,  /* ceil(def / div): a symbolic trip count with a step > 1 */
};

struct an_symbol {
    enum an_sym_kind kind;
    char *name;
    int name_id;     /* name's index in the session's name table */
    struct poly def; /* SYM_CEIL */
    int64_t div;     /* SYM_CEIL */
};

enum an_obj_kind {
    OBJ_GLOBAL,  /* global or static: resident */
    OBJ_LOCAL,   /* local array, aggregate or address-taken local: resident */
    OBJ_PARAM,   /* what a pointer parameter points at: streaming */
    OBJ_UNKNOWN, /* reached through a pointer the analyzer cannot trace: streaming */
};

struct an_object {
    enum an_obj_kind kind;
    char *name;
    double size; /* sizeof the object when known, else 0 */
};

/* The figures the walker counts; every one a polynomial. */
enum an_field {
    F_INT_ADD,
    F_INT_MUL,
    F_INT_DIV,
    F_INT_LOGIC,
    F_INT_SHIFT,
    F_INT_CMP,
    F_FLOP_ADD,
    F_FLOP_MUL,
    F_FLOP_DIV,
    F_FLOP_CMP,
    F_FLOP_OTHER,
    F_CONTROL,
    F_ADDRESS,
    F_BRANCHES,
    F_CALLS,
    F_LOADS,
    F_LOAD_BYTES,
    F_STORES,
    F_STORE_BYTES,
    F_NFIELDS
};

/* Accesses to one memory object at one place: the byte range [lo, hi] of
 * the first byte accessed (ranged), or data-dependent (not ranged). */
struct an_access {
    int obj;
    bool ranged;
    struct poly lo, hi;
    unsigned size;
    bool load, store;
    struct poly count;
};

struct an_counts {
    struct poly f[F_NFIELDS];
    struct an_access *acc;
    size_t nacc, accalloc;
    uint32_t *slots; /* hash index of acc (index + 1; 0 empty), once acc is long */
    size_t nslots;
    /* The weight of what is added now: a branch arm is counted straight
     * into its statement's counts with the arm's probability here, rather
     * than counted apart and copied in. 1 after an_counts_init. */
    struct rat scale;
};

/* A list of names, each an index into the session's name table (an_name):
 * the reasons and symbols of a large file repeat from callee to caller, and
 * are kept once. */
struct an_names {
    int *v;
    size_t n, alloc;
};

/* Where a loop's trip-count formula holds. The counts are polynomials
 * that assume each counted loop with a symbolic bound runs (and ends): a
 * guard says for which values, so that binding values outside it gives no
 * figures rather than wrong ones. x is in the function's parameters (the
 * induction variables of the loops around are replaced by the end of their
 * range where x is least); the guard applies when each pre is >= 1 (the
 * loops around run). */
#define AN_GUARD_PRE 3
enum an_guard_kind {
    AN_GUARD_TRIPS,    /* T = ceil(x / div) < 0: the loop does not run (div 1) */
    AN_GUARD_NE_TRIPS, /* x < 0 for i != B: the loop never ends */
    AN_GUARD_NEVER,    /* x < 0: the condition never becomes false (i cannot reach B) */
    AN_GUARD_WRAPS,    /* x < 0: a value compared as unsigned wraps around */
    AN_GUARD_ASSUME,   /* x < 0: the formulas do not hold (x >= 0 was assumed) */
    AN_GUARD_AROUND,   /* x < 0: the loop around has fewer iterations than it skips */
};

struct an_guard {
    struct poly x;
    struct poly pre[AN_GUARD_PRE];
    int64_t div;
    int what; /* name id: "line N (function): condition" */
    unsigned char kind, npre;
};

/* True when a guard fails for this value of its x: the formulas do not
 * hold. (A strided loop's ceil(x / div) is clamped at 0 where it is
 * evaluated, and an access that runs 0 times touches nothing, so a
 * strided loop that does not run is counted right.) */
static inline bool an_guard_fails(const struct an_guard *g, struct rat x)
{
    if (g->kind == AN_GUARD_TRIPS)
        return g->div == 1 && rat_value(x) < 0;
    return rat_value(x) < 0;
}

/* What a counted function (or loop body) adds up to, besides counts. */
struct an_result {
    struct an_counts c;
    struct an_names inexact;  /* reasons */
    struct an_names opaque;   /* opaque call names */
    struct an_names trips;    /* L symbols used */
    struct an_names probs;    /* P symbols used */
    struct an_names switches; /* one entry per switch: its P names, comma-separated */
    struct an_guard *guards;  /* where its formulas hold, each once */
    size_t nguards, guardalloc;
    struct an_names openmp;   /* OpenMP directives run ("parallel for"), callees' included */
    bool omp_team;            /* one of them starts a team of threads (parallel, teams) */
    struct intmap seen;       /* (list, name) of every entry above; merged callees */
};

/* Appends name to one of r's lists (list is &r->inexact, &r->opaque, ...)
 * unless it is there already. */
void an_result_note(struct an_session *s, struct an_result *r, struct an_names *list,
                    const char *name);
/* The same, for a name already in the table. */
void an_result_note_id(struct an_result *r, struct an_names *list, int id);
/* name's index in the name table if it is in list (one of a result's),
 * else -1. */
int an_result_find(const struct an_session *s, const struct an_names *list, const char *name);
/* Marks key (in a namespace of its own, beside the lists') as seen; false
 * when it was seen before. */
bool an_result_first(struct an_result *r, uint64_t key);

/* A counted function: its counts in its own parameters, for one set of
 * parameters whose arguments were not expressible (the mask). */
struct an_memo {
    struct an_result r;
    int *param_syms;
    size_t nparams;
};

/* A polynomial of the session's pool (see intern_poly in walk.c): its
 * terms, owned by the pool, never moved nor changed. */
struct an_pooled {
    struct poly_term *t;
    size_t n;
};

struct an_omp; /* OpenMP directives and the twin translation unit (omp.c) */

/* An entry of the session's name table. */
struct an_name {
    char *str;
    int sym;    /* the symbol keyed by this name (L, P, CEIL), or -1 */
    int *group; /* a switch's group of labels ("P9_1,P9_2"): their symbols */
    size_t ngroup;
};

struct an_session {
    CXIndex index;
    CXTranslationUnit tu;
    char *file;
    struct strlist functions;
    struct strlist warnings;
    CXCursor *fn_cursors; /* definitions in the main file, parallel to functions */
    struct strmap fnmap;  /* function name -> index in functions */
    /* The tables below never move an entry (struct chunked): a kernel is
     * bound on the JSON renderer's thread while the next ones are
     * counted, reading the entries its counts refer to. */
    struct chunked syms;               /* struct an_symbol */
    struct strmap symmap;              /* key -> symbol id */
    struct chunked objs;               /* struct an_object */
    struct strmap objmap;              /* key -> object id */
    struct chunked memo;               /* struct an_memo */
    struct strmap memomap;             /* "function|mask" -> memo index */
    struct chunked names;              /* struct an_name: reasons and symbol names, each once */
    struct chunked terms;              /* struct an_pooled: memos' polynomials, once */
    struct intmap termidx;             /* a polynomial's hash -> index in terms */
    struct strmap namemap;             /* name -> index in names */
    struct strlist stack;              /* functions being counted, for recursion */
    struct strmap onstack;             /* name -> how often it is on stack */
    struct strlist args;               /* the parser's arguments (omp.c parses again) */
    struct an_omp *omp;                /* OpenMP directives, the twin (omp.c); or NULL */
    const struct an_binding *bindings; /* --param values, applied to P<line> while counting */
    size_t nbindings;
    size_t budget_calls; /* calls expanded so far */
};

struct an_kernel {
    struct an_session *s;
    char *name;
    char *file;
    unsigned line;
    size_t memo;     /* its counts: s->memo[memo], shared with the calls to it */
    int *param_syms; /* the kernel's scalar parameters' symbols (-1 for others) */
    char **param_names;
    size_t nparams;
};

static inline struct an_symbol *an_sym(const struct an_session *s, int id)
{
    return chunked_at(&s->syms, (size_t)id);
}

static inline struct an_object *an_obj(const struct an_session *s, int id)
{
    return chunked_at(&s->objs, (size_t)id);
}

static inline struct an_memo *an_memo_at(const struct an_session *s, size_t i)
{
    return chunked_at(&s->memo, i);
}

/* A kernel's counts. */
static inline struct an_result *an_kernel_result(const struct an_kernel *k)
{
    return &an_memo_at(k->s, k->memo)->r;
}

/* Symbols and objects (analyzer.c). */
int an_sym_get(struct an_session *s, enum an_sym_kind kind, const char *key, const char *name);
int an_sym_ceil(struct an_session *s, const struct poly *def, int64_t div);
const char *an_sym_name(int var, void *session);
/* A name's index in the session's name table, added on first use. */
int an_name_id(struct an_session *s, const char *name);
static inline const struct an_name *an_name_entry(const struct an_session *s, int id)
{
    return chunked_at(&s->names, (size_t)id);
}
static inline const char *an_name(const struct an_session *s, int id)
{
    return an_name_entry(s, id)->str;
}
/* The symbol whose key is the name id's name (an L, P or CEIL symbol),
 * or -1. */
static inline int an_name_sym(const struct an_session *s, int id)
{
    return an_name_entry(s, id)->sym;
}
/* Records the symbols of a switch's group of labels, named by name id. */
void an_name_set_group(struct an_session *s, int id, const int *syms, size_t n);
int an_obj_get(struct an_session *s, enum an_obj_kind kind, const char *key, const char *name,
               double size);

/* Counts (walk.c). */
void an_counts_init(struct an_counts *c);
void an_counts_release(struct an_counts *c);
void an_result_init(struct an_result *r);
void an_result_release(struct an_result *r);
/* Counts the function at def (a FunctionDecl definition) into r, in terms
 * of its own parameters; unknown_mask marks scalar parameters whose
 * arguments are not expressible. Parameter i's symbol goes to param_syms[i]
 * (-1 when not a counted scalar) when param_syms is not NULL. */
void an_count_function(struct an_session *s, CXCursor def, unsigned unknown_mask,
                       struct an_result *r, int *param_syms);
/* The memoized counts of the function at def for a mask of unknown
 * parameters, counted on first use: an index into s->memo. */
size_t an_count_memo(struct an_session *s, CXCursor def, const char *name, unsigned mask);

/* The values of an integer type (walk.c); false for types not modelled
 * (_Bool, __int128, non-integers). */
bool an_int_type_range(CXType t, double *lo, double *hi, char *name, size_t namelen);
/* OpenMP (omp.c). libclang hides the statement of most OpenMP directives
 * (`#pragma omp parallel for` and its loop) in a captured statement whose
 * body it does not visit. Such functions are counted from a twin of the
 * translation unit: the analyzed file parsed again with the same arguments
 * and its OpenMP directives blanked out, so that offsets, lines and macros
 * stay the same; the directives found on the way say what runs on threads. */
enum {
    AN_OMP_TEAM = 1,       /* starts a team of threads (parallel, teams) */
    AN_OMP_SHARED = 2,     /* its statement is divided among the team, or run by one thread */
    AN_OMP_STANDALONE = 4, /* has no statement (barrier, flush, taskwait, ...) */
};
struct an_omp_kind {
    enum CXCursorKind kind;
    const char *name; /* as written after `#pragma omp` */
    unsigned flags;
};
/* The OpenMP directive of cursor kind k, or NULL when k is none. */
const struct an_omp_kind *an_omp_kind(enum CXCursorKind k);
/* The statement an OpenMP (or OpenACC) directive applies to, as libclang
 * shows it: its last child that is a statement, or an expression after the
 * directive's own text (its clauses' expressions are inside that text).
 * False for a standalone directive (barrier, flush). */
bool an_omp_directive_stmt(CXCursor dir, CXCursor *stmt);
/* A directive of the analyzed file, found on the way to the twin (which
 * has it blanked out, or parsed with OpenMP off). */
struct an_omp_dir {
    const struct an_omp_kind *kind;
    unsigned line;       /* of the directive */
    unsigned start, end; /* its text: offsets in the analyzed file */
    unsigned stmt;       /* where its statement starts; UINT_MAX when it has none */
};
/* The definition def (in the analyzed file) as the twin has it, the twin
 * made on first use; a null cursor when there is no twin, and *why says
 * why (owned by the session). */
CXCursor an_omp_twin_def(struct an_session *s, CXCursor def, const char **why);
/* The blanked directive whose statement starts at offset in the analyzed
 * file, or NULL. */
const struct an_omp_dir *an_omp_dir_at(const struct an_session *s, unsigned offset);
/* The directives found (in the order of their statements), n of them;
 * none while there is no twin. */
const struct an_omp_dir *an_omp_dirs(const struct an_session *s, size_t *n);
void an_omp_free(struct an_omp *o);

/* Forgets what the walker cached about the previous translation unit. */
void an_walk_reset(void);

/* inputguard.c: between begin and end, a read-only open() of anything but a
 * regular file or a directory fails (ENXIO) without opening it: libclang
 * opens #include files itself. begin returns false when the guard cannot
 * be in force (this process's open() is not roofline's). end returns true,
 * with the first path refused and what it is ("a FIFO"), when one was. */
bool an_input_guard_begin(void);
bool an_input_guard_end(char *path, size_t pathlen, const char **kind);

/* Helpers shared by the walker and the session. */
char *an_cursor_spelling(CXCursor c);
unsigned an_cursor_line(CXCursor c);
void an_cursor_where(CXCursor c, struct strbuf *out); /* "file:line" */

#endif
