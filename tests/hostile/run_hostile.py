#!/usr/bin/env python3
"""run_hostile.py: runs `roofline analyze` on one hostile C input and checks
that it survives it.

    run_hostile.py --roofline BIN --root SRC --work DIR CASE
    run_hostile.py --list            (the cases; known-failing ones marked)

Every case: no signal, exit 0, 1 (error) or 2 (usage error), as the case
expects; on an error exactly one line of message on stderr, no sanitizer report, memory bounded (the address space is limited to
2 GB with RLIMIT_AS, unless the binary carries AddressSanitizer, which needs
terabytes of it: then the peak resident size is checked against 2 GB), and a
wall-clock limit. On exit 0 the JSON report parses, and the case's own check
says that what cannot be counted is reported. Big inputs come from gen.py,
written under DIR at test time.
"""
import json
import os
import re
import resource
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen  # noqa: E402
import harness  # noqa: E402

MEMORY_LIMIT = 2_000_000_000  # bytes
SANITIZER = re.compile(r"ERROR: (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer)|"
                       r"WARNING: ThreadSanitizer|runtime error:")


def kernel(report, name):
    for k in report["kernels"]:
        if k["name"] == name:
            return k
    raise AssertionError("no kernel %s in the report" % name)


def because(k, pattern):
    """True when one of the kernel's inexact_because entries matches."""
    return any(re.search(pattern, b) for b in k["inexact_because"])


# Each case: the input (a file in tests/hostile/ or gen:NAME), extra
# arguments, the expected exit status, the time limit in seconds, and a
# check of the JSON report (exit 0) or of the message (exit 1).
def check_deep_parens(out, err):
    assert "bracket nesting level exceeded" in err, err


def check_deep_parens_unlimited(rep):
    k = kernel(rep, "deep_parens")
    assert k["flops"]["add"] == 1, k["flops"]


def check_long_sum(rep):
    k = kernel(rep, "long_sum")
    assert because(k, r"nested deeper than \d+ levels"), k["inexact_because"]
    assert not k["exact"]


def check_call_chain(rep):
    k = kernel(rep, "f0")
    assert k["calls"] == 999, k["calls"]
    assert k["flops"]["mul"] == 1 and k["flops"]["add"] == 999, k["flops"]


def check_mutual_recursion(rep):
    for name in ("is_even", "is_odd", "fact"):
        k = kernel(rep, name)
        assert because(k, r"^recursion: .* cut at the repeated call"), k["inexact_because"]
        assert k["opaque_calls"], name
        assert not k["exact"]


def check_huge_array(rep):
    k = kernel(rep, "huge_array_sum")
    assert k["loads"]["count"] == 1000, k["loads"]
    assert k["loads"]["bytes"] == 4000, k["loads"]


def check_many_accesses(rep):
    k = kernel(rep, "many_accesses")
    assert k["loads"] == {"count": 40000, "bytes": 160000}, k["loads"]
    assert k["footprint_bytes"] == 160000, k["footprint_bytes"]
    assert k["exact"], k["inexact_because"]


def check_per_many(rep):
    ks = rep["kernels"]
    assert len(ks) == 301, len(ks)
    assert all(k["per"] == "L1" for k in ks), [k["name"] for k in ks if k["per"] != "L1"]
    # g itself, per trip of its loop: one divide (work); the loop's compare
    # runs L1 + 1 times and is control.
    g = kernel(rep, "g")
    assert g["symbolic"]["work_ops"] == "1", g["symbolic"]
    assert g["symbolic"]["control_ops"] == "(L1 + 1)/(L1)", g["symbolic"]


def check_big_switch(rep):
    k = kernel(rep, "big_switch")
    assert k["flops"]["total"] is not None
    assert because(k, r"^P6_9999: branch probability defaulted"), "last case not reported"
    # Every case weighs 1/10001 of the loop's trips; one multiply-add each
    # taken case, one subtract in default: 2*10000/10001 + 1/10001 flops a
    # trip, 100 trips.
    want = 100 * (2 * 10000 + 1) / 10001
    assert abs(k["flops"]["total"] - want) < 1e-6 * want, (k["flops"], want)


