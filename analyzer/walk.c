/* walk: counts one function's body by the rules of counting-model.md,
 * walking libclang's AST: op classes and buckets, branches, loads and
 * stores with the register rule, trip counts (counted loops summed exactly,
 * others as L<line>), branch arms weighted by P<line>, calls followed. */
#include "analyzer/internal.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/builtins.h"
#include "common/xalloc.h"

/* Expression contexts: how the value of an lvalue is used. */
enum ctx {
    CX_RVALUE, /* read: a load if the lvalue is memory */
    CX_STORE,  /* written */
    CX_RMW,    /* read and written (op=, ++) */
    CX_ADDR,   /* only its address is taken (&x, array decay, s.f base) */
};

/* Walk flags deciding the bucket of an op. */
enum { W_HEADER = 1, W_SUBSCRIPT = 2 };

enum opclass { OP_ADD, OP_MUL, OP_DIV, OP_LOGIC, OP_SHIFT, OP_CMP };

struct ind {
    CXCursor decl;
    int sym;
    /* its loop: the variable runs A, A + C, ... for T iterations */
    const struct poly *A, *T;
    int64_t C;
    struct an_counts *body; /* what its body adds up to, while it is walked */
};

/* Counts to add once a loop is closed, outside its sum (clamp_close). */
struct pending {
    int sym; /* the loop's induction variable */
    struct an_counts add;
};

struct ptrace {
    CXCursor decl;
    int obj;
};

struct param_env {
    CXCursor decl;
    int sym; /* SYM_PARAM, or -1 */
    int obj; /* placeholder object for a pointer parameter, or -1 */
};

struct loop_pos {
    unsigned line, offset;
};

struct frame {
    struct an_session *s;
    unsigned depth; /* of walk_expr, against AN_MAX_DEPTH */
    char *fn_name;
    struct an_result *r;
    struct param_env *params;
    size_t nparams;
    CXCursor *addr_taken;
    size_t naddr, addralloc;
    CXCursor *assigned;
    size_t nassigned, assignedalloc;
    struct ind *inds;
    size_t ninds, indalloc;
    struct ptrace *ptr;
    size_t nptr, ptralloc;
    struct loop_pos *loops;
    size_t nloops, loopalloc;
    struct pending *pend;
    size_t npend, pendalloc;
    /* OpenMP (omp.c) */
    bool omp_hidden;      /* prepass: a directive hides its statement from libclang */
    const char *omp_why;  /* why the body is not the twin's, when omp_hidden */
    bool omp_dirs;        /* the body is the twin's: blanked directives apply to it */
    CXFile omp_file;      /* the twin's analyzed file, where their offsets are */
    bool omp_entering;    /* walk_stmt: this statement's directives are dealt with */
    unsigned omp_scratch; /* > 0: counting what a team repeats, its shared parts left out */
};

static void walk_stmt(struct frame *f, CXCursor s, unsigned flags, struct an_counts *c);
static void walk_expr(struct frame *f, CXCursor e, enum ctx ctx, unsigned flags,
                      struct an_counts *c);
/* Loops' trip counts through calls (with the loops' code). */
static bool needs_subst(struct frame *f, const struct poly *p, const int *vars, size_t nv);
static void subst_args(struct frame *f, struct poly *dst, const struct poly *src, const int *vars,
                       const struct poly *qs, size_t nv);
static void merge_guards(struct frame *f, const struct an_result *callee, const int *vars,
                         const struct poly *qs, size_t nv);
static void guards_shrink(struct an_session *s, struct an_result *r);

/* ---- counts ---- */

void an_counts_init(struct an_counts *c)
{
    for (int i = 0; i < F_NFIELDS; i++)
        poly_init(&c->f[i]);
    c->acc = NULL;
    c->nacc = c->accalloc = 0;
    c->slots = NULL;
    c->nslots = 0;
    c->scale = rat_make(1, 1);
}

static bool is_one(struct rat k)
{
    return k.n == 1 && k.d == 1;
}

static void access_release(struct an_access *a)
{
    poly_release(&a->lo);
    poly_release(&a->hi);
    poly_release(&a->count);
}

void an_counts_release(struct an_counts *c)
{
    for (int i = 0; i < F_NFIELDS; i++)
        poly_release(&c->f[i]);
    for (size_t i = 0; i < c->nacc; i++)
        access_release(&c->acc[i]);
    free(c->acc);
    free(c->slots);
    c->acc = NULL;
    c->slots = NULL;
    c->nacc = c->accalloc = c->nslots = 0;
}

void an_result_init(struct an_result *r)
{
    memset(r, 0, sizeof *r);
    an_counts_init(&r->c);
}

/* The key of a name in one of r's lists: the name's index and the list's
 * number (1 to 5 and 7; 6 is an_result_first's). */
static uint64_t list_key(const struct an_result *r, const struct an_names *list, int id)
{
    unsigned tag = list == &r->inexact  ? 1
                   : list == &r->opaque ? 2
                   : list == &r->trips  ? 3
                   : list == &r->probs  ? 4
                   : list == &r->openmp ? 7
                                        : 5;
    return ((uint64_t)(unsigned)id << 3) | tag;
}

/* A finished result keeps its lists but not their set (see an_count_memo):
 * noting something more in it makes the set again first. */
static void reseen(struct an_result *r)
{
    struct an_names *lists[] = {&r->inexact, &r->opaque,   &r->trips,
                                &r->probs,   &r->switches, &r->openmp};
    for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++)
        for (size_t i = 0; i < lists[l]->n; i++)
            intmap_put(&r->seen, list_key(r, lists[l], lists[l]->v[i]), 1);
}

void an_result_note_id(struct an_result *r, struct an_names *list, int id)
{
    if (!r->seen.nslots)
        reseen(r);
    if (!intmap_put(&r->seen, list_key(r, list, id), 1))
        return;
    ALLOC_GROW(list->v, list->n + 1, list->alloc);
    list->v[list->n++] = id;
}

void an_result_note(struct an_session *s, struct an_result *r, struct an_names *list,
                    const char *name)
{
    an_result_note_id(r, list, an_name_id(s, name));
}

/* A scan of the list: it runs on the binding thread too, which may not
 * look names up in the session's maps while counting adds to them. */
int an_result_find(const struct an_session *s, const struct an_names *list, const char *name)
{
    for (size_t i = 0; i < list->n; i++)
        if (!strcmp(an_name(s, list->v[i]), name))
            return list->v[i];
    return -1;
}

bool an_result_first(struct an_result *r, uint64_t key)
{
    return intmap_put(&r->seen, (key << 3) | 6, 1);
}

void an_result_release(struct an_result *r)
{
    for (size_t i = 0; i < r->nguards; i++) {
        poly_release(&r->guards[i].x);
        for (int j = 0; j < r->guards[i].npre; j++)
            poly_release(&r->guards[i].pre[j]);
    }
    free(r->guards);
    an_counts_release(&r->c);
    free(r->inexact.v);
    free(r->opaque.v);
    free(r->trips.v);
    free(r->probs.v);
    free(r->switches.v);
    free(r->openmp.v);
    intmap_release(&r->seen);
    memset(r, 0, sizeof *r);
}

static bool poly_equal(const struct poly *a, const struct poly *b)
{
    if (a->n != b->n)
        return false;
    for (size_t i = 0; i < a->n; i++)
        if (poly_cmp_monomial(&a->t[i], &b->t[i]) || a->t[i].c.n != b->t[i].c.n ||
            a->t[i].c.d != b->t[i].c.d)
            return false;
    return true;
}

static uint64_t mix(uint64_t h, uint64_t v)
{
    return (h ^ v) * 0x100000001B3ULL;
}

static uint64_t poly_hash(uint64_t h, const struct poly *p)
{
    h = mix(h, p->n);
    for (size_t i = 0; i < p->n; i++) {
        const struct poly_term *t = &p->t[i];
        h = mix(mix(h, (uint64_t)t->c.n), (uint64_t)t->c.d);
        for (int j = 0; j < t->nv; j++)
            h = mix(h, ((uint64_t)(unsigned)t->var[j] << 8) | t->exp[j]);
    }
    return h;
}

/* What makes two accesses one: object, size, and the range if any. */
static uint64_t access_hash(const struct an_access *a)
{
    uint64_t h = mix(mix(mix(0xCBF29CE484222325ULL, (uint64_t)a->obj), a->size), a->ranged);
    if (a->ranged)
        h = poly_hash(poly_hash(h, &a->lo), &a->hi);
    return h ? h : 1;
}

static bool same_access(const struct an_access *a, const struct an_access *b)
{
    return b->obj == a->obj && b->ranged == a->ranged && b->size == a->size &&
           (!a->ranged || (poly_equal(&a->lo, &b->lo) && poly_equal(&a->hi, &b->hi)));
}

/* The slot of an access like a in c's index: its entry, or the empty one
 * where it would go. */
static uint32_t *access_slot(const struct an_counts *c, const struct an_access *a)
{
    size_t mask = c->nslots - 1;
    for (size_t i = (size_t)(access_hash(a) >> 7) & mask;; i = (i + 1) & mask)
        if (!c->slots[i] || same_access(a, &c->acc[c->slots[i] - 1]))
            return &c->slots[i];
}

/* Rebuilds the index with room for twice the accesses. */
static void index_accesses(struct an_counts *c)
{
    free(c->slots);
    c->nslots = 64;
    while (c->nslots < 4 * (c->nacc + 1))
        c->nslots *= 2;
    c->slots = xcalloc(c->nslots, sizeof *c->slots);
    for (size_t i = 0; i < c->nacc; i++)
        *access_slot(c, &c->acc[i]) = (uint32_t)(i + 1);
}

/* Appends an access (its count weighted by c's scale), merging it into an
 * identical one. Takes over the polys of a. A long list is searched
 * through a hash index, a short one in order. */
static void add_access(struct an_counts *c, struct an_access *a)
{
    if (!is_one(c->scale))
        poly_scale(&a->count, c->scale);
    struct an_access *b = NULL;
    uint32_t *slot = NULL;
    if (c->nacc >= 16) {
        if (2 * (c->nacc + 1) > c->nslots)
            index_accesses(c);
        slot = access_slot(c, a);
        if (*slot)
            b = &c->acc[*slot - 1];
    } else {
        for (size_t i = 0; i < c->nacc && !b; i++)
            if (same_access(a, &c->acc[i]))
                b = &c->acc[i];
    }
    if (b) {
        b->load |= a->load;
        b->store |= a->store;
        poly_add(&b->count, &a->count);
        access_release(a);
        return;
    }
    ALLOC_GROW(c->acc, c->nacc + 1, c->accalloc);
    c->acc[c->nacc++] = *a;
    if (slot)
        *slot = (uint32_t)c->nacc;
}

static void copy_access(struct an_access *dst, const struct an_access *src)
{
    *dst = *src;
    poly_init(&dst->lo);
    poly_init(&dst->hi);
    poly_init(&dst->count);
    poly_copy(&dst->lo, &src->lo);
    poly_copy(&dst->hi, &src->hi);
    poly_copy(&dst->count, &src->count);
}

/* dst += w * src (w NULL: 1). Ranges are unchanged: weighting changes how
 * often an access happens, not what it touches. */
static void counts_add_scaled(struct an_counts *dst, const struct an_counts *src,
                              const struct poly *w)
{
    struct poly tmp;
    poly_init(&tmp);
    struct rat wk = rat_make(1, 1);
    if (w && poly_is_const(w, &wk))
        w = NULL; /* a constant weight scales; only a formula multiplies */
    struct rat k = rat_mul(dst->scale, wk);
    for (int i = 0; i < F_NFIELDS; i++) {
        if (!w) {
            poly_add_scaled(&dst->f[i], &src->f[i], k);
        } else {
            poly_mul(&tmp, &src->f[i], w);
            poly_add_scaled(&dst->f[i], &tmp, k);
        }
    }
    /* add_access applies dst's scale; the weight is applied here. */
    for (size_t i = 0; i < src->nacc; i++) {
        struct an_access a;
        copy_access(&a, &src->acc[i]);
        if (w) {
            poly_mul(&tmp, &a.count, w);
            poly_copy(&a.count, &tmp);
        } else if (!is_one(wk)) {
            poly_scale(&a.count, wk);
        }
        add_access(dst, &a);
    }
    poly_release(&tmp);
}

/* An access's range over a loop: var runs over first, first+step, ...
 * (trip values). The lowest first byte takes var at the end that
 * minimises lo; a coefficient that is not a constant is taken as positive
 * (parameters are sizes). */
static void range_over(struct poly *bound, int var, const struct poly *vmin,
                       const struct poly *vmax, bool want_max)
{
    if (!poly_has_var(bound, var))
        return;
    struct poly coef, res;
    poly_init(&coef);
    poly_init(&res);
    poly_coeff(&coef, bound, var, 1);
    struct rat k;
    bool negative = poly_is_const(&coef, &k) && k.n < 0;
    bool use_max = want_max != negative;
    poly_subst(&res, bound, var, use_max ? vmax : vmin);
    poly_copy(bound, &res);
    poly_release(&coef);
    poly_release(&res);
}

/* dst += sum over the loop of src, var = A + C*k for k < T. */
static void counts_close_loop(struct an_counts *dst, const struct an_counts *src, int var,
                              const struct poly *A, struct rat C, const struct poly *T)
{
    struct poly tmp, vfirst, vlast, tm1;
    poly_init(&tmp);
    poly_init(&vfirst);
    poly_init(&vlast);
    poly_init(&tm1);
    for (int i = 0; i < F_NFIELDS; i++) {
        if (poly_is_zero(&src->f[i]))
            continue;
        poly_sum_over(&tmp, &src->f[i], var, A, C, T);
        poly_add_scaled(&dst->f[i], &tmp, dst->scale);
    }
    /* The values var takes: A and A + C*(T-1). */
    poly_copy(&tm1, T);
    poly_add_const(&tm1, rat_make(-1, 1));
    poly_copy(&vlast, A);
    poly_add_scaled(&vlast, &tm1, C);
    poly_copy(&vfirst, A);
    const struct poly *vmin = C.n > 0 ? &vfirst : &vlast;
    const struct poly *vmax = C.n > 0 ? &vlast : &vfirst;
    struct rat tc;
    bool never = poly_is_const(T, &tc) && tc.n <= 0;
    for (size_t i = 0; i < src->nacc && !never; i++) {
        struct an_access a;
        copy_access(&a, &src->acc[i]);
        if (a.ranged) {
            range_over(&a.lo, var, vmin, vmax, false);
            range_over(&a.hi, var, vmin, vmax, true);
        }
        poly_sum_over(&tmp, &a.count, var, A, C, T);
        poly_copy(&a.count, &tmp);
        add_access(dst, &a);
    }
    poly_release(&tmp);
    poly_release(&vfirst);
    poly_release(&vlast);
    poly_release(&tm1);
}

static void bump(struct an_counts *c, enum an_field fld, int64_t n)
{
    poly_add_const(&c->f[fld], rat_mul(rat_make(n, 1), c->scale));
}

static void bump_poly(struct an_counts *c, enum an_field fld, const struct poly *p)
{
    poly_add_scaled(&c->f[fld], p, c->scale);
}

/* ---- cursors and types ---- */

char *an_cursor_spelling(CXCursor c)
{
    CXString s = clang_getCursorSpelling(c);
    char *r = xstrdup(clang_getCString(s) ? clang_getCString(s) : "");
    clang_disposeString(s);
    return r;
}

static void cursor_pos(CXCursor c, unsigned *line, unsigned *offset)
{
    CXFile file;
    unsigned l = 0, col = 0, off = 0;
    clang_getExpansionLocation(clang_getCursorLocation(c), &file, &l, &col, &off);
    if (line)
        *line = l;
    if (offset)
        *offset = off;
}

unsigned an_cursor_line(CXCursor c)
{
    unsigned line;
    cursor_pos(c, &line, NULL);
    return line;
}

void an_cursor_where(CXCursor c, struct strbuf *out)
{
    CXFile file;
    unsigned line = 0, col = 0, off = 0;
    clang_getExpansionLocation(clang_getCursorLocation(c), &file, &line, &col, &off);
    CXString name = clang_getFileName(file);
    strbuf_addf(out, "%s:%u", clang_getCString(name) ? clang_getCString(name) : "?", line);
    clang_disposeString(name);
}

struct kids {
    CXCursor *v;
    size_t n, alloc;
};

static enum CXChildVisitResult collect(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    struct kids *k = data;
    ALLOC_GROW(k->v, k->n + 1, k->alloc);
    k->v[k->n++] = c;
    return CXChildVisit_Continue;
}

/* Direct children; caller frees k->v. */
static void kids_of(CXCursor c, struct kids *k)
{
    k->v = NULL;
    k->n = k->alloc = 0;
    clang_visitChildren(c, collect, k);
}

/* The first (or only) expression child, skipping type references. */
static bool expr_child(CXCursor c, CXCursor *out)
{
    struct kids k;
    kids_of(c, &k);
    bool found = false;
    for (size_t i = k.n; i-- > 0;)
        if (clang_isExpression(clang_getCursorKind(k.v[i]))) {
            *out = k.v[i];
            found = true;
            break;
        }
    free(k.v);
    return found;
}

static CXType canon(CXType t)
{
    return clang_getCanonicalType(t);
}

static bool type_is_float(CXType t)
{
    switch (canon(t).kind) {
    case CXType_Float:
    case CXType_Double:
    case CXType_LongDouble:
    case CXType_Half:
    case CXType_Float16:
    case CXType_Float128:
    case CXType_BFloat16:
    case CXType_Complex:
        return true;
    default:
        return false;
    }
}

static bool type_is_pointer(CXType t)
{
    return canon(t).kind == CXType_Pointer;
}

static bool type_is_array(CXType t)
{
    switch (canon(t).kind) {
    case CXType_ConstantArray:
    case CXType_IncompleteArray:
    case CXType_VariableArray:
    case CXType_DependentSizedArray:
        return true;
    default:
        return false;
    }
}

static bool type_is_record(CXType t)
{
    return canon(t).kind == CXType_Record;
}

static bool type_is_integer(CXType t)
{
    enum CXTypeKind k = canon(t).kind;
    return (k >= CXType_Bool && k <= CXType_Int128) || k == CXType_Enum;
}

static unsigned type_size(CXType t)
{
    long long n = clang_Type_getSizeOf(t);
    return n > 0 ? (unsigned)n : 0;
}

static CXCursor strip(CXCursor e)
{
    for (;;) {
        enum CXCursorKind k = clang_getCursorKind(e);
        CXCursor child;
        if (k == CXCursor_ParenExpr || k == CXCursor_UnexposedExpr ||
            k == CXCursor_CStyleCastExpr) {
            if (!expr_child(e, &child))
                return e;
            e = child;
            continue;
        }
        return e;
    }
}

static bool same(CXCursor a, CXCursor b)
{
    return clang_equalCursors(a, b) != 0;
}

static bool in_list(const CXCursor *v, size_t n, CXCursor c)
{
    for (size_t i = 0; i < n; i++)
        if (same(v[i], c))
            return true;
    return false;
}

static bool eval_int(CXCursor e, int64_t *v)
{
    CXEvalResult r = clang_Cursor_Evaluate(e);
    if (!r)
        return false;
    bool ok = clang_EvalResult_getKind(r) == CXEval_Int;
    if (ok)
        *v = clang_EvalResult_isUnsignedInt(r) ? (int64_t)clang_EvalResult_getAsUnsigned(r)
                                               : clang_EvalResult_getAsLongLong(r);
    clang_EvalResult_dispose(r);
    return ok;
}

/* is_ice() answers are cached per cursor: asked at every level of a deep
 * expression, it would otherwise walk the same subtree again and again. */
enum { ICE_CACHE_SIZE = 1 << 14 };
static _Thread_local struct {
    CXCursor c;
    signed char value; /* 0: empty, 1: yes, -1: no */
} ice_cache[ICE_CACHE_SIZE];

void an_walk_reset(void)
{
    memset(ice_cache, 0, sizeof ice_cache);
}

static bool is_ice_uncached(CXCursor e);

/* An integer constant expression in C's sense (6.6p6). */
static bool is_ice(CXCursor e)
{
    unsigned slot = clang_hashCursor(e) & (ICE_CACHE_SIZE - 1);
    if (ice_cache[slot].value && clang_equalCursors(ice_cache[slot].c, e))
        return ice_cache[slot].value > 0;
    bool r = is_ice_uncached(e);
    ice_cache[slot].c = e;
    ice_cache[slot].value = r ? 1 : -1;
    return r;
}

