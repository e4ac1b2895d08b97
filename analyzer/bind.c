/* bind: turns a kernel's symbolic counts into per-unit figures: binds
 * parameters, trip symbols and probabilities, divides by --per, works out
 * footprint and DRAM bytes (resident vs streaming objects), and says why a
 * result is inexact. */
#include "analyzer/internal.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/expr.h"
#include "common/xalloc.h"

/* The values of the symbols one kernel uses: bound parameters and trip
 * symbols, and its probabilities (bound or defaulted). A kernel has few,
 * so a small list beats a table over every symbol of the session. */
struct bval {
    int id;
    double value;
    bool defaulted;
};

/* A list of values: the symbols of the counts (parameters, trip symbols)
 * in one, the probabilities (applied while counting, needed here only for
 * exactness and switch shares) in another, so that evaluating a count
 * looks through a handful, not through every branch of the kernel. */
struct bvals {
    struct bval *v;
    size_t n, alloc;
    struct intmap index; /* id + 1 -> index in v */
};

struct binder {
    const struct an_kernel *k;
    struct an_session *s;
    struct bvals vals, probs;
    struct bvals unbound_seen; /* the symbols collect_unbound has listed */
    bool approximated;         /* a figure went past 64-bit exact arithmetic */
    bool poisoned;             /* a figure depends on a term that could not be kept */
};

static struct bval *bval_find(const struct bvals *l, int id)
{
    int i;
    return intmap_get(&l->index, (uint64_t)id + 1, &i) ? &l->v[i] : NULL;
}

static void bval_set(struct bvals *l, int id, double value, bool defaulted)
{
    struct bval *v = bval_find(l, id);
    if (!v) {
        ALLOC_GROW(l->v, l->n + 1, l->alloc);
        intmap_put(&l->index, (uint64_t)id + 1, (int)l->n);
        v = &l->v[l->n++];
        v->id = id;
    }
    v->value = value;
    v->defaulted = defaulted;
}

static void bvals_release(struct bvals *l)
{
    free(l->v);
    intmap_release(&l->index);
    memset(l, 0, sizeof *l);
}

static const struct an_binding *find_binding(const struct an_bind_opts *o, const char *name)
{
    for (size_t i = 0; i < o->nbindings; i++)
        if (!strcmp(o->bindings[i].name, name))
            return &o->bindings[i];
    return NULL;
}

static struct rat to_rat(double v);
static bool sym_rat(int var, struct rat *v, void *arg);

/* A strided loop's trip count: ceil(def / div), clamped at 0. */
static bool ceil_rat(struct binder *b, int var, struct rat *v)
{
    const struct an_symbol *sym = an_sym(b->s, var);
    struct rat x;
    if (!poly_eval_rat(&sym->def, sym_rat, b, &x))
        return false;
    x = rat_ceil_div(x, sym->div);
    *v = rat_value(x) < 0 ? rat_make(0, 1) : x;
    return true;
}

static bool sym_rat(int var, struct rat *v, void *arg)
{
    struct binder *b = arg;
    if (var < 0)
        return false;
    if (an_sym(b->s, var)->kind == SYM_CEIL)
        return ceil_rat(b, var, v);
    const struct bval *bv = bval_find(&b->vals, var);
    if (!bv)
        return false;
    *v = to_rat(bv->value);
    return true;
}

/* Notes what a value says about its own precision. */
static void note_value(struct binder *b, struct rat v)
{
    if (!rat_is_approx(v))
        return;
    if (isnan(rat_value(v)))
        b->poisoned = true;
    else
        b->approximated = true;
}

/* p's value with the bound values, in exact rationals as far as 64 bits
 * hold them (a result past that is noted, approximated); false when a
 * symbol of p has no value. */
static bool eval_rat(struct binder *b, const struct poly *p, struct rat *out)
{
    if (!poly_eval_rat(p, sym_rat, b, out))
        return false;
    note_value(b, *out);
    return true;
}

static bool eval(struct binder *b, const struct poly *p, double *out)
{
    struct rat r;
    if (!eval_rat(b, p, &r))
        return false;
    *out = rat_value(r);
    return true;
}

/* Probabilities: bound, or the default (0.5 for an if; for a switch, an
 * equal share of what the bound arms leave). */
