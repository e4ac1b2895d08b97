/* expr: recursive-descent parser of --per / --param expressions into
 * polynomials. */
#include "analyzer/expr.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 200
/* Limits that keep a hostile expression from growing a polynomial without
 * bound: a unit of work is a short formula. */
#define MAX_TEXT 4096
#define MAX_TERMS 256
#define MAX_DEGREE 16

struct parser {
    const char *text, *p;
    int (*lookup)(const char *name, void *arg);
    void *arg;
    char *err;
    size_t errlen;
    int depth;
    int failed;
};

/* The text is quoted when it is short enough to read in a message. */
static void where(struct parser *ps, char *buf, size_t len)
{
    if (strlen(ps->text) <= 60)
        snprintf(buf, len, "'%s'", ps->text);
    else
        snprintf(buf, len, "'%.40s...'", ps->text);
}

static int fail(struct parser *ps, const char *what)
{
    char w[80];
    where(ps, w, sizeof w);
    if (!ps->failed)
        snprintf(ps->err, ps->errlen, "%s: %s at column %d", w, what, (int)(ps->p - ps->text) + 1);
    ps->failed = 1;
    return -EINVAL;
}

static void skip_ws(struct parser *ps)
{
    while (isspace((unsigned char)*ps->p))
        ps->p++;
}

static int parse_sum(struct parser *ps, struct poly *out);

static int number(struct parser *ps, struct poly *out)
{
    char *end;
    errno = 0;
    double v = strtod(ps->p, &end);
    if (end == ps->p)
        return fail(ps, "bad number");
    /* Counts are exact rationals of 64-bit integers: a number is an
     * integer or a decimal that one holds. */
    if (errno == ERANGE || !isfinite(v) || fabs(v) > 9e15)
        return fail(ps, "number out of range (-9e15 to 9e15)");
    ps->p = end;
    if (v == floor(v)) {
        poly_set_int(out, (int64_t)v);
    } else {
        /* Decimal fractions as exact as a micro-unit allows. */
        poly_set_const(out, rat_make((int64_t)llround(v * 1e9), 1000000000));
    }
    return 0;
}

static int primary(struct parser *ps, struct poly *out)
{
    skip_ws(ps);
    if (++ps->depth > MAX_DEPTH)
        return fail(ps, "expression nested too deeply");
    int ret = 0;
    if (*ps->p == '(') {
        ps->p++;
        ret = parse_sum(ps, out);
        skip_ws(ps);
        if (!ret && *ps->p != ')')
            ret = fail(ps, "expected ')'");
        else if (!ret)
            ps->p++;
    } else if (*ps->p == '-' || *ps->p == '+') {
        int neg = *ps->p == '-';
        ps->p++;
        ret = primary(ps, out);
        if (!ret && neg)
            poly_scale(out, rat_make(-1, 1));
    } else if (isdigit((unsigned char)*ps->p) || *ps->p == '.') {
        ret = number(ps, out);
    } else if (isalpha((unsigned char)*ps->p) || *ps->p == '_') {
        const char *start = ps->p;
        while (isalnum((unsigned char)*ps->p) || *ps->p == '_')
            ps->p++;
        char name[128];
        size_t n = (size_t)(ps->p - start);
        if (n >= sizeof name)
            return fail(ps, "name too long");
        memcpy(name, start, n);
        name[n] = '\0';
        int id = ps->lookup(name, ps->arg);
        if (id < 0) {
            char w[80];
            where(ps, w, sizeof w);
            if (!ps->failed)
                snprintf(ps->err, ps->errlen, "%s: unknown name '%s'", w, name);
            ps->failed = 1;
            ret = -EINVAL;
        } else {
            poly_set_var(out, id);
        }
    } else {
        ret = fail(ps, *ps->p ? "unexpected character" : "unexpected end");
    }
    ps->depth--;
    return ret;
}

static bool too_high(const struct poly *p)
{
    for (size_t i = 0; i < p->n; i++) {
        int d = 0;
        for (int j = 0; j < p->t[i].nv; j++)
            d += p->t[i].exp[j];
        if (d > MAX_DEGREE)
            return true;
    }
    return false;
}

static int parse_product(struct parser *ps, struct poly *out)
{
    int ret = primary(ps, out);
    struct poly rhs;
    poly_init(&rhs);
    while (!ret) {
        skip_ws(ps);
        char op = *ps->p;
        if (op != '*' && op != '/')
            break;
        ps->p++;
        ret = primary(ps, &rhs);
        if (ret)
            break;
        if (op == '*') {
            poly_mul_by(out, &rhs);
            if (out->n > MAX_TERMS || too_high(out)) {
                ret = fail(ps, "expression too large");
                break;
            }
        } else {
            struct rat c;
            if (!poly_is_const(&rhs, &c)) {
                ret = fail(ps, "division by a non-constant");
                break;
            }
            if (c.n == 0) {
                ret = fail(ps, "division by zero");
                break;
            }
            poly_scale(out, rat_div(rat_make(1, 1), c));
        }
    }
    poly_release(&rhs);
    return ret;
}

static int parse_sum(struct parser *ps, struct poly *out)
{
    int ret = parse_product(ps, out);
    struct poly rhs;
    poly_init(&rhs);
    while (!ret) {
        skip_ws(ps);
        char op = *ps->p;
        if (op != '+' && op != '-')
            break;
        ps->p++;
        ret = parse_product(ps, &rhs);
        if (!ret)
            poly_add_scaled(out, &rhs, rat_make(op == '-' ? -1 : 1, 1));
    }
    poly_release(&rhs);
    return ret;
}

int an_expr_parse(const char *text, int (*lookup)(const char *name, void *arg), void *arg,
                  struct poly *out, char *err, size_t errlen)
{
    struct parser ps = {text, text, lookup, arg, err, errlen, 0, 0};
    if (strlen(text) > MAX_TEXT) {
        snprintf(err, errlen, "expression longer than %d characters", MAX_TEXT);
        return -EINVAL;
    }
    poly_clear_overflow();
    int ret = parse_sum(&ps, out);
    skip_ws(&ps);
    if (!ret && *ps.p)
        ret = fail(&ps, "unexpected text");
    if (!ret && poly_overflowed())
        ret = fail(&ps, "number too large");
    return ret;
}