static bool is_ice_uncached(CXCursor e)
{
    if (!type_is_integer(clang_getCursorType(e)))
        return false;
    struct kids k;
    bool ok = false;
    switch (clang_getCursorKind(e)) {
    case CXCursor_IntegerLiteral:
    case CXCursor_CharacterLiteral:
    case CXCursor_UnaryExpr: /* sizeof, _Alignof */
        return true;
    case CXCursor_DeclRefExpr:
        return clang_getCursorKind(clang_getCursorReferenced(e)) == CXCursor_EnumConstantDecl;
    case CXCursor_ParenExpr:
    case CXCursor_UnexposedExpr:
    case CXCursor_CStyleCastExpr:
    case CXCursor_BinaryOperator:
    case CXCursor_UnaryOperator:
    case CXCursor_ConditionalOperator:
        break;
    default:
        return false;
    }
    if (clang_getCursorKind(e) == CXCursor_BinaryOperator) {
        enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(e);
        if (op >= CXBinaryOperator_Assign)
            return false;
    }
    if (clang_getCursorKind(e) == CXCursor_UnaryOperator) {
        enum CXUnaryOperatorKind op = clang_getCursorUnaryOperatorKind(e);
        if (op != CXUnaryOperator_Plus && op != CXUnaryOperator_Minus &&
            op != CXUnaryOperator_Not && op != CXUnaryOperator_LNot)
            return false;
    }
    kids_of(e, &k);
    ok = k.n > 0;
    for (size_t i = 0; i < k.n && ok; i++) {
        enum CXCursorKind ck = clang_getCursorKind(k.v[i]);
        if (ck == CXCursor_TypeRef)
            continue;
        if (ck == CXCursor_FloatingLiteral && clang_getCursorKind(e) == CXCursor_CStyleCastExpr)
            continue;
        ok = is_ice(k.v[i]);
    }
    free(k.v);
    return ok;
}

/* ---- variables ---- */

static bool is_var(CXCursor d)
{
    enum CXCursorKind k = clang_getCursorKind(d);
    return k == CXCursor_VarDecl || k == CXCursor_ParmDecl;
}

static bool global_storage(CXCursor d)
{
    return clang_getCursorKind(d) == CXCursor_VarDecl && clang_Cursor_hasVarDeclGlobalStorage(d);
}

/* A const global scalar whose value folds costs nothing to read. */
static bool folds_const(CXCursor d)
{
    CXType t = clang_getCursorType(d);
    if (!clang_isConstQualifiedType(t) || type_is_array(t) || type_is_record(t))
        return false;
    CXEvalResult r = clang_Cursor_Evaluate(d);
    if (!r)
        return false;
    CXEvalResultKind k = clang_EvalResult_getKind(r);
    clang_EvalResult_dispose(r);
    return k == CXEval_Int || k == CXEval_Float;
}

/* The register rule: scalar automatic variables and parameters whose
 * address is never taken and that are not volatile live in registers. */
static bool var_is_memory(struct frame *f, CXCursor d)
{
    CXType t = clang_getCursorType(d);
    if (type_is_array(t) || type_is_record(t))
        return true;
    if (clang_isVolatileQualifiedType(t))
        return true;
    if (global_storage(d))
        return !folds_const(d);
    return in_list(f->addr_taken, f->naddr, d);
}

static char *cursor_usr(CXCursor d)
{
    CXString s = clang_getCursorUSR(d);
    const char *u = clang_getCString(s);
    char *r;
    if (u && *u) {
        r = xstrdup(u);
    } else {
        unsigned line, off;
        cursor_pos(d, &line, &off);
        char *name = an_cursor_spelling(d);
        r = xasprintf("@%u:%s", off, name);
        free(name);
    }
    clang_disposeString(s);
    return r;
}

static int unknown_obj(struct frame *f)
{
    return an_obj_get(f->s, OBJ_UNKNOWN, "(unknown)", "(through pointers)", 0);
}

static int obj_for_var(struct frame *f, CXCursor d)
{
    for (size_t i = 0; i < f->nparams; i++)
        if (same(f->params[i].decl, d) && f->params[i].obj >= 0)
            return f->params[i].obj;
    char *key = cursor_usr(d);
    char *name = an_cursor_spelling(d);
    int id = an_obj_get(f->s, global_storage(d) ? OBJ_GLOBAL : OBJ_LOCAL, key, name,
                        type_size(clang_getCursorType(d)));
    free(key);
    free(name);
    return id;
}

/* ---- symbols ---- */

static int ind_sym(struct frame *f, CXCursor d)
{
    for (size_t i = f->ninds; i-- > 0;)
        if (same(f->inds[i].decl, d))
            return f->inds[i].sym;
    return -1;
}

static int param_sym(struct frame *f, CXCursor d)
{
    for (size_t i = 0; i < f->nparams; i++)
        if (same(f->params[i].decl, d))
            return f->params[i].sym;
    return -1;
}

/* Converts an integer expression to a polynomial in the frame's symbols
 * (constants, parameters, induction variables). */
static bool expr_to_poly(struct frame *f, CXCursor e, struct poly *out)
{
    int64_t v;
    e = strip(e);
    if (is_ice(e)) {
        if (!eval_int(e, &v))
            return false;
        poly_set_int(out, v);
        return true;
    }
    enum CXCursorKind k = clang_getCursorKind(e);
    if (k == CXCursor_DeclRefExpr) {
        CXCursor d = clang_getCursorReferenced(e);
        if (!is_var(d) || !type_is_integer(clang_getCursorType(d)))
            return false;
        int sym = ind_sym(f, d);
        if (sym < 0)
            sym = param_sym(f, d);
        if (sym >= 0) {
            poly_set_var(out, sym);
            return true;
        }
        if (global_storage(d) && folds_const(d) && eval_int(d, &v)) {
            poly_set_int(out, v);
            return true;
        }
        return false;
    }
    if (k == CXCursor_UnaryOperator) {
        enum CXUnaryOperatorKind op = clang_getCursorUnaryOperatorKind(e);
        CXCursor c;
        if ((op != CXUnaryOperator_Minus && op != CXUnaryOperator_Plus) || !expr_child(e, &c))
            return false;
        if (!expr_to_poly(f, c, out))
            return false;
        if (op == CXUnaryOperator_Minus)
            poly_scale(out, rat_make(-1, 1));
        return true;
    }
    if (k != CXCursor_BinaryOperator)
        return false;
    enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(e);
    if (op != CXBinaryOperator_Add && op != CXBinaryOperator_Sub && op != CXBinaryOperator_Mul &&
        op != CXBinaryOperator_Shl)
        return false;
    struct kids kd;
    kids_of(e, &kd);
    bool ok = kd.n == 2;
    struct poly rhs;
    poly_init(&rhs);
    if (ok)
        ok = expr_to_poly(f, kd.v[0], out) && expr_to_poly(f, kd.v[1], &rhs);
    if (ok) {
        struct rat c;
        if (op == CXBinaryOperator_Add)
            poly_add(out, &rhs);
        else if (op == CXBinaryOperator_Sub)
            poly_sub(out, &rhs);
        else if (op == CXBinaryOperator_Mul)
            poly_mul_by(out, &rhs);
        else if (poly_is_const(&rhs, &c) && c.d == 1 && c.n >= 0 && c.n < 62)
            poly_scale(out, rat_make((int64_t)1 << c.n, 1));
        else
            ok = false;
    }
    poly_release(&rhs);
    free(kd.v);
    return ok;
}

static void add_sym_name(struct an_result *r, struct an_names *l, struct an_session *s, int sym)
{
    an_result_note_id(r, l, an_sym(s, sym)->name_id);
}

/* A reason tied to a line: "line N: what". */
static void note_at(struct frame *f, CXCursor at, const char *what)
{
    char *msg = xasprintf("line %u: %s", an_cursor_line(at), what);
    an_result_note(f->s, f->r, &f->r->inexact, msg);
    free(msg);
}

/* ---- addresses: which object an lvalue or pointer refers to ---- */

struct addr {
    int obj;
    bool ranged;
    struct poly off;
};

static void pointer_addr(struct frame *f, CXCursor e, struct addr *a);

static void addr_unknown(struct frame *f, struct addr *a)
{
    a->obj = unknown_obj(f);
    a->ranged = false;
    poly_set_int(&a->off, 0);
}

static void add_offset(struct frame *f, struct addr *a, CXCursor idx, unsigned scale, int sign)
{
    if (!scale && a->ranged) {
        /* An element whose size is not a constant (a row of a
         * variable-length array): the byte range is not known. */
        note_at(f, idx,
                "element size not constant (a variable-length array); its footprint taken as "
                "accesses times size");
        a->ranged = false;
        return;
    }
    struct poly p;
    poly_init(&p);
    if (a->ranged && expr_to_poly(f, idx, &p))
        poly_add_scaled(&a->off, &p, rat_make(sign * (int64_t)scale, 1));
    else
        a->ranged = false;
    poly_release(&p);
}

/* The unnamed object of a compound literal: automatic storage, a local
 * object like a local array (C11 6.5.2.5p5). */
static int literal_obj(struct frame *f, CXCursor e)
{
    unsigned line, off;
    cursor_pos(e, &line, &off);
    struct strbuf key = STRBUF_INIT;
    strbuf_addstr(&key, "(literal)@");
    an_cursor_where(e, &key);
    strbuf_addf(&key, "@%u", off);
    char name[64];
    snprintf(name, sizeof name, "(compound literal, line %u)", line);
    int id = an_obj_get(f->s, OBJ_LOCAL, key.buf, name, type_size(clang_getCursorType(e)));
    strbuf_release(&key);
    return id;
}

static void lvalue_addr(struct frame *f, CXCursor e, struct addr *a)
{
    CXCursor c;
    struct kids k;
    switch (clang_getCursorKind(e)) {
    case CXCursor_CompoundLiteralExpr:
        a->obj = literal_obj(f, e);
        a->ranged = true;
        poly_set_int(&a->off, 0);
        return;
    case CXCursor_ParenExpr:
    case CXCursor_UnexposedExpr:
    case CXCursor_CStyleCastExpr:
        if (expr_child(e, &c))
            lvalue_addr(f, c, a);
        else
            addr_unknown(f, a);
        return;
    case CXCursor_DeclRefExpr: {
        CXCursor d = clang_getCursorReferenced(e);
        if (!is_var(d)) {
            addr_unknown(f, a);
            return;
        }
        a->obj = obj_for_var(f, d);
        a->ranged = true;
        poly_set_int(&a->off, 0);
        return;
    }
    case CXCursor_ArraySubscriptExpr:
        kids_of(e, &k);
        if (k.n != 2) {
            addr_unknown(f, a);
        } else {
            int b = type_is_pointer(clang_getCursorType(k.v[1])) ? 1 : 0;
            pointer_addr(f, k.v[b], a);
            add_offset(f, a, k.v[1 - b], type_size(clang_getCursorType(e)), 1);
        }
        free(k.v);
        return;
    case CXCursor_MemberRefExpr: {
        if (!expr_child(e, &c)) {
            addr_unknown(f, a);
            return;
        }
        if (type_is_pointer(clang_getCursorType(c)))
            pointer_addr(f, c, a);
        else
            lvalue_addr(f, c, a);
        long long bits = clang_Cursor_getOffsetOfField(clang_getCursorReferenced(e));
        if (bits > 0 && a->ranged)
            poly_add_const(&a->off, rat_make(bits / 8, 1));
        return;
    }
    case CXCursor_UnaryOperator:
        if (clang_getCursorUnaryOperatorKind(e) == CXUnaryOperator_Deref && expr_child(e, &c)) {
            pointer_addr(f, c, a);
            return;
        }
        addr_unknown(f, a);
        return;
    default:
        addr_unknown(f, a);
        return;
    }
}

static void pointer_addr(struct frame *f, CXCursor e, struct addr *a)
{
    CXCursor c;
    struct kids k;
    switch (clang_getCursorKind(e)) {
    case CXCursor_ParenExpr:
    case CXCursor_UnexposedExpr:
    case CXCursor_CStyleCastExpr:
        if (!expr_child(e, &c)) {
            addr_unknown(f, a);
        } else if (type_is_array(clang_getCursorType(c))) {
            lvalue_addr(f, c, a); /* array-to-pointer decay */
        } else if (type_is_pointer(clang_getCursorType(c))) {
            pointer_addr(f, c, a);
        } else {
            addr_unknown(f, a);
        }
        return;
    case CXCursor_DeclRefExpr: {
        CXCursor d = clang_getCursorReferenced(e);
        if (!is_var(d)) {
            addr_unknown(f, a);
            return;
        }
        if (type_is_array(clang_getCursorType(d))) {
            lvalue_addr(f, e, a);
            return;
        }
        for (size_t i = 0; i < f->nparams; i++)
            if (same(f->params[i].decl, d) && f->params[i].obj >= 0 &&
                !in_list(f->assigned, f->nassigned, d)) {
                a->obj = f->params[i].obj;
                a->ranged = true;
                poly_set_int(&a->off, 0);
                return;
            }
        for (size_t i = f->nptr; i-- > 0;)
            if (same(f->ptr[i].decl, d)) {
                a->obj = f->ptr[i].obj;
                a->ranged = false;
                poly_set_int(&a->off, 0);
                return;
            }
        for (size_t i = 0; i < f->nparams; i++)
            if (same(f->params[i].decl, d) && f->params[i].obj >= 0) {
                a->obj = f->params[i].obj; /* a moving pointer parameter */
                a->ranged = false;
                poly_set_int(&a->off, 0);
                return;
            }
        addr_unknown(f, a);
        return;
    }
    case CXCursor_BinaryOperator: {
        enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(e);
        kids_of(e, &k);
        if (k.n == 2 && (op == CXBinaryOperator_Add || op == CXBinaryOperator_Sub)) {
            int p = type_is_pointer(clang_getCursorType(k.v[0])) ||
                            type_is_array(clang_getCursorType(k.v[0]))
                        ? 0
                        : 1;
            pointer_addr(f, k.v[p], a);
            add_offset(f, a, k.v[1 - p], type_size(clang_getPointeeType(clang_getCursorType(e))),
                       op == CXBinaryOperator_Sub ? -1 : 1);
        } else {
            addr_unknown(f, a);
        }
        free(k.v);
        return;
    }
    case CXCursor_UnaryOperator:
        if (!expr_child(e, &c)) {
            addr_unknown(f, a);
        } else if (clang_getCursorUnaryOperatorKind(e) == CXUnaryOperator_AddrOf) {
            lvalue_addr(f, c, a);
        } else {
            pointer_addr(f, c, a);
            a->ranged = false;
        }
        return;
    default:
        addr_unknown(f, a);
        return;
    }
}

/* ---- ops and accesses ---- */

static void op(struct an_counts *c, enum opclass cls, CXType operand, unsigned flags,
               bool pointer_arith)
{
    static const enum an_field int_field[] = {F_INT_ADD,   F_INT_MUL,   F_INT_DIV,
                                              F_INT_LOGIC, F_INT_SHIFT, F_INT_CMP};
    static const enum an_field flop_field[] = {F_FLOP_ADD,   F_FLOP_MUL,   F_FLOP_DIV,
                                               F_FLOP_OTHER, F_FLOP_OTHER, F_FLOP_CMP};
    enum an_field fld;
    if (flags & W_HEADER)
        fld = F_CONTROL;
    else if (pointer_arith || ((flags & W_SUBSCRIPT) && (cls == OP_ADD || cls == OP_MUL)))
        fld = F_ADDRESS;
    else if (type_is_float(operand))
        fld = flop_field[cls];
    else
        fld = int_field[cls];
    bump(c, fld, 1);
}

/* Records a load and/or store of the lvalue e of size bytes. */
static void access(struct frame *f, struct an_counts *c, CXCursor e, unsigned size, enum ctx ctx)
{
    if (ctx == CX_ADDR)
        return;
    bool load = ctx == CX_RVALUE || ctx == CX_RMW;
    bool store = ctx == CX_STORE || ctx == CX_RMW;
    struct an_access a;
    memset(&a, 0, sizeof a);
    struct addr ad;
    poly_init(&ad.off);
    lvalue_addr(f, e, &ad);
    a.obj = ad.obj;
    a.ranged = ad.ranged;
    a.size = size;
    a.load = load;
    a.store = store;
    poly_init(&a.lo);
    poly_init(&a.hi);
    poly_init(&a.count);
    poly_copy(&a.lo, &ad.off);
    poly_copy(&a.hi, &ad.off);
    poly_set_int(&a.count, (load ? 1 : 0) + (store ? 1 : 0));
    poly_release(&ad.off);
    add_access(c, &a);
    if (load) {
        bump(c, F_LOADS, 1);
        bump(c, F_LOAD_BYTES, size);
    }
    if (store) {
        bump(c, F_STORES, 1);
        bump(c, F_STORE_BYTES, size);
    }
}

/* Adds a range access of n bytes starting at the pointer e (memcpy and
 * friends): a byte-wise range [off, off + n - 1]. */
static void range_access(struct frame *f, struct an_counts *c, CXCursor e, const struct poly *n,
                         bool store)
{
    struct addr ad;
    poly_init(&ad.off);
    pointer_addr(f, e, &ad);
    struct an_access a;
    memset(&a, 0, sizeof a);
    a.obj = ad.obj;
    a.ranged = ad.ranged;
    a.size = 1;
    a.load = !store;
    a.store = store;
    poly_init(&a.lo);
    poly_init(&a.hi);
    poly_init(&a.count);
    poly_copy(&a.lo, &ad.off);
    poly_copy(&a.hi, &ad.off);
    poly_add(&a.hi, n);
    poly_add_const(&a.hi, rat_make(-1, 1));
    poly_copy(&a.count, n);
    poly_release(&ad.off);
    add_access(c, &a);
    bump(c, store ? F_STORES : F_LOADS, 1);
    bump_poly(c, store ? F_STORE_BYTES : F_LOAD_BYTES, n);
}

/* ---- probabilities and trip symbols ---- */

/* Probabilities are known while counting: bound with --param, else the
 * default. Applying them here keeps the polynomials small (one P symbol per
 * branch would multiply through every nested arm). */
static const struct an_binding *prob_binding(struct frame *f, const char *name)
{
    int sym = an_sym_get(f->s, SYM_PROB, name, name);
    add_sym_name(f->r, &f->r->probs, f->s, sym);
    for (size_t i = 0; i < f->s->nbindings; i++)
        if (!strcmp(f->s->bindings[i].name, name))
            return &f->s->bindings[i];
    return NULL;
}

static double prob_value(struct frame *f, const char *name)
{
    const struct an_binding *b = prob_binding(f, name);
    return b ? b->value : AN_DEFAULT_PROBABILITY;
}

/* An exact small fraction where there is one (1/3, not 0.333333333). */
static struct rat prob_rat(double v)
{
    for (int64_t d = 1; d <= 1024; d++) {
        double n = v * (double)d;
        if (fabs(n - nearbyint(n)) < 1e-9)
            return rat_make((int64_t)nearbyint(n), d);
    }
    return rat_make((int64_t)llround(v * 1e9), 1000000000);
}

/* The trip symbol of the loop at c: L<line>, or L<line>_<k> for the k-th
 * loop on a line that has several. */
static int trip_sym(struct frame *f, CXCursor c)
{
    unsigned line, off;
    cursor_pos(c, &line, &off);
    size_t n = 0, k = 0;
    for (size_t i = 0; i < f->nloops; i++)
        if (f->loops[i].line == line) {
            n++;
            if (f->loops[i].offset <= off)
                k++;
        }
    char name[48];
    if (n > 1)
        snprintf(name, sizeof name, "L%u_%zu", line, k);
    else
        snprintf(name, sizeof name, "L%u", line);
    int sym = an_sym_get(f->s, SYM_TRIP, name, name);
    add_sym_name(f->r, &f->r->trips, f->s, sym);
    return sym;
}

/* A trip symbol for a length the analyzer cannot see (strlen, memcpy's n). */
static int length_sym(struct frame *f, CXCursor call)
{
    char name[48];
    snprintf(name, sizeof name, "L%u", an_cursor_line(call));
    int sym = an_sym_get(f->s, SYM_TRIP, name, name);
    add_sym_name(f->r, &f->r->trips, f->s, sym);
    return sym;
}

/* ---- calls ---- */

static void merge_meta(struct an_result *dst, const struct an_result *src)
{
    for (size_t i = 0; i < src->inexact.n; i++)
        an_result_note_id(dst, &dst->inexact, src->inexact.v[i]);
    for (size_t i = 0; i < src->opaque.n; i++)
        an_result_note_id(dst, &dst->opaque, src->opaque.v[i]);
    for (size_t i = 0; i < src->trips.n; i++)
        an_result_note_id(dst, &dst->trips, src->trips.v[i]);
    for (size_t i = 0; i < src->probs.n; i++)
        an_result_note_id(dst, &dst->probs, src->probs.v[i]);
    for (size_t i = 0; i < src->switches.n; i++)
        an_result_note_id(dst, &dst->switches, src->switches.v[i]);
    for (size_t i = 0; i < src->openmp.n; i++)
        an_result_note_id(dst, &dst->openmp, src->openmp.v[i]);
    dst->omp_team |= src->omp_team;
}

static void opaque_call(struct frame *f, const char *name, const char *why)
{
    an_result_note(f->s, f->r, &f->r->opaque, name);
    char *msg = xasprintf("call to %s is opaque (%s)", name, why);
    an_result_note(f->s, f->r, &f->r->inexact, msg);
    free(msg);
}

/* A memoized result is only read from now on: it keeps no spare room, and
 * no index of its accesses. */
static uint64_t terms_hash(const struct poly *p)
{
    return poly_hash(0xCBF29CE484222325ULL, p) | 1;
}

/* A memo's polynomials (a constant, an offset, a count, often the same
 * as a callee's) point into the session's pool, shared with every equal
 * one: hundreds of thousands of them, each its own allocation otherwise.
 * The pool never moves or frees terms until the session ends, so the
 * binding thread may read them. On a hash that names another polynomial,
 * p keeps its own terms. */