def check_big_switch_shares(rep):
    # Known failing: bind.c reports the shares of at most 256 labels.
    k = kernel(rep, "big_switch")
    shares = {float(m.group(1)) for b in k["inexact_because"]
              for m in [re.search(r"^P6_\w+: branch probability defaulted to (\S+)", b)] if m}
    assert shares == {round(1 / 10001, 6)} or (len(shares) == 1 and
                                                abs(shares.pop() - 1 / 10001) < 1e-9), \
        "case shares reported: %s (want 1/10001 each)" % sorted(shares)


def check_macro_loops(rep):
    k = kernel(rep, "macro_loops")
    assert set(k["unbound"]) >= {"n"}, k["unbound"]
    assert any(u.startswith("L") for u in k["unbound"]), k["unbound"]
    assert "flops.add" in k["symbolic"], k["symbolic"]


def per_blowup_expr():
    # A 26-fold product of sums of six known names: C(31, 5) = 169,911 terms
    # when multiplied out, from an expression under 1,000 characters.
    return "*".join(["(nitems+L56+L65+L69+L108+L113)"] * 26)


def check_per_blowup(out, err):
    # Was: multiplied out in minutes and gigabytes, or killed by xmalloc's
    # abort under a memory limit (fixed in c168a00: at most 256 terms).
    assert re.search(r"too (large|big|many)", err), err


def check_include_dev_zero(out, err):
    # libclang read /dev/zero until an address-space limit (roofline's own
    # cap, or the runner's lower one); the input guard now refuses to open
    # it (analyzer/inputguard.c): exit 1 at once, naming it.
    assert "'/dev/zero': not a regular file (a character device)" in err, err[-300:]


def check_include_fifo(out, err):
    # An #include of a FIFO blocked the parse for ever: in open() when no
    # one writes to it, in read() when a writer holds it open and writes
    # nothing. The input guard refuses it before either.
    assert re.search(r"include_fifo\.c:2:10: error: cannot open file '.*pipe\.h': "
                     r"not a regular file \(a FIFO\)", err), err[-300:]


def check_per_lcm_overflow(rep):
    # Known failing: poly_format's common denominator overflows int64 (UB;
    # a wrapped, wrong denominator in the printed formula).
    k = kernel(rep, "two_params")
    formula = k["symbolic"]["flops.add"]
    # At n = 1, m = 0 the flops per unit are 99999999977 exactly.
    got = eval(formula.replace("^", "**"), {"n": 1.0, "m": 0.0})
    assert abs(got - 99999999977) < 0.5, "formula %s gives %.1f at n=1, m=0, want 99999999977" % (
        formula, got)


SQLITE_DEFAULT = "bench/.cache/better-sqlite3-13.2.0/package/deps/sqlite3/sqlite3.c"


def check_sqlite(rep):
    ks = rep["kernels"]
    assert len(ks) > 2000, "%d kernels" % len(ks)
    for k in ks:
        assert k["exact"] == (not k["inexact_because"]), \
            "%s: exact is %s with inexact_because %s" % (k["name"], k["exact"],
                                                         k["inexact_because"])
        if k["opaque_calls"]:
            assert not k["exact"], "%s: opaque calls but exact" % k["name"]


def check_goto_heavy(rep):
    k = kernel(rep, "goto_heavy")
    assert not k["exact"]


def check_goto_loop(rep):
    # Known failing: a loop made of a backward goto is counted as one pass,
    # and with its branch probability bound the report claims to be exact.
    k = kernel(rep, "goto_loop")
    assert not k["exact"] and because(k, "goto"), \
        "goto loop counted as exact, %s loads: %s" % (k["loads"]["count"], k["inexact_because"])