static void bind_probs(struct binder *b, const struct an_bind_opts *o)
{
    const struct an_result *r = an_kernel_result(b->k);
    for (size_t i = 0; i < r->probs.n; i++) {
        int id;
        const char *name = an_name(b->s, r->probs.v[i]);
        if ((id = an_name_sym(b->s, r->probs.v[i])) < 0)
            continue;
        const struct an_binding *bd = find_binding(o, name);
        bval_set(&b->probs, id, bd ? bd->value : AN_DEFAULT_PROBABILITY, !bd);
    }
    for (size_t g = 0; g < r->switches.n; g++) {
        const struct an_name *group = an_name_entry(b->s, r->switches.v[g]);
        double bound_sum = 0;
        size_t nunbound = 0;
        for (size_t i = 0; i < group->ngroup; i++) {
            const struct bval *bv = bval_find(&b->probs, group->group[i]);
            if (!bv || bv->defaulted)
                nunbound++;
            else
                bound_sum += bv->value;
        }
        double share = nunbound ? (1.0 - bound_sum) / (double)nunbound : 0;
        if (share < 0)
            share = 0;
        for (size_t i = 0; i < group->ngroup; i++) {
            const struct bval *bv = bval_find(&b->probs, group->group[i]);
            if (!bv || bv->defaulted)
                bval_set(&b->probs, group->group[i], share, true);
        }
    }
}

/* A bound value as an exact rational: whole, or the small fraction it was
 * given as (-D L12=17/4, 1/3), else to a billionth; past that, as it is. */
static struct rat to_rat(double v)
{
    if (v == floor(v) && fabs(v) < 9e15)
        return rat_make((int64_t)v, 1);
    for (int64_t d = 2; d <= 1024 && fabs(v) < 1e12; d++) {
        double n = v * (double)d;
        if (fabs(n - nearbyint(n)) < 1e-9 * d)
            return rat_make((int64_t)nearbyint(n), d);
    }
    if (fabs(v) < 9e9)
        return rat_make((int64_t)llround(v * 1e9), 1000000000);
    return rat_approx(v);
}

/* Probabilities were applied while counting (walk.c), so the counts hold
 * only parameters and trip symbols: the symbolic form is the count itself. */
static void substitute_probs(struct binder *b, const struct poly *p, struct poly *out)
{
    (void)b;
    poly_copy(out, p);
}

/* p with every symbol that has a value replaced by it (probabilities,
 * bound parameters and trip symbols, strided trip counts whose symbols
 * are bound). */
static void substitute_known(struct binder *b, const struct poly *p, struct poly *out)
{
    size_t n = 0, nceil = 0;
    const struct bvals *l = &b->vals;
    for (size_t i = 0; i < p->n; i++)
        nceil += p->t[i].nv;
    int *vars = xcalloc(l->n + nceil + 1, sizeof *vars);
    struct poly *qs = xcalloc(l->n + nceil + 1, sizeof *qs);
    for (size_t i = 0; i < l->n; i++) {
        if (!poly_has_var(p, l->v[i].id))
            continue;
        vars[n] = l->v[i].id;
        poly_init(&qs[n]);
        poly_set_const(&qs[n], to_rat(l->v[i].value));
        n++;
    }
    for (size_t i = 0; i < p->n; i++)
        for (int j = 0; j < p->t[i].nv; j++) {
            int var = p->t[i].var[j];
            struct rat v;
            bool listed = false;
            for (size_t m = 0; m < n; m++)
                listed |= vars[m] == var;
            if (listed || an_sym(b->s, var)->kind != SYM_CEIL || !ceil_rat(b, var, &v))
                continue;
            vars[n] = var;
            poly_init(&qs[n]);
            poly_set_const(&qs[n], v);
            n++;
        }
    if (n == 0) {
        poly_copy(out, p);
        free(vars);
        free(qs);
        return;
    }
    poly_subst_many(out, p, vars, qs, n);
    for (size_t i = 0; i < n; i++)
        poly_release(&qs[i]);
    free(vars);
    free(qs);
}

/* The kernel's accesses with known values substituted, so that ranges
 * that only differ by a bound symbol can be united. With nothing bound,
 * the accesses themselves (shallow copies: *owned false, free only the
 * array). */