static void intern_poly(struct an_session *s, struct poly *p)
{
    if (!p->n || !p->alloc)
        return;
    uint64_t h = terms_hash(p);
    int i;
    if (intmap_get(&s->termidx, h, &i)) {
        const struct an_pooled *e = chunked_at(&s->terms, (size_t)i);
        struct poly shared = {(struct poly_term *)e->t, e->n, 0};
        if (poly_equal(&shared, p))
            poly_borrow(p, e->t, e->n);
        return;
    }
    intmap_put(&s->termidx, h, (int)s->terms.n);
    struct an_pooled *e = chunked_push(&s->terms);
    e->t = p->t; /* the pool takes p's own terms */
    e->n = p->n;
    p->alloc = 0;
}

/* A memoized result is only read from now on: it keeps no spare room, no
 * index of its accesses, and shares its polynomials (intern_poly). */
static void counts_shrink(struct an_session *s, struct an_counts *c)
{
    for (int i = 0; i < F_NFIELDS; i++) {
        poly_shrink(&c->f[i]);
        intern_poly(s, &c->f[i]);
    }
    for (size_t i = 0; i < c->nacc; i++) {
        struct poly *ps[] = {&c->acc[i].lo, &c->acc[i].hi, &c->acc[i].count};
        for (size_t j = 0; j < 3; j++) {
            poly_shrink(ps[j]);
            intern_poly(s, ps[j]);
        }
    }
    if (c->accalloc > c->nacc) {
        c->acc = c->nacc ? xrealloc(c->acc, c->nacc * sizeof *c->acc) : (free(c->acc), NULL);
        c->accalloc = c->nacc;
    }
    free(c->slots);
    c->slots = NULL;
    c->nslots = 0;
}

size_t an_count_memo(struct an_session *s, CXCursor def, const char *name, unsigned mask)
{
    char key[300];
    snprintf(key, sizeof key, "%.256s|%u", name, mask);
    int idx;
    if (strmap_get(&s->memomap, key, &idx))
        return (size_t)idx;
    struct an_memo m;
    an_result_init(&m.r);
    m.nparams =
        (size_t)(clang_Cursor_getNumArguments(def) > 0 ? clang_Cursor_getNumArguments(def) : 0);
    m.param_syms = xcalloc(m.nparams + 1, sizeof *m.param_syms);
    an_count_function(s, def, mask, &m.r, m.param_syms);
    counts_shrink(s, &m.r.c);
    guards_shrink(s, &m.r);
    /* Nothing is noted in it any more: membership is asked of its lists. */
    intmap_release(&m.r.seen);
    size_t n = s->memo.n;
    *(struct an_memo *)chunked_push(&s->memo) = m;
    strmap_put(&s->memomap, key, (int)n);
    return n;
}

/* The memo's index rides along, for merging a callee's names once. */
static const struct an_memo *callee_counts(struct an_session *s, CXCursor def, const char *name,
                                           unsigned mask, size_t *idx)
{
    *idx = an_count_memo(s, def, name, mask);
    return an_memo_at(s, *idx);
}

static void apply_builtin(struct frame *f, const struct an_builtin *b, CXCursor call,
                          struct an_counts *c)
{
    int nargs = clang_Cursor_getNumArguments(call);
    struct poly n;
    poly_init(&n);
    if (b->n_arg >= 0 && b->n_arg < nargs &&
        !expr_to_poly(f, clang_Cursor_getArgument(call, (unsigned)b->n_arg), &n))
        poly_set_var(&n, length_sym(f, call));
    switch (b->kind) {
    case AN_BI_COPY:
        if (b->src_arg < nargs)
            range_access(f, c, clang_Cursor_getArgument(call, (unsigned)b->src_arg), &n, false);
        if (b->dst_arg < nargs)
            range_access(f, c, clang_Cursor_getArgument(call, (unsigned)b->dst_arg), &n, true);
        break;
    case AN_BI_SET:
        if (b->dst_arg < nargs)
            range_access(f, c, clang_Cursor_getArgument(call, (unsigned)b->dst_arg), &n, true);
        break;
    case AN_BI_STRLEN:
        /* The length is a trip symbol; the scan reads it and the NUL. */
        poly_set_var(&n, length_sym(f, call));
        poly_add_const(&n, rat_make(1, 1));
        if (b->src_arg < nargs)
            range_access(f, c, clang_Cursor_getArgument(call, (unsigned)b->src_arg), &n, false);
        break;
    case AN_BI_FLOP:
        bump(c, F_FLOP_OTHER, b->flops);
        break;
    case AN_BI_FMA:
        bump(c, F_FLOP_MUL, 1);
        bump(c, F_FLOP_ADD, 1);
        break;
    }
    poly_release(&n);
}

/* ---- _Generic ---- */

/* Where c starts as spelled: in a macro's definition when it comes from
 * one (a type-generic macro's associations). */
static unsigned spelled_start(CXCursor c, CXFile *file)
{
    unsigned off = 0;
    clang_getSpellingLocation(clang_getRangeStart(clang_getCursorExtent(c)), file, NULL, NULL,
                              &off);
    return off;
}

/* s without its white space: type names compare as written. */
static void add_squeezed(struct strbuf *out, const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n')
            strbuf_addch(out, *s);
}

/* The type name of the association whose expression starts at offset, as
 * written: the tokens between the ',' before it and its ':'. */
static bool association_name(CXTranslationUnit tu, CXToken *toks, unsigned ntoks, unsigned offset,
                             struct strbuf *out)
{
    unsigned at = 0;
    while (at < ntoks) {
        unsigned off;
        clang_getSpellingLocation(clang_getTokenLocation(tu, toks[at]), NULL, NULL, NULL, &off);
        if (off == offset)
            break;
        at++;
    }
    if (at < 2 || at == ntoks)
        return false;
    CXString colon = clang_getTokenSpelling(tu, toks[at - 1]);
    bool is_colon = !strcmp(clang_getCString(colon), ":");
    clang_disposeString(colon);
    if (!is_colon)
        return false;
    unsigned from = at - 1;
    int depth = 0;
    while (from > 0) {
        CXString sp = clang_getTokenSpelling(tu, toks[from - 1]);
        const char *t = clang_getCString(sp);
        bool stop = depth == 0 && !strcmp(t, ",");
        if (!strcmp(t, ")") || !strcmp(t, "]"))
            depth++;
        else if (!strcmp(t, "(") || !strcmp(t, "["))
            depth--;
        clang_disposeString(sp);
        if (stop || depth < 0)
            break;
        from--;
    }
    for (unsigned i = from; i + 1 < at; i++) {
        CXString sp = clang_getTokenSpelling(tu, toks[i]);
        add_squeezed(out, clang_getCString(sp));
        clang_disposeString(sp);
    }
    return out->len > 0;
}

/* The association a generic selection evaluates (C11 6.5.1.1; the
 * controlling expression is not evaluated). libclang shows the
 * associations' expressions, not their type names. The selection has the
 * chosen one's type, which narrows them down; when several remain, their
 * type names are read from the tokens and compared, as written, with the
 * controlling type's spelling. False when that does not settle it (*out is
 * then the first that remains), or none has the selection's type. */
static bool generic_pick(CXCursor g, CXCursor *out)
{
    struct kids k;
    kids_of(g, &k);
    CXType gt = canon(clang_getCursorType(g));
    CXCursor ctrl = clang_getNullCursor();
    size_t n = 0;
    for (size_t i = 0; i < k.n; i++) {
        if (!clang_isExpression(clang_getCursorKind(k.v[i])))
            continue;
        if (clang_Cursor_isNull(ctrl))
            ctrl = k.v[i];
        else if (clang_equalTypes(canon(clang_getCursorType(k.v[i])), gt))
            k.v[n++] = k.v[i]; /* the candidates, in place */
    }
    bool ok = n == 1;
    if (n)
        *out = k.v[0];
    if (n > 1) {
        /* The tokens as spelled, a macro's definition included. */
        CXTranslationUnit tu = clang_Cursor_getTranslationUnit(g);
        CXToken *toks = NULL;
        unsigned ntoks = 0, from, to;
        CXFile f1 = NULL, f2 = NULL;
        CXSourceRange ext = clang_getCursorExtent(g);
        clang_getSpellingLocation(clang_getRangeStart(ext), &f1, NULL, NULL, &from);
        clang_getSpellingLocation(clang_getRangeEnd(ext), &f2, NULL, NULL, &to);
        if (f1 && f2 && clang_File_isEqual(f1, f2) && from < to)
            clang_tokenize(tu,
                           clang_getRange(clang_getLocationForOffset(tu, f1, from),
                                          clang_getLocationForOffset(tu, f1, to)),
                           &toks, &ntoks);
        struct strbuf want = STRBUF_INIT, canonical = STRBUF_INIT, name = STRBUF_INIT;
        CXType ct = clang_getCursorType(ctrl);
        CXString sp = clang_getTypeSpelling(ct);
        add_squeezed(&want, clang_getCString(sp));
        clang_disposeString(sp);
        sp = clang_getTypeSpelling(canon(ct));
        add_squeezed(&canonical, clang_getCString(sp));
        clang_disposeString(sp);
        size_t matches = 0;
        for (size_t i = 0; i < n; i++) {
            strbuf_reset(&name);
            CXFile af = NULL;
            unsigned at = spelled_start(k.v[i], &af);
            if (af && clang_File_isEqual(af, f1) && association_name(tu, toks, ntoks, at, &name) &&
                (!strcmp(name.buf, want.buf) || !strcmp(name.buf, canonical.buf))) {
                if (!matches++)
                    *out = k.v[i];
            }
        }
        ok = matches == 1;
        if (!ok)
            *out = k.v[0];
        strbuf_release(&want);
        strbuf_release(&canonical);
        strbuf_release(&name);
        clang_disposeTokens(tu, toks, ntoks);
    }
    free(k.v);
    return ok;
}

/* The function a call through a generic selection names
 * (`_Generic(x, float: sqrtf, default: sqrt)(x)`), or a null cursor. */
static CXCursor generic_callee(CXCursor call)
{
    struct kids k;
    kids_of(call, &k);
    CXCursor r = clang_getNullCursor(), pick;
    if (k.n && clang_getCursorKind(strip(k.v[0])) == CXCursor_GenericSelectionExpr &&
        generic_pick(strip(k.v[0]), &pick) &&
        clang_getCursorKind(strip(pick)) == CXCursor_DeclRefExpr)
        r = clang_getCursorReferenced(strip(pick));
    free(k.v);
    return r;
}

static void walk_call(struct frame *f, CXCursor e, unsigned flags, struct an_counts *c)
{
    bump(c, F_CALLS, 1);
    int nargs = clang_Cursor_getNumArguments(e);
    for (int i = 0; i < nargs; i++)
        walk_expr(f, clang_Cursor_getArgument(e, (unsigned)i), CX_RVALUE, flags, c);
    /* The callee: a function pointer read from memory (v->fn, tbl[i], a
     * global) is a load like any other. */
    struct kids kd;
    kids_of(e, &kd);
    for (size_t i = 0; i < kd.n; i++) {
        bool arg = !clang_isExpression(clang_getCursorKind(kd.v[i]));
        for (int j = 0; j < nargs && !arg; j++)
            arg =
                clang_equalRanges(clang_getCursorExtent(kd.v[i]),
                                  clang_getCursorExtent(clang_Cursor_getArgument(e, (unsigned)j)));
        if (!arg)
            walk_expr(f, kd.v[i], CX_RVALUE, flags, c);
    }
    free(kd.v);

    CXCursor callee = clang_getCursorReferenced(e);
    if (clang_Cursor_isNull(callee) || clang_getCursorKind(callee) != CXCursor_FunctionDecl)
        callee = generic_callee(e);
    if (clang_Cursor_isNull(callee) || clang_getCursorKind(callee) != CXCursor_FunctionDecl) {
        opaque_call(f, "(indirect call)", "a call through a pointer");
        return;
    }
    char *name = an_cursor_spelling(callee);
    CXCursor def = clang_getCursorDefinition(callee);
    bool defined = !clang_Cursor_isNull(def) && clang_getCursorKind(def) == CXCursor_FunctionDecl;
    const struct an_builtin *b = defined ? NULL : an_builtin_find(name);
    if (b) {
        apply_builtin(f, b, e, c);
        goto out;
    }
    if (!defined) {
        opaque_call(f, name, "no definition and no built-in cost");
        goto out;
    }
    int depth;
    if (strmap_get(&f->s->onstack, name, &depth) && depth > 0) {
        struct strbuf msg = STRBUF_INIT;
        an_cursor_where(e, &msg);
        strbuf_addf(&msg, ": recursion: %s calls %s again; cut there and counted as an opaque call",
                    f->fn_name, name);
        strlist_add_unique(&f->s->warnings, msg.buf);
        strbuf_release(&msg);
        an_result_note(f->s, f->r, &f->r->opaque, name);
        char *why = xasprintf("recursion: %s -> %s cut at the repeated call", f->fn_name, name);
        an_result_note(f->s, f->r, &f->r->inexact, why);
        free(why);
        goto out;
    }

    /* Arguments: scalar ones as polynomials in this frame's symbols,
     * pointer ones as the object they point into. */
    int np = clang_Cursor_getNumArguments(def);
    if (np < 0)
        np = 0;
    struct poly *argp = xcalloc((size_t)np + 1, sizeof *argp);
    struct addr *arga = xcalloc((size_t)np + 1, sizeof *arga);
    unsigned mask = 0;
    for (int i = 0; i < np; i++) {
        poly_init(&argp[i]);
        poly_init(&arga[i].off);
        arga[i].obj = -1;
        if (i >= nargs)
            continue;
        CXCursor arg = clang_Cursor_getArgument(e, (unsigned)i);
        CXType pt = clang_getCursorType(clang_Cursor_getArgument(def, (unsigned)i));
        if (type_is_pointer(pt) || type_is_array(pt)) {
            pointer_addr(f, arg, &arga[i]);
        } else if (type_is_integer(pt) && !expr_to_poly(f, arg, &argp[i]) && i < 32) {
            mask |= 1u << i;
        }
    }
    size_t midx;
    const struct an_memo *m = callee_counts(f->s, def, name, mask, &midx);
    if (m->r.trips.n > AN_MAX_CALLEE_TRIPS) {
        /* Such counts are formulas nobody can bind, and copying them into
         * every caller would cost more than the parse: not followed. */
        char *why = xasprintf("its counts depend on %zu trip symbols, more than %d", m->r.trips.n,
                              AN_MAX_CALLEE_TRIPS);
        opaque_call(f, name, why);
        free(why);
        for (int i = 0; i < np; i++) {
            poly_release(&argp[i]);
            poly_release(&arga[i].off);
        }
        free(argp);
        free(arga);
        goto out;
    }

    int *vars = xcalloc((size_t)np + 1, sizeof *vars);
    struct poly *qs = xcalloc((size_t)np + 1, sizeof *qs);
    size_t nv = 0;
    for (int i = 0; i < np && (size_t)i < m->nparams; i++)
        if (m->param_syms[i] >= 0 && !(i < 32 && (mask & (1u << i)))) {
            vars[nv] = m->param_syms[i];
            qs[nv++] = argp[i];
        }
    struct poly tmp;
    poly_init(&tmp);
    for (int i = 0; i < F_NFIELDS; i++) {
        if (!needs_subst(f, &m->r.c.f[i], vars, nv)) {
            poly_add_scaled(&c->f[i], &m->r.c.f[i], c->scale);
            continue;
        }
        subst_args(f, &tmp, &m->r.c.f[i], vars, qs, nv);
        poly_add_scaled(&c->f[i], &tmp, c->scale);
    }
    merge_guards(f, &m->r, vars, qs, nv);
    /* The callee's pointer parameters' placeholder objects, -1 where none. */
    int *pobj = xcalloc((size_t)np + 1, sizeof *pobj);
    for (int j = 0; j < np; j++) {
        char pk[300];
        snprintf(pk, sizeof pk, "param:%.256s:%d", name, j);
        if (!m->r.c.nacc || !strmap_get(&f->s->objmap, pk, &pobj[j]))
            pobj[j] = -1;
    }
    for (size_t i = 0; i < m->r.c.nacc; i++) {
        struct an_access a;
        copy_access(&a, &m->r.c.acc[i]);
        subst_args(f, &a.lo, &a.lo, vars, qs, nv);
        subst_args(f, &a.hi, &a.hi, vars, qs, nv);
        subst_args(f, &a.count, &a.count, vars, qs, nv);
        const struct an_object *o = an_obj(f->s, a.obj);
        if (o->kind == OBJ_PARAM) {
            /* A placeholder of the callee's pointer parameter: the caller's
             * object at the argument's offset. */
            int pi = -1;
            for (int j = 0; j < np; j++)
                if (pobj[j] == a.obj)
                    pi = j;
            if (pi >= 0 && arga[pi].obj >= 0) {
                a.obj = arga[pi].obj;
                a.ranged = a.ranged && arga[pi].ranged;
                poly_add(&a.lo, &arga[pi].off);
                poly_add(&a.hi, &arga[pi].off);
            } else if (pi >= 0) {
                a.obj = unknown_obj(f);
                a.ranged = false;
            }
        }
        add_access(c, &a);
    }
    /* A callee's names (reasons, symbols, opaque calls) are merged once
     * per caller, however often it is called. */
    if (an_result_first(f->r, (uint64_t)midx))
        merge_meta(f->r, &m->r);
    poly_release(&tmp);
    for (int i = 0; i < np; i++) {
        poly_release(&argp[i]);
        poly_release(&arga[i].off);
    }
    free(argp);
    free(arga);
    free(vars);
    free(qs);
    free(pobj);
out:
    free(name);
}

/* ---- expressions ---- */

static void walk_children(struct frame *f, CXCursor e, enum ctx ctx, unsigned flags,
                          struct an_counts *c)
{
    struct kids k;
    kids_of(e, &k);
    for (size_t i = 0; i < k.n; i++)
        if (clang_isExpression(clang_getCursorKind(k.v[i])))
            walk_expr(f, k.v[i], ctx, flags, c);
        else if (clang_isStatement(clang_getCursorKind(k.v[i])))
            walk_stmt(f, k.v[i], flags, c);
    free(k.v);
}

static void trace_pointer(struct frame *f, CXCursor decl, CXCursor value)
{
    struct addr a;
    poly_init(&a.off);
    pointer_addr(f, value, &a);
    ALLOC_GROW(f->ptr, f->nptr + 1, f->ptralloc);
    f->ptr[f->nptr].decl = decl;
    f->ptr[f->nptr++].obj = a.obj;
    poly_release(&a.off);
}

static double p_line(struct frame *f, unsigned line)
{
    char name[64];
    snprintf(name, sizeof name, "P%u", line);
    return prob_value(f, name);
}

/* Walks an arm straight into c, weighted by w (times c's own scale). */
static struct rat push_scale(struct an_counts *c, struct rat w)
{
    struct rat saved = c->scale;
    c->scale = rat_mul(saved, w);
    return saved;
}

/* C99 complex arithmetic, part by part (Annex G): what one operator on
 * complex operands costs in ops of the element type, for both operands
 * complex, complex with real, and real with complex. (a+bi)(c+di) is 4
 * multiplies and 2 adds; a real - (a+bi) negates b too. A division by a
 * complex is the textbook formula, (ac+bd)/(c^2+d^2) and (bc-ad)/(c^2+d^2),
 * which compilers replace by a library call for range: counted, and said
 * so. */
enum { CPLX_BOTH, CPLX_REAL_RIGHT, CPLX_REAL_LEFT };
static const struct {
    unsigned char add, mul, div, cmp, logic;
} complex_cost[OP_CMP + 1][3] = {
    [OP_ADD] = {{2, 0, 0, 0, 0}, {1, 0, 0, 0, 0}, {2, 0, 0, 0, 0}},
    [OP_MUL] = {{2, 4, 0, 0, 0}, {0, 2, 0, 0, 0}, {0, 2, 0, 0, 0}},
    [OP_DIV] = {{3, 6, 2, 0, 0}, {0, 0, 2, 0, 0}, {1, 4, 2, 0, 0}},
    [OP_CMP] = {{0, 0, 0, 2, 1}, {0, 0, 0, 2, 1}, {0, 0, 0, 2, 1}},
};

static void complex_op(struct frame *f, struct an_counts *c, CXCursor e, enum opclass cls,
                       enum CXBinaryOperatorKind bop, CXType lt, CXType rt, unsigned flags)
{
    bool lc = canon(lt).kind == CXType_Complex, rc = canon(rt).kind == CXType_Complex;
    int form = lc && rc ? CPLX_BOTH : lc ? CPLX_REAL_RIGHT : CPLX_REAL_LEFT;
    CXType elem = clang_getElementType(canon(lc ? lt : rt));
    if (cls != OP_ADD && cls != OP_MUL && cls != OP_DIV && cls != OP_CMP) {
        op(c, cls, elem, flags, false);
        return;
    }
    /* x + r and r + x alike; only r - x negates the imaginary part. */
    if (cls == OP_ADD && form == CPLX_REAL_LEFT && bop != CXBinaryOperator_Sub)
        form = CPLX_REAL_RIGHT;
    const struct {
        enum opclass cls;
        unsigned n;
    } parts[] = {{OP_ADD, complex_cost[cls][form].add},
                 {OP_MUL, complex_cost[cls][form].mul},
                 {OP_DIV, complex_cost[cls][form].div},
                 {OP_CMP, complex_cost[cls][form].cmp},
                 {OP_LOGIC, complex_cost[cls][form].logic}};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        for (unsigned j = 0; j < parts[i].n; j++)
            /* (== is both parts equal: the two compares' results and-ed, an
             * integer op) */
            op(c, parts[i].cls, parts[i].cls == OP_LOGIC ? clang_getCursorType(e) : elem, flags,
               false);
    if (cls == OP_DIV && form != CPLX_REAL_RIGHT)
        note_at(f, e,
                "complex division counted as the textbook formula (6 multiplies, 3 adds, 2 "
                "divides); compilers call a library routine (__divdc3) for it");
}

