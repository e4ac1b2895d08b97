/* builtins: the costs of known library functions, kept as data
 * (counting-model.md, "Calls"). Internal to the analyzer. */
#ifndef ROOFLINE_ANALYZER_BUILTINS_H
#define ROOFLINE_ANALYZER_BUILTINS_H

enum an_builtin_kind {
    AN_BI_COPY,   /* n bytes loaded from src and n stored to dst */
    AN_BI_SET,    /* n bytes stored to dst */
    AN_BI_STRLEN, /* a trip symbol for the length: that many + 1 byte loads and compares */
    AN_BI_FLOP,   /* flops of class other (libm) */
    AN_BI_FMA,    /* a multiply and an add */
};

struct an_builtin {
    const char *name;
    enum an_builtin_kind kind;
    int dst_arg, src_arg, n_arg; /* argument positions, -1 when none */
    int flops;
};

/* The entry for name, or NULL when the function has no built-in cost. */
const struct an_builtin *an_builtin_find(const char *name);

#endif