static void bound_accesses(struct binder *b, const struct an_counts *src, struct an_counts *dst,
                           bool *owned)
{
    an_counts_init(dst);
    dst->acc = xcalloc(src->nacc + 1, sizeof *dst->acc);
    dst->nacc = dst->accalloc = src->nacc;
    *owned = b->vals.n > 0;
    if (!*owned) {
        if (src->nacc)
            memcpy(dst->acc, src->acc, src->nacc * sizeof *src->acc);
        return;
    }
    size_t n = 0;
    for (size_t i = 0; i < src->nacc; i++) {
        struct an_access *a = &dst->acc[n];
        *a = src->acc[i];
        poly_init(&a->lo);
        poly_init(&a->hi);
        poly_init(&a->count);
        substitute_known(b, &src->acc[i].count, &a->count);
        if (poly_is_zero(&a->count)) { /* in a loop that does not run: touches nothing */
            poly_release(&a->count);
            continue;
        }
        substitute_known(b, &src->acc[i].lo, &a->lo);
        substitute_known(b, &src->acc[i].hi, &a->hi);
        n++;
    }
    dst->nacc = n;
}

static void collect_unbound(struct binder *b, const struct poly *p, struct strlist *unbound)
{
    for (size_t i = 0; i < p->n; i++)
        for (int j = 0; j < p->t[i].nv; j++) {
            int var = p->t[i].var[j];
            const struct an_symbol *sym = an_sym(b->s, var);
            if (sym->kind == SYM_CEIL)
                collect_unbound(b, &sym->def, unbound);
            else if (!bval_find(&b->vals, var) && !bval_find(&b->unbound_seen, var)) {
                bval_set(&b->unbound_seen, var, 0, false);
                strlist_add(unbound, sym->name);
            }
        }
}

/* p / per as text: exact when per is a constant or a monomial that divides
 * every term, else "(p)/(per)". */
static char *format_per(struct binder *b, const struct poly *p, const struct poly *per)
{
    struct strbuf sb = STRBUF_INIT;
    struct rat c;
    struct poly q;
    bool exact = true; /* the division came out as a polynomial */
    poly_init(&q);
    if (poly_is_const(per, &c)) {
        poly_copy(&q, p);
        poly_scale(&q, rat_div(rat_make(1, 1), c));
        poly_format(&q, an_sym_name, b->s, &sb);
    } else if (per->n == 1) {
        const struct poly_term *m = &per->t[0];
        bool divides = true;
        for (size_t i = 0; i < p->n && divides; i++)
            for (int j = 0; j < m->nv && divides; j++) {
                int have = 0;
                for (int l = 0; l < p->t[i].nv; l++)
                    if (p->t[i].var[l] == m->var[j])
                        have = p->t[i].exp[l];
                divides = have >= m->exp[j];
            }
        if (divides) {
            for (size_t i = 0; i < p->n; i++) {
                struct poly_term t = p->t[i];
                t.c = rat_div(t.c, m->c);
                for (int j = 0; j < m->nv; j++)
                    for (int l = 0; l < t.nv; l++)
                        if (t.var[l] == m->var[j])
                            t.exp[l] = (unsigned char)(t.exp[l] - m->exp[j]);
                /* drop zero exponents */
                int w = 0;
                for (int l = 0; l < t.nv; l++)
                    if (t.exp[l]) {
                        t.var[w] = t.var[l];
                        t.exp[w++] = t.exp[l];
                    }
                t.nv = (unsigned char)w;
                struct poly single = {&t, 1, 1};
                poly_add(&q, &single);
            }
            poly_format(&q, an_sym_name, b->s, &sb);
        } else {
            exact = false;
        }
    } else {
        exact = false;
    }
    if (!exact) {
        strbuf_addch(&sb, '(');
        poly_format(p, an_sym_name, b->s, &sb);
        strbuf_addstr(&sb, ")/(");
        poly_format(per, an_sym_name, b->s, &sb);
        strbuf_addch(&sb, ')');
    }
    poly_release(&q);
    return strbuf_detach(&sb, NULL);
}

/* Fills one figure from its per-call polynomial (probabilities already
 * substituted). */
static void set_figure(struct binder *b, struct report_figure *fig, const struct poly *p,
                       const struct poly *per, struct strlist *unbound)
{
    struct rat v, pv;
    if (poly_is_zero(p)) { /* nothing per call is nothing per unit, whatever --per is */
        free(fig->symbolic);
        fig->symbolic = NULL;
        fig->known = true;
        fig->value = 0;
        return;
    }
    bool nan = false;
    if (poly_is_approx(p, &nan) || poly_is_approx(per, NULL)) {
        b->poisoned |= nan;
        b->approximated |= !nan;
    }
    bool kp = eval_rat(b, p, &v);
    bool kper = eval_rat(b, per, &pv);
    fig->known = kp && kper && pv.n != 0 && !nan;
    if (fig->known) {
        struct rat q = rat_div(v, pv);
        note_value(b, q);
        fig->value = rat_value(q);
        fig->known = !isnan(fig->value);
    }
    if (!fig->known)
        fig->value = 0;
    free(fig->symbolic);
    fig->symbolic = NULL;
    if ((!poly_is_const(p, NULL) || !poly_is_const(per, NULL)) && !nan)
        fig->symbolic = format_per(b, p, per);
    if (!fig->known) {
        collect_unbound(b, p, unbound);
        collect_unbound(b, per, unbound);
    }
}