def check_header_file(rep):
    # A .h file is parsed as C: its static inline functions are kernels.
    k = kernel(rep, "hsum")
    assert k["flops"]["add"] == 8 and k["loads"] == {"count": 8, "bytes": 64}, k
    assert k["exact"], k["inexact_because"]
    k = kernel(rep, "hscale")
    assert k["stores"] == {"count": 8, "bytes": 64}, k["stores"]


def check_cxx_file(out, err):
    # Parsed as C, a C++ file does not compile: the message says where.
    assert re.search(r"cxx_class\.cpp:\d+:\d+: error: ", err), err


def check_cxx_as_cxx(rep):
    # Parsed as C++ (-- -xc++), every kernel says the model is C's, and
    # the C++ statements are named, never counted as 0 quietly.
    for k in rep["kernels"]:
        assert not k["exact"] and because(k, r"^parsed as C\+\+"), (k["name"], k["inexact_because"])
    k = kernel(rep, "sum_refs")
    assert because(k, r"CXXForRangeStmt not counted") and because(k, r"CXXTryStmt not counted"), \
        k["inexact_because"]
    assert kernel(rep, "plain_c")["loads"] == {"count": 4, "bytes": 16}


def check_bytes_not_utf8(rep):
    # Bytes that are not UTF-8 and NUL bytes in the source change nothing:
    # per i a 1-byte load, a compare and an add; tag[0] once; exact.
    k = kernel(rep, "count_ff")
    assert k["loads"] == {"count": 11, "bytes": 11}, k["loads"]
    assert k["int_ops"]["cmp"] == 10 and k["int_ops"]["add"] == 11, k["int_ops"]
    assert k["exact"], k["inexact_because"]


def check_loop_nest_50(rep):
    # 2^50 runs of the body, exactly (below 2^53); 5 header ops per entry
    # of a loop (3 compares, 2 increments), 2^50 - 1 entries.
    k = kernel(rep, "loop_nest")
    assert k["flops"]["add"] == 2 ** 50, k["flops"]
    assert k["control_ops"] == 5 * (2 ** 50 - 1), k["control_ops"]
    assert k["footprint_bytes"] == 24 and k["exact"], (k["footprint_bytes"], k["inexact_because"])


def check_openmp_nested(rep):
    # The same counts as the serial code (openmp_nested.c says which),
    # every kernel OpenMP-parallel; only jacobi's time loop, run by every
    # thread of its region, makes a kernel inexact.
    want = {"jacobi": (54, 54, 18), "grid": (128, 128, 128), "fill": (0, 0, 8),
            "walk": (8, 8, 8), "nested": (0, 0, 64)}
    for name, (flops, loads, stores) in want.items():
        k = kernel(rep, name)
        got = (k["flops"]["total"], k["loads"]["count"], k["stores"]["count"])
        assert got == (flops, loads, stores), (name, got)
        assert k["openmp"]["parallel"], (name, k["openmp"])
        assert k["exact"] == (name != "jacobi"), (name, k["inexact_because"])
    assert because(kernel(rep, "jacobi"), r"^line 10: OpenMP parallel: .* once per thread")
    assert kernel(rep, "jacobi")["openmp"]["directives"] == ["parallel", "for", "barrier"]


