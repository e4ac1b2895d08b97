/* poly: polynomials with exact rational coefficients over integer-numbered
 * symbols. The analyzer keeps every count as one, so trip counts stay
 * symbolic until bound and triangular nests sum exactly.
 *
 * A struct poly is a caller-owned value: poly_init() before use,
 * poly_release() after. Functions that take a destination overwrite it.
 *
 * Coefficients are exact rationals of 64-bit integers. A result that does
 * not fit goes on as an approximate value (a double of the right
 * magnitude, rat_is_approx()) rather than a wrong exact one; a term that
 * cannot be kept at all (more than POLY_MAXVARS symbols, a degree above
 * 255) gets a NaN coefficient, so that whatever depends on it evaluates to
 * NaN, never to a number. Both set poly_overflowed(). */
#ifndef ROOFLINE_ANALYZER_POLY_H
#define ROOFLINE_ANALYZER_POLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/strbuf.h"

#define POLY_MAXVARS 6

struct rat {
    int64_t n, d; /* exact: d > 0, gcd(n, d) == 1; approximate: d == 0 and n holds the
                     bits of a double (never 0: an approximate 0 is the exact 0), so
                     that n's sign is the value's and n == 0 still means zero */
};

struct poly_term {
    struct rat c;
    int var[POLY_MAXVARS]; /* ascending */
    unsigned char exp[POLY_MAXVARS];
    unsigned char nv; /* last: the term packs into 48 bytes */
};

struct poly {
    struct poly_term *t; /* sorted by monomial, no zero coefficients */
    size_t n, alloc;
};

struct rat rat_make(int64_t n, int64_t d);
struct rat rat_add(struct rat a, struct rat b);
struct rat rat_mul(struct rat a, struct rat b);
struct rat rat_div(struct rat a, struct rat b);
double rat_value(struct rat a);
/* True when a is an approximation (a result past 64-bit exact arithmetic). */
bool rat_is_approx(struct rat a);
/* The approximate rational of v (exact 0 for 0). */
struct rat rat_approx(double v);
/* ceil(a / div) for div > 0, exactly when a is exact. */
struct rat rat_ceil_div(struct rat a, int64_t div);

void poly_init(struct poly *p);
void poly_release(struct poly *p);
void poly_copy(struct poly *dst, const struct poly *src);
/* Gives back the room p does not use (for polynomials that are kept). */
void poly_shrink(struct poly *p);
/* Makes p (released first) use n terms it does not own, shared and never
 * changed: such a polynomial may be read, copied and released, never
 * changed (its alloc is 0). */
void poly_borrow(struct poly *p, const struct poly_term *t, size_t n);
void poly_set_const(struct poly *p, struct rat c);
void poly_set_int(struct poly *p, int64_t v);
void poly_set_var(struct poly *p, int var);
bool poly_is_zero(const struct poly *p);
/* True when p is a constant; stores it in *c (may be NULL). */
bool poly_is_const(const struct poly *p, struct rat *c);
bool poly_has_var(const struct poly *p, int var);
/* True when p has any of the nvars variables. */
bool poly_has_any_var(const struct poly *p, const int *vars, size_t nvars);
/* dst += k * a */
void poly_add_scaled(struct poly *dst, const struct poly *a, struct rat k);
void poly_add(struct poly *dst, const struct poly *a);
void poly_sub(struct poly *dst, const struct poly *a);
void poly_add_const(struct poly *dst, struct rat c);
void poly_scale(struct poly *p, struct rat k);
/* dst = a * b (dst may alias neither). */
void poly_mul(struct poly *dst, const struct poly *a, const struct poly *b);
/* p *= a, in place. */
void poly_mul_by(struct poly *p, const struct poly *a);
/* dst = p with var replaced by q. */
void poly_subst(struct poly *dst, const struct poly *p, int var, const struct poly *q);
/* Simultaneous substitution of nvars variables. */
void poly_subst_many(struct poly *dst, const struct poly *p, const int *vars, const struct poly *qs,
                     size_t nvars);
/* Highest exponent of var in p. */
int poly_degree_in(const struct poly *p, int var);
/* dst = coefficient of var^e in p (a polynomial in the other variables). */
void poly_coeff(struct poly *dst, const struct poly *p, int var, int e);
/* dst = sum over k = 0 .. T-1 of p(var := A + C*k). */
void poly_sum_over(struct poly *dst, const struct poly *p, int var, const struct poly *A,
                   struct rat C, const struct poly *T);
/* Evaluates with value(var, arg) giving each variable's value; returns false
 * (and leaves *out unset) when value() says a variable is unknown. */
bool poly_eval(const struct poly *p, bool (*value)(int var, double *v, void *arg), void *arg,
               double *out);
/* The same in exact rationals: *out is approximate (rat_is_approx) only
 * when a coefficient, a value or the result is past 64-bit arithmetic. */
bool poly_eval_rat(const struct poly *p, bool (*value)(int var, struct rat *v, void *arg),
                   void *arg, struct rat *out);
/* True when a coefficient of p is approximate; *nan (may be NULL) is set
 * when one is not a number (a term that could not be kept). */
bool poly_is_approx(const struct poly *p, bool *nan);
/* Appends a readable formula ("n*(n + 1)/2" style is not attempted: terms in
 * descending degree, "n^2/2 + n/2"). name() gives each variable's name. */
void poly_format(const struct poly *p, const char *(*name)(int var, void *arg), void *arg,
                 struct strbuf *out);
int poly_cmp_monomial(const struct poly_term *a, const struct poly_term *b);
bool poly_overflowed(void);
void poly_clear_overflow(void);

#endif