static void set_ratio(struct report_figure *fig, const struct report_figure *num,
                      const struct report_figure *den)
{
    free(fig->symbolic);
    fig->symbolic = NULL;
    fig->known = num->known && den->known && den->value > 0;
    fig->value = fig->known ? num->value / den->value : 0;
    if (num->symbolic || den->symbolic) {
        struct strbuf sb = STRBUF_INIT;
        char nbuf[64], dbuf[64];
        snprintf(nbuf, sizeof nbuf, "%.17g", num->value);
        snprintf(dbuf, sizeof dbuf, "%.17g", den->value);
        strbuf_addf(&sb, "(%s)/(%s)", num->symbolic ? num->symbolic : nbuf,
                    den->symbolic ? den->symbolic : dbuf);
        fig->symbolic = strbuf_detach(&sb, NULL);
    }
}

/* ---- where the formulas hold ---- */

/* Why a guard fails for the value v of its x, in out's reasons. */
static void guard_reason(struct binder *b, const struct an_guard *g, struct rat v,
                         struct report_kernel *out)
{
    const char *what = g->what >= 0 ? an_name(b->s, g->what) : "a loop";
    struct strbuf x = STRBUF_INIT, was = STRBUF_INIT;
    /* "n - 2 is -1 for these values", or, from a call with constants,
     * "-1 where it is called" */
    if (poly_is_const(&g->x, NULL)) {
        strbuf_addf(&was, "%.17g where it is called", rat_value(v));
    } else {
        poly_format(&g->x, an_sym_name, b->s, &x);
        strbuf_addf(&was, "%s is %.17g for these values", x.buf, rat_value(v));
    }
    switch (g->kind) {
    case AN_GUARD_TRIPS:
        strlist_addf(&out->inexact_because,
                     "%s: its trip count %s: the loop does not run, and the counts' formulas, "
                     "which assume it does, are not given",
                     what, was.buf);
        break;
    case AN_GUARD_NE_TRIPS:
        strlist_addf(&out->inexact_because, "%s: never ends: its trip count %s: no counts", what,
                     was.buf);
        break;
    case AN_GUARD_NEVER:
        strlist_addf(&out->inexact_because,
                     "%s: the condition never becomes false: the loop variable's type ends "
                     "before the bound (%s): no counts",
                     what, was.buf);
        break;
    case AN_GUARD_WRAPS:
        strlist_addf(&out->inexact_because,
                     "%s: %s, and wraps around where it is compared as unsigned: no counts", what,
                     was.buf);
        break;
    case AN_GUARD_AROUND:
        strlist_addf(&out->inexact_because,
                     "%s: the counts' formulas take out the first (or last) iterations of the "
                     "loop around it, where it does not run, and assume the loop around has "
                     "them, but the iterations left, %s: no counts",
                     what, was.buf);
        break;
    default:
        strlist_addf(&out->inexact_because,
                     "%s: the counts' formulas assume a value at least 0, and %s: no counts", what,
                     was.buf);
        break;
    }
    strbuf_release(&x);
    strbuf_release(&was);
}

/* The kernel's guards (internal.h) under the bound values: true when a
 * formula of its counts does not hold for them (unbound values cannot
 * tell); each failing loop says why in out, once. A loop that never ends
 * or wraps around says that first: its trip count's formula is then
 * beside the point. */