static void walk_binary(struct frame *f, CXCursor e, enum ctx ctx, unsigned flags,
                        struct an_counts *c)
{
    struct kids k;
    kids_of(e, &k);
    if (k.n != 2) {
        free(k.v);
        walk_children(f, e, CX_RVALUE, flags, c);
        return;
    }
    CXCursor lhs = k.v[0], rhs = k.v[1];
    free(k.v);
    enum CXBinaryOperatorKind bop = clang_getCursorBinaryOperatorKind(e);
    CXType lt = clang_getCursorType(lhs), rt = clang_getCursorType(rhs);
    bool ptr = type_is_pointer(lt) || type_is_pointer(rt) || type_is_array(lt) || type_is_array(rt);
    enum opclass cls = OP_ADD;
    switch (bop) {
    case CXBinaryOperator_Assign:
        walk_expr(f, rhs, CX_RVALUE, flags, c);
        walk_expr(f, lhs, CX_STORE, flags, c);
        if (clang_getCursorKind(strip(lhs)) == CXCursor_DeclRefExpr && type_is_pointer(lt)) {
            CXCursor d = clang_getCursorReferenced(strip(lhs));
            if (is_var(d) && !global_storage(d))
                trace_pointer(f, d, rhs);
        }
        return;
    case CXBinaryOperator_Comma:
        walk_expr(f, lhs, CX_RVALUE, flags, c);
        walk_expr(f, rhs, ctx, flags, c);
        return;
    case CXBinaryOperator_LAnd:
    case CXBinaryOperator_LOr:
        bump(c, F_BRANCHES, 1);
        walk_expr(f, lhs, CX_RVALUE, flags, c);
        walk_expr(f, rhs, CX_RVALUE, flags, c);
        return;
    case CXBinaryOperator_Mul:
    case CXBinaryOperator_MulAssign:
        cls = OP_MUL;
        break;
    case CXBinaryOperator_Div:
    case CXBinaryOperator_Rem:
    case CXBinaryOperator_DivAssign:
    case CXBinaryOperator_RemAssign:
        cls = OP_DIV;
        break;
    case CXBinaryOperator_Add:
    case CXBinaryOperator_Sub:
    case CXBinaryOperator_AddAssign:
    case CXBinaryOperator_SubAssign:
        cls = OP_ADD;
        break;
    case CXBinaryOperator_Shl:
    case CXBinaryOperator_Shr:
    case CXBinaryOperator_ShlAssign:
    case CXBinaryOperator_ShrAssign:
        cls = OP_SHIFT;
        break;
    case CXBinaryOperator_And:
    case CXBinaryOperator_Or:
    case CXBinaryOperator_Xor:
    case CXBinaryOperator_AndAssign:
    case CXBinaryOperator_OrAssign:
    case CXBinaryOperator_XorAssign:
        cls = OP_LOGIC;
        break;
    case CXBinaryOperator_LT:
    case CXBinaryOperator_GT:
    case CXBinaryOperator_LE:
    case CXBinaryOperator_GE:
    case CXBinaryOperator_EQ:
    case CXBinaryOperator_NE:
    case CXBinaryOperator_Cmp:
        cls = OP_CMP;
        break;
    default:
        walk_expr(f, lhs, CX_RVALUE, flags, c);
        walk_expr(f, rhs, CX_RVALUE, flags, c);
        return;
    }
    bool compound = bop >= CXBinaryOperator_MulAssign && bop <= CXBinaryOperator_OrAssign;
    walk_expr(f, rhs, CX_RVALUE, flags, c);
    walk_expr(f, lhs, compound ? CX_RMW : CX_RVALUE, flags, c);
    if (canon(lt).kind == CXType_Complex || canon(rt).kind == CXType_Complex) {
        complex_op(f, c, e, cls, bop, lt, rt, flags);
        return;
    }
    op(c, cls, type_is_float(rt) && !compound ? rt : lt, flags, ptr && cls == OP_ADD);
}

static void walk_unary(struct frame *f, CXCursor e, enum ctx ctx, unsigned flags,
                       struct an_counts *c)
{
    CXCursor x;
    if (!expr_child(e, &x))
        return;
    CXType t = clang_getCursorType(x);
    switch (clang_getCursorUnaryOperatorKind(e)) {
    case CXUnaryOperator_AddrOf:
        walk_expr(f, x, CX_ADDR, flags, c);
        return;
    case CXUnaryOperator_Deref: {
        walk_expr(f, x, CX_RVALUE, flags, c);
        CXType pt = clang_getCursorType(e);
        if (!type_is_array(pt) && canon(pt).kind != CXType_FunctionProto &&
            canon(pt).kind != CXType_FunctionNoProto)
            access(f, c, e, type_size(pt), ctx);
        return;
    }
    case CXUnaryOperator_PostInc:
    case CXUnaryOperator_PostDec:
    case CXUnaryOperator_PreInc:
    case CXUnaryOperator_PreDec:
        walk_expr(f, x, CX_RMW, flags, c);
        op(c, OP_ADD, t, flags, type_is_pointer(t));
        return;
    case CXUnaryOperator_Minus:
        walk_expr(f, x, CX_RVALUE, flags, c);
        op(c, OP_ADD, t, flags, false);
        if (canon(t).kind == CXType_Complex)
            op(c, OP_ADD, t, flags, false); /* both parts */
        return;
    case CXUnaryOperator_Not:
    case CXUnaryOperator_LNot:
        walk_expr(f, x, CX_RVALUE, flags, c);
        op(c, OP_LOGIC, t, flags, false);
        return;
    default: /* unary +, __real, __imag, __extension__ */
        walk_expr(f, x, ctx, flags, c);
        return;
    }
}

/* The line of the '?' of a conditional: the first '?' token between the
 * end of its condition and the start of its then-operand. */
static unsigned question_line(struct frame *f, CXCursor cond, CXCursor then)
{
    (void)f;
    CXTranslationUnit tu = clang_Cursor_getTranslationUnit(cond); /* maybe omp.c's twin */
    CXSourceRange between = clang_getRange(clang_getRangeEnd(clang_getCursorExtent(cond)),
                                           clang_getRangeStart(clang_getCursorExtent(then)));
    CXToken *toks = NULL;
    unsigned ntoks = 0, line = an_cursor_line(then);
    clang_tokenize(tu, between, &toks, &ntoks);
    for (unsigned i = 0; i < ntoks; i++) {
        CXString sp = clang_getTokenSpelling(tu, toks[i]);
        bool q = !strcmp(clang_getCString(sp), "?");
        clang_disposeString(sp);
        if (q) {
            clang_getExpansionLocation(clang_getTokenLocation(tu, toks[i]), NULL, &line, NULL,
                                       NULL);
            break;
        }
    }
    clang_disposeTokens(tu, toks, ntoks);
    return line;
}

static void walk_conditional(struct frame *f, CXCursor e, unsigned flags, struct an_counts *c)
{
    struct kids k;
    kids_of(e, &k);
    if (k.n != 3) {
        free(k.v);
        walk_children(f, e, CX_RVALUE, flags, c);
        return;
    }
    bump(c, F_BRANCHES, 1);
    walk_expr(f, k.v[0], CX_RVALUE, flags, c);
    struct rat p = prob_rat(p_line(f, question_line(f, k.v[0], k.v[1])));
    struct rat saved = push_scale(c, p);
    walk_expr(f, k.v[1], CX_RVALUE, flags, c);
    c->scale = saved;
    push_scale(c, rat_add(rat_make(1, 1), rat_mul(p, rat_make(-1, 1))));
    walk_expr(f, k.v[2], CX_RVALUE, flags, c);
    c->scale = saved;
    free(k.v);
}

/* A compound literal is an unnamed automatic object (C11 6.5.2.5): as a
 * local variable, a register while it is a scalar whose address is not
 * taken, else a local object (resident, never the DRAM of an outside one),
 * stored whole by its initialiser each time it is evaluated. */
static void walk_compound_literal(struct frame *f, CXCursor e, enum ctx ctx, unsigned flags,
                                  struct an_counts *c)
{
    walk_children(f, e, CX_RVALUE, flags, c);
    CXType t = clang_getCursorType(e);
    if (!type_is_array(t) && !type_is_record(t) && ctx == CX_RVALUE)
        return;
    struct an_access a;
    memset(&a, 0, sizeof a);
    a.obj = literal_obj(f, e);
    a.ranged = true;
    a.size = type_size(t);
    a.store = true;
    poly_init(&a.lo);
    poly_init(&a.hi);
    poly_init(&a.count);
    poly_set_int(&a.count, 1);
    add_access(c, &a);
    bump(c, F_STORES, 1);
    bump(c, F_STORE_BYTES, type_size(t));
    if (!type_is_array(t))
        access(f, c, e, type_size(t), ctx); /* read (or written) whole */
}

/* The first token of e where it is spelled (va_arg is a macro of
 * __builtin_va_arg), into buf. */
static void first_token(CXCursor e, char *buf, size_t len)
{
    CXTranslationUnit tu = clang_Cursor_getTranslationUnit(e);
    CXFile file = NULL;
    unsigned off = 0;
    clang_getSpellingLocation(clang_getRangeStart(clang_getCursorExtent(e)), &file, NULL, NULL,
                              &off);
    CXToken *t = file ? clang_getToken(tu, clang_getLocationForOffset(tu, file, off)) : NULL;
    buf[0] = '\0';
    if (t) {
        CXString sp = clang_getTokenSpelling(tu, *t);
        snprintf(buf, len, "%s", clang_getCString(sp));
        clang_disposeString(sp);
        clang_disposeTokens(tu, t, 1);
    }
}

/* An UnexposedExpr that is no implicit conversion: va_arg,
 * __builtin_choose_expr, the atomic builtins, `a ?: b`, designated
 * initialisers, offsetof. Told apart by their first token and, for `?:`,
 * by its operands (the condition, twice more as its value, then the
 * alternative). False for an implicit conversion (one operand, starting
 * where it starts: *operand), or nothing to walk (*operand null). */
static bool walk_unexposed(struct frame *f, CXCursor e, enum ctx ctx, unsigned flags,
                           struct an_counts *c, CXCursor *operand)
{
    struct kids k;
    kids_of(e, &k);
    size_t n = 0;
    for (size_t i = 0; i < k.n; i++)
        if (clang_isExpression(clang_getCursorKind(k.v[i])))
            k.v[n++] = k.v[i];
    *operand = clang_getNullCursor();
    if (n == 1 && clang_equalLocations(clang_getRangeStart(clang_getCursorExtent(e)),
                                       clang_getRangeStart(clang_getCursorExtent(k.v[0]))))
        *operand = k.v[0];
    if (n == 0 || !clang_Cursor_isNull(*operand)) {
        free(k.v);
        return false;
    }
    char tok[64];
    first_token(e, tok, sizeof tok);
    int64_t v;
    if (n == 4 && clang_equalRanges(clang_getCursorExtent(k.v[0]), clang_getCursorExtent(k.v[1]))) {
        /* a ?: b: a branch; b weighted by 1 - P of the '?' line. */
        walk_expr(f, k.v[0], CX_RVALUE, flags, c);
        bump(c, F_BRANCHES, 1);
        struct rat p = prob_rat(p_line(f, question_line(f, k.v[0], k.v[3])));
        struct rat saved = push_scale(c, rat_add(rat_make(1, 1), rat_mul(p, rat_make(-1, 1))));
        walk_expr(f, k.v[3], CX_RVALUE, flags, c);
        c->scale = saved;
    } else if (!strcmp(tok, "__builtin_choose_expr") && n == 3 && eval_int(k.v[0], &v)) {
        walk_expr(f, k.v[v ? 1 : 2], ctx, flags, c);
    } else {
        for (size_t i = 0; i < n; i++)
            walk_expr(f, k.v[i], CX_RVALUE, flags, c);
        char *msg = NULL;
        if (!strcmp(tok, "__builtin_va_arg"))
            msg = xstrdup("va_arg: its read of the argument list not counted");
        else if (!strncmp(tok, "__atomic_", 9) || !strncmp(tok, "__c11_atomic_", 13) ||
                 !strncmp(tok, "__opencl_atomic_", 16) || !strncmp(tok, "__scoped_atomic_", 16) ||
                 !strncmp(tok, "__hip_atomic_", 13))
            msg = xasprintf("%s: its access to memory not counted", tok);
        if (msg)
            note_at(f, e, msg);
        free(msg);
    }
    free(k.v);
    return true;
}

static void walk_expr_at(struct frame *f, CXCursor e, enum ctx ctx, unsigned flags,
                         struct an_counts *c);

static void walk_expr(struct frame *f, CXCursor e, enum ctx ctx, unsigned flags,
                      struct an_counts *c)
{
    if (f->depth >= AN_MAX_DEPTH) {
        struct strbuf msg = STRBUF_INIT;
        an_cursor_where(e, &msg);
        strbuf_addf(&msg, ": expression nested deeper than %d levels; not counted below that",
                    AN_MAX_DEPTH);
        an_result_note(f->s, f->r, &f->r->inexact, msg.buf);
        strbuf_release(&msg);
        return;
    }
    f->depth++;
    walk_expr_at(f, e, ctx, flags, c);
    f->depth--;
}

static void walk_expr_at(struct frame *f, CXCursor e, enum ctx ctx, unsigned flags,
                         struct an_counts *c)
{
    enum CXCursorKind k = clang_getCursorKind(e);
    CXCursor x;
    switch (k) {
    case CXCursor_IntegerLiteral:
    case CXCursor_FloatingLiteral:
    case CXCursor_CharacterLiteral:
    case CXCursor_StringLiteral:
    case CXCursor_ImaginaryLiteral:
    case CXCursor_UnaryExpr: /* sizeof and _Alignof are not evaluated */
        return;
    case CXCursor_ParenExpr:
    case CXCursor_UnexposedExpr:
    case CXCursor_CStyleCastExpr:
        if (ctx == CX_RVALUE && k != CXCursor_UnexposedExpr && is_ice(e))
            return;
        x = clang_getNullCursor();
        if (k == CXCursor_UnexposedExpr && walk_unexposed(f, e, ctx, flags, c, &x))
            return;
        if (clang_Cursor_isNull(x) && !expr_child(e, &x)) {
            walk_children(f, e, CX_RVALUE, flags, c);
            return;
        }
        /* Array-to-pointer decay reads nothing. */
        if (type_is_array(clang_getCursorType(x)) && !type_is_array(clang_getCursorType(e)))
            ctx = CX_ADDR;
        walk_expr(f, x, ctx, flags, c);
        return;
    case CXCursor_DeclRefExpr: {
        CXCursor d = clang_getCursorReferenced(e);
        if (!is_var(d) || ctx == CX_ADDR)
            return;
        CXType t = clang_getCursorType(d);
        if (type_is_array(t) || !var_is_memory(f, d))
            return;
        access(f, c, e, type_size(clang_getCursorType(e)), ctx);
        return;
    }
    case CXCursor_ArraySubscriptExpr: {
        struct kids kd;
        kids_of(e, &kd);
        if (kd.n == 2) {
            int b = type_is_pointer(clang_getCursorType(kd.v[1])) ? 1 : 0;
            walk_expr(f, kd.v[b], CX_RVALUE, flags, c);
            walk_expr(f, kd.v[1 - b], CX_RVALUE, flags | W_SUBSCRIPT, c);
            CXType t = clang_getCursorType(e);
            if (!type_is_array(t))
                access(f, c, e, type_size(t), ctx);
        }
        free(kd.v);
        return;
    }
    case CXCursor_MemberRefExpr: {
        if (expr_child(e, &x))
            walk_expr(f, x, type_is_pointer(clang_getCursorType(x)) ? CX_RVALUE : CX_ADDR, flags,
                      c);
        CXType t = clang_getCursorType(e);
        if (!type_is_array(t)) {
            if (ctx != CX_ADDR && clang_Cursor_isBitField(clang_getCursorReferenced(e))) {
                /* A bit-field is read and written through its storage
                 * unit: a write keeps the other bits (a read too). */
                char *name = an_cursor_spelling(e);
                char *msg = xasprintf(
                    "bit-field %s: %s its %u-byte storage unit; its shift and "
                    "mask not counted",
                    name, ctx == CX_RVALUE ? "a load of" : "a load and a store of", type_size(t));
                note_at(f, e, msg);
                free(msg);
                free(name);
                if (ctx == CX_STORE)
                    ctx = CX_RMW;
            }
            access(f, c, e, type_size(t), ctx);
        }
        return;
    }
    case CXCursor_CompoundLiteralExpr:
        walk_compound_literal(f, e, ctx, flags, c);
        return;
    case CXCursor_GenericSelectionExpr:
        x = clang_getNullCursor();
        if (!generic_pick(e, &x))
            note_at(f, e,
                    "_Generic: which association is selected is not known to the analyzer; the "
                    "first of its type counted");
        if (!clang_Cursor_isNull(x))
            walk_expr(f, x, ctx, flags, c);
        return;
    case CXCursor_UnaryOperator:
        if (ctx == CX_RVALUE && is_ice(e))
            return;
        walk_unary(f, e, ctx, flags, c);
        return;
    case CXCursor_BinaryOperator:
    case CXCursor_CompoundAssignOperator:
        if (ctx == CX_RVALUE && k == CXCursor_BinaryOperator && is_ice(e))
            return;
        walk_binary(f, e, ctx, flags, c);
        return;
    case CXCursor_ConditionalOperator:
        if (ctx == CX_RVALUE && is_ice(e))
            return;
        walk_conditional(f, e, flags, c);
        return;
    case CXCursor_CallExpr:
        walk_call(f, e, flags, c);
        return;
    case CXCursor_InitListExpr:
    case CXCursor_AddrLabelExpr:
    case CXCursor_StmtExpr:
    case CXCursor_GNUNullExpr:
    case CXCursor_FixedPointLiteral:
        walk_children(f, e, CX_RVALUE, flags, c);
        return;
    default: {
        /* C++, Objective-C and blocks: their operands, and a word. */
        CXString name = clang_getCursorKindSpelling(k);
        char *what = xasprintf("%s not counted (only its operands)", clang_getCString(name));
        note_at(f, e, what);
        free(what);
        clang_disposeString(name);
        walk_children(f, e, CX_RVALUE, flags, c);
        return;
    }
    }
}

/* ---- statements ---- */

static void walk_decl(struct frame *f, CXCursor s, unsigned flags, struct an_counts *c)
{
    struct kids k;
    kids_of(s, &k);
    for (size_t i = 0; i < k.n; i++) {
        CXCursor d = k.v[i];
        if (clang_getCursorKind(d) != CXCursor_VarDecl)
            continue;
        CXCursor init = clang_Cursor_getVarDeclInitializer(d);
        if (clang_Cursor_isNull(init))
            continue;
        /* A static local's initialiser is a constant, made before the
         * program runs. */
        if (global_storage(d))
            continue;
        walk_expr(f, init, CX_RVALUE, flags, c);
        CXType t = clang_getCursorType(d);
        if (type_is_pointer(t) && !global_storage(d))
            trace_pointer(f, d, init);
        if (global_storage(d) || !var_is_memory(f, d))
            continue;
        /* An initialised memory variable: one store of the whole object. */
        struct an_access a;
        memset(&a, 0, sizeof a);
        a.obj = obj_for_var(f, d);
        a.ranged = true;
        a.size = type_size(t);
        a.store = true;
        poly_init(&a.lo);
        poly_init(&a.hi);
        poly_init(&a.count);
        poly_set_int(&a.count, 1);
        add_access(c, &a);
        bump(c, F_STORES, 1);
        bump(c, F_STORE_BYTES, type_size(t));
    }
    free(k.v);
}

static void walk_if(struct frame *f, CXCursor s, unsigned flags, struct an_counts *c)
{
    struct kids k;
    kids_of(s, &k);
    if (k.n < 2) {
        free(k.v);
        return;
    }
    walk_expr(f, k.v[0], CX_RVALUE, flags, c);
    bump(c, F_BRANCHES, 1);
    struct rat p = prob_rat(p_line(f, an_cursor_line(s)));
    struct rat saved = push_scale(c, p);
    walk_stmt(f, k.v[1], flags, c);
    c->scale = saved;
    if (k.n > 2) {
        push_scale(c, rat_add(rat_make(1, 1), rat_mul(p, rat_make(-1, 1))));
        walk_stmt(f, k.v[2], flags, c);
        c->scale = saved;
    }
    free(k.v);
}

/* switch: each arm (a run of case labels and the statements after them) is
 * weighted by the sum of its labels' P<line>_<value>. */
struct arm {
    struct strlist labels;
    CXCursor *stmts; /* what the arm runs, in order */
    size_t nstmts, stmtalloc;
};

