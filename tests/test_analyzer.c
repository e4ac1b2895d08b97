/* Unit tests of the analyzer's building blocks: exact polynomials (sums,
 * substitution, Faulhaber sums for triangular nests, formatting) and the
 * --per / --param expression language; the input guard libclang's opens
 * go through. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyzer/expr.h"
#include "analyzer/internal.h"
#include "analyzer/poly.h"
#include "common/strbuf.h"
#include "tests/check.h"

static const char *names[] = {"n", "m", "i", "k"};

static const char *name_of(int var, void *arg)
{
    (void)arg;
    return var >= 0 && var < 4 ? names[var] : "?";
}

static int lookup(const char *name, void *arg)
{
    (void)arg;
    for (int i = 0; i < 4; i++)
        if (!strcmp(names[i], name))
            return i;
    return -1;
}

static void expect_format(const struct poly *p, const char *want, int line)
{
    struct strbuf sb = STRBUF_INIT;
    poly_format(p, name_of, NULL, &sb);
    if (strcmp(sb.buf, want)) {
        fprintf(stderr, "%s:%d: formatted '%s', expected '%s'\n", __FILE__, line, sb.buf, want);
        failures++;
    }
    strbuf_release(&sb);
}

static bool value(int var, double *v, void *arg)
{
    const double *vals = arg;
    if (var < 0 || var > 3)
        return false;
    *v = vals[var];
    return true;
}

static void test_arithmetic(void)
{
    struct poly n, m, p, q;
    poly_init(&n);
    poly_init(&m);
    poly_init(&p);
    poly_init(&q);
    poly_set_var(&n, 0);
    poly_set_var(&m, 1);
    poly_copy(&p, &m);
    poly_sub(&p, &n);
    poly_add_const(&p, rat_make(30, 1));
    expect_format(&p, "m - n + 30", __LINE__);
    poly_mul(&q, &p, &p); /* (m - n + 30)^2 */
    double vals[4] = {2, 7, 0, 0}, v;
    CHECK(poly_eval(&q, value, vals, &v) && v == 35.0 * 35.0);
    poly_sub(&q, &q);
    CHECK(poly_is_zero(&q));
    /* n/2 + 1/3 formats with one denominator */
    poly_copy(&p, &n);
    poly_scale(&p, rat_make(1, 2));
    poly_add_const(&p, rat_make(1, 3));
    expect_format(&p, "(3*n + 2)/6", __LINE__);
    struct rat c;
    CHECK(!poly_is_const(&p, &c));
    poly_set_int(&p, 0);
    CHECK(poly_is_const(&p, &c) && c.n == 0);
    poly_release(&n);
    poly_release(&m);
    poly_release(&p);
    poly_release(&q);
}

/* sum over i < n of (i + 1) = n(n+1)/2; sum over i < n of i^2 exact. */
static void test_sums(void)
{
    struct poly body, A, T, res;
    poly_init(&body);
    poly_init(&A);
    poly_init(&T);
    poly_init(&res);
    poly_set_var(&body, 2); /* i */
    poly_add_const(&body, rat_make(1, 1));
    poly_set_int(&A, 0);
    poly_set_var(&T, 0); /* n */
    poly_sum_over(&res, &body, 2, &A, rat_make(1, 1), &T);
    expect_format(&res, "(n^2 + n)/2", __LINE__);
    /* i^2 for i = 0..n-1: (2n^3 - 3n^2 + n)/6 */
    struct poly i2;
    poly_init(&i2);
    poly_set_var(&body, 2);
    poly_mul(&i2, &body, &body);
    poly_sum_over(&res, &i2, 2, &A, rat_make(1, 1), &T);
    for (int nv = 0; nv < 12; nv++) {
        double vals[4] = {nv, 0, 0, 0}, v, want = 0;
        for (int i = 0; i < nv; i++)
            want += (double)i * i;
        CHECK(poly_eval(&res, value, vals, &v) && fabs(v - want) < 1e-9 * (1 + want));
    }
    /* stride 3 from 9 downwards, 4 iterations: 9 + 6 + 3 + 0 = 18 */
    poly_set_var(&body, 2);
    poly_set_int(&A, 9);
    poly_set_int(&T, 4);
    poly_sum_over(&res, &body, 2, &A, rat_make(-3, 1), &T);
    struct rat c;
    CHECK(poly_is_const(&res, &c) && c.n == 18 && c.d == 1);
    poly_release(&body);
    poly_release(&A);
    poly_release(&T);
    poly_release(&res);
    poly_release(&i2);
}