static bool check_guards(struct binder *b, const struct an_result *r, struct report_kernel *out)
{
    bool failed = false;
    struct bvals said = {0}; /* the loops (what) said */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < r->nguards; i++) {
            const struct an_guard *g = &r->guards[i];
            struct rat v;
            bool first = g->kind == AN_GUARD_NEVER || g->kind == AN_GUARD_WRAPS ||
                         g->kind == AN_GUARD_NE_TRIPS;
            if (first != (pass == 0) || (g->what >= 0 && bval_find(&said, g->what)))
                continue;
            bool applies = true;
            for (int j = 0; j < g->npre && applies; j++)
                applies = poly_eval_rat(&g->pre[j], sym_rat, b, &v) && rat_value(v) >= 1;
            if (!applies || !poly_eval_rat(&g->x, sym_rat, b, &v) || !an_guard_fails(g, v))
                continue;
            failed = true;
            if (g->what >= 0)
                bval_set(&said, g->what, 0, false);
            guard_reason(b, g, v, out);
        }
    }
    bvals_release(&said);
    return failed;
}

/* ---- footprint and DRAM bytes ---- */

static bool const_diff(const struct poly *a, const struct poly *b, struct rat *d)
{
    struct poly t;
    poly_init(&t);
    poly_copy(&t, a);
    poly_sub(&t, b);
    bool ok = poly_is_const(&t, d);
    poly_release(&t);
    return ok;
}

/* Footprint of one object's accesses (counting-model.md, "Memory levels"). */
static void object_footprint(const struct an_counts *c, int obj, const struct an_object *o,
                             struct poly *fp, bool *stored)
{
    struct poly lo, end, tmp;
    poly_init(&lo);
    poly_init(&end);
    poly_init(&tmp);
    fp->n = 0;
    *stored = false;
    bool any_unranged = false, have = false, union_ok = true;
    struct poly sum_len; /* fallback: the intervals' lengths added */
    poly_init(&sum_len);
    struct poly dd; /* data-dependent accesses times their size */
    poly_init(&dd);
    struct poly e; /* one past an access's last byte */
    poly_init(&e);
    for (size_t i = 0; i < c->nacc; i++) {
        const struct an_access *a = &c->acc[i];
        if (a->obj != obj)
            continue;
        *stored |= a->store;
        if (!a->ranged) {
            any_unranged = true;
            poly_add_scaled(&dd, &a->count, rat_make(a->size, 1));
            continue;
        }
        poly_copy(&e, &a->hi);
        poly_add_const(&e, rat_make(a->size, 1));
        if (!have) {
            poly_copy(&lo, &a->lo);
            poly_copy(&end, &e);
            have = true;
        } else if (union_ok) {
            struct rat d;
            if (const_diff(&a->lo, &lo, &d)) {
                if (d.n < 0)
                    poly_copy(&lo, &a->lo);
            } else {
                union_ok = false;
            }
            if (const_diff(&e, &end, &d)) {
                if (d.n > 0)
                    poly_copy(&end, &e);
            } else {
                union_ok = false;
            }
        }
    }
    /* Ranges that cannot be united are added up, length by length. */
    for (size_t i = 0; !union_ok && i < c->nacc; i++) {
        const struct an_access *a = &c->acc[i];
        if (a->obj != obj || !a->ranged)
            continue;
        poly_copy(&tmp, &a->hi);
        poly_add_const(&tmp, rat_make(a->size, 1));
        poly_sub(&tmp, &a->lo);
        poly_add(&sum_len, &tmp);
    }
    poly_release(&e);
    struct rat sz;
    if (any_unranged && o->size > 0) {
        poly_set_int(fp, (int64_t)o->size);
    } else {
        if (have) {
            if (union_ok) {
                poly_copy(fp, &end);
                poly_sub(fp, &lo);
            } else {
                poly_copy(fp, &sum_len);
            }
        }
        poly_add(fp, &dd);
        if (o->size > 0 && poly_is_const(fp, &sz) && rat_value(sz) > o->size)
            poly_set_int(fp, (int64_t)o->size);
    }
    poly_release(&lo);
    poly_release(&end);
    poly_release(&tmp);
    poly_release(&sum_len);
    poly_release(&dd);
}

static int cmp_access_obj(const void *a, const void *b)
{
    int x = ((const struct an_access *)a)->obj, y = ((const struct an_access *)b)->obj;
    return (x > y) - (x < y);
}

static int per_lookup(const char *name, void *arg)
{
    struct binder *b = arg;
    const struct an_kernel *k = b->k;
    for (size_t i = 0; i < k->nparams; i++)
        if (k->param_syms[i] >= 0 && !strcmp(k->param_names[i], name))
            return k->param_syms[i];
    /* Through the kernel's own lists, not the session's maps: binding runs
     * beside counting. */
    const struct an_result *r = an_kernel_result(k);
    int id = an_result_find(k->s, &r->trips, name);
    if (id < 0)
        id = an_result_find(k->s, &r->probs, name);
    return id < 0 ? -1 : an_name_sym(k->s, id);
}