/* The value --param gave name, without noting name as used. */
static const struct an_binding *find_prob(struct frame *f, const char *name)
{
    for (size_t i = 0; i < f->s->nbindings; i++)
        if (!strcmp(f->s->bindings[i].name, name))
            return &f->s->bindings[i];
    return NULL;
}

static const char *loop_exit(CXCursor body);

/* True when s leaves for good: break, continue, return, goto, a block that
 * ends in one, an if whose both arms do. */
static bool ends_in_jump(CXCursor s)
{
    struct kids k;
    bool r;
    switch (clang_getCursorKind(s)) {
    case CXCursor_BreakStmt:
    case CXCursor_ContinueStmt:
    case CXCursor_ReturnStmt:
    case CXCursor_GotoStmt:
    case CXCursor_IndirectGotoStmt:
        return true;
    case CXCursor_CompoundStmt:
        kids_of(s, &k);
        r = k.n && ends_in_jump(k.v[k.n - 1]);
        free(k.v);
        return r;
    case CXCursor_IfStmt:
        kids_of(s, &k);
        r = k.n == 3 && ends_in_jump(k.v[1]) && ends_in_jump(k.v[2]);
        free(k.v);
        return r;
    default:
        return false;
    }
}

static void walk_switch(struct frame *f, CXCursor s, unsigned flags, struct an_counts *c)
{
    struct kids k;
    kids_of(s, &k);
    if (k.n < 2) {
        free(k.v);
        return;
    }
    walk_expr(f, k.v[0], CX_RVALUE, flags, c);
    bump(c, F_BRANCHES, 1);
    unsigned line = an_cursor_line(s);
    struct strbuf group = STRBUF_INIT;
    struct arm *arms = NULL;
    size_t narms = 0, alloc = 0;
    bool open = false; /* the last arm still takes labels (no statement yet) */

    struct kids body;
    if (clang_getCursorKind(k.v[1]) == CXCursor_CompoundStmt) {
        kids_of(k.v[1], &body);
    } else {
        body.v = xmalloc(sizeof *body.v);
        body.v[0] = k.v[1];
        body.n = body.alloc = 1;
    }
    for (size_t i = 0; i < body.n; i++) {
        CXCursor st = body.v[i];
        enum CXCursorKind sk = clang_getCursorKind(st);
        /* A run of labels opens one arm; its statements follow. */
        while (sk == CXCursor_CaseStmt || sk == CXCursor_DefaultStmt) {
            char label[48];
            struct kids ck;
            kids_of(st, &ck);
            int64_t v;
            if (sk == CXCursor_DefaultStmt)
                snprintf(label, sizeof label, "P%u_default", line);
            else if (ck.n >= 2 && eval_int(ck.v[0], &v))
                snprintf(label, sizeof label, "P%u_%lld", line, (long long)v);
            else
                snprintf(label, sizeof label, "P%u_case%zu", line, narms);
            if (!open) {
                ALLOC_GROW(arms, narms + 1, alloc);
                memset(&arms[narms], 0, sizeof arms[narms]);
                strlist_init(&arms[narms].labels);
                narms++;
                open = true;
            }
            strlist_add(&arms[narms - 1].labels, label);
            if (group.len)
                strbuf_addch(&group, ',');
            strbuf_addstr(&group, label);
            size_t min_kids = sk == CXCursor_CaseStmt ? 2 : 1;
            bool has_sub = ck.n >= min_kids;
            if (has_sub)
                st = ck.v[ck.n - 1];
            free(ck.v);
            if (!has_sub) {
                sk = CXCursor_NullStmt;
                break;
            }
            sk = clang_getCursorKind(st);
        }
        if (sk == CXCursor_NullStmt && clang_getCursorKind(st) != CXCursor_NullStmt)
            continue;
        if (narms) {
            struct arm *arm = &arms[narms - 1];
            ALLOC_GROW(arm->stmts, arm->nstmts + 1, arm->stmtalloc);
            arm->stmts[arm->nstmts++] = st;
        }
        open = false;
    }
    /* Bound labels weigh what they are bound to; the others share what
     * is left equally. Each arm is walked straight into c at its weight. */
    double bound_sum = 0;
    size_t nunbound = 0;
    for (size_t i = 0; i < narms; i++)
        for (size_t j = 0; j < arms[i].labels.n; j++) {
            const struct an_binding *b = find_prob(f, arms[i].labels.v[j]);
            if (b)
                bound_sum += b->value;
            else
                nunbound++;
        }
    double share = nunbound && bound_sum < 1 ? (1 - bound_sum) / (double)nunbound : 0;
    /* An arm that does not end in a jump falls through: the next arm's
     * statements also run when the switch went to this one. */
    double carry = 0;
    for (size_t i = 0; i < narms; i++) {
        double wi = carry;
        for (size_t j = 0; j < arms[i].labels.n; j++) {
            const struct an_binding *b = find_prob(f, arms[i].labels.v[j]);
            wi += b ? b->value : share;
        }
        struct rat saved = push_scale(c, prob_rat(wi));
        for (size_t j = 0; j < arms[i].nstmts; j++)
            walk_stmt(f, arms[i].stmts[j], flags, c);
        c->scale = saved;
        bool jumps = arms[i].nstmts && ends_in_jump(arms[i].stmts[arms[i].nstmts - 1]);
        carry = jumps ? 0 : wi;
        for (size_t j = 0; j < arms[i].nstmts && !jumps && i + 1 < narms; j++)
            if (loop_exit(arms[i].stmts[j])) {
                char *msg = xasprintf("switch of line %u: the arm of %s leaves on some paths and "
                                      "falls through on others; counted as falling through",
                                      line, arms[i].labels.v[0]);
                note_at(f, arms[i].stmts[j], msg);
                free(msg);
                break;
            }
    }
    /* The labels' symbols are noted after what the arms noted; the group
     * keeps them, for the binder's shares. */
    int *gsyms = NULL;
    size_t ng = 0, galloc = 0;
    for (size_t i = 0; i < narms; i++) {
        for (size_t j = 0; j < arms[i].labels.n; j++) {
            prob_binding(f, arms[i].labels.v[j]);
            ALLOC_GROW(gsyms, ng + 1, galloc);
            gsyms[ng++] = an_sym_get(f->s, SYM_PROB, arms[i].labels.v[j], arms[i].labels.v[j]);
        }
        strlist_release(&arms[i].labels);
        free(arms[i].stmts);
    }
    if (group.len) {
        an_result_note(f->s, f->r, &f->r->switches, group.buf);
        an_name_set_group(f->s, an_name_id(f->s, group.buf), gsyms, ng);
    }
    free(gsyms);
    strbuf_release(&group);
    free(arms);
    free(body.v);
    free(k.v);
}

/* The parts of a for statement, any of which may be missing. */
struct for_parts {
    bool has_init, has_cond, has_inc;
    CXCursor init, cond, inc, body;
};

static bool for_parts(struct frame *f, CXCursor s, struct for_parts *p)
{
    struct kids k;
    kids_of(s, &k);
    memset(p, 0, sizeof *p);
    if (k.n == 0) {
        free(k.v);
        return false;
    }
    p->body = k.v[k.n - 1];
    if (k.n == 4) {
        p->init = k.v[0];
        p->cond = k.v[1];
        p->inc = k.v[2];
        p->has_init = p->has_cond = p->has_inc = true;
        free(k.v);
        return true;
    }
    /* Fewer children: place each by the semicolons of the header. */
    (void)f;
    CXTranslationUnit tu = clang_Cursor_getTranslationUnit(s); /* maybe omp.c's twin */
    CXSourceRange header = clang_getRange(clang_getRangeStart(clang_getCursorExtent(s)),
                                          clang_getRangeStart(clang_getCursorExtent(p->body)));
    CXToken *toks = NULL;
    unsigned ntoks = 0;
    clang_tokenize(tu, header, &toks, &ntoks);
    unsigned semi[2] = {UINT_MAX, UINT_MAX}, nsemi = 0;
    int depth = 0;
    for (unsigned i = 0; i < ntoks && nsemi < 2; i++) {
        CXString sp = clang_getTokenSpelling(tu, toks[i]);
        const char *t = clang_getCString(sp);
        if (!strcmp(t, "("))
            depth++;
        else if (!strcmp(t, ")"))
            depth--;
        else if (!strcmp(t, ";") && depth == 1) {
            unsigned off;
            clang_getFileLocation(clang_getTokenLocation(tu, toks[i]), NULL, NULL, NULL, &off);
            semi[nsemi++] = off;
        }
        clang_disposeString(sp);
    }
    clang_disposeTokens(tu, toks, ntoks);
    bool ok = nsemi == 2;
    for (size_t i = 0; ok && i + 1 < k.n; i++) {
        unsigned off;
        clang_getFileLocation(clang_getRangeStart(clang_getCursorExtent(k.v[i])), NULL, NULL, NULL,
                              &off);
        if (off < semi[0]) {
            p->init = k.v[i];
            p->has_init = true;
        } else if (off < semi[1]) {
            p->cond = k.v[i];
            p->has_cond = true;
        } else {
            p->inc = k.v[i];
            p->has_inc = true;
        }
    }
    free(k.v);
    return ok;
}

struct scan {
    CXCursor var;
    bool nested; /* inside an inner loop or switch: its breaks are its own */
    bool modified;
    bool early_exit;
    const char *how;
};

static bool refers_to(CXCursor e, CXCursor var)
{
    e = strip(e);
    return clang_getCursorKind(e) == CXCursor_DeclRefExpr &&
           same(clang_getCursorReferenced(e), var);
}

static enum CXChildVisitResult scan_modifies(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    struct scan *sc = data;
    enum CXCursorKind k = clang_getCursorKind(c);
    struct kids kd;
    if (k == CXCursor_BinaryOperator || k == CXCursor_CompoundAssignOperator) {
        if (k == CXCursor_CompoundAssignOperator ||
            clang_getCursorBinaryOperatorKind(c) == CXBinaryOperator_Assign) {
            kids_of(c, &kd);
            if (kd.n == 2 && refers_to(kd.v[0], sc->var))
                sc->modified = true;
            free(kd.v);
        }
    } else if (k == CXCursor_UnaryOperator) {
        enum CXUnaryOperatorKind u = clang_getCursorUnaryOperatorKind(c);
        CXCursor x;
        if ((u == CXUnaryOperator_PostInc || u == CXUnaryOperator_PostDec ||
             u == CXUnaryOperator_PreInc || u == CXUnaryOperator_PreDec ||
             u == CXUnaryOperator_AddrOf) &&
            expr_child(c, &x) && refers_to(x, sc->var))
            sc->modified = true;
    }
    return sc->modified ? CXChildVisit_Break : CXChildVisit_Recurse;
}

/* Looks for break (outside inner loops and switches), return and goto. */
static enum CXChildVisitResult scan_exits(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    struct scan *sc = data;
    switch (clang_getCursorKind(c)) {
    case CXCursor_ForStmt:
    case CXCursor_WhileStmt:
    case CXCursor_DoStmt:
    case CXCursor_SwitchStmt: {
        /* A break inside belongs to them; returns and gotos still leave. */
        struct scan inner = *sc;
        inner.nested = true;
        clang_visitChildren(c, scan_exits, &inner);
        if (inner.early_exit && inner.how && strcmp(inner.how, "break")) {
            sc->early_exit = true;
            sc->how = inner.how;
        }
        return CXChildVisit_Continue;
    }
    case CXCursor_BreakStmt:
        if (!sc->nested) {
            sc->early_exit = true;
            sc->how = "break";
        }
        return CXChildVisit_Continue;
    case CXCursor_ReturnStmt:
        sc->early_exit = true;
        sc->how = "return";
        return CXChildVisit_Break;
    case CXCursor_GotoStmt:
        sc->early_exit = true;
        sc->how = "goto";
        return CXChildVisit_Break;
    default:
        return CXChildVisit_Recurse;
    }
}

static const char *loop_exit(CXCursor body)
{
    struct scan sc;
    memset(&sc, 0, sizeof sc);
    if (clang_getCursorKind(body) == CXCursor_BreakStmt)
        return "break";
    clang_visitChildren(body, scan_exits, &sc);
    return sc.early_exit ? sc.how : NULL;
}

/* ---- C's integer semantics in loop headers (C11 6.3.1.1, 6.3.1.3, 6.3.1.8) ---- */

typedef __int128 i128;

/* An integer type as arithmetic sees it: width and signedness. */
struct itype {
    unsigned bits;
    bool sgn;
};

static bool itype_of(CXType t, struct itype *it)
{
    CXType c = canon(t);
    if (c.kind == CXType_Enum)
        c = canon(clang_getEnumDeclIntegerType(clang_getTypeDeclaration(c)));
    switch (c.kind) {
    case CXType_Char_S:
    case CXType_SChar:
    case CXType_Short:
    case CXType_Int:
    case CXType_Long:
    case CXType_LongLong:
        it->sgn = true;
        break;
    case CXType_Char_U:
    case CXType_UChar:
    case CXType_UShort:
    case CXType_UInt:
    case CXType_ULong:
    case CXType_ULongLong:
    case CXType_Char16:
    case CXType_Char32:
        it->sgn = false;
        break;
    default: /* _Bool (which never wraps), wchar_t, __int128: not modelled */
        return false;
    }
    long long size = clang_Type_getSizeOf(c);
    if (size <= 0 || size > 8)
        return false;
    it->bits = (unsigned)size * 8;
    return true;
}

static i128 itype_min(struct itype t)
{
    return t.sgn ? -((i128)1 << (t.bits - 1)) : 0;
}

static i128 itype_max(struct itype t)
{
    return t.sgn ? ((i128)1 << (t.bits - 1)) - 1 : ((i128)1 << t.bits) - 1;
}

/* x converted to t: modulo 2^bits, as C does for unsigned types and gcc
 * and clang do for signed ones (implementation-defined). */
static i128 itype_wrap(struct itype t, i128 x)
{
    i128 m = (i128)1 << t.bits, r = x % m;
    if (r < 0)
        r += m;
    if (t.sgn && r > itype_max(t))
        r -= m;
    return r;
}

static struct itype itype_promote(struct itype t)
{
    return t.bits < 32 ? (struct itype){32, true} : t; /* every narrower value fits int */
}

/* The usual arithmetic conversions of two integer operands. */
static struct itype itype_common(struct itype a, struct itype b)
{
    a = itype_promote(a);
    b = itype_promote(b);
    if (a.sgn == b.sgn)
        return a.bits >= b.bits ? a : b;
    struct itype u = a.sgn ? b : a, sg = a.sgn ? a : b;
    return u.bits >= sg.bits ? u : sg;
}

bool an_int_type_range(CXType t, double *lo, double *hi, char *name, size_t namelen)
{
    struct itype it;
    if (!itype_of(t, &it))
        return false;
    *lo = (double)itype_min(it);
    *hi = (double)itype_max(it);
    CXString a = clang_getTypeSpelling(t), b = clang_getTypeSpelling(canon(t));
    if (strcmp(clang_getCString(a), clang_getCString(b)))
        snprintf(name, namelen, "%s (%s)", clang_getCString(a), clang_getCString(b));
    else
        snprintf(name, namelen, "%s", clang_getCString(a));
    clang_disposeString(a);
    clang_disposeString(b);
    return true;
}

/* An integer constant expression's value, signed or unsigned, as C has it
 * (casts included). */
static bool eval_i128(CXCursor e, i128 *v)
{
    CXEvalResult r = clang_Cursor_Evaluate(e);
    if (!r)
        return false;
    bool ok = clang_EvalResult_getKind(r) == CXEval_Int;
    if (ok)
        *v = clang_EvalResult_isUnsignedInt(r) ? (i128)clang_EvalResult_getAsUnsigned(r)
                                               : (i128)clang_EvalResult_getAsLongLong(r);
    clang_EvalResult_dispose(r);
    return ok;
}

/* The values x of i's type t for which `(k)x op b` holds: at most four
 * intervals, sorted and merged (a signed i compared as unsigned splits
 * into its negative and non-negative values). */
struct iset {
    i128 lo[4], hi[4];
    int n;
};

static void iset_add(struct iset *s, i128 lo, i128 hi)
{
    if (lo > hi || s->n == 4)
        return;
    s->lo[s->n] = lo;
    s->hi[s->n++] = hi;
}

static void cond_set(struct itype t, struct itype k, enum CXBinaryOperatorKind op, i128 b,
                     struct iset *out)
{
    struct iset raw = {{0}, {0}, 0};
    for (int part = 0; part < 2; part++) {
        if (part == 0 && !t.sgn)
            continue;
        i128 lo = part == 0 ? itype_min(t) : 0, hi = part == 0 ? -1 : itype_max(t);
        /* a negative x compared as unsigned is x + 2^bits */
        i128 c = b - (part == 0 && !k.sgn ? (i128)1 << k.bits : 0);
        switch (op) {
        case CXBinaryOperator_LT:
            iset_add(&raw, lo, hi < c - 1 ? hi : c - 1);
            break;
        case CXBinaryOperator_LE:
            iset_add(&raw, lo, hi < c ? hi : c);
            break;
        case CXBinaryOperator_GT:
            iset_add(&raw, lo > c + 1 ? lo : c + 1, hi);
            break;
        case CXBinaryOperator_GE:
            iset_add(&raw, lo > c ? lo : c, hi);
            break;
        default: /* != */
            iset_add(&raw, lo, hi < c - 1 ? hi : c - 1);
            iset_add(&raw, lo > c + 1 ? lo : c + 1, hi);
            break;
        }
    }
    out->n = 0;
    for (int m = 0; m < raw.n; m++) { /* raw is already in order: negatives first */
        if (out->n && raw.lo[m] <= out->hi[out->n - 1] + 1) {
            if (raw.hi[m] > out->hi[out->n - 1])
                out->hi[out->n - 1] = raw.hi[m];
        } else {
            iset_add(out, raw.lo[m], raw.hi[m]);
        }
    }
}

static int iset_find(const struct iset *s, i128 x)
{
    for (int j = 0; j < s->n; j++)
        if (x >= s->lo[j] && x <= s->hi[j])
            return j;
    return -1;
}

enum loop_end {
    LOOP_ENDS,     /* after *trips iterations */
    LOOP_NEVER,    /* the condition never becomes false */
    LOOP_OVERFLOW, /* a signed step overflows first: undefined behavior */
    LOOP_UNKNOWN,  /* wraps around too often to follow */
};

/* Inverse of an odd a modulo 2^64 (Newton's iteration). */
static uint64_t inverse_odd(uint64_t a)
{
    uint64_t x = a;
    for (int i = 0; i < 6; i++)
        x *= 2 - a * x;
    return x;
}

/* i != b where i wraps (unsigned arithmetic): the first k with
 * x + k*d == t modulo 2^bits, when there is one. */
static enum loop_end solve_wrapping_ne(struct itype t, const struct iset *cs, i128 x, i128 d,
                                       unsigned __int128 *trips)
{
    /* the one value of t's range outside the condition's set */
    i128 miss;
    *trips = 0;
    if (cs->n == 2 && cs->hi[0] + 2 == cs->lo[1])
        miss = cs->hi[0] + 1;
    else if (cs->n == 1 && cs->lo[0] == itype_min(t) + 1)
        miss = itype_min(t);
    else if (cs->n == 1 && cs->hi[0] == itype_max(t) - 1)
        miss = itype_max(t);
    else
        return LOOP_UNKNOWN;
    uint64_t mask = t.bits == 64 ? UINT64_MAX : ((uint64_t)1 << t.bits) - 1;
    uint64_t D = (uint64_t)itype_wrap((struct itype){t.bits, false}, d) & mask;
    uint64_t R = (uint64_t)itype_wrap((struct itype){t.bits, false}, miss - x) & mask;
    if (D == 0)
        return R == 0 ? LOOP_ENDS : LOOP_NEVER; /* R == 0: x is the missing value */
    int z = __builtin_ctzll(D);
    if (R & (((uint64_t)1 << z) - 1))
        return LOOP_NEVER;    /* the steps skip it forever */
    uint64_t m = (mask >> z); /* modulo 2^(bits - z) */
    *trips = ((R >> z) * inverse_odd(D >> z)) & m;
    return LOOP_ENDS;
}

/* Runs `for (i = x; (k)i op b; i = (t)(i + c))` as C does, without
 * iterating one by one: i climbs (or falls) through the condition's
 * intervals and wraps at the ends of its type; c is the step's value in
 * the type s it is added in. */
static enum loop_end run_loop(struct itype t, struct itype s, const struct iset *cs, i128 x, i128 c,
                              unsigned __int128 *trips)
{
    *trips = 0;
    if (cs->n == 1 && cs->lo[0] == itype_min(t) && cs->hi[0] == itype_max(t))
        return LOOP_NEVER;
    /* the step in t's ring: a signed s adds c itself, an unsigned one wraps */
    i128 d = s.sgn ? c : itype_wrap((struct itype){t.bits, true}, c);
    if (itype_wrap(t, d) == 0)
        return iset_find(cs, x) < 0 ? LOOP_ENDS : LOOP_NEVER;
    i128 starts[64];
    int nstarts = 0;
    unsigned __int128 total = 0;
    for (int guard = 0; guard < 1024; guard++) {
        int j = iset_find(cs, x);
        if (j < 0) {
            *trips = total;
            return LOOP_ENDS;
        }
        /* the steps that stay in interval j */
        i128 k = d > 0 ? (cs->hi[j] - x) / d + 1 : (x - cs->lo[j]) / -d + 1;
        i128 y = x + k * d;
        if (y >= itype_min(t) && y <= itype_max(t)) {
            total += (unsigned __int128)k;
            x = y;
            continue;
        }
        i128 last = x + (k - 1) * d;
        if (s.sgn && (last + c < itype_min(s) || last + c > itype_max(s))) {
            *trips = total + (unsigned __int128)k;
            return LOOP_OVERFLOW;
        }
        total += (unsigned __int128)k;
        x = itype_wrap(t, last + d);
        for (int m = 0; m < nstarts; m++)
            if (starts[m] == x)
                return LOOP_NEVER; /* back where it was: round and round */
        if (nstarts == 64)
            break;
        starts[nstarts++] = x;
    }
    if (!s.sgn) {
        unsigned __int128 k = 0;
        enum loop_end e = solve_wrapping_ne(t, cs, x, d, &k);
        if (e == LOOP_ENDS)
            *trips = total + k;
        return e;
    }
    return LOOP_UNKNOWN;
}