static void test_subst(void)
{
    struct poly p, q, r;
    poly_init(&p);
    poly_init(&q);
    poly_init(&r);
    poly_set_var(&p, 0); /* n -> 2*m */
    poly_mul(&r, &p, &p);
    poly_set_var(&q, 1);
    poly_scale(&q, rat_make(2, 1));
    poly_subst(&p, &r, 0, &q);
    expect_format(&p, "4*m^2", __LINE__);
    poly_release(&p);
    poly_release(&q);
    poly_release(&r);
}

static void test_expr(void)
{
    struct poly p;
    char err[256];
    poly_init(&p);
    CHECK(an_expr_parse("len/16", lookup, NULL, &p, err, sizeof err) == -EINVAL);
    CHECK(strstr(err, "unknown name 'len'"));
    CHECK(an_expr_parse("n/16", lookup, NULL, &p, err, sizeof err) == 0);
    expect_format(&p, "n/16", __LINE__);
    CHECK(an_expr_parse(" (n + 1) * -m ", lookup, NULL, &p, err, sizeof err) == 0);
    expect_format(&p, "-n*m - m", __LINE__);
    CHECK(an_expr_parse("2.5", lookup, NULL, &p, err, sizeof err) == 0);
    expect_format(&p, "5/2", __LINE__);
    CHECK(an_expr_parse("n / m", lookup, NULL, &p, err, sizeof err) == -EINVAL);
    CHECK(strstr(err, "division by a non-constant"));
    CHECK(an_expr_parse("n / 0", lookup, NULL, &p, err, sizeof err) == -EINVAL);
    CHECK(an_expr_parse("(n", lookup, NULL, &p, err, sizeof err) == -EINVAL);
    CHECK(an_expr_parse("n +", lookup, NULL, &p, err, sizeof err) == -EINVAL);
    CHECK(an_expr_parse("", lookup, NULL, &p, err, sizeof err) == -EINVAL);
    CHECK(an_expr_parse("1e400", lookup, NULL, &p, err, sizeof err) == -EINVAL);
    char deep[802];
    memset(deep, '(', 400);
    deep[400] = 'n';
    memset(deep + 401, ')', 400);
    deep[801] = '\0';
    CHECK(an_expr_parse(deep, lookup, NULL, &p, err, sizeof err) == -EINVAL);
    if (!strstr(err, "nested too deeply"))
        fprintf(stderr, "deep: %s\n", err);
    CHECK(strstr(err, "nested too deeply"));
    /* a product of sums would grow without bound: refused, quickly */
    CHECK(an_expr_parse("(n+m+i+k+1)*(n+m+i+k+1)*(n+m+i+k+1)*(n+m+i+k+1)*(n+m+i+k+1)*"
                        "(n+m+i+k+1)*(n+m+i+k+1)*(n+m+i+k+1)",
                        lookup, NULL, &p, err, sizeof err) == -EINVAL);
    CHECK(strstr(err, "expression too large"));
    poly_release(&p);
}

/* While the guard is on, a read-only open() of a FIFO or a device fails at
 * once (ENXIO) and is reported; regular files, directories and writes pass;
 * with the guard off everything passes. */
