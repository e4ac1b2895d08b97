/* poly: exact rational polynomials for symbolic counts. */
#include "analyzer/poly.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"

/* Per thread: a kernel is bound on another thread while the next is counted. */
static _Thread_local bool overflowed;

bool poly_overflowed(void)
{
    return overflowed;
}

void poly_clear_overflow(void)
{
    overflowed = false;
}

static int64_t gcd64(int64_t a, int64_t b)
{
    if (a < 0)
        a = -a;
    if (b < 0)
        b = -b;
    while (b) {
        int64_t t = a % b;
        a = b;
        b = t;
    }
    return a ? a : 1;
}

/* Binary gcd of two non-negative 64-bit values. */
static uint64_t gcd_u64(uint64_t a, uint64_t b)
{
    if (!a || !b)
        return a | b;
    int shift = __builtin_ctzll(a | b);
    a >>= __builtin_ctzll(a);
    while (b) {
        b >>= __builtin_ctzll(b);
        if (a > b) {
            uint64_t t = a;
            a = b;
            b = t;
        }
        b -= a;
    }
    return a << shift;
}

/* Past 64-bit exact arithmetic: the value goes on as a double (right
 * magnitude, 53 bits of precision), marked by d == 0. */
static struct rat approx_of(long double v)
{
    double x = (double)v;
    overflowed = true;
    if (x == 0)
        return (struct rat){0, 1};
    struct rat r;
    memcpy(&r.n, &x, sizeof x);
    r.d = 0;
    return r;
}

bool rat_is_approx(struct rat a)
{
    return a.d == 0;
}

struct rat rat_approx(double v)
{
    return approx_of(v);
}

static long double rat_ld(struct rat a)
{
    if (a.d == 0) {
        double x;
        memcpy(&x, &a.n, sizeof x);
        return x;
    }
    return (long double)a.n / (long double)a.d;
}

static struct rat rat_from128(__int128 n, __int128 d)
{
    if (d < 0) {
        n = -n;
        d = -d;
    }
    if (n > -INT64_MAX && n < INT64_MAX && d < INT64_MAX) {
        /* The common case: both fit 64 bits, no 128-bit division. */
        int64_t n64 = (int64_t)n, d64 = (int64_t)d;
        if (d64 == 1)
            return (struct rat){n64, 1};
        if (!(d64 & (d64 - 1))) {
            /* A power of two (probability 1/2 and its powers, the common
             * case): the gcd is the lower count of trailing zeros. */
            if (n64 == 0)
                return (struct rat){0, 1};
            int zn = __builtin_ctzll((uint64_t)n64), zd = __builtin_ctzll((uint64_t)d64);
            int z = zn < zd ? zn : zd;
            return (struct rat){n64 / ((int64_t)1 << z), d64 >> z};
        }
        uint64_t g = gcd_u64((uint64_t)(n64 < 0 ? -n64 : n64), (uint64_t)d64);
        if (g > 1) {
            n64 /= (int64_t)g;
            d64 /= (int64_t)g;
        }
        return (struct rat){n64, d64};
    }
    __int128 a = n < 0 ? -n : n, b = d;
    while (b) {
        __int128 t = a % b;
        a = b;
        b = t;
    }
    if (a > 1) {
        n /= a;
        d /= a;
    }
    if (n > INT64_MAX || n < -INT64_MAX || d > INT64_MAX)
        return approx_of((long double)n / (long double)d);
    return (struct rat){(int64_t)n, (int64_t)d};
}

struct rat rat_make(int64_t n, int64_t d)
{
    if (d == 0) {
        overflowed = true;
        d = 1;
    }
    return rat_from128(n, d);
}

struct rat rat_add(struct rat a, struct rat b)
{
    int64_t sum;
    if (a.d == 1 && b.d == 1 && !__builtin_add_overflow(a.n, b.n, &sum))
        return (struct rat){sum, 1};
    if (a.d == 0 || b.d == 0)
        return approx_of(rat_ld(a) + rat_ld(b));
    return rat_from128((__int128)a.n * b.d + (__int128)b.n * a.d, (__int128)a.d * b.d);
}

struct rat rat_mul(struct rat a, struct rat b)
{
    int64_t prod;
    if (a.d == 1 && b.d == 1 && !__builtin_mul_overflow(a.n, b.n, &prod))
        return (struct rat){prod, 1};
    if (a.n == 0 || b.n == 0)
        return (struct rat){0, 1};
    if (a.d == 0 || b.d == 0)
        return approx_of(rat_ld(a) * rat_ld(b));
    return rat_from128((__int128)a.n * b.n, (__int128)a.d * b.d);
}

