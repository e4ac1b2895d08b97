/* expr: the small expression language of --per and --param values:
 * numbers, names, + - * /, unary minus and parentheses. Division is by
 * constants only, so every expression is a polynomial. Internal to the
 * analyzer; exposed for tests and fuzzing. */
#ifndef ROOFLINE_ANALYZER_EXPR_H
#define ROOFLINE_ANALYZER_EXPR_H

#include <stddef.h>

#include "analyzer/poly.h"

/* lookup() maps a name to a variable id (>= 0), or returns -1 for a name it
 * does not know. Returns 0, or -EINVAL with a message in err. */
int an_expr_parse(const char *text, int (*lookup)(const char *name, void *arg), void *arg,
                  struct poly *out, char *err, size_t errlen);

#endif
