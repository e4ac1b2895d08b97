#!/usr/bin/env python3
"""gen.py: writes the big hostile C inputs of tests/hostile/ at test time,
so that megabyte files are not committed.

    gen.py NAME OUT.c     NAME: deep_parens, long_sum, call_chain, huge_array, big_switch,
                          many_accesses, per_many, many_functions, bytes_not_utf8,
                          loop_nest_50
"""
import sys


def deep_parens(n=10000):
    # 10,000 nested parentheses in one expression.
    return ("/* 10,000-deep nested parentheses in one expression. */\n"
            "double deep_parens(double x)\n{\n    return " + "(" * n + "x + 1" +
            ")" * n + ";\n}\n")


def long_sum(n=100000):
    # A 100,000-term sum: an expression tree 100,000 deep without brackets.
    return ("/* A %d-term sum, left-nested %d deep. */\n"
            "double long_sum(double x)\n{\n    return " % (n, n) + " + ".join(["x"] * n) +
            ";\n}\n")


def call_chain(n=1000):
    # f0 calls f1 ... f999; each does a little work of its own.
    out = ["/* A 1,000-deep call chain: f0 calls f1 ... f%d. */" % (n - 1),
           "double f%d(const double *a, int i)\n{\n    return a[i] * 2.0;\n}" % (n - 1)]
    for k in range(n - 2, -1, -1):
        out.append("double f%d(const double *a, int i)\n{\n    return a[i] + f%d(a, i + 1);\n}"
                   % (k, k + 1))
    return "\n".join(out) + "\n"


def huge_array(n=1000000):
    # A 1,000,000-element constant table, read in a loop.
    vals = ",".join(str((i * 2654435761) % 4294967291) for i in range(n))
    return ("/* A %d-element constant array initialiser. */\n"
            "static const unsigned table[%d] = {%s};\n\n"
            "unsigned long huge_array_sum(int n)\n{\n"
            "    unsigned long s = 0;\n"
            "    for (int i = 0; i < n; i++)\n"
            "        s += table[i %% %d];\n"
            "    return s;\n}\n" % (n, n, vals, n))


def big_switch(n=10000):
    # A switch with 10,000 cases, in a loop.
    cases = "\n".join("        case %d: s += %d * x[i]; break;" % (k, k + 1) for k in range(n))
    return ("/* A switch with %d cases. */\n"
            "double big_switch(const int *k, const double *x, int n)\n{\n"
            "    double s = 0;\n"
            "    for (int i = 0; i < n; i++) {\n"
            "        switch (k[i]) {\n%s\n        default: s -= x[i]; break;\n        }\n"
            "    }\n    return s;\n}\n" % (n, cases))


def many_accesses(n=40000):
    # n reads of distinct elements, one statement each: n accesses to keep
    # apart (and a footprint of all of them).
    reads = "\n".join("    s += a[%d];" % k for k in range(n))
    return ("/* %d distinct constant-index reads. */\n"
            "int a[%d];\n"
            "int many_accesses(void)\n{\n    int s = 0;\n%s\n    return s;\n}\n" % (n, n, reads))


def per_many(n=300):
    # n kernels that all reach g's loop (L1), so --per L1 binds every one:
    # enough kernels that analyze binds them on its JSON thread while it
    # counts the next ones (the case TSan runs for binding beside counting).
    fns = "\n".join("double f%d(const double *a, int n)\n{\n    double s = 0;\n"
                    "    for (int i = 0; i < n; i++)\n        if (a[i] > %d)\n"
                    "            s += a[i];\n    while (s > %d)\n        s -= 1;\n"
                    "    return g(s);\n}" % (k, k, k) for k in range(n))
    return ("double g(double s) { while (s > 1) s /= 2; return s; }\n"
            "/* %d kernels calling g. */\n%s\n" % (n, fns))


def many_functions(n=60000):
    # n small kernels, each a loop over its array: a file as large as a
    # generated one (8 MB), whose analysis takes seconds and hundreds of MB.
    fns = "\n".join("double f%d(const double *a, int n)\n{\n    double s = 0;\n"
                    "    for (int i = 0; i < n; i++)\n        s += a[i] * %d.0;\n"
                    "    return s;\n}" % (k, k + 1) for k in range(n))
    return "/* %d small kernels. */\n%s\n" % (n, fns)
def bytes_not_utf8():
    # Bytes that are not UTF-8 in a comment, a string literal and a
    # character constant, and NUL bytes in a comment and in white space
    # (clang ignores them, with a warning).
    return (b"/* not UTF-8: \xff\xfe \xc3\x28 \xed\xa0\x80; a NUL: \x00 */\n"
            b"static const char tag[] = \"\xe9t\xe9 \xff\";\n"
            b"int count_ff(const unsigned char *s, int n)\n{\n    int c = 0;\x00\n"
            b"    for (int i = 0; i < n; i++)\n"
            b"        c += s[i] == (unsigned char)'\xff'; /* \xc0\xaf */\n"
            b"    return c + tag[0];\n}\n")


def loop_nest_50(n=50):
    # 50 counted loops nested, 2 trips each: 2^50 runs of the body.
    loops = "".join("    " * (d + 1) + "for (int i%d = 0; i%d < 2; i%d++)\n" % (d, d, d)
                    for d in range(n))
    return ("/* %d nested loops of 2 trips. */\n"
            "double loop_nest(const double *a)\n{\n    double s = 0;\n%s%ss += a[i0 + i%d];\n"
            "    return s;\n}\n" % (n, loops, "    " * (n + 1), n - 1))


GENERATORS = {"deep_parens": deep_parens, "call_chain": call_chain,
              "long_sum": long_sum, "huge_array": huge_array, "big_switch": big_switch,
              "many_accesses": many_accesses, "per_many": per_many,
              "many_functions": many_functions, "bytes_not_utf8": bytes_not_utf8,
              "loop_nest_50": loop_nest_50}

if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in GENERATORS:
        sys.exit(__doc__)
    text = GENERATORS[sys.argv[1]]()
    with open(sys.argv[2], "wb" if isinstance(text, bytes) else "w") as f:
        f.write(text)