struct rat rat_div(struct rat a, struct rat b)
{
    if (b.n == 0) {
        overflowed = true;
        return rat_make(0, 1);
    }
    if (a.d == 0 || b.d == 0)
        return approx_of(rat_ld(a) / rat_ld(b));
    return rat_from128((__int128)a.n * b.d, (__int128)a.d * b.n);
}

double rat_value(struct rat a)
{
    if (a.d == 0)
        return (double)rat_ld(a);
    return (double)a.n / (double)a.d;
}

struct rat rat_ceil_div(struct rat a, int64_t div)
{
    if (a.d == 0)
        return approx_of(ceill(rat_ld(a) / (long double)div));
    __int128 den = (__int128)a.d * div, q = a.n / den;
    if (a.n % den != 0 && a.n > 0)
        q++;
    return rat_from128(q, 1);
}

/* Room for n terms: exactly n the first time (most polynomials keep a
 * term or two: a count, an offset), doubling after that. */
static void reserve(struct poly *p, size_t n)
{
    if (n <= p->alloc)
        return;
    size_t alloc = p->alloc ? 2 * p->alloc : n;
    if (alloc < n)
        alloc = n;
    p->t = xrealloc(p->t, alloc * sizeof *p->t);
    p->alloc = alloc;
}

void poly_init(struct poly *p)
{
    p->t = NULL;
    p->n = p->alloc = 0;
}

void poly_shrink(struct poly *p)
{
    if (p->alloc == p->n)
        return;
    if (!p->n) {
        free(p->t);
        p->t = NULL;
    } else {
        p->t = xrealloc(p->t, p->n * sizeof *p->t);
    }
    p->alloc = p->n;
}

void poly_release(struct poly *p)
{
    if (p->alloc) /* else empty, or borrowed (poly_borrow) */
        free(p->t);
    poly_init(p);
}

void poly_borrow(struct poly *p, const struct poly_term *t, size_t n)
{
    poly_release(p);
    p->t = (struct poly_term *)t;
    p->n = n;
    p->alloc = 0;
}

void poly_copy(struct poly *dst, const struct poly *src)
{
    if (dst == src)
        return;
    dst->n = 0;
    if (src->n > dst->alloc) { /* a copy is often kept as it is: no spare room */
        dst->t = xrealloc(dst->t, src->n * sizeof *dst->t);
        dst->alloc = src->n;
    }
    if (src->n)
        memcpy(dst->t, src->t, src->n * sizeof *src->t);
    dst->n = src->n;
}

void poly_set_const(struct poly *p, struct rat c)
{
    p->n = 0;
    if (c.n == 0)
        return;
    reserve(p, 1);
    memset(&p->t[0], 0, sizeof p->t[0]);
    p->t[0].c = c;
    p->n = 1;
}

void poly_set_int(struct poly *p, int64_t v)
{
    poly_set_const(p, rat_make(v, 1));
}

void poly_set_var(struct poly *p, int var)
{
    p->n = 0;
    reserve(p, 1);
    memset(&p->t[0], 0, sizeof p->t[0]);
    p->t[0].c = rat_make(1, 1);
    p->t[0].nv = 1;
    p->t[0].var[0] = var;
    p->t[0].exp[0] = 1;
    p->n = 1;
}

bool poly_is_zero(const struct poly *p)
{
    return p->n == 0;
}

bool poly_is_const(const struct poly *p, struct rat *c)
{
    if (p->n == 0) {
        if (c)
            *c = rat_make(0, 1);
        return true;
    }
    if (p->n == 1 && p->t[0].nv == 0) {
        if (c)
            *c = p->t[0].c;
        return true;
    }
    return false;
}

bool poly_has_var(const struct poly *p, int var)
{
    for (size_t i = 0; i < p->n; i++)
        for (int j = 0; j < p->t[i].nv; j++)
            if (p->t[i].var[j] == var)
                return true;
    return false;
}

static int degree(const struct poly_term *t)
{
    int d = 0;
    for (int i = 0; i < t->nv; i++)
        d += t->exp[i];
    return d;
}