int an_kernel_bind(const struct an_kernel *k, const struct an_bind_opts *o,
                   struct report_kernel *out, char *err, size_t errlen)
{
    int ret = 0;
    struct an_session *s = k->s;
    struct binder b = {k, s, {0}, {0}, {0}, false, false};
    struct poly per, sym[F_NFIELDS], tmp, fp, fp_sum, dram, resident;
    struct strlist unbound = STRLIST_INIT;
    poly_init(&per);
    poly_init(&tmp);
    poly_init(&fp);
    poly_init(&fp_sum);
    poly_init(&dram);
    poly_init(&resident);
    for (int i = 0; i < F_NFIELDS; i++)
        poly_init(&sym[i]);
    /* Parameters and trip symbols the user bound. */
    for (size_t i = 0; i < k->nparams; i++) {
        const struct an_binding *bd;
        if (k->param_syms[i] >= 0 && (bd = find_binding(o, k->param_names[i])))
            bval_set(&b.vals, k->param_syms[i], bd->value, false);
    }
    for (size_t i = 0; i < an_kernel_result(k)->trips.n; i++) {
        const char *name = an_name(s, an_kernel_result(k)->trips.v[i]);
        const struct an_binding *bd = find_binding(o, name);
        int id;
        if (bd && (id = an_name_sym(s, an_kernel_result(k)->trips.v[i])) >= 0)
            bval_set(&b.vals, id, bd->value, false);
    }
    bind_probs(&b, o);
    bool spoiled = false; /* check_guards, once the kernel's name is out */

    if (o->per && *o->per) {
        ret = an_expr_parse(o->per, per_lookup, &b, &per, err, errlen);
        if (ret) {
            char *m = xasprintf("--per %s", err);
            snprintf(err, errlen, "%s", m);
            free(m);
            goto out;
        }
        double pv;
        struct poly pp;
        poly_init(&pp);
        substitute_probs(&b, &per, &pp);
        poly_copy(&per, &pp);
        poly_release(&pp);
        if (eval(&b, &per, &pv) && pv == 0) {
            snprintf(err, errlen, "--per %s: evaluates to 0 for %s; a unit of work cannot be empty",
                     o->per, k->name);
            ret = -EINVAL;
            goto out;
        }
        if (eval(&b, &per, &pv) && pv < 0) {
            snprintf(err, errlen,
                     "--per %s: evaluates to %g for %s; a unit of work must be a positive amount",
                     o->per, pv, k->name);
            ret = -EINVAL;
            goto out;
        }
    } else {
        poly_set_int(&per, 1);
    }

    out->name = xstrdup(k->name);
    out->file = xstrdup(k->file);
    out->line = k->line;
    out->unit = xstrdup(o->unit && *o->unit ? o->unit : "call");
    out->per = xstrdup(o->per && *o->per ? o->per : "1");
    spoiled = check_guards(&b, an_kernel_result(k), out);
    for (size_t i = 0; i < o->nbindings; i++)
        if (an_kernel_has_symbol(k, o->bindings[i].name))
            report_kernel_add_param(out, o->bindings[i].name, o->bindings[i].value);

    for (int i = 0; i < F_NFIELDS; i++)
        substitute_probs(&b, &an_kernel_result(k)->c.f[i], &sym[i]);

    static const struct {
        enum report_fig fig;
        enum an_field fld;
    } direct[] = {
        {RF_INT_ADD, F_INT_ADD},
        {RF_INT_MUL, F_INT_MUL},
        {RF_INT_DIV, F_INT_DIV},
        {RF_INT_LOGIC, F_INT_LOGIC},
        {RF_INT_SHIFT, F_INT_SHIFT},
        {RF_INT_CMP, F_INT_CMP},
        {RF_FLOP_ADD, F_FLOP_ADD},
        {RF_FLOP_MUL, F_FLOP_MUL},
        {RF_FLOP_DIV, F_FLOP_DIV},
        {RF_FLOP_CMP, F_FLOP_CMP},
        {RF_FLOP_OTHER, F_FLOP_OTHER},
        {RF_CONTROL, F_CONTROL},
        {RF_ADDRESS, F_ADDRESS},
        {RF_BRANCHES, F_BRANCHES},
        {RF_CALLS, F_CALLS},
        {RF_LOADS_COUNT, F_LOADS},
        {RF_LOADS_BYTES, F_LOAD_BYTES},
        {RF_STORES_COUNT, F_STORES},
        {RF_STORES_BYTES, F_STORE_BYTES},
    };
    for (size_t i = 0; i < sizeof direct / sizeof direct[0]; i++)
        set_figure(&b, &out->fig[direct[i].fig], &sym[direct[i].fld], &per, &unbound);

