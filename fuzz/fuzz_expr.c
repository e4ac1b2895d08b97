/* fuzz_expr: libFuzzer harness of an_expr_parse, the --per / --param
 * expression language. A parsed expression is also formatted and
 * evaluated, as cmd_analyze does with a bound --per. */
#include <math.h>
#include <stdbool.h>

#include "analyzer/expr.h"
#include "analyzer/poly.h"
#include "common/strbuf.h"
#include "fuzz_common.h"

/* Names whose first letter is a..l are variables 0..11 (more than
 * POLY_MAXVARS, so products of many variables are reachable); others are
 * unknown. */
static int lookup(const char *name, void *arg)
{
    (void)arg;
    if (name[0] >= 'a' && name[0] <= 'l')
        return name[0] - 'a';
    return -1;
}

static const char *const var_names[] = {"a", "b", "c", "d", "e", "f",
                                        "g", "h", "i", "j", "k", "l"};

static const char *name_of(int var, void *arg)
{
    (void)arg;
    return var >= 0 && var < 12 ? var_names[var] : "?";
}

static bool value_of(int var, double *v, void *arg)
{
    (void)arg;
    if (var == 11)
        return false; /* one unknown variable */
    *v = var + 1.5;
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstring(data, size);
    char err[256] = "";
    struct poly p;
    struct strbuf sb = STRBUF_INIT;

    poly_init(&p);
    int ret = an_expr_parse(text, lookup, NULL, &p, err, sizeof err);
    if (ret) {
        FUZZ_CHECK(err[0] != '\0', "error %d without a message for '%s'", ret, text);
    } else {
        double v;
        poly_format(&p, name_of, NULL, &sb);
        FUZZ_CHECK(sb.buf[0] != '\0', "empty formula for '%s'", text);
        (void)poly_eval(&p, value_of, NULL, &v);
        struct rat c;
        if (poly_is_const(&p, &c))
            FUZZ_CHECK(c.d > 0, "constant with denominator %lld", (long long)c.d);
    }
    strbuf_release(&sb);
    poly_release(&p);
    free(text);
    return 0;
}