/* Canonical order: higher total degree first, then by variables. */
int poly_cmp_monomial(const struct poly_term *a, const struct poly_term *b)
{
    int da = degree(a), db = degree(b);
    if (da != db)
        return da > db ? -1 : 1;
    for (int i = 0; i < a->nv && i < b->nv; i++) {
        if (a->var[i] != b->var[i])
            return a->var[i] < b->var[i] ? -1 : 1;
        if (a->exp[i] != b->exp[i])
            return a->exp[i] > b->exp[i] ? -1 : 1;
    }
    if (a->nv != b->nv)
        return a->nv > b->nv ? -1 : 1;
    return 0;
}

/* Adds one term, keeping the order and dropping zeros. */
static void add_term(struct poly *p, const struct poly_term *t)
{
    if (t->c.n == 0)
        return;
    size_t lo = 0, hi = p->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = poly_cmp_monomial(&p->t[mid], t);
        if (c == 0) {
            p->t[mid].c = rat_add(p->t[mid].c, t->c);
            if (p->t[mid].c.n == 0) {
                memmove(&p->t[mid], &p->t[mid + 1], (p->n - mid - 1) * sizeof *p->t);
                p->n--;
            }
            return;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    reserve(p, p->n + 1);
    memmove(&p->t[lo + 1], &p->t[lo], (p->n - lo) * sizeof *p->t);
    p->t[lo] = *t;
    p->n++;
}

void poly_add_scaled(struct poly *dst, const struct poly *a, struct rat k)
{
    if (k.n == 0 || a->n == 0)
        return;
    if (dst == a) {
        struct poly tmp;
        poly_init(&tmp);
        poly_copy(&tmp, a);
        poly_add_scaled(dst, &tmp, k);
        poly_release(&tmp);
        return;
    }
    bool one = k.n == 1 && k.d == 1;
    /* A few terms into many (a constant into a long formula, the common
     * case while counting statement by statement): each put in place,
     * rather than the whole formula copied. */
    if (a->n <= 4 && dst->n > 16 * a->n) {
        for (size_t j = 0; j < a->n; j++) {
            struct poly_term t = a->t[j];
            if (!one)
                t.c = rat_mul(t.c, k);
            add_term(dst, &t);
        }
        return;
    }
    /* Otherwise one linear merge of the two sorted term lists. */
    size_t cap = dst->n + a->n;
    struct poly_term *out = xmalloc(cap * sizeof *out);
    size_t i = 0, j = 0, n = 0;
    while (i < dst->n || j < a->n) {
        int c = i >= dst->n ? 1 : j >= a->n ? -1 : poly_cmp_monomial(&dst->t[i], &a->t[j]);
        if (c < 0) {
            out[n++] = dst->t[i++];
        } else if (c > 0) {
            out[n] = a->t[j++];
            if (!one)
                out[n].c = rat_mul(out[n].c, k);
            n++;
        } else {
            out[n] = dst->t[i++];
            out[n].c = rat_add(out[n].c, one ? a->t[j].c : rat_mul(a->t[j].c, k));
            j++;
            if (out[n].c.n != 0)
                n++;
        }
    }
    free(dst->t);
    dst->t = out;
    dst->n = n;
    dst->alloc = cap;
}

void poly_add(struct poly *dst, const struct poly *a)
{
    poly_add_scaled(dst, a, rat_make(1, 1));
}

void poly_sub(struct poly *dst, const struct poly *a)
{
    poly_add_scaled(dst, a, rat_make(-1, 1));
}

void poly_add_const(struct poly *dst, struct rat c)
{
    struct poly_term t;
    memset(&t, 0, sizeof t);
    t.c = c;
    add_term(dst, &t);
}

void poly_scale(struct poly *p, struct rat k)
{
    if (k.n == 0) {
        p->n = 0;
        return;
    }
    for (size_t i = 0; i < p->n; i++)
        p->t[i].c = rat_mul(p->t[i].c, k);
}

static void mul_term(struct poly_term *out, const struct poly_term *a, const struct poly_term *b)
{
    memset(out, 0, sizeof *out);
    out->c = rat_mul(a->c, b->c);
    int i = 0, j = 0;
    while (i < a->nv || j < b->nv) {
        int v;
        unsigned e;
        if (j >= b->nv || (i < a->nv && a->var[i] < b->var[j])) {
            v = a->var[i];
            e = a->exp[i++];
        } else if (i >= a->nv || b->var[j] < a->var[i]) {
            v = b->var[j];
            e = b->exp[j++];
        } else {
            v = a->var[i];
            e = (unsigned)a->exp[i++] + b->exp[j++];
        }
        if (out->nv == POLY_MAXVARS || e > 255) {
            /* Not a monomial this can hold: poisoned, never a wrong value. */
            out->c = approx_of(NAN);
            return;
        }
        out->var[out->nv] = v;
        out->exp[out->nv++] = (unsigned char)e;
    }
}

static int cmp_terms(const void *x, const void *y)
{
    return poly_cmp_monomial(x, y);
}

/* Sorts terms into canonical order and adds up equal monomials. */
static void combine_terms(struct poly *dst, struct poly_term *all, size_t n)
{
    if (n > 1)
        qsort(all, n, sizeof *all, cmp_terms);
    reserve(dst, n);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (m && !poly_cmp_monomial(&dst->t[m - 1], &all[i])) {
            dst->t[m - 1].c = rat_add(dst->t[m - 1].c, all[i].c);
            if (dst->t[m - 1].c.n == 0)
                m--;
        } else if (all[i].c.n != 0) {
            dst->t[m++] = all[i];
        }
    }
    dst->n = m;
}