    struct poly int_total, flop_total, work, traffic;
    poly_init(&int_total);
    poly_init(&flop_total);
    poly_init(&work);
    poly_init(&traffic);
    for (int f = F_INT_ADD; f <= F_INT_CMP; f++)
        poly_add(&int_total, &sym[f]);
    for (int f = F_FLOP_ADD; f <= F_FLOP_OTHER; f++)
        poly_add(&flop_total, &sym[f]);
    poly_copy(&work, &int_total);
    poly_add(&work, &flop_total);
    poly_copy(&traffic, &sym[F_LOAD_BYTES]);
    poly_add(&traffic, &sym[F_STORE_BYTES]);
    set_figure(&b, &out->fig[RF_INT_TOTAL], &int_total, &per, &unbound);
    set_figure(&b, &out->fig[RF_FLOP_TOTAL], &flop_total, &per, &unbound);
    set_figure(&b, &out->fig[RF_WORK], &work, &per, &unbound);
    set_figure(&b, &out->fig[RF_TRAFFIC], &traffic, &per, &unbound);

    /* Footprint per object; streaming objects go to DRAM every unit,
     * resident ones only when they do not fit the last-level cache. */
    struct an_counts acc;
    bool owned;
    bound_accesses(&b, &an_kernel_result(k)->c, &acc, &owned);
    /* One pass per object over its own accesses (sorted by object). */
    if (acc.nacc > 1)
        qsort(acc.acc, acc.nacc, sizeof *acc.acc, cmp_access_obj);
    for (size_t start = 0, end; start < acc.nacc; start = end) {
        int obj = acc.acc[start].obj;
        for (end = start; end < acc.nacc && acc.acc[end].obj == obj; end++)
            ;
        struct an_counts group = {.acc = &acc.acc[start], .nacc = end - start};
        const struct an_object *ob = an_obj(s, obj);
        bool stored;
        struct poly raw;
        poly_init(&raw);
        object_footprint(&group, obj, ob, &raw, &stored);
        substitute_probs(&b, &raw, &fp);
        poly_release(&raw);
        poly_add(&fp_sum, &fp);
        if (ob->kind == OBJ_PARAM || ob->kind == OBJ_UNKNOWN)
            poly_add_scaled(&dram, &fp, rat_make(stored && !o->no_write_allocate ? 2 : 1, 1));
        else
            poly_add(&resident, &fp);
    }
    if (owned) {
        an_counts_release(&acc);
    } else {
        free(acc.acc);
        acc.acc = NULL;
    }
    double rv;
    if (!spoiled && o->llc_bytes > 0 && eval(&b, &resident, &rv) && rv > o->llc_bytes) {
        poly_add(&dram, &resident);
        char *msg = xasprintf("resident data (%.0f bytes) exceeds the last-level cache (%.0f "
                              "bytes) and is counted as streaming",
                              rv, o->llc_bytes);
        strlist_add_unique(&out->inexact_because, msg);
        free(msg);
    }
    set_figure(&b, &out->fig[RF_FOOTPRINT], &fp_sum, &per, &unbound);
    set_figure(&b, &out->fig[RF_DRAM], &dram, &per, &unbound);
    set_ratio(&out->fig[RF_INTENSITY_TRAFFIC], &out->fig[RF_WORK], &out->fig[RF_TRAFFIC]);
    set_ratio(&out->fig[RF_INTENSITY_DRAM], &out->fig[RF_WORK], &out->fig[RF_DRAM]);
    poly_release(&int_total);
    poly_release(&flop_total);
    poly_release(&work);
    poly_release(&traffic);
    /* Formulas that do not hold for these values give no figures. */
    for (int f = 0; f < RF_NFIGS && spoiled; f++) {
        out->fig[f].known = false;
        out->fig[f].value = 0;
    }