static void test_input_guard(void)
{
    char dir[] = "/tmp/roofline-guard-XXXXXX", fifo[64], file[64], path[128];
    const char *kind = NULL;
    CHECK(mkdtemp(dir) != NULL);
    snprintf(fifo, sizeof fifo, "%s/fifo", dir);
    snprintf(file, sizeof file, "%s/file.h", dir);
    CHECK(mkfifo(fifo, 0600) == 0);
    int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    CHECK(fd >= 0);
    close(fd);

    CHECK(an_input_guard_begin()); /* this program's open() is the guard's */
    errno = 0;
    CHECK(open(fifo, O_RDONLY) == -1 && errno == ENXIO); /* would block */
    CHECK(open("/dev/zero", O_RDONLY | O_CLOEXEC) == -1 && errno == ENXIO);
    CHECK((fd = open(file, O_RDONLY)) >= 0 && !(fcntl(fd, F_GETFL) & O_NONBLOCK));
    close(fd);
    CHECK((fd = open(dir, O_RDONLY | O_DIRECTORY)) >= 0);
    close(fd);
    CHECK((fd = open("/dev/null", O_WRONLY)) >= 0); /* a write is not an input */
    close(fd);
    CHECK(an_input_guard_end(path, sizeof path, &kind));
    CHECK(!strcmp(path, fifo) && !strcmp(kind, "a FIFO")); /* the first refused */

    an_input_guard_begin();
    CHECK(!an_input_guard_end(path, sizeof path, &kind)); /* nothing refused */
    CHECK((fd = open("/dev/null", O_RDONLY)) >= 0);       /* no guard: as the C library does */
    close(fd);

    unlink(fifo);
    unlink(file);
    CHECK(rmdir(dir) == 0);
}

static bool value_rat(int var, struct rat *v, void *arg)
{
    const int64_t *vals = arg;
    if (var < 0 || var > 3)
        return false;
    *v = rat_make(vals[var], 1);
    return true;
}

/* Past 64-bit exact arithmetic a value goes on with its magnitude (three
 * nested loops of 3,000,000: 2.7e19, not a quarter of it), and a term that
 * cannot be kept is NaN, never a wrong number. */
static void test_past_64_bits(void)
{
    struct rat big =
        rat_mul(rat_mul(rat_make(3000000, 1), rat_make(3000000, 1)), rat_make(3000000, 1));
    CHECK(rat_is_approx(big));
    CHECK_NEAR(rat_value(big) / 2.7e19, 1, 1e-15);
    struct rat sum = rat_add(rat_make(INT64_MAX, 1), rat_make(INT64_MAX, 1));
    CHECK(rat_is_approx(sum));
    CHECK_NEAR(rat_value(sum) / 18446744073709551614.0, 1, 1e-15);
    CHECK(rat_value(rat_mul(sum, rat_make(-1, 2))) < 0); /* the sign rides in n */
    CHECK(rat_value(rat_div(sum, rat_make(2, 1))) > 9.2e18);
    CHECK(!rat_is_approx(rat_add(sum, rat_mul(sum, rat_make(-1, 1))))); /* an exact 0 */
    CHECK(!rat_is_approx(rat_make(INT64_MAX, 1)));

    /* sum over i, j, k < 3,000,000 of 1, as three loops close */
    struct poly one, T, A, s1, s2, s3;
    poly_init(&one);
    poly_init(&T);
    poly_init(&A);
    poly_init(&s1);
    poly_init(&s2);
    poly_init(&s3);
    poly_set_int(&one, 1);
    poly_set_int(&T, 3000000);
    poly_sum_over(&s1, &one, 2, &A, rat_make(1, 1), &T);
    poly_sum_over(&s2, &s1, 2, &A, rat_make(1, 1), &T);
    poly_sum_over(&s3, &s2, 2, &A, rat_make(1, 1), &T);
    struct rat c;
    CHECK(poly_is_const(&s3, &c) && rat_is_approx(c));
    CHECK_NEAR(rat_value(c) / 2.7e19, 1, 1e-15);
    CHECK(poly_is_approx(&s3, NULL));
    /* an approximate coefficient prints its magnitude */
    poly_set_var(&A, 0);
    poly_mul(&s1, &s3, &A);
    expect_format(&s1, "2.7e+19*n", __LINE__);

    /* exact evaluation: n^3/3 at n = 10 is 1000/3, not 333.33333333333331 */
    poly_set_var(&A, 0);
    poly_mul(&s1, &A, &A);
    poly_mul(&s2, &s1, &A);
    poly_scale(&s2, rat_make(1, 3));
    int64_t vals[4] = {10, 0, 0, 0};
    struct rat v;
    CHECK(poly_eval_rat(&s2, value_rat, vals, &v) && v.n == 1000 && v.d == 3);
    vals[0] = 3000000;
    CHECK(poly_eval_rat(&s1, value_rat, vals, &v) && v.n == 9000000000000 && v.d == 1);
    CHECK(poly_eval_rat(&s2, value_rat, vals, &v) && rat_is_approx(v));
    CHECK_NEAR(rat_value(v) / 9e18, 1, 1e-15);

    /* seven symbols in one product, a sum of k^11: not kept */
    bool nan = false;
    poly_set_int(&s1, 1);
    for (int var = 0; var < POLY_MAXVARS + 1; var++) {
        poly_set_var(&A, var + 10);
        poly_mul(&s2, &s1, &A);
        poly_copy(&s1, &s2);
    }
    CHECK(poly_is_approx(&s1, &nan) && nan);
    poly_set_var(&A, 2);
    poly_set_int(&s1, 1);
    for (int e = 0; e < 11; e++) {
        poly_mul(&s2, &s1, &A);
        poly_copy(&s1, &s2);
    }
    poly_set_int(&T, 0);
    poly_set_var(&s3, 0);
    poly_sum_over(&s2, &s1, 2, &T, rat_make(1, 1), &s3);
    nan = false;
    CHECK(poly_is_approx(&s2, &nan) && nan);

    poly_release(&one);
    poly_release(&T);
    poly_release(&A);
    poly_release(&s1);
    poly_release(&s2);
    poly_release(&s3);
}