void poly_mul(struct poly *dst, const struct poly *a, const struct poly *b)
{
    dst->n = 0;
    if (!a->n || !b->n)
        return;
    struct rat k;
    if (poly_is_const(a, &k) || poly_is_const(b, &k)) {
        /* A constant factor keeps the other's order. */
        poly_copy(dst, poly_is_const(a, NULL) ? b : a);
        poly_scale(dst, k);
        return;
    }
    size_t n = a->n * b->n;
    struct poly_term *all = xmalloc(n * sizeof *all);
    for (size_t i = 0; i < a->n; i++)
        for (size_t j = 0; j < b->n; j++)
            mul_term(&all[i * b->n + j], &a->t[i], &b->t[j]);
    combine_terms(dst, all, n);
    free(all);
}

void poly_mul_by(struct poly *p, const struct poly *a)
{
    struct rat c;
    if (poly_is_const(a, &c)) {
        poly_scale(p, c);
        return;
    }
    struct poly tmp;
    poly_init(&tmp);
    poly_mul(&tmp, p, a);
    poly_release(p);
    *p = tmp;
}

static bool term_has_any(const struct poly_term *t, const int *vars, size_t nvars)
{
    for (int j = 0; j < t->nv; j++)
        for (size_t k = 0; k < nvars; k++)
            if (vars[k] == t->var[j])
                return true;
    return false;
}

bool poly_has_any_var(const struct poly *p, const int *vars, size_t nvars)
{
    for (size_t i = 0; i < p->n; i++)
        if (term_has_any(&p->t[i], vars, nvars))
            return true;
    return false;
}

void poly_subst_many(struct poly *dst, const struct poly *p, const int *vars, const struct poly *qs,
                     size_t nvars)
{
    if (!poly_has_any_var(p, vars, nvars)) {
        if (dst != p)
            poly_copy(dst, p);
        return;
    }
    /* Every term expanded into one list, then sorted and added up once. */
    struct poly acc, tmp;
    poly_init(&acc);
    poly_init(&tmp);
    struct poly_term *all = NULL;
    size_t nall = 0, alloc = 0;
    for (size_t i = 0; i < p->n; i++) {
        const struct poly_term *t = &p->t[i];
        if (!term_has_any(t, vars, nvars)) {
            ALLOC_GROW(all, nall + 1, alloc);
            all[nall++] = *t;
            continue;
        }
        struct poly_term keep;
        memset(&keep, 0, sizeof keep);
        keep.c = t->c;
        poly_set_int(&acc, 1);
        for (int j = 0; j < t->nv; j++) {
            size_t k;
            for (k = 0; k < nvars; k++)
                if (vars[k] == t->var[j])
                    break;
            if (k == nvars) {
                keep.var[keep.nv] = t->var[j];
                keep.exp[keep.nv++] = t->exp[j];
                continue;
            }
            for (int e = 0; e < t->exp[j]; e++) {
                poly_mul(&tmp, &acc, &qs[k]);
                poly_copy(&acc, &tmp);
            }
        }
        ALLOC_GROW(all, nall + acc.n, alloc);
        for (size_t j = 0; j < acc.n; j++)
            mul_term(&all[nall++], &acc.t[j], &keep);
    }
    poly_release(&acc);
    poly_release(&tmp);
    struct poly res;
    poly_init(&res);
    combine_terms(&res, all, nall);
    free(all);
    poly_release(dst);
    *dst = res;
}

