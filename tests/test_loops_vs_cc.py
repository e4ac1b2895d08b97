#!/usr/bin/env python3
"""test_loops_vs_cc.py: counted loops with constant bounds, drawn at random
(the induction variable's type, start, comparison and bound with their
suffixes, step), counted by `roofline analyze` and run for real, compiled
by the C compiler with UBSan catching signed overflow. A loop that ends
within the cap must come out exact with the count it ran; one whose signed
step overflows first must have no count (null); one that runs past the cap
must have no count or one past the cap.

    test_loops_vs_cc.py ROOFLINE MACHINE [SEED [N]]

Exit 0 when every loop agrees, 1 otherwise, 77 (skip) without a C compiler
that has -fsanitize=signed-integer-overflow.
"""
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

CAP = 5000000
TYPES = [("signed char", -128, 127), ("unsigned char", 0, 255), ("short", -32768, 32767),
         ("unsigned short", 0, 65535), ("int", -2**31, 2**31 - 1), ("unsigned", 0, 2**32 - 1),
         ("long", -2**63, 2**63 - 1), ("unsigned long", 0, 2**64 - 1)]
FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "!=": "!="}


def literal(v, suffix):
    if v == -2**63:
        return "(-9223372036854775807L - 1)"
    return "(%d%s)" % (v, suffix) if v < 0 else "%d%s" % (v, suffix)


def draw(rng, n):
    loops = []
    for _ in range(n):
        t, lo, hi = rng.choice(TYPES)
        a = rng.choice([0, 1, 5, -5, 10, 100, 250, 30000, -3, hi, hi - 2, lo, lo + 3, 40000, 65530])
        b = rng.choice([0, 1, 5, 10, 12, 100, 200, 255, 256, 300, -1, -10, 40000, 65535, 70000,
                        2**31, 2**32 - 1, hi, lo])
        suffix = rng.choice(["", "", "u", "L", "UL"])
        if suffix == "u" and not 0 <= b < 2**32:
            suffix = ""
        if suffix == "UL" and b < 0:
            suffix = "L"
        op = rng.choice(list(FLIP))
        c = rng.choice([1, 1, 2, 3, 5, 7, 16, 50, 100, 1000])
        step = rng.choice(["i++", "++i", "i--", "--i", "i += %d" % c, "i -= %d" % c,
                           "i = i + %d" % c, "i = i - %d" % c, "i += %du" % c])
        bound = literal(b, suffix)
        cond = "i %s %s" % (op, bound) if rng.random() < 0.8 else "%s %s i" % (bound, FLIP[op])
        loops.append("for (%s i = %s; %s; %s)" % (t, literal(a, ""), cond, step))
    return loops


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    roofline, machine = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 11
    n = int(sys.argv[4]) if len(sys.argv) > 4 else 300
    cc = shutil.which(os.environ.get("CC", "cc")) or shutil.which("gcc") or shutil.which("clang")
    if not cc:
        print("SKIP: no C compiler")
        return 77
    loops = draw(random.Random(seed), n)
    work = tempfile.mkdtemp(prefix="loops_vs_cc.")
    try:
        with open(os.path.join(work, "kernels.c"), "w") as f:
            f.write("double hits[1];\n\n")
            for k, head in enumerate(loops):
                f.write("void k%d(void)\n{\n    %s\n        hits[0] += 1;\n}\n\n" % (k, head))
        with open(os.path.join(work, "run.c"), "w") as f:
            f.write("#include <stdio.h>\n#include <stdlib.h>\n")
            for k, head in enumerate(loops):
                f.write("static long long k%d(void)\n{\n    long long n = 0;\n    %s\n"
                        "        if (++n > %dLL)\n            return -1;\n    return n;\n}\n"
                        % (k, head, CAP))
            f.write("int main(int argc, char **argv)\n{\n    long long (*k[])(void) = {%s};\n"
                    "    printf(\"%%lld\\n\", k[atoi(argv[1])]());\n    return 0;\n}\n"
                    % ", ".join("k%d" % k for k in range(n)))
        run = os.path.join(work, "run")
        p = subprocess.run([cc, "-O0", "-w", "-fsanitize=signed-integer-overflow",
                            "-fno-sanitize-recover=all", "-o", run, os.path.join(work, "run.c")],
                           capture_output=True, text=True)
        if p.returncode:
            print("SKIP: %s cannot build with -fsanitize=signed-integer-overflow:\n%s"
                  % (cc, p.stderr[:2000]))
            return 77
        p = subprocess.run([roofline, "analyze", "kernels.c", "--format", "json", "--no-plot",
                            "--machine", machine], cwd=work, capture_output=True, text=True)
        if p.returncode:
            print("FAIL: roofline analyze exit %d\n%s" % (p.returncode, p.stderr[:2000]))
            return 1
        report = {k["name"]: k for k in json.loads(p.stdout)["kernels"]}
        tally = {"exact": 0, "overflow, no count": 0, "past the cap": 0}
        bad = 0
        for k, head in enumerate(loops):
            r = subprocess.run([run, str(k)], capture_output=True, text=True)
            kern = report["k%d" % k]
            got = kern["flops"]["add"]
            if r.returncode:  # UBSan: a signed step overflowed before the loop ended
                ok, what = got is None, "overflow, no count"
            elif int(r.stdout) < 0:
                ok, what = got is None or got > CAP, "past the cap"
            else:
                ok, what = got == int(r.stdout) and kern["exact"], "exact"
            if ok:
                tally[what] += 1
            else:
                bad += 1
                print("FAIL: %s: ran %s, roofline says %s (exact %s) %s"
                      % (head, "UB" if r.returncode else r.stdout.strip(), got, kern["exact"],
                         kern["inexact_because"][:1]))
        print("seed %d, %d loops: %s" % (seed, n, ", ".join("%s %d" % kv for kv in tally.items())))
        return 1 if bad else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
