/* check: what the C unit tests share. CHECK records a failed condition with
 * its place and goes on; CHECK_NEAR compares numbers within a tolerance;
 * SKIP is the exit status ctest reads as skipped (SKIP_RETURN_CODE 77).
 * A test's main returns failures ? 1 : 0. */
#ifndef ROOFLINE_TESTS_CHECK_H
#define ROOFLINE_TESTS_CHECK_H

#include <math.h>
#include <stdio.h>

#define SKIP 77

static int failures;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);               \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

#define CHECK_NEAR(x, want, tol)                                                                   \
    do {                                                                                           \
        double x_ = (x), w_ = (want);                                                              \
        if (!(fabs(x_ - w_) <= (tol))) {                                                           \
            fprintf(stderr, "%s:%d: %s = %g, want %g +- %g\n", __FILE__, __LINE__, #x, x_, w_,     \
                    (double)(tol));                                                                \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

#endif