void poly_subst(struct poly *dst, const struct poly *p, int var, const struct poly *q)
{
    poly_subst_many(dst, p, &var, q, 1);
}

int poly_degree_in(const struct poly *p, int var)
{
    int d = 0;
    for (size_t i = 0; i < p->n; i++)
        for (int j = 0; j < p->t[i].nv; j++)
            if (p->t[i].var[j] == var && p->t[i].exp[j] > d)
                d = p->t[i].exp[j];
    return d;
}

void poly_coeff(struct poly *dst, const struct poly *p, int var, int e)
{
    dst->n = 0;
    for (size_t i = 0; i < p->n; i++) {
        const struct poly_term *t = &p->t[i];
        int have = 0, at = -1;
        for (int j = 0; j < t->nv; j++)
            if (t->var[j] == var) {
                have = t->exp[j];
                at = j;
            }
        if (have != e)
            continue;
        struct poly_term c = *t;
        if (at >= 0) {
            memmove(&c.var[at], &c.var[at + 1], (size_t)(c.nv - at - 1) * sizeof c.var[0]);
            memmove(&c.exp[at], &c.exp[at + 1], (size_t)(c.nv - at - 1) * sizeof c.exp[0]);
            c.nv--;
        }
        add_term(dst, &c);
    }
}

/* sum_{k=0}^{T-1} k^e as a polynomial in T (Faulhaber, B1 = -1/2). */
static void faulhaber(struct poly *out, int e, int tvar)
{
    static const int64_t bern[][2] = {{1, 1},  {-1, 2}, {1, 6},   {0, 1}, {-1, 30}, {0, 1},
                                      {1, 42}, {0, 1},  {-1, 30}, {0, 1}, {5, 66}};
    out->n = 0;
    if (e > 10) { /* no Bernoulli numbers that far: poisoned, never a wrong value */
        poly_set_const(out, approx_of(NAN));
        return;
    }
    int64_t binom = 1; /* C(e+1, j) */
    for (int j = 0; j <= e; j++) {
        struct rat c = rat_mul(rat_make(binom, 1), rat_make(bern[j][0], bern[j][1]));
        c = rat_div(c, rat_make(e + 1, 1));
        if (c.n) {
            struct poly_term t;
            memset(&t, 0, sizeof t);
            t.c = c;
            t.nv = 1;
            t.var[0] = tvar;
            t.exp[0] = (unsigned char)(e + 1 - j);
            add_term(out, &t);
        }
        binom = binom * (e + 1 - j) / (j + 1);
    }
}

void poly_sum_over(struct poly *dst, const struct poly *p, int var, const struct poly *A,
                   struct rat C, const struct poly *T)
{
    const int kvar = INT_MAX - 1, tvar = INT_MAX - 2;
    struct poly sub, inner, coef, s, st, term, res;
    poly_init(&sub);
    poly_init(&inner);
    poly_init(&coef);
    poly_init(&s);
    poly_init(&st);
    poly_init(&term);
    poly_init(&res);

    /* var := A + C*k */
    poly_copy(&sub, A);
    struct poly_term kt;
    memset(&kt, 0, sizeof kt);
    kt.c = C;
    kt.nv = 1;
    kt.var[0] = kvar;
    kt.exp[0] = 1;
    add_term(&sub, &kt);
    poly_subst(&inner, p, var, &sub);

    int deg = poly_degree_in(&inner, kvar);
    for (int e = 0; e <= deg; e++) {
        poly_coeff(&coef, &inner, kvar, e);
        if (poly_is_zero(&coef))
            continue;
        faulhaber(&s, e, tvar);
        poly_subst(&st, &s, tvar, T);
        poly_mul(&term, &coef, &st);
        poly_add(&res, &term);
    }
    poly_release(&sub);
    poly_release(&inner);
    poly_release(&coef);
    poly_release(&s);
    poly_release(&st);
    poly_release(&term);
    poly_release(dst);
    *dst = res;
}

bool poly_eval(const struct poly *p, bool (*value)(int var, double *v, void *arg), void *arg,
               double *out)
{
    double sum = 0;
    for (size_t i = 0; i < p->n; i++) {
        double t = rat_value(p->t[i].c);
        for (int j = 0; j < p->t[i].nv; j++) {
            double v;
            if (!value(p->t[i].var[j], &v, arg))
                return false;
            t *= pow(v, p->t[i].exp[j]);
        }
        sum += t;
    }
    *out = sum;
    return true;
}