CASES = {
    "deep_parens": ("gen:deep_parens", [], 1, 60, check_deep_parens),
    "deep_parens_unlimited": ("gen:deep_parens", ["--", "-fbracket-depth=20000"], 0, 120,
                              check_deep_parens_unlimited),
    "long_sum": ("gen:long_sum", [], 0, 120, check_long_sum),
    "call_chain": ("gen:call_chain", ["-k", "f0"], 0, 120, check_call_chain),
    "call_chain_all": ("gen:call_chain", [], 0, 300, None),
    "mutual_recursion": ("mutual_recursion.c", [], 0, 60, check_mutual_recursion),
    "huge_array": ("gen:huge_array", ["-D", "n=1000"], 0, 180, check_huge_array),
    "big_switch": ("gen:big_switch", ["-D", "n=100"], 0, 180, check_big_switch),
    "many_accesses": ("gen:many_accesses", [], 0, 120, check_many_accesses),
    "per_many": ("gen:per_many", ["--per", "L1"], 0, 300, check_per_many),
    "big_switch_shares": ("gen:big_switch", ["-D", "n=100"], 0, 180, check_big_switch_shares),
    "macro_loops": ("macro_loops.c", [], 0, 60, check_macro_loops),
    "goto_heavy": ("goto_heavy.c", [], 0, 60, check_goto_heavy),
    "goto_loop": ("goto_loop.c", ["-D", "P10=0.99", "-D", "n=100"], 0, 60, check_goto_loop),
    "per_lcm_overflow": ("two_params.c", ["--per", "n/99999999977 + m/99999999989"], 0, 60,
                         check_per_lcm_overflow),
    # The SQLite amalgamation, every function (bench/analyze_vs_clang.sh
    # --fetch-only puts it there; $ROOFLINE_SQLITE3_C elsewhere; skipped
    # when absent).
    "sqlite": ("sqlite", [], 0, 300, check_sqlite),
    "include_dev_zero": ("include_dev_zero.c", [], 1, 60, check_include_dev_zero),
    # A C file that includes a FIFO made at test time (fifo:), nobody
    # writing to it or a writer holding it open (fifo:writer).
    "include_fifo": ("fifo:", [], 1, 20, check_include_fifo),
    "include_fifo_writer": ("fifo:writer", [], 1, 20, check_include_fifo),
    "per_blowup": ("root:samples/json_encode.c",
                   ["-k", "json_encode_record", "--per", per_blowup_expr()], (1, 2), 30,
                   check_per_blowup),
    "header_file": ("header_only.h", ["-D", "n=8"], 0, 60, check_header_file),
    "cxx_file": ("cxx_class.cpp", [], 1, 60, check_cxx_file),
    "cxx_as_cxx": ("cxx_class.cpp", ["-D", "n=4", "--", "-xc++"], 0, 60, check_cxx_as_cxx),
    "bytes_not_utf8": ("gen:bytes_not_utf8", ["-D", "n=10"], 0, 60, check_bytes_not_utf8),
    "loop_nest_50": ("gen:loop_nest_50", [], 0, 120, check_loop_nest_50),
    "openmp_nested": ("openmp_nested.c",
                      ["-D", "n=8", "-D", "m=4", "-D", "steps=3", "--", "-fopenmp"], 0, 60,
                      check_openmp_nested),
}
# Cases that fail until their owner fixes the finding (docs/reliability.md).
KNOWN_FAILING = set()
# Cases that would take all the machine's memory without RLIMIT_AS.
NEEDS_LIMIT = {"include_dev_zero"}
# Cases skipped on a sanitizer build: the SQLite amalgamation takes minutes
# under ASan (its poly_format overflow, finding 1, is fixed).
SKIP_UNDER_ASAN = {"sqlite"}


def has_asan(binary):
    """True for an ASan or TSan build: both reserve terabytes of shadow
    memory (no RLIMIT_AS) and run SQLite for minutes."""
    with open(binary, "rb") as f:
        data = f.read()
    return b"__asan_init" in data or b"__tsan_init" in data