    /* Exactness. The counts' reasons are distinct, and so are those added
     * here (one per probability or symbol, in words of their own). */
    const struct an_result *r = an_kernel_result(k);
    for (size_t i = 0; i < r->opaque.n; i++)
        strlist_add(&out->opaque_calls, an_name(s, r->opaque.v[i]));
    for (size_t i = 0; i < r->openmp.n; i++)
        strlist_add(&out->openmp, an_name(s, r->openmp.v[i]));
    out->openmp_team = r->omp_team;
    for (size_t i = 0; i < r->inexact.n; i++)
        strlist_add(&out->inexact_because, an_name(s, r->inexact.v[i]));
    for (size_t i = 0; i < r->probs.n; i++) {
        int id;
        const struct bval *bv;
        const char *name = an_name(s, r->probs.v[i]);
        if ((id = an_name_sym(s, r->probs.v[i])) >= 0 && (bv = bval_find(&b.probs, id)) &&
            bv->defaulted)
            strlist_addf(&out->inexact_because,
                         "%s: branch probability defaulted to %g (bind with --param %s=P)", name,
                         bv->value, name);
    }
    if (b.approximated)
        strlist_add(&out->inexact_because,
                    "counts approximated past 2^63: beyond 64-bit exact arithmetic they are "
                    "carried in double precision (53 bits)");
    if (b.poisoned)
        strlist_add(&out->inexact_because,
                    "a count could not be kept as a polynomial (a product of more than 6 symbols "
                    "or a power above 255): the figures that depend on it are null");
    strlist_sort(&unbound);
    for (size_t i = 0; i < unbound.n; i++)
        strlist_addf(&out->inexact_because, "%s: %s unknown (bind with --param %s=N)", unbound.v[i],
                     unbound.v[i][0] == 'L' && an_result_find(s, &r->trips, unbound.v[i]) >= 0
                         ? "trip count"
                         : "value",
                     unbound.v[i]);
    strlist_copy(&out->unbound, &unbound);
    out->exact = out->inexact_because.n == 0;
out:
    for (int i = 0; i < F_NFIELDS; i++)
        poly_release(&sym[i]);
    poly_release(&per);
    poly_release(&tmp);
    poly_release(&fp);
    poly_release(&fp_sum);
    poly_release(&dram);
    poly_release(&resident);
    strlist_release(&unbound);
    bvals_release(&b.vals);
    bvals_release(&b.probs);
    bvals_release(&b.unbound_seen);
    return ret;
}

int an_kernel_check_binding(const struct an_kernel *k, const struct an_binding *b, char *err,
                            size_t errlen)
{
    const struct an_result *r = an_kernel_result(k);
    int found;
    for (size_t i = 0; i < k->nparams; i++) {
        if (k->param_syms[i] < 0 || strcmp(k->param_names[i], b->name) ||
            !strmap_get(&k->s->fnmap, k->name, &found))
            continue;
        CXCursor p = clang_Cursor_getArgument(k->s->fn_cursors[found], (unsigned)i);
        double lo, hi;
        char type[160];
        if (!an_int_type_range(clang_getCursorType(p), &lo, &hi, type, sizeof type))
            return 0;
        if (b->value != floor(b->value)) {
            snprintf(err, errlen,
                     "--param %s=%.17g: %s is a parameter of %s of type %s: its value must be a "
                     "whole number",
                     b->name, b->value, b->name, k->name, type);
            return -ERANGE;
        }
        if (b->value < lo || b->value > hi) {
            snprintf(err, errlen,
                     "--param %s=%.17g: out of range: %s is a parameter of %s of type %s, from "
                     "%.17g to %.17g",
                     b->name, b->value, b->name, k->name, type, lo, hi);
            return -ERANGE;
        }
        return 0;
    }
    if (an_result_find(k->s, &r->trips, b->name) >= 0 && b->value < 0) {
        snprintf(err, errlen, "--param %s=%.17g: a trip count cannot be negative", b->name,
                 b->value);
        return -ERANGE;
    }
    if (an_result_find(k->s, &r->probs, b->name) >= 0 && (b->value < 0 || b->value > 1)) {
        snprintf(err, errlen, "--param %s=%.17g: a branch probability is between 0 and 1", b->name,
                 b->value);
        return -ERANGE;
    }
    return 0;
}

bool an_kernel_accepts_per(const struct an_kernel *k, const char *per)
{
    struct binder b = {k, k->s, {0}, {0}, {0}, false, false};
    struct poly p;
    char err[256];
    poly_init(&p);
    int ret = an_expr_parse(per, per_lookup, &b, &p, err, sizeof err);
    poly_release(&p);
    return ret == 0 || !strstr(err, "unknown name");
}