/* ceil(a / d) as strided trip counts need it, in exact arithmetic. */
static void test_ceil_div(void)
{
    CHECK(rat_ceil_div(rat_make(10, 1), 4).n == 3);
    CHECK(rat_ceil_div(rat_make(12, 1), 4).n == 3);
    CHECK(rat_ceil_div(rat_make(0, 1), 4).n == 0);
    CHECK(rat_ceil_div(rat_make(-7, 1), 2).n == -3);
    CHECK(rat_ceil_div(rat_make(7, 3), 1).n == 3);
    CHECK(rat_ceil_div(rat_make(100, 1), INT64_MAX).n == 1); /* i += LONG_MAX below 100 */
    CHECK(rat_ceil_div(rat_make(INT64_MAX, 1), 1).n == INT64_MAX);
    struct rat big = rat_mul(rat_make(INT64_MAX, 1), rat_make(4, 1));
    CHECK(rat_is_approx(rat_ceil_div(big, 2)));
    CHECK_NEAR(rat_value(rat_ceil_div(big, 2)) / (2.0 * (double)INT64_MAX), 1, 1e-15);
}

/* --param and --per numbers say the range they must be in. */
static void test_expr_range(void)
{
    struct poly p;
    char err[256];
    poly_init(&p);
    CHECK(an_expr_parse("1e30", lookup, NULL, &p, err, sizeof err) == -EINVAL);
    CHECK(strstr(err, "number out of range (at most 9e15 in magnitude)"));
    CHECK(an_expr_parse("-9e15", lookup, NULL, &p, err, sizeof err) == 0);
    CHECK(an_expr_parse("abc1", lookup, NULL, &p, err, sizeof err) == -EINVAL);
    CHECK(an_expr_parse(".", lookup, NULL, &p, err, sizeof err) == -EINVAL);
    CHECK(strstr(err, "bad number"));
    poly_release(&p);
}

int main(void)
{
    test_input_guard();
    test_arithmetic();
    test_sums();
    test_subst();
    test_expr();
    test_past_64_bits();
    test_ceil_div();
    test_expr_range();
    if (failures) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    printf("analyzer unit tests passed\n");
    return 0;
}
