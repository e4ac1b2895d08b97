/* builtins: the built-in cost table of library calls. */
#include "analyzer/builtins.h"

#include <string.h>

#define LIBM(n)                                                                                    \
    {n, AN_BI_FLOP, -1, -1, -1, 1}, {n "f", AN_BI_FLOP, -1, -1, -1, 1},                            \
    {                                                                                              \
        n "l", AN_BI_FLOP, -1, -1, -1, 1                                                           \
    }

static const struct an_builtin table[] = {
    {"memcpy", AN_BI_COPY, 0, 1, 2, 0},
    {"memmove", AN_BI_COPY, 0, 1, 2, 0},
    {"__builtin_memcpy", AN_BI_COPY, 0, 1, 2, 0},
    {"__builtin_memmove", AN_BI_COPY, 0, 1, 2, 0},
    {"memset", AN_BI_SET, 0, -1, 2, 0},
    {"__builtin_memset", AN_BI_SET, 0, -1, 2, 0},
    {"strlen", AN_BI_STRLEN, -1, 0, -1, 0},
    {"__builtin_strlen", AN_BI_STRLEN, -1, 0, -1, 0},
    {"fma", AN_BI_FMA, -1, -1, -1, 2},
    {"fmaf", AN_BI_FMA, -1, -1, -1, 2},
    {"fmal", AN_BI_FMA, -1, -1, -1, 2},
    LIBM("sqrt"),
    LIBM("cbrt"),
    LIBM("exp"),
    LIBM("exp2"),
    LIBM("expm1"),
    LIBM("log"),
    LIBM("log2"),
    LIBM("log10"),
    LIBM("log1p"),
    LIBM("pow"),
    LIBM("sin"),
    LIBM("cos"),
    LIBM("tan"),
    LIBM("asin"),
    LIBM("acos"),
    LIBM("atan"),
    LIBM("atan2"),
    LIBM("sinh"),
    LIBM("cosh"),
    LIBM("tanh"),
    LIBM("hypot"),
    LIBM("fabs"),
    LIBM("floor"),
    LIBM("ceil"),
    LIBM("round"),
    LIBM("trunc"),
    LIBM("rint"),
    LIBM("fmod"),
    LIBM("fmin"),
    LIBM("fmax"),
    LIBM("copysign"),
    LIBM("erf"),
    LIBM("erfc"),
    LIBM("lgamma"),
    LIBM("tgamma"),
};

const struct an_builtin *an_builtin_find(const char *name)
{
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (!strcmp(table[i].name, name))
            return &table[i];
    return NULL;
}