/* A cursor's source text, tokens joined by spaces ("c < 200", "i += 2u"),
 * with var's type after its first mention ("c (signed char) < 200"). */
static void cursor_text(struct frame *f, CXCursor c, CXCursor var, struct strbuf *out)
{
    CXTranslationUnit tu = f->s->tu;
    CXToken *toks = NULL;
    unsigned ntoks = 0;
    clang_tokenize(tu, clang_getCursorExtent(c), &toks, &ntoks);
    char *vname = clang_Cursor_isNull(var) ? NULL : an_cursor_spelling(var);
    char prev[8] = "";
    for (unsigned i = 0; i < ntoks && out->len < 200; i++) {
        CXString sp = clang_getTokenSpelling(tu, toks[i]);
        const char *t = clang_getCString(sp);
        bool tight = !strcmp(t, "++") || !strcmp(t, "--") || !strcmp(t, ")") || !strcmp(t, "]") ||
                     !strcmp(t, ",") || !strcmp(prev, "++") || !strcmp(prev, "--") ||
                     !strcmp(prev, "(") || !strcmp(prev, "[");
        if (i > 0 && !tight)
            strbuf_addch(out, ' ');
        strbuf_addstr(out, t);
        if (vname && !strcmp(t, vname)) {
            CXType vt = clang_getCursorType(var);
            CXString a = clang_getTypeSpelling(vt), b = clang_getTypeSpelling(canon(vt));
            if (strcmp(clang_getCString(a), clang_getCString(b)))
                strbuf_addf(out, " (%s = %s)", clang_getCString(a), clang_getCString(b));
            else
                strbuf_addf(out, " (%s)", clang_getCString(a));
            clang_disposeString(a);
            clang_disposeString(b);
            free(vname);
            vname = NULL;
        }
        snprintf(prev, sizeof prev, "%s", t);
        clang_disposeString(sp);
    }
    free(vname);
    clang_disposeTokens(tu, toks, ntoks);
}

/* Recognises `for (i = A; i op B; i += C)` (counting-model.md, "Loops"). */
struct counted {
    CXCursor var;
    struct poly A, B;
    int64_t C;
    enum CXBinaryOperatorKind cmp;
    CXCursor init_expr; /* A as written */
    CXCursor bound;     /* B as the comparison has it (converted) */
    CXCursor cond, inc;
    struct itype step_type; /* the type i + C is computed in (bits 0: unknown) */
    char *never;            /* trip_count: why the loop cannot end, when it cannot */
    struct poly X;          /* trip_count: T = ceil(X / div) where the loop runs */
    int64_t div;
    /* Inside a loop whose first (or last) clamp iterations it does not
     * run in: they are taken out after that loop (clamp_close). */
    int64_t clamp, clamp_ranges; /* ... and clamp_ranges iterations it runs 0 times in */
    bool clamp_at_end;
};

static bool init_var(struct frame *f, CXCursor init, CXCursor *var, struct poly *A, CXCursor *expr)
{
    struct kids k;
    bool ok = false;
    if (clang_getCursorKind(init) == CXCursor_DeclStmt) {
        kids_of(init, &k);
        CXCursor v = k.n == 1 ? clang_Cursor_getVarDeclInitializer(k.v[0]) : clang_getNullCursor();
        if (k.n == 1 && clang_getCursorKind(k.v[0]) == CXCursor_VarDecl &&
            type_is_integer(clang_getCursorType(k.v[0])) && !clang_Cursor_isNull(v)) {
            *var = k.v[0];
            *expr = v;
            ok = expr_to_poly(f, v, A);
        }
        free(k.v);
        return ok;
    }
    init = strip(init);
    if (clang_getCursorKind(init) == CXCursor_BinaryOperator &&
        clang_getCursorBinaryOperatorKind(init) == CXBinaryOperator_Assign) {
        kids_of(init, &k);
        if (k.n == 2 && clang_getCursorKind(strip(k.v[0])) == CXCursor_DeclRefExpr) {
            CXCursor d = clang_getCursorReferenced(strip(k.v[0]));
            if (is_var(d) && type_is_integer(clang_getCursorType(d))) {
                *var = d;
                *expr = k.v[1];
                ok = expr_to_poly(f, k.v[1], A);
            }
        }
        free(k.v);
    }
    return ok;
}

/* The step C of i's increment, and the type i + C is computed in (*st,
 * bits 0 when it cannot be told). */
static bool step_of(CXCursor inc, CXCursor var, int64_t *C, struct itype *st)
{
    inc = strip(inc);
    enum CXCursorKind k = clang_getCursorKind(inc);
    CXCursor x;
    struct kids kd;
    bool ok = false;
    struct itype vt, ot;
    bool typed = itype_of(clang_getCursorType(var), &vt);
    st->bits = 0;
    if (k == CXCursor_UnaryOperator && expr_child(inc, &x) && refers_to(x, var)) {
        if (typed) /* ++i is i += 1: the constant 1 is an int */
            *st = itype_common(vt, (struct itype){32, true});
        switch (clang_getCursorUnaryOperatorKind(inc)) {
        case CXUnaryOperator_PostInc:
        case CXUnaryOperator_PreInc:
            *C = 1;
            return true;
        case CXUnaryOperator_PostDec:
        case CXUnaryOperator_PreDec:
            *C = -1;
            return true;
        default:
            return false;
        }
    }
    if (k != CXCursor_CompoundAssignOperator && k != CXCursor_BinaryOperator)
        return false;
    enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(inc);
    kids_of(inc, &kd);
    if (kd.n == 2 && refers_to(kd.v[0], var)) {
        int64_t v;
        if ((op == CXBinaryOperator_AddAssign || op == CXBinaryOperator_SubAssign) &&
            is_ice(strip(kd.v[1])) && eval_int(kd.v[1], &v) && v != INT64_MIN) {
            *C = op == CXBinaryOperator_AddAssign ? v : -v;
            if (typed && itype_of(clang_getCursorType(kd.v[1]), &ot))
                *st = itype_common(vt, ot);
            ok = true;
        } else if (op == CXBinaryOperator_Assign) {
            CXCursor r = strip(kd.v[1]);
            struct kids rk;
            if (clang_getCursorKind(r) == CXCursor_BinaryOperator) {
                enum CXBinaryOperatorKind rop = clang_getCursorBinaryOperatorKind(r);
                kids_of(r, &rk);
                if (rk.n == 2 && (rop == CXBinaryOperator_Add || rop == CXBinaryOperator_Sub)) {
                    if (refers_to(rk.v[0], var) && is_ice(strip(rk.v[1])) &&
                        eval_int(rk.v[1], &v) && v != INT64_MIN) {
                        *C = rop == CXBinaryOperator_Add ? v : -v;
                        ok = true;
                    } else if (rop == CXBinaryOperator_Add && refers_to(rk.v[1], var) &&
                               is_ice(strip(rk.v[0])) && eval_int(rk.v[0], &v)) {
                        *C = v;
                        ok = true;
                    }
                    if (ok && typed) /* the sum's own type */
                        itype_of(clang_getCursorType(r), st);
                }
                free(rk.v);
            }
        }
    }
    free(kd.v);
    return ok && *C != 0;
}

static bool recognise(struct frame *f, const struct for_parts *p, struct counted *L)
{
    if (!p->has_init || !p->has_cond || !p->has_inc)
        return false;
    if (!init_var(f, p->init, &L->var, &L->A, &L->init_expr))
        return false;
    if (in_list(f->addr_taken, f->naddr, L->var) ||
        clang_isVolatileQualifiedType(clang_getCursorType(L->var)) || global_storage(L->var))
        return false;
    CXCursor cond = strip(p->cond);
    if (clang_getCursorKind(cond) != CXCursor_BinaryOperator)
        return false;
    enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(cond);
    if (op < CXBinaryOperator_LT || op > CXBinaryOperator_NE || op == CXBinaryOperator_EQ)
        return false;
    L->cond = cond;
    L->inc = p->inc;
    struct kids k;
    kids_of(cond, &k);
    bool ok = k.n == 2;
    if (ok) {
        if (refers_to(k.v[0], L->var)) {
            ok = expr_to_poly(f, k.v[1], &L->B);
            L->bound = k.v[1];
        } else if (refers_to(k.v[1], L->var)) {
            ok = expr_to_poly(f, k.v[0], &L->B);
            L->bound = k.v[0];
            static const enum CXBinaryOperatorKind flip[] = {
                [CXBinaryOperator_LT] = CXBinaryOperator_GT,
                [CXBinaryOperator_GT] = CXBinaryOperator_LT,
                [CXBinaryOperator_LE] = CXBinaryOperator_GE,
                [CXBinaryOperator_GE] = CXBinaryOperator_LE,
                [CXBinaryOperator_NE] = CXBinaryOperator_NE,
            };
            op = flip[op];
        } else {
            ok = false;
        }
    }
    free(k.v);
    L->cmp = op;
    if (!ok || !step_of(p->inc, L->var, &L->C, &L->step_type))
        return false;
    struct scan sc;
    memset(&sc, 0, sizeof sc);
    sc.var = L->var;
    clang_visitChildren(p->body, scan_modifies, &sc);
    if (clang_getCursorKind(p->body) != CXCursor_CompoundStmt)
        scan_modifies(p->body, p->body, &sc);
    return !sc.modified;
}

/* A constant of the loop header as C has it: an integer constant
 * expression evaluated with its casts, else the polynomial's value. */
static bool header_const(CXCursor e, const struct poly *p, i128 *v)
{
    struct rat c;
    if (!poly_is_const(p, &c))
        return false;
    if (is_ice(strip(e)) && eval_i128(e, v))
        return true; /* 1ULL << 63 or LONG_MIN too, which no exact rational holds */
    if (c.d != 1)
        return false;
    *v = c.n;
    return true;
}

/* The types of the loop's arithmetic: i's own (t), the comparison's (k),
 * the step's (s). */
static bool loop_types(const struct counted *L, struct itype *t, struct itype *k, struct itype *s)
{
    if (!itype_of(clang_getCursorType(L->var), t) || L->step_type.bits == 0)
        return false;
    struct kids kd;
    kids_of(L->cond, &kd);
    bool ok = kd.n == 2 && itype_of(clang_getCursorType(kd.v[0]), k);
    free(kd.v);
    *s = L->step_type;
    return ok;
}

static char *never_reason(struct frame *f, const struct counted *L, unsigned line, enum loop_end e)
{
    struct strbuf cond = STRBUF_INIT, inc = STRBUF_INIT;
    cursor_text(f, L->cond, L->var, &cond);
    cursor_text(f, L->inc, clang_getNullCursor(), &inc);
    char *msg = e == LOOP_OVERFLOW
                    ? xasprintf("line %u: %s overflows its signed type before %s becomes false "
                                "(undefined behavior): no trip count",
                                line, inc.buf, cond.buf)
                    : xasprintf("line %u: loop condition can never become false: %s (with %s)",
                                line, cond.buf, inc.buf);
    strbuf_release(&cond);
    strbuf_release(&inc);
    return msg;
}

/* The trip count of a loop with constant bounds, as C runs it: in i's
 * type, compared in the type the usual arithmetic conversions give,
 * wrapping where C wraps. 1: counted; 0: not modelled (the formula
 * applies); -1: the loop has no trip count (L->never says why). */
static int typed_trips(struct frame *f, struct counted *L, struct poly *T, unsigned line)
{
    struct itype t, k, st;
    i128 b, a;
    if (!loop_types(L, &t, &k, &st) || !header_const(L->bound, &L->B, &b))
        return 0;
    struct iset cs;
    cond_set(t, k, L->cmp, itype_wrap(k, b), &cs);
    bool start_known = header_const(L->init_expr, &L->A, &a);
    unsigned __int128 trips = 0;
    enum loop_end e;
    if (start_known)
        e = run_loop(t, st, &cs, itype_wrap(t, a), itype_wrap(st, L->C), &trips);
    else /* whatever the start, a condition that holds for every value never fails */
        e = cs.n == 1 && cs.lo[0] == itype_min(t) && cs.hi[0] == itype_max(t) ? LOOP_NEVER
                                                                              : LOOP_UNKNOWN;
    switch (e) {
    case LOOP_ENDS:
        if (trips <= (unsigned __int128)INT64_MAX)
            poly_set_int(T, (int64_t)trips);
        else
            poly_set_const(T, rat_approx((double)trips));
        return 1;
    case LOOP_NEVER:
    case LOOP_OVERFLOW:
        L->never = never_reason(f, L, line, e);
        return -1;
    default:
        return 0;
    }
}

static bool has_ind_vars(struct frame *f, const struct poly *p)
{
    for (size_t i = 0; i < p->n; i++)
        for (int j = 0; j < p->t[i].nv; j++)
            if (an_sym(f->s, p->t[i].var[j])->kind == SYM_IND)
                return true;
    return false;
}

/* ---- guards: where trip-count formulas hold (internal.h) ---- */

static void guard_release(struct an_guard *g)
{
    poly_release(&g->x);
    for (int i = 0; i < g->npre; i++)
        poly_release(&g->pre[i]);
    g->npre = 0;
}

static uint64_t guard_hash(const struct an_guard *g)
{
    uint64_t h = poly_hash(0x9E3779B97F4A7C15ULL, &g->x);
    for (int i = 0; i < g->npre; i++)
        h = poly_hash(mix(h, 0x5BD1E995), &g->pre[i]);
    h = mix(h, (uint64_t)g->div);
    return mix(h, ((uint64_t)(unsigned)g->what << 8) | g->kind);
}

/* Keeps g in r (taking its polynomials) unless r has it already. */
static void guard_keep(struct an_result *r, struct an_guard *g)
{
    if (!r->seen.nslots)
        reseen(r);
    if (!intmap_put(&r->seen, (guard_hash(g) << 3) | 7, 1)) {
        guard_release(g);
        return;
    }
    ALLOC_GROW(r->guards, r->nguards + 1, r->guardalloc);
    r->guards[r->nguards++] = *g;
}

static void guards_shrink(struct an_session *s, struct an_result *r)
{
    if (r->guardalloc > r->nguards) {
        r->guards = r->nguards ? xrealloc(r->guards, r->nguards * sizeof *r->guards)
                               : (free(r->guards), NULL);
        r->guardalloc = r->nguards;
    }
    for (size_t i = 0; i < r->nguards; i++) {
        poly_shrink(&r->guards[i].x);
        intern_poly(s, &r->guards[i].x);
        for (int j = 0; j < r->guards[i].npre; j++) {
            poly_shrink(&r->guards[i].pre[j]);
            intern_poly(s, &r->guards[i].pre[j]);
        }
    }
}

enum { GUARD_UNKNOWN = -1 }; /* guard_add: x is least inside a range, or cannot be followed */

/* Adds the guard proto with x (in this frame's symbols) to f's result:
 * the induction variables of the loops around (f->inds[0 .. depth)) are
 * replaced, innermost first, by the end of their range where x is least
 * (a coefficient whose sign is not known becomes a guard of its own), and
 * each such loop's running becomes a precondition. Returns 1 when x comes
 * out a constant for which the guard fails, GUARD_UNKNOWN when x is not
 * least at an end, else 0; record false only asks. */
static int guard_add(struct frame *f, const struct poly *x, const struct an_guard *proto,
                     size_t depth, bool record)
{
    const int kvar = INT_MAX - 3; /* steps taken from one end of the range */
    size_t at = depth;
    while (at > 0 && !poly_has_var(x, f->inds[at - 1].sym))
        at--;
    if (at == 0) {
        struct rat c;
        /* a precondition known to hold is dropped, one known to fail drops the guard */
        for (int i = 0; i < proto->npre; i++)
            if (poly_is_const(&proto->pre[i], &c) && rat_value(c) < 1)
                return 0;
        int verdict = poly_is_const(x, &c) && an_guard_fails(proto, c);
        if (record && (verdict > 0 || !poly_is_const(x, NULL))) {
            struct an_guard g = *proto; /* its polynomials its own, below */
            poly_init(&g.x);
            poly_copy(&g.x, x);
            g.npre = 0;
            for (int i = 0; i < proto->npre; i++) {
                if (poly_is_const(&proto->pre[i], NULL))
                    continue;
                poly_init(&g.pre[g.npre]);
                poly_copy(&g.pre[g.npre++], &proto->pre[i]);
            }
            guard_keep(f->r, &g);
        }
        return verdict;
    }
    const struct ind *e = &f->inds[at - 1];
    if (!e->A || !e->T)
        return GUARD_UNKNOWN;
    struct rat tc;
    if (poly_is_const(e->T, &tc) && rat_value(tc) < 1)
        return 0; /* that loop never runs: nothing in it does */
    struct poly sub, xs, coef, g0;
    poly_init(&sub);
    poly_init(&xs);
    poly_init(&coef);
    poly_init(&g0);
    struct poly_term kt;
    memset(&kt, 0, sizeof kt);
    kt.nv = 1;
    kt.var[0] = kvar;
    kt.exp[0] = 1;
    bool ok = false;
    for (int from_end = 0; from_end < 2 && !ok; from_end++) {
        /* var = A + C*k from the start, A + C*(T - 1) - C*k from the end */
        poly_copy(&sub, e->A);
        if (from_end) {
            struct poly last;
            poly_init(&last);
            poly_copy(&last, e->T);
            poly_add_const(&last, rat_make(-1, 1));
            poly_add_scaled(&sub, &last, rat_make(e->C, 1));
            poly_release(&last);
        }
        struct poly single = {&kt, 1, 1};
        kt.c = rat_make(from_end ? -e->C : e->C, 1);
        poly_add(&sub, &single);
        poly_subst(&xs, x, e->sym, &sub);
        ok = true;
        for (int d = 1, deg = poly_degree_in(&xs, kvar); d <= deg && ok; d++) {
            struct rat c;
            poly_coeff(&coef, &xs, kvar, d);
            ok = !(poly_is_const(&coef, &c) && rat_value(c) < 0);
        }
    }
    int worst = GUARD_UNKNOWN;
    if (ok) {
        struct an_guard sub_proto = *proto;
        struct rat c;
        bool has_inner_ind = has_ind_vars(f, e->T);
        if (!(poly_is_const(e->T, &c) && rat_value(c) >= 1) && !has_inner_ind &&
            sub_proto.npre < AN_GUARD_PRE)
            sub_proto.pre[sub_proto.npre++] = *e->T; /* borrowed: guard_add copies */
        poly_coeff(&g0, &xs, kvar, 0);
        worst = guard_add(f, &g0, &sub_proto, at - 1, record);
        struct an_guard assume = sub_proto;
        assume.kind = AN_GUARD_ASSUME;
        assume.div = 0;
        for (int d = 1, deg = poly_degree_in(&xs, kvar); d <= deg && worst != GUARD_UNKNOWN; d++) {
            poly_coeff(&coef, &xs, kvar, d);
            if (poly_is_const(&coef, NULL))
                continue;
            int v = guard_add(f, &coef, &assume, at - 1, record);
            worst = v == GUARD_UNKNOWN ? v : v > worst ? v : worst;
        }
    }
    poly_release(&sub);
    poly_release(&xs);
    poly_release(&coef);
    poly_release(&g0);
    return worst;
}

/* The name of a loop in guards' reasons: "line 12 (stencil): i < n - 1". */
static int loop_what(struct frame *f, const struct counted *L, unsigned line)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "line %u (%s): ", line, f->fn_name);
    cursor_text(f, L->cond, clang_getNullCursor(), &sb);
    int id = an_name_id(f->s, sb.buf);
    strbuf_release(&sb);
    return id;
}

/* A callee's guards, in the caller's symbols. */
static void merge_guards(struct frame *f, const struct an_result *callee, const int *vars,
                         const struct poly *qs, size_t nv)
{
    struct poly x;
    poly_init(&x);
    for (size_t i = 0; i < callee->nguards; i++) {
        const struct an_guard *g = &callee->guards[i];
        struct an_guard proto = *g;
        for (int j = 0; j < g->npre; j++) {
            poly_init(&proto.pre[j]);
            subst_args(f, &proto.pre[j], &g->pre[j], vars, qs, nv);
        }
        subst_args(f, &x, &g->x, vars, qs, nv);
        guard_add(f, &x, &proto, f->ninds, true);
        for (int j = 0; j < g->npre; j++)
            poly_release(&proto.pre[j]);
    }
    poly_release(&x);
}