def main():
    a = harness.parse(CASES, listing=lambda c: c + (" (known failing)" if c in KNOWN_FAILING
                                                     else ""))
    harness.require(a, CASES)
    src, extra, want_exit, limit, check = CASES[a.case]
    os.makedirs(a.work, exist_ok=True)
    writer = None  # a FIFO's write end, held while roofline runs
    if src.startswith("gen:"):
        name = src[4:]
        path = os.path.join(a.work, name + ".c")
        if not os.path.exists(path):
            tmp = path + ".tmp%d" % os.getpid()
            text = gen.GENERATORS[name]()
            with open(tmp, "wb" if isinstance(text, bytes) else "w") as f:
                f.write(text)
            os.replace(tmp, path)
    elif src == "sqlite":
        path = os.environ.get("ROOFLINE_SQLITE3_C") or os.path.join(a.root, SQLITE_DEFAULT)
        if not os.path.exists(path):
            print("sqlite: skipped: no %s (bench/analyze_vs_clang.sh --fetch-only)" % path)
            return 77
    elif src.startswith("root:"):
        path = os.path.join(a.root, src[5:])
    elif src.startswith("fifo:"):
        fdir = os.path.join(a.work, a.case)
        os.makedirs(fdir, exist_ok=True)
        path = os.path.join(fdir, "include_fifo.c")
        with open(path, "w") as f:
            f.write("/* includes a FIFO */\n#include \"pipe.h\"\nint f(int n) { return n; }\n")
        fifo = os.path.join(fdir, "pipe.h")
        if os.path.lexists(fifo):
            os.unlink(fifo)
        os.mkfifo(fifo)
        if src == "fifo:writer":  # held open for writing (O_RDWR does not block)
            writer = os.open(fifo, os.O_RDWR)
    else:
        path = os.path.join(HERE, src)

    asan = has_asan(a.roofline)
    if asan and a.case in SKIP_UNDER_ASAN:
        print("%s: skipped on a sanitizer build until its finding is fixed" % a.case)
        return 77
    if asan and a.case in NEEDS_LIMIT:
        print("%s: skipped: needs an address-space limit, which ASan cannot run under" % a.case)
        return 77

    def limits():
        if not asan:
            resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    clang_args = []
    if "--" in extra:
        clang_args = extra[extra.index("--"):]
        extra = extra[:extra.index("--")]
    cmd = [a.roofline, "analyze", path, "--format", "json", "--no-plot",
           "--machine", os.path.join(a.root, "tests/data/machine.json")] + extra + clang_args
    print("$ " + " ".join(c if len(c) < 200 else c[:200] + "..." for c in cmd))
    t0 = time.monotonic()
    try:
        p = subprocess.run(cmd, cwd=a.work, capture_output=True, text=True, errors="replace",
                           timeout=limit, preexec_fn=limits)
    except subprocess.TimeoutExpired:
        print("FAIL: still running after %d s" % limit)
        return 1
    finally:
        if writer is not None:
            os.close(writer)
    secs = time.monotonic() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    print("%s: exit %d, %.2f s, peak RSS %.0f MB%s" %
          (a.case, p.returncode, secs, peak / 1e6, " (ASan build)" if asan else ""))
    fails = []
    if p.returncode < 0:
        fails.append("killed by signal %s" % signal.Signals(-p.returncode).name)
    elif p.returncode not in (0, 1, 2):
        fails.append("exit status %d (want 0, 1, or 2 for a usage error)" % p.returncode)
    elif p.returncode not in (want_exit if isinstance(want_exit, tuple) else (want_exit,)):
        fails.append("exit status %d (want %s)" % (p.returncode, want_exit))
    if SANITIZER.search(p.stderr):
        fails.append("sanitizer report on stderr")
    if peak > MEMORY_LIMIT:
        fails.append("peak RSS %.0f MB over the %.0f MB bound" % (peak / 1e6, MEMORY_LIMIT / 1e6))
    if not fails and p.returncode != 0:
        lines = [ln for ln in p.stderr.splitlines() if ln.strip()]
        if len(lines) != 1 or not lines[0].startswith("roofline analyze: "):
            fails.append("want one message on stderr, got %d lines" % len(lines))
    if not fails and check:
        try:
            if p.returncode == 0:
                check(json.loads(p.stdout))
            else:
                check(p.stdout, p.stderr)
        except (AssertionError, KeyError, ValueError) as e:
            fails.append("check: %s" % (e,))
    if fails:
        sys.stdout.write(p.stderr[-3000:])
        for f in fails:
            print("FAIL: " + f)
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