static struct rat rat_pow(struct rat b, unsigned e)
{
    struct rat r = rat_make(1, 1);
    for (; e; e >>= 1) {
        if (e & 1)
            r = rat_mul(r, b);
        if (e > 1)
            b = rat_mul(b, b);
    }
    return r;
}

bool poly_eval_rat(const struct poly *p, bool (*value)(int var, struct rat *v, void *arg),
                   void *arg, struct rat *out)
{
    struct rat sum = rat_make(0, 1);
    for (size_t i = 0; i < p->n; i++) {
        struct rat t = p->t[i].c;
        for (int j = 0; j < p->t[i].nv; j++) {
            struct rat v;
            if (!value(p->t[i].var[j], &v, arg))
                return false;
            t = rat_mul(t, rat_pow(v, p->t[i].exp[j]));
        }
        sum = rat_add(sum, t);
    }
    *out = sum;
    return true;
}

bool poly_is_approx(const struct poly *p, bool *nan)
{
    bool any = false;
    if (nan)
        *nan = false;
    for (size_t i = 0; i < p->n; i++)
        if (rat_is_approx(p->t[i].c)) {
            any = true;
            if (nan && isnan(rat_value(p->t[i].c)))
                *nan = true;
        }
    return any;
}

/* lcm(a, b), or false when it does not fit 64 bits. */
static bool lcm64(int64_t a, int64_t b, int64_t *out)
{
    return !__builtin_mul_overflow(a / gcd64(a, b), b, out);
}

void poly_format(const struct poly *p, const char *(*name)(int var, void *arg), void *arg,
                 struct strbuf *out)
{
    if (p->n == 0) {
        strbuf_addch(out, '0');
        return;
    }
    /* One common denominator, "(3*n + 2)/6", when it and every scaled
     * numerator fit 64 bits; else each term keeps its own. */
    int64_t den = 1;
    bool fits = true;
    for (size_t i = 0; i < p->n && fits; i++)
        fits = !rat_is_approx(p->t[i].c) && lcm64(den, p->t[i].c.d, &den);
    int64_t scaled;
    for (size_t i = 0; i < p->n && fits; i++)
        fits = !__builtin_mul_overflow(p->t[i].c.n, den / p->t[i].c.d, &scaled);
    bool common = fits && den > 1 && p->n > 1;
    bool wrap = common;
    if (wrap)
        strbuf_addch(out, '(');
    /* Within one degree, positive terms first: "m - n", not "-n + m". */
    size_t *order = xmalloc(p->n * sizeof *order), no = 0;
    for (size_t i = 0; i < p->n;) {
        size_t j = i;
        while (j < p->n && degree(&p->t[j]) == degree(&p->t[i]))
            j++;
        for (size_t l = i; l < j; l++)
            if (p->t[l].c.n > 0)
                order[no++] = l;
        for (size_t l = i; l < j; l++)
            if (p->t[l].c.n < 0)
                order[no++] = l;
        i = j;
    }
    for (size_t oi = 0; oi < p->n; oi++) {
        size_t i = oi;
        const struct poly_term *t = &p->t[order[oi]];
        bool approx = rat_is_approx(t->c);
        int64_t num = approx ? t->c.n : common ? t->c.n * (den / t->c.d) : t->c.n;
        if (i > 0)
            strbuf_addstr(out, num < 0 ? " - " : " + ");
        else if (num < 0)
            strbuf_addch(out, '-');
        int64_t mag = num < 0 ? -num : num;
        bool first = true;
        if (approx) { /* the magnitude of a value past 64-bit arithmetic */
            strbuf_addf(out, "%.15g", fabs(rat_value(t->c)));
            first = false;
        } else if (mag != 1 || t->nv == 0) {
            strbuf_addf(out, "%lld", (long long)mag);
            first = false;
        }
        for (int j = 0; j < t->nv; j++) {
            if (!first)
                strbuf_addch(out, '*');
            strbuf_addstr(out, name(t->var[j], arg));
            if (t->exp[j] > 1)
                strbuf_addf(out, "^%d", t->exp[j]);
            first = false;
        }
        if (!common && !approx && t->c.d != 1)
            strbuf_addf(out, "/%lld", (long long)t->c.d);
    }
    if (wrap)
        strbuf_addf(out, ")/%lld", (long long)den);
    free(order);
}