/* A strided loop's trip count ceil(def / div) is a symbol of its own: in
 * a caller, its definition takes the arguments too. */
static bool needs_subst(struct frame *f, const struct poly *p, const int *vars, size_t nv)
{
    if (poly_has_any_var(p, vars, nv))
        return true;
    for (size_t i = 0; i < p->n; i++)
        for (int j = 0; j < p->t[i].nv; j++) {
            const struct an_symbol *sym = an_sym(f->s, p->t[i].var[j]);
            if (sym->kind == SYM_CEIL && poly_has_any_var(&sym->def, vars, nv))
                return true;
        }
    return false;
}

static void subst_args(struct frame *f, struct poly *dst, const struct poly *src, const int *vars,
                       const struct poly *qs, size_t nv)
{
    enum { MAXCEIL = 8 };
    int all[64 + MAXCEIL];
    struct poly allq[64 + MAXCEIL];
    size_t nc = 0;
    if (nv > 64) {
        poly_subst_many(dst, src, vars, qs, nv);
        return;
    }
    for (size_t i = 0; i < src->n; i++)
        for (int j = 0; j < src->t[i].nv && nc < MAXCEIL; j++) {
            int var = src->t[i].var[j];
            const struct an_symbol *sym = an_sym(f->s, var);
            bool listed = false;
            for (size_t k = 0; k < nc; k++)
                listed |= all[nv + k] == var;
            if (listed || sym->kind != SYM_CEIL || !poly_has_any_var(&sym->def, vars, nv))
                continue;
            struct poly def;
            struct rat c;
            poly_init(&def);
            poly_subst_many(&def, &sym->def, vars, qs, nv);
            poly_init(&allq[nv + nc]);
            if (poly_is_const(&def, &c)) {
                c = rat_ceil_div(c, sym->div);
                poly_set_const(&allq[nv + nc], rat_value(c) < 0 ? rat_make(0, 1) : c);
            } else {
                poly_set_var(&allq[nv + nc], an_sym_ceil(f->s, &def, sym->div));
            }
            all[nv + nc++] = var;
            poly_release(&def);
        }
    if (!nc) {
        poly_subst_many(dst, src, vars, qs, nv);
        return;
    }
    for (size_t i = 0; i < nv; i++) {
        all[i] = vars[i];
        allq[i] = qs[i]; /* borrowed */
    }
    poly_subst_many(dst, src, all, allq, nv + nc);
    for (size_t k = 0; k < nc; k++)
        poly_release(&allq[nv + k]);
}

/* The values a counted loop's formulas hold for (guards, internal.h): its
 * trip count X not negative; the bound within reach of i's type; the start
 * and bound not negative when compared as unsigned. */
static void loop_guards(struct frame *f, struct counted *L, unsigned line)
{
    struct an_guard g;
    memset(&g, 0, sizeof g);
    g.what = -1;
    if (!poly_is_const(&L->X, NULL) && !L->clamp) { /* a clamped one is counted right */
        g.what = loop_what(f, L, line);
        g.kind = L->cmp == CXBinaryOperator_NE ? AN_GUARD_NE_TRIPS : AN_GUARD_TRIPS;
        g.div = L->div;
        guard_add(f, &L->X, &g, f->ninds, true);
    }
    struct itype t, k, st, bt;
    if (poly_is_const(&L->B, NULL) || !loop_types(L, &t, &k, &st))
        return;
    if (g.what < 0)
        g.what = loop_what(f, L, line);
    g.div = 0;
    struct poly x;
    poly_init(&x);
    CXCursor b = strip(L->bound);
    bool bt_known = itype_of(clang_getCursorType(b), &bt);
    bool lone = clang_getCursorKind(b) == CXCursor_DeclRefExpr;
    if (!k.sgn && !(lone && bt_known && !bt.sgn)) {
        g.kind = AN_GUARD_WRAPS; /* B as computed must not wrap around */
        guard_add(f, &L->B, &g, f->ninds, true);
    }
    if (t.sgn && !k.sgn && !poly_is_const(&L->A, NULL)) {
        g.kind = AN_GUARD_WRAPS;
        guard_add(f, &L->A, &g, f->ninds, true);
    }
    /* i must get past B without leaving its type: B + C - 1 <= max going
     * up (B + C <= max for <=), B - C + 1 >= min going down */
    bool up = L->C > 0;
    i128 step = up ? L->C : -(i128)L->C;
    bool incl = L->cmp == CXBinaryOperator_LE || L->cmp == CXBinaryOperator_GE;
    i128 limit = up ? itype_max(t) - step + 1 - incl : itype_min(t) + step - 1 + incl;
    bool safe = bt_known && (up ? itype_max(bt) <= limit : itype_min(bt) >= limit);
    if (!safe && limit > -(i128)INT64_MAX && limit < (i128)INT64_MAX) {
        g.kind = AN_GUARD_NEVER;
        poly_copy(&x, &L->B);
        poly_scale(&x, rat_make(up ? -1 : 1, 1));
        poly_add_const(&x, rat_make(up ? (int64_t)limit : -(int64_t)limit, 1));
        guard_add(f, &x, &g, f->ninds, true);
    }
    poly_release(&x);
}

/* A loop inside another, j < i - 1 inside i < n: its trip count X is
 * negative in the first (or last) iterations of the loop around, where it
 * does not run at all. When X is affine in that loop's variable v and is
 * least at a constant, the number m of those iterations is a constant:
 * the formula's sum over all of them is kept, and what it wrongly adds in
 * the m iterations is taken out after the loop around closes
 * (clamp_close). *never_runs: it runs in none of them. */
static bool clamp_plan(struct frame *f, struct counted *L, const struct poly *X, int64_t step,
                       const struct an_counts *c, bool *never_runs)
{
    if (step != 1 || f->ninds == 0)
        return false;
    const struct ind *e = &f->inds[f->ninds - 1];
    if (!e->A || !e->T || e->body != c || poly_degree_in(X, e->sym) != 1)
        return false; /* not straight in that loop's body (an arm is), or not affine */
    for (size_t i = 0; i + 1 < f->ninds; i++)
        if (poly_has_var(X, f->inds[i].sym))
            return false;
    struct poly a, sub, least;
    struct rat ak, g, tc;
    poly_init(&a);
    poly_init(&sub);
    poly_init(&least);
    poly_coeff(&a, X, e->sym, 1);
    bool ok = poly_is_const(&a, &ak) && ak.d == 1;
    int64_t s = 0;
    ok = ok && !__builtin_mul_overflow(ak.n, e->C, &s) && s != 0 && s != INT64_MIN;
    if (ok) {
        /* least at the first value of v (X grows) or the last */
        poly_copy(&sub, e->A);
        if (s < 0) {
            poly_copy(&least, e->T);
            poly_add_const(&least, rat_make(-1, 1));
            poly_add_scaled(&sub, &least, rat_make(e->C, 1));
        }
        poly_subst(&least, X, e->sym, &sub);
        ok = poly_is_const(&least, &g) && g.d == 1 && g.n < 0;
    }
    if (ok) {
        int64_t as = s < 0 ? -s : s;
        int64_t m = (int64_t)rat_value(rat_ceil_div(rat_make(-g.n, 1), as));
        if (poly_is_const(e->T, &tc) && rat_value(tc) <= (double)m) {
            *never_runs = true;
        } else {
            L->clamp = m;
            L->clamp_ranges = -g.n / as + 1;
            L->clamp_at_end = s < 0;
        }
    }
    poly_release(&a);
    poly_release(&sub);
    poly_release(&least);
    return ok;
}

/* Closes a loop planned by clamp_plan into c: the formula's sum, with the
 * ranges of its accesses taken over the iterations of the loop around
 * where it runs; and, for after that loop, the m iterations' wrong share
 * taken out (each runs the condition once and nothing else). Also a guard:
 * the loop around must have at least m iterations. */
static void clamp_close(struct frame *f, struct counted *L, int sym, struct an_counts *body,
                        struct an_counts *cond, const struct poly *T, struct an_counts *c)
{
    const struct ind *e = &f->inds[f->ninds - 1];
    struct rat C = rat_make(L->C, 1), Co = rat_make(e->C, 1);
    struct poly T1, one, first, last, tmp, m;
    poly_init(&T1);
    poly_init(&one);
    poly_init(&first);
    poly_init(&last);
    poly_init(&tmp);
    poly_init(&m);
    poly_copy(&T1, T);
    poly_add_const(&T1, rat_make(1, 1));
    poly_set_int(&one, 1);
    poly_set_int(&m, L->clamp);
    struct an_counts full, wrong, out;
    an_counts_init(&full);
    an_counts_init(&wrong);
    an_counts_init(&out);
    counts_close_loop(&full, body, sym, &L->A, C, T);
    counts_close_loop(&full, cond, sym, &L->A, C, &T1);
    /* v's first and last values where the loop runs */
    poly_copy(&first, e->A);
    poly_copy(&last, e->T);
    poly_add_const(&last, rat_make(L->clamp_at_end ? -1 - L->clamp_ranges : -1, 1));
    poly_scale(&last, Co);
    poly_add(&last, e->A);
    if (!L->clamp_at_end)
        poly_add_const(&first, rat_mul(rat_make(L->clamp_ranges, 1), Co));
    const struct poly *vmin = e->C > 0 ? &first : &last, *vmax = e->C > 0 ? &last : &first;
    for (size_t i = 0; i < full.nacc; i++)
        if (full.acc[i].ranged) {
            range_over(&full.acc[i].lo, e->sym, vmin, vmax, false);
            range_over(&full.acc[i].hi, e->sym, vmin, vmax, true);
        }
    /* per iteration of v where it does not run: full minus one condition */
    counts_add_scaled(&wrong, &full, NULL);
    wrong.scale = rat_make(-1, 1);
    counts_close_loop(&wrong, cond, sym, &L->A, C, &one);
    wrong.scale = rat_make(1, 1);
    /* over those m iterations of v, taken out */
    struct poly start;
    poly_init(&start);
    poly_copy(&start, e->A);
    if (L->clamp_at_end) {
        poly_copy(&tmp, e->T);
        poly_add_const(&tmp, rat_make(-1, 1));
        poly_add_scaled(&start, &tmp, Co);
    }
    struct rat dir = L->clamp_at_end ? rat_make(-e->C, 1) : Co;
    out.scale = rat_mul(rat_make(-1, 1), c->scale);
    for (int i = 0; i < F_NFIELDS; i++) {
        poly_sum_over(&tmp, &wrong.f[i], e->sym, &start, dir, &m);
        poly_add_scaled(&out.f[i], &tmp, out.scale);
    }
    for (size_t i = 0; i < wrong.nacc; i++) {
        struct an_access a;
        copy_access(&a, &wrong.acc[i]);
        poly_sum_over(&tmp, &a.count, e->sym, &start, dir, &m);
        poly_copy(&a.count, &tmp);
        add_access(&out, &a);
    }
    out.scale = rat_make(1, 1);
    counts_add_scaled(c, &full, NULL);
    ALLOC_GROW(f->pend, f->npend + 1, f->pendalloc);
    f->pend[f->npend].sym = e->sym;
    f->pend[f->npend++].add = out;
    /* the loop around has the m iterations it takes out */
    if (!poly_is_const(e->T, NULL)) {
        struct an_guard g;
        memset(&g, 0, sizeof g);
        g.kind = AN_GUARD_AROUND;
        g.what = loop_what(f, L, an_cursor_line(L->cond));
        poly_copy(&tmp, e->T);
        poly_add_const(&tmp, rat_make(-L->clamp, 1));
        guard_add(f, &tmp, &g, f->ninds, true);
    }
    poly_release(&start);
    an_counts_release(&full);
    an_counts_release(&wrong);
    poly_release(&T1);
    poly_release(&one);
    poly_release(&first);
    poly_release(&last);
    poly_release(&tmp);
    poly_release(&m);
}

/* Trip count max(0, ceil(X / step)), X = B - A (+1 for <= and >=). */
static bool trip_count(struct frame *f, struct counted *L, struct poly *T, unsigned line,
                       const struct an_counts *c)
{
    int typed = typed_trips(f, L, T, line);
    if (typed)
        return typed > 0;
    bool up = L->C > 0;
    enum CXBinaryOperatorKind op = L->cmp;
    if (op == CXBinaryOperator_NE)
        op = up ? CXBinaryOperator_LT : CXBinaryOperator_GT;
    if (up != (op == CXBinaryOperator_LT || op == CXBinaryOperator_LE))
        return false; /* counts away from its bound */
    struct poly X;
    poly_init(&X);
    if (up) {
        poly_copy(&X, &L->B);
        poly_sub(&X, &L->A);
    } else {
        poly_copy(&X, &L->A);
        poly_sub(&X, &L->B);
    }
    if (op == CXBinaryOperator_LE || op == CXBinaryOperator_GE)
        poly_add_const(&X, rat_make(1, 1));
    int64_t step = up ? L->C : -L->C;
    struct rat x;
    struct itype ti, tk, ts;
    bool typed_ok = loop_types(L, &ti, &tk, &ts);
    if (L->cmp == CXBinaryOperator_NE && step != 1 &&
        !(poly_is_const(&X, &x) && !rat_is_approx(x) && x.d == 1 && x.n % step == 0)) {
        poly_release(&X);
        return false; /* ends only if the steps land on B: not a formula */
    }
    if (typed_ok && ti.sgn && !tk.sgn && poly_is_const(&L->A, &x) && rat_value(x) < 0) {
        poly_release(&X);
        return false; /* a negative start compared as unsigned: not B - A */
    }
    if (!poly_is_const(&X, NULL) && has_ind_vars(f, &X)) {
        /* Inside other loops: the formula holds only if it is never
         * negative there. */
        struct an_guard g;
        memset(&g, 0, sizeof g);
        g.kind = L->cmp == CXBinaryOperator_NE ? AN_GUARD_NE_TRIPS : AN_GUARD_TRIPS;
        g.div = step;
        bool never_runs = false;
        if (guard_add(f, &X, &g, f->ninds, false) != 0 &&
            !clamp_plan(f, L, &X, step, c, &never_runs)) {
            poly_release(&X);
            return false;
        }
        if (never_runs) { /* not in any iteration of the loop around */
            poly_set_int(T, 0);
            poly_release(&X);
            return true;
        }
    }
    poly_copy(&L->X, &X);
    L->div = step;
    if (poly_is_const(&X, &x)) {
        poly_set_const(T, rat_value(x) <= 0 ? rat_make(0, 1) : rat_ceil_div(x, step));
    } else if (step == 1) {
        poly_copy(T, &X);
    } else if (!has_ind_vars(f, &X)) {
        poly_set_var(T, an_sym_ceil(f->s, &X, step));
    } else {
        poly_copy(T, &X);
        poly_scale(T, rat_make(1, step));
        char *msg = xasprintf("line %u: trip count of a strided triangular loop taken as "
                              "(bound - start)/%lld without rounding up",
                              line, (long long)step);
        an_result_note(f->s, f->r, &f->r->inexact, msg);
        free(msg);
    }
    poly_release(&X);
    return true;
}

static void walk_for_counted(struct frame *f, CXCursor s, const struct for_parts *p,
                             struct counted *L, const struct poly *T, struct an_counts *c)
{
    /* init once, in the header */
    if (clang_getCursorKind(p->init) == CXCursor_DeclStmt)
        walk_decl(f, p->init, W_HEADER, c);
    else
        walk_expr(f, p->init, CX_RVALUE, W_HEADER, c);

    char iname[64];
    snprintf(iname, sizeof iname, "$i%zu", f->s->syms.n);
    int sym = an_sym_get(f->s, SYM_IND, iname, iname);
    ALLOC_GROW(f->inds, f->ninds + 1, f->indalloc);
    struct an_counts cond, body;
    an_counts_init(&cond);
    an_counts_init(&body);
    f->inds[f->ninds] = (struct ind){L->var, sym, &L->A, T, L->C, &body};
    f->ninds++;
    walk_expr(f, p->cond, CX_RVALUE, W_HEADER, &cond);
    bump(&cond, F_BRANCHES, 1);
    walk_stmt(f, p->body, 0, &body);
    walk_expr(f, p->inc, CX_RVALUE, W_HEADER, &body);
    f->ninds--;
    loop_guards(f, L, an_cursor_line(s));

    struct rat C = rat_make(L->C, 1);
    struct poly T1;
    poly_init(&T1);
    poly_copy(&T1, T);
    poly_add_const(&T1, rat_make(1, 1));
    if (L->clamp) {
        clamp_close(f, L, sym, &body, &cond, T, c);
    } else {
        counts_close_loop(c, &body, sym, &L->A, C, T);
        counts_close_loop(c, &cond, sym, &L->A, C, &T1);
    }
    poly_release(&T1);
    /* what loops inside took out of this one's sum */
    size_t keep = 0;
    for (size_t i = 0; i < f->npend; i++) {
        if (f->pend[i].sym == sym) {
            counts_add_scaled(c, &f->pend[i].add, NULL);
            an_counts_release(&f->pend[i].add);
        } else {
            f->pend[keep++] = f->pend[i];
        }
    }
    f->npend = keep;
    an_counts_release(&cond);
    an_counts_release(&body);

    const char *how = loop_exit(p->body);
    if (how) {
        char *msg = xasprintf("line %u: loop may leave early (%s); its trip count is an upper "
                              "bound",
                              an_cursor_line(s), how);
        an_result_note(f->s, f->r, &f->r->inexact, msg);
        free(msg);
    }
}

/* A loop the model cannot count: its body runs L<line> times. */
static void walk_loop_symbolic(struct frame *f, CXCursor s, const struct for_parts *p, bool is_do,
                               struct an_counts *c)
{
    int sym = trip_sym(f, s);
    struct poly T, T1;
    poly_init(&T);
    poly_init(&T1);
    poly_set_var(&T, sym);
    poly_copy(&T1, &T);
    if (!is_do)
        poly_add_const(&T1, rat_make(1, 1));
    if (p->has_init) {
        if (clang_getCursorKind(p->init) == CXCursor_DeclStmt)
            walk_decl(f, p->init, W_HEADER, c);
        else
            walk_expr(f, p->init, CX_RVALUE, W_HEADER, c);
    }
    struct an_counts cond, body;
    an_counts_init(&cond);
    an_counts_init(&body);
    if (p->has_cond) {
        walk_expr(f, p->cond, CX_RVALUE, W_HEADER, &cond);
        bump(&cond, F_BRANCHES, 1);
    }
    walk_stmt(f, p->body, 0, &body);
    if (p->has_inc)
        walk_expr(f, p->inc, CX_RVALUE, W_HEADER, &body);
    counts_add_scaled(c, &body, &T);
    counts_add_scaled(c, &cond, &T1);
    an_counts_release(&cond);
    an_counts_release(&body);
    poly_release(&T);
    poly_release(&T1);
}

static void walk_loop(struct frame *f, CXCursor s, struct an_counts *c)
{
    struct for_parts p;
    struct kids k;
    enum CXCursorKind kind = clang_getCursorKind(s);
    if (kind == CXCursor_ForStmt) {
        if (!for_parts(f, s, &p)) {
            memset(&p, 0, sizeof p);
            kids_of(s, &k);
            if (k.n)
                p.body = k.v[k.n - 1];
            free(k.v);
            if (!k.n)
                return;
        }
        struct counted L;
        memset(&L, 0, sizeof L);
        poly_init(&L.A);
        poly_init(&L.B);
        poly_init(&L.X);
        struct poly T;
        poly_init(&T);
        if (recognise(f, &p, &L) && trip_count(f, &L, &T, an_cursor_line(s), c)) {
            walk_for_counted(f, s, &p, &L, &T, c);
        } else {
            walk_loop_symbolic(f, s, &p, false, c);
            /* A loop that cannot end counts nothing true; one that leaves
             * by its body is a loop like for (;;), its trips L<line>. */
            if (L.never && !loop_exit(p.body))
                an_result_note(f->s, f->r, &f->r->inexact, L.never);
        }
        free(L.never);
        poly_release(&L.X);
        poly_release(&L.A);
        poly_release(&L.B);
        poly_release(&T);
        return;
    }
    kids_of(s, &k);
    memset(&p, 0, sizeof p);
    if (k.n == 2) {
        p.has_cond = true;
        p.cond = kind == CXCursor_DoStmt ? k.v[1] : k.v[0];
        p.body = kind == CXCursor_DoStmt ? k.v[0] : k.v[1];
        walk_loop_symbolic(f, s, &p, kind == CXCursor_DoStmt, c);
    }
    free(k.v);
}

static bool counts_zero(const struct an_counts *c)
{
    for (int i = 0; i < F_NFIELDS; i++)
        if (!poly_is_zero(&c->f[i]))
            return false;
    return c->nacc == 0;
}

static void note_omp(struct frame *f, const struct an_omp_kind *k)
{
    an_result_note(f->s, f->r, &f->r->openmp, k->name);
    if (k->flags & AN_OMP_TEAM)
        f->r->omp_team = true;
}

/* The statement s, which each thread of a team (OpenMP parallel, teams;
 * OpenACC gangs) runs: counted once, as C. What the team shares out is
 * counted once by rights; anything else each thread repeats, which the
 * result must say. So s is walked once more without its shared parts, to
 * see whether anything is left. */
static void team_region(struct frame *f, CXCursor s, unsigned line, const char *what,
                        unsigned flags)
{
    struct an_counts rest;
    an_counts_init(&rest);
    f->omp_scratch++;
    f->omp_entering = true;
    walk_stmt(f, s, flags, &rest);
    f->omp_scratch--;
    if (!counts_zero(&rest)) {
        char *msg = xasprintf("line %u: %s: what runs outside its worksharing constructs runs "
                              "once per thread; counted once",
                              line, what);
        an_result_note(f->s, f->r, &f->r->inexact, msg);
        free(msg);
    }
    an_counts_release(&rest);
}

/* A statement of the twin that blanked directives apply to (a chain:
 * `parallel` on `for` on the loop): false when none does. */
static bool omp_construct(struct frame *f, CXCursor s, unsigned flags, struct an_counts *c)
{
    CXFile file = NULL;
    unsigned off = 0;
    clang_getExpansionLocation(clang_getRangeStart(clang_getCursorExtent(s)), &file, NULL, NULL,
                               &off);
    if (!file || !clang_File_isEqual(file, f->omp_file))
        return false;
    const struct an_omp_dir *d = an_omp_dir_at(f->s, off);
    if (!d)
        return false;
    /* The chain, innermost first; noted outermost first. */
    const struct an_omp_dir *chain[16];
    size_t n = 0;
    for (; d && n < sizeof chain / sizeof chain[0];
         d = d->start == d->stmt ? NULL : an_omp_dir_at(f->s, d->start))
        chain[n++] = d; /* (a directive in the macro of its statement starts with it) */
    unsigned fl = 0;
    for (size_t i = n; i-- > 0;) {
        note_omp(f, chain[i]->kind);
        fl |= chain[i]->kind->flags;
    }
    unsigned line = chain[n - 1]->line;
    char what[96];
    snprintf(what, sizeof what, "OpenMP %s", chain[n - 1]->kind->name);
    /* Counting what a team repeats: its shared parts, and teams of their
     * own, are not repeated by it. */
    if (f->omp_scratch && (fl & (AN_OMP_TEAM | AN_OMP_SHARED)))
        return true;
    if ((fl & AN_OMP_TEAM) && !(fl & AN_OMP_SHARED))
        team_region(f, s, line, what, flags);
    f->omp_entering = true;
    walk_stmt(f, s, flags, c);
    return true;
}

static bool is_openacc(enum CXCursorKind k)
{
    return k == CXCursor_OpenACCComputeConstruct || k == CXCursor_OpenACCLoopConstruct;
}

/* An OpenMP directive as libclang shows it (in a function not counted from
 * the twin, or one the twin could not blank), or an OpenACC construct: its
 * statement counted as C, the clauses not. */
static void walk_directive(struct frame *f, CXCursor s, unsigned flags, struct an_counts *c)
{
    enum CXCursorKind k = clang_getCursorKind(s);
    const struct an_omp_kind *ok = an_omp_kind(k);
    unsigned fl = ok                                      ? ok->flags
                  : k == CXCursor_OpenACCComputeConstruct ? AN_OMP_TEAM
                                                          : AN_OMP_SHARED;
    char what[96];
    snprintf(what, sizeof what, ok ? "OpenMP %s" : "OpenACC %s",
             ok                                      ? ok->name
             : k == CXCursor_OpenACCComputeConstruct ? "compute construct"
                                                     : "loop construct");
    if (ok)
        note_omp(f, ok);
    if (f->omp_scratch && (fl & (AN_OMP_TEAM | AN_OMP_SHARED)))
        return;
    CXCursor body;
    if (!an_omp_directive_stmt(s, &body))
        return; /* standalone: barrier, flush, ... */
    if (clang_getCursorKind(body) == CXCursor_UnexposedStmt && ok) {
        char *msg = xasprintf("%s: its statement is hidden from libclang and not counted (%s)",
                              what, f->omp_why ? f->omp_why : "no second parse");
        note_at(f, s, msg);
        free(msg);
        return;
    }
    if ((fl & AN_OMP_TEAM) && !(fl & AN_OMP_SHARED)) {
        team_region(f, body, an_cursor_line(s), what, flags);
        f->omp_entering = true;
    }
    walk_stmt(f, body, flags, c);
}

/* Inline assembly: its operands are counted as C where they are (outputs
 * stored, "+" outputs read and stored, inputs read); the instructions are
 * not. Which operand is which comes from the statement's tokens: outputs
 * before the second top-level ':', each after its constraint string. */
static void walk_asm(struct frame *f, CXCursor s, unsigned flags, struct an_counts *c)
{
    struct kids k;
    kids_of(s, &k);
    CXTranslationUnit tu = clang_Cursor_getTranslationUnit(s);
    CXToken *toks = NULL;
    unsigned ntoks = 0;
    clang_tokenize(tu, clang_getCursorExtent(s), &toks, &ntoks);
    unsigned colon[2] = {UINT_MAX, UINT_MAX}, ncolon = 0;
    if (clang_getCursorKind(s) != CXCursor_GCCAsmStmt) {
        colon[1] = 0; /* MS asm: every name it uses is read */
        ncolon = 2;
    }
    int depth = 0;
    for (unsigned i = 0; i < ntoks && ncolon < 2; i++) {
        CXString sp = clang_getTokenSpelling(tu, toks[i]);
        const char *t = clang_getCString(sp);
        if (!strcmp(t, "(") || !strcmp(t, "["))
            depth++;
        else if (!strcmp(t, ")") || !strcmp(t, "]"))
            depth--;
        else if (depth == 1 && (!strcmp(t, ":") || !strcmp(t, "::"))) {
            unsigned off;
            clang_getExpansionLocation(clang_getTokenLocation(tu, toks[i]), NULL, NULL, NULL, &off);
            colon[ncolon++] = off;
            if (!strcmp(t, "::") && ncolon < 2)
                colon[ncolon++] = off; /* no outputs: "asm(x :: "r"(y))" */
        }
        clang_disposeString(sp);
    }
    for (size_t i = 0; i < k.n; i++) {
        if (!clang_isExpression(clang_getCursorKind(k.v[i])))
            continue;
        unsigned off;
        clang_getExpansionLocation(clang_getRangeStart(clang_getCursorExtent(k.v[i])), NULL, NULL,
                                   NULL, &off);
        enum ctx ctx = CX_RVALUE;
        if (off < colon[1]) {
            /* An output: its constraint is the string literal two tokens
             * before it ("=r" or "+r", then "(" ). */
            ctx = CX_STORE;
            for (unsigned t = 0; t + 2 < ntoks; t++) {
                unsigned toff;
                clang_getExpansionLocation(clang_getTokenLocation(tu, toks[t + 2]), NULL, NULL,
                                           NULL, &toff);
                if (toff != off)
                    continue;
                CXString sp = clang_getTokenSpelling(tu, toks[t]);
                if (strchr(clang_getCString(sp), '+'))
                    ctx = CX_RMW;
                clang_disposeString(sp);
                break;
            }
        }
        walk_expr(f, k.v[i], ctx, flags, c);
    }
    clang_disposeTokens(tu, toks, ntoks);
    free(k.v);
    note_at(f, s, "inline assembly not counted");
}

/* How each statement kind of libclang (Index.h, CXCursor_FirstStmt to
 * CXCursor_LastStmt) is counted. A statement kind missing here, and not an
 * OpenMP directive (omp.c's table), is not counted, and the result says so
 * (ObjC, C++ and SEH statements: this is a C tool). */
enum stmt_how {
    SH_UNKNOWN,       /* not counted; the result is inexact, naming the kind */
    SH_PARTS,         /* its children: compound, label, return, attributed statements */
    SH_FIRST,         /* its first child only (an OpenMP canonical loop: the loop) */
    SH_NESTED_CASE,   /* a case label inside a statement of the switch: a jump into it */
    SH_NOTHING,       /* break, continue, null; goto (the prepass looks at where to) */
    SH_DECL,          /* declarations and their initialisers */
    SH_IF,            /* arms weighted by P<line> */
    SH_SWITCH,        /* arms weighted by P<line>_<value> */
    SH_LOOP,          /* for, while, do */
    SH_INDIRECT_GOTO, /* goto *p: its target counted; the dispatch loop cannot be */
    SH_ASM,           /* inline assembly: its operands */
    SH_DIRECTIVE,     /* OpenMP and OpenACC: the statement they apply to */
};

#define STMT(kind) [CXCursor_##kind - CXCursor_FirstStmt]
static const unsigned char stmt_how[CXCursor_LastStmt - CXCursor_FirstStmt + 1] = {
    STMT(UnexposedStmt) = SH_PARTS, /* attributed statements; captured ones are directives' */
    STMT(LabelStmt) = SH_PARTS,
    STMT(CompoundStmt) = SH_PARTS,
    STMT(CaseStmt) = SH_NESTED_CASE, /* walk_switch's arms have theirs: Duff's device */
    STMT(DefaultStmt) = SH_NESTED_CASE,
    STMT(IfStmt) = SH_IF,
    STMT(SwitchStmt) = SH_SWITCH,
    STMT(WhileStmt) = SH_LOOP,
    STMT(DoStmt) = SH_LOOP,
    STMT(ForStmt) = SH_LOOP,
    STMT(GotoStmt) = SH_NOTHING,
    STMT(IndirectGotoStmt) = SH_INDIRECT_GOTO,
    STMT(ContinueStmt) = SH_NOTHING,
    STMT(BreakStmt) = SH_NOTHING,
    STMT(ReturnStmt) = SH_PARTS,
    STMT(GCCAsmStmt) = SH_ASM,
    STMT(MSAsmStmt) = SH_ASM,
    STMT(NullStmt) = SH_NOTHING,
    STMT(DeclStmt) = SH_DECL,
    STMT(OMPCanonicalLoop) = SH_FIRST,
    STMT(OpenACCComputeConstruct) = SH_DIRECTIVE,
    STMT(OpenACCLoopConstruct) = SH_DIRECTIVE,
};
#undef STMT

static enum stmt_how stmt_how_of(enum CXCursorKind k)
{
    if (k < CXCursor_FirstStmt || k > CXCursor_LastStmt)
        return SH_PARTS; /* not a statement: walk_children's, as before */
    enum stmt_how how = stmt_how[k - CXCursor_FirstStmt];
    if (how == SH_UNKNOWN && an_omp_kind(k))
        how = SH_DIRECTIVE;
    return how;
}

static void walk_stmt(struct frame *f, CXCursor s, unsigned flags, struct an_counts *c)
{
    enum CXCursorKind k = clang_getCursorKind(s);
    if (f->omp_dirs && !f->omp_entering && omp_construct(f, s, flags, c))
        return;
    f->omp_entering = false;
    if (clang_isExpression(k)) {
        walk_expr(f, s, CX_RVALUE, flags, c);
        return;
    }
    struct kids kd;
    switch (stmt_how_of(k)) {
    case SH_PARTS:
        /* Its statements, expression statements included (an OpenMP
         * directive may apply to one), through walk_stmt. */
        kids_of(s, &kd);
        for (size_t i = 0; i < kd.n; i++)
            if (clang_isStatement(clang_getCursorKind(kd.v[i])) ||
                clang_isExpression(clang_getCursorKind(kd.v[i])))
                walk_stmt(f, kd.v[i], flags, c);
        free(kd.v);
        return;
    case SH_FIRST:
        kids_of(s, &kd);
        if (kd.n)
            walk_stmt(f, kd.v[0], flags, c);
        free(kd.v);
        return;
    case SH_NESTED_CASE:
        note_at(f, s,
                "a case label inside a nested statement (a jump into it, as in Duff's device): "
                "counted as entered from its top only");
        walk_children(f, s, CX_RVALUE, flags, c);
        return;
    case SH_NOTHING:
        return;
    case SH_DECL:
        walk_decl(f, s, flags, c);
        return;
    case SH_IF:
        walk_if(f, s, flags, c);
        return;
    case SH_SWITCH:
        walk_switch(f, s, flags, c);
        return;
    case SH_LOOP:
        walk_loop(f, s, c);
        return;
    case SH_INDIRECT_GOTO:
        walk_children(f, s, CX_RVALUE, flags, c);
        note_at(f, s,
                "computed goto (goto *): a dispatch loop the model cannot count (counted "
                "as one pass)");
        return;
    case SH_ASM:
        walk_asm(f, s, flags, c);
        return;
    case SH_DIRECTIVE:
        walk_directive(f, s, flags, c);
        return;
    case SH_UNKNOWN: {
        CXString name = clang_getCursorKindSpelling(k);
        char *what = xasprintf("%s not counted", clang_getCString(name));
        note_at(f, s, what);
        free(what);
        clang_disposeString(name);
        return;
    }
    }
}

/* ---- a function ---- */

struct prepass {
    struct frame *f;
};

static void note_target(struct frame *f, CXCursor e, bool addr)
{
    e = strip(e);
    if (clang_getCursorKind(e) != CXCursor_DeclRefExpr)
        return;
    CXCursor d = clang_getCursorReferenced(e);
    if (!is_var(d))
        return;
    if (addr) {
        if (!in_list(f->addr_taken, f->naddr, d)) {
            ALLOC_GROW(f->addr_taken, f->naddr + 1, f->addralloc);
            f->addr_taken[f->naddr++] = d;
        }
    } else if (!in_list(f->assigned, f->nassigned, d)) {
        ALLOC_GROW(f->assigned, f->nassigned + 1, f->assignedalloc);
        f->assigned[f->nassigned++] = d;
    }
}

/* One pass over the body: address-taken and assigned variables, and the
 * position of every loop (for L<line>_<k> names). */
static enum CXChildVisitResult prepass(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    struct frame *f = data;
    enum CXCursorKind k = clang_getCursorKind(c);
    struct kids kd;
    CXCursor x;
    if (an_omp_kind(k) || is_openacc(k)) {
        /* Only the statement a directive applies to is the function's;
         * its clauses' expressions are the compiler's own. */
        if (!an_omp_directive_stmt(c, &x))
            return CXChildVisit_Continue;
        if (clang_getCursorKind(x) == CXCursor_UnexposedStmt && an_omp_kind(k))
            f->omp_hidden = true;
        else if (prepass(x, c, f) == CXChildVisit_Recurse)
            clang_visitChildren(x, prepass, f);
        return CXChildVisit_Continue;
    }
    switch (k) {
    case CXCursor_UnaryOperator: {
        enum CXUnaryOperatorKind u = clang_getCursorUnaryOperatorKind(c);
        if (expr_child(c, &x)) {
            if (u == CXUnaryOperator_AddrOf)
                note_target(f, x, true);
            else if (u >= CXUnaryOperator_PostInc && u <= CXUnaryOperator_PreDec)
                note_target(f, x, false);
        }
        break;
    }
    case CXCursor_BinaryOperator:
    case CXCursor_CompoundAssignOperator:
        if (k == CXCursor_CompoundAssignOperator ||
            clang_getCursorBinaryOperatorKind(c) == CXBinaryOperator_Assign) {
            kids_of(c, &kd);
            if (kd.n == 2)
                note_target(f, kd.v[0], false);
            free(kd.v);
        }
        break;
    case CXCursor_GotoStmt: {
        /* A jump back to an earlier label is a loop the model cannot
         * count: the code between runs once, and the result says so. */
        CXCursor label = clang_getCursorReferenced(c);
        unsigned gline, goff, lline, loff;
        cursor_pos(c, &gline, &goff);
        if (!clang_Cursor_isNull(label)) {
            cursor_pos(label, &lline, &loff);
            if (loff < goff) {
                char *msg = xasprintf("line %u: goto back to line %u, a loop the model cannot "
                                      "count (counted as one pass)",
                                      gline, lline);
                an_result_note(f->s, f->r, &f->r->inexact, msg);
                free(msg);
            }
        }
        break;
    }
    case CXCursor_ForStmt:
    case CXCursor_WhileStmt:
    case CXCursor_DoStmt: {
        ALLOC_GROW(f->loops, f->nloops + 1, f->loopalloc);
        cursor_pos(c, &f->loops[f->nloops].line, &f->loops[f->nloops].offset);
        f->nloops++;
        break;
    }
    default:
        break;
    }
    return CXChildVisit_Recurse;
}

/* A function counted from omp.c's twin: the directives in its text, in
 * the order they are written (standalone ones too: barrier, flush), are
 * what it runs; each applies to a statement of the twin (omp_construct). */
static void note_omp_dirs(struct frame *f, CXCursor def)
{
    CXSourceRange ext = clang_getCursorExtent(def);
    unsigned lo = 0, hi = 0;
    clang_getExpansionLocation(clang_getRangeStart(ext), &f->omp_file, NULL, NULL, &lo);
    clang_getExpansionLocation(clang_getRangeEnd(ext), NULL, NULL, NULL, &hi);
    size_t n, k = 0;
    const struct an_omp_dir *dirs = an_omp_dirs(f->s, &n);
    const struct an_omp_dir **mine = xcalloc(n + 1, sizeof *mine);
    for (size_t i = 0; i < n; i++)
        if (dirs[i].start >= lo && dirs[i].start < hi)
            mine[k++] = &dirs[i];
    /* In the order written: by where each starts (k is small). */
    for (size_t i = 1; i < k; i++)
        for (size_t j = i; j > 0 && mine[j - 1]->start > mine[j]->start; j--) {
            const struct an_omp_dir *t = mine[j];
            mine[j] = mine[j - 1];
            mine[j - 1] = t;
        }
    for (size_t i = 0; i < k; i++)
        note_omp(f, mine[i]->kind);
    f->omp_dirs = k > 0 && clang_Location_isFromMainFile(clang_getCursorLocation(def));
    free(mine);
}

void an_count_function(struct an_session *s, CXCursor def, unsigned unknown_mask,
                       struct an_result *r, int *param_syms)
{
    struct frame f;
    memset(&f, 0, sizeof f);
    f.s = s;
    f.r = r;
    f.fn_name = an_cursor_spelling(def);
    strlist_add(&s->stack, f.fn_name);
    int depth = 0;
    strmap_get(&s->onstack, f.fn_name, &depth);
    strmap_put(&s->onstack, f.fn_name, depth + 1);

    clang_visitChildren(def, prepass, &f);
    if (f.omp_hidden) {
        /* OpenMP directives hide statements: the twin has them. */
        CXCursor twin = an_omp_twin_def(s, def, &f.omp_why);
        if (!clang_Cursor_isNull(twin)) {
            def = twin;
            f.naddr = f.nassigned = f.nloops = 0;
            f.omp_hidden = false;
            clang_visitChildren(def, prepass, &f);
        }
    }
    if (s->omp && clang_Cursor_getTranslationUnit(def) != s->tu)
        note_omp_dirs(&f, def);
    /* C++ (-xc++): a mangled name says so (libclang's language of a
     * function is C unless it is a method). */
    CXString mangled = clang_Cursor_getMangling(def);
    if (clang_getCString(mangled) && !strncmp(clang_getCString(mangled), "_Z", 2))
        an_result_note(s, r, &r->inexact,
                       "parsed as C++: roofline counts C; references, overloaded operators, "
                       "constructors and other C++ constructs are not counted as such");
    clang_disposeString(mangled);

    int np = clang_Cursor_getNumArguments(def);
    f.nparams = np > 0 ? (size_t)np : 0;
    f.params = xcalloc(f.nparams + 1, sizeof *f.params);
    for (size_t i = 0; i < f.nparams; i++) {
        CXCursor d = clang_Cursor_getArgument(def, (unsigned)i);
        CXType t = clang_getCursorType(d);
        char *pname = an_cursor_spelling(d);
        char key[600];
        f.params[i].decl = d;
        f.params[i].sym = -1;
        f.params[i].obj = -1;
        if (type_is_pointer(t) || type_is_array(t)) {
            snprintf(key, sizeof key, "param:%.256s:%zu", f.fn_name, i);
            f.params[i].obj = an_obj_get(s, OBJ_PARAM, key, *pname ? pname : key, 0);
        } else if (type_is_integer(t) && !(i < 32 && (unknown_mask & (1u << i))) &&
                   !in_list(f.assigned, f.nassigned, d) && !in_list(f.addr_taken, f.naddr, d) &&
                   *pname) {
            snprintf(key, sizeof key, "%.256s#%zu", f.fn_name, i);
            f.params[i].sym = an_sym_get(s, SYM_PARAM, key, pname);
        }
        if (param_syms)
            param_syms[i] = f.params[i].sym;
        free(pname);
    }

    struct kids k;
    kids_of(def, &k);
    for (size_t i = 0; i < k.n; i++)
        if (clang_getCursorKind(k.v[i]) == CXCursor_CompoundStmt)
            walk_stmt(&f, k.v[i], 0, &r->c);
    free(k.v);

    s->stack.n--;
    strmap_get(&s->onstack, s->stack.v[s->stack.n], &depth);
    strmap_put(&s->onstack, s->stack.v[s->stack.n], depth - 1);
    free(s->stack.v[s->stack.n]);
    free(f.params);
    free(f.addr_taken);
    free(f.assigned);
    free(f.inds);
    free(f.ptr);
    free(f.loops);
    for (size_t i = 0; i < f.npend; i++)
        an_counts_release(&f.pend[i].add);
    free(f.pend);
    free(f.fn_name);
}

void an_memo_release_all(struct an_session *s)
{
    for (size_t i = 0; i < s->memo.n; i++) {
        an_result_release(&an_memo_at(s, i)->r);
        free(an_memo_at(s, i)->param_syms);
    }
    chunked_release(&s->memo);
}
