#!/usr/bin/env python3
"""Golden test runner: one golden file = an input, the command, the expected
figures, side by side. Runs `roofline analyze` on it and checks the JSON
report, the exit status and stderr against the file's directives.

Usage:
  run_golden.py --roofline BIN --root REPO FILE...
  run_golden.py --selftest

Directives (in a .c file inside comments, `// ARGS: ...` or ` * EXPECT ...`;
in a .expected file as plain lines; `#` starts a comment line there):

  ARGS: <arguments to `roofline analyze`>   shlex-split, paths relative to the
        repository root; repeatable (concatenated). For a .c golden file the
        file itself is the first argument unless ARGS names a .c file.
        `{tmp}` stands for a fresh empty directory for this run.
  EXPECT <kernel> <path> <JSON literal>      the value at <path> ('/'-separated
        keys, or list indices) in the report's kernel named <kernel> ('.' for
        the whole report). Numbers compare with relative tolerance 1e-9; true
        is not 1; lists compare element by element.
  EXIT: <status>        expected exit status (default 0)
  STDERR: <substring>   stderr must contain it (repeatable)
  NOOUTPUT: <path>      must not exist after the run; relative to {tmp}. If
        ARGS has no -o/--output, `-o {tmp}/<path>` is added. {tmp} must also
        be left empty: no half-written or temporary files.

The runner adds `--format json --no-plot --machine tests/data/machine.json`
(each unless ARGS already says --format, --plot/--no-plot or --machine). With
EXIT 0 the report is read from stdout, or from the -o file if ARGS has one.
A golden file with no EXPECT, EXIT or STDERR line cannot fail and is an error.

Each failed expectation prints `FILE:LINE: kernel path: expected X, got Y`.
Exit status 0 when every file passes, 1 otherwise.
"""

import argparse
import contextlib
import io
import json
import math
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

REL_TOL = 1e-9
DEFAULT_MACHINE = "tests/data/machine.json"
RUN_TIMEOUT_S = 600
STDERR_SHOWN = 4000

# A sanitizer's report fails the test whatever the exit status: an error
# path that exits 1 as expected must not hide a use-after-free on the way.
SANITIZER_REPORT = re.compile(r"^==\d+==ERROR: \w+Sanitizer|^SUMMARY: \w+Sanitizer|: runtime error: |"
                              r"^WARNING: ThreadSanitizer",
                              re.M)

DIRECTIVE = re.compile(r"^(ARGS:|EXPECT:?|EXIT:|STDERR:|NOOUTPUT:)(?=\s|$)\s*(.*)$")


class GoldenError(Exception):
    """The golden file itself is malformed (not a failed expectation)."""


class Golden:
    """A parsed golden file."""

    def __init__(self, path):
        self.path = path
        self.args = []  # shlex-split ARGS, in order
        self.args_line = None
        self.expects = []  # (line, kernel, path, value, literal)
        self.exit = 0
        self.exit_line = None
        self.stderr = []  # (line, substring)
        self.nooutput = []  # (line, path)


def _directive_lines(text, is_c):
    """Yield (line number, text) of lines that may hold a directive: every
    line of a .expected file, the comment text of a .c file's lines."""
    in_block = False
    for num, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not is_c:
            if line and not line.startswith("#"):
                yield num, line
            continue
        candidate = None
        if in_block:
            end = line.find("*/")
            candidate = line if end < 0 else line[:end]
        else:
            starts = [i for i in (line.find("//"), line.find("/*")) if i >= 0]
            if starts:
                i = min(starts)
                candidate = line[i + 2:]
                if line.startswith("/*", i) and "*/" in candidate:
                    candidate = candidate[:candidate.index("*/")]
        # Track block comments: the last /* or */ on the line decides.
        opened, closed = line.rfind("/*"), line.rfind("*/")
        if opened > closed and not line.startswith("//"):
            in_block = True
        elif closed > opened:
            in_block = False
        if candidate is None:
            continue
        candidate = candidate.strip()
        while candidate.startswith("*"):
            candidate = candidate[1:].lstrip()
        yield num, candidate


def parse_golden(text, path):
    """Parse a golden file's text; raise GoldenError on a malformed one."""
    g = Golden(path)
    is_c = path.endswith(".c")
    for num, line in _directive_lines(text, is_c):
        m = DIRECTIVE.match(line)
        if not m:
            continue
        key, rest = m.group(1).rstrip(":"), m.group(2).strip()
        where = "%s:%d" % (path, num)
        if key == "ARGS":
            try:
                g.args += shlex.split(rest)
            except ValueError as e:
                raise GoldenError("%s: ARGS: %s" % (where, e))
            g.args_line = g.args_line or num
        elif key == "EXPECT":
            parts = rest.split(None, 2)
            if len(parts) < 3:
                raise GoldenError("%s: EXPECT needs <kernel> <path> <JSON literal>" % where)
            kernel, keypath, literal = parts
            try:
                value = json.loads(literal, parse_constant=_reject_constant)
            except ValueError as e:
                raise GoldenError("%s: EXPECT value %s is not a JSON literal: %s" % (where, literal, e))
            g.expects.append((num, kernel, keypath, value, literal))
        elif key == "EXIT":
            if g.exit_line is not None:
                raise GoldenError("%s: a second EXIT (first on line %d)" % (where, g.exit_line))
            try:
                g.exit = int(rest)
            except ValueError:
                raise GoldenError("%s: EXIT needs a number, got %r" % (where, rest))
            g.exit_line = num
        elif key == "STDERR":
            if not rest:
                raise GoldenError("%s: STDERR needs a substring" % where)
            g.stderr.append((num, rest))
        elif key == "NOOUTPUT":
            if not rest:
                raise GoldenError("%s: NOOUTPUT needs a path" % where)
            g.nooutput.append((num, rest))
    if not (g.expects or g.exit_line is not None or g.stderr):
        raise GoldenError("%s: no EXPECT, EXIT or STDERR line: this test cannot fail" % path)
    if g.expects and g.exit != 0:
        raise GoldenError("%s:%d: EXPECT lines need EXIT 0 (the report is read only on success)"
                          % (path, g.expects[0][0]))
    if not is_c and not g.args:
        raise GoldenError("%s: an .expected file needs an ARGS line naming its input" % path)
    return g


def _reject_constant(name):
    raise ValueError("%s is not JSON" % name)


def _has_option(args, *names):
    for a in args:
        if a == "--":
            return False
        for n in names:
            if a == n or (n.startswith("--") and a.startswith(n + "=")):
                return True
    return False


def _option_value(args, short, long):
    """The value of -o/--output style option in args, or None."""
    for i, a in enumerate(args):
        if a == "--":
            break
        if a in (short, long) and i + 1 < len(args):
            return args[i + 1]
        if a.startswith(long + "="):
            return a[len(long) + 1:]
        if a.startswith(short) and len(a) > len(short) and not a.startswith("--"):
            return a[len(short):]
    return None


def build_command(g, roofline, tmp):
    """The argv that runs this golden file, with {tmp} substituted."""
    args = [a.replace("{tmp}", tmp) for a in g.args]
    if "--" in args:
        cut = args.index("--")
        options, clang_args = args[:cut], args[cut:]
    else:
        options, clang_args = args, []
    if g.path.endswith(".c") and not any(a.endswith(".c") for a in options):
        options = [g.path] + options
    extra = []
    if not _has_option(options, "--format"):
        extra += ["--format", "json"]
    if not _has_option(options, "--plot", "--no-plot"):
        extra += ["--no-plot"]
    if not _has_option(options, "--machine"):
        extra += ["--machine", DEFAULT_MACHINE]
    if g.nooutput and _option_value(options, "-o", "--output") is None:
        extra += ["-o", os.path.join(tmp, g.nooutput[0][1])]
    return [roofline, "analyze"] + options + extra + clang_args


def lookup(obj, keypath):
    """Follow a '/'-separated path; return (found, value)."""
    if keypath in ("", "."):
        return True, obj
    for key in keypath.split("/"):
        if isinstance(obj, dict):
            if key not in obj:
                return False, None
            obj = obj[key]
        elif isinstance(obj, list):
            try:
                idx = int(key)
            except ValueError:
                return False, None
            if not -len(obj) <= idx < len(obj):
                return False, None
            obj = obj[idx]
        else:
            return False, None
    return True, obj


def values_equal(want, got):
    """JSON equality with a relative tolerance for numbers; bools are not
    numbers, and an integer-valued figure equals its float form."""
    if isinstance(want, bool) or isinstance(got, bool):
        return isinstance(want, bool) and isinstance(got, bool) and want == got
    if isinstance(want, (int, float)) and isinstance(got, (int, float)):
        if want == got:
            return True
        if any(isinstance(v, float) and not math.isfinite(v) for v in (want, got)):
            return False
        return abs(want - got) <= REL_TOL * max(abs(want), abs(got))
    if isinstance(want, list) and isinstance(got, list):
        return len(want) == len(got) and all(values_equal(w, v) for w, v in zip(want, got))
    if isinstance(want, dict) and isinstance(got, dict):
        return want.keys() == got.keys() and all(values_equal(want[k], got[k]) for k in want)
    return type(want) is type(got) and want == got


def _show(value):
    return json.dumps(value, sort_keys=True)


def find_kernel(report, name):
    kernels = report.get("kernels") if isinstance(report, dict) else None
    if not isinstance(kernels, list):
        return None, []
    names = [k.get("name") for k in kernels if isinstance(k, dict)]
    for k in kernels:
        if isinstance(k, dict) and k.get("name") == name:
            return k, names
    return None, names


def check(g, status, stdout, stderr, report_text, tmp):
    """Compare one run with the golden file; return a list of failure lines."""
    fails = []
    exit_line = g.exit_line or g.args_line or 1
    if status != g.exit:
        got = "signal %d" % -status if status < 0 else "%d" % status
        fails.append("%s:%d: exit status: expected %d, got %s" % (g.path, exit_line, g.exit, got))
    m = SANITIZER_REPORT.search(stderr)
    if m:
        line_end = stderr.find("\n", m.start())
        fails.append("%s:%d: sanitizer: expected no report, got %s"
                     % (g.path, exit_line, _show(stderr[m.start():line_end if line_end >= 0 else None])))
    for num, sub in g.stderr:
        if sub not in stderr:
            fails.append("%s:%d: stderr: expected to contain %s, got %s"
                         % (g.path, num, _show(sub), _show(stderr.strip()[-500:])))
    for num, path in g.nooutput:
        full = os.path.join(tmp, path)
        if os.path.lexists(full):
            fails.append("%s:%d: output %s: expected not to exist, got a file of %d bytes"
                         % (g.path, num, path, os.path.getsize(full)))
    if g.nooutput:
        left = sorted(os.listdir(tmp))
        if left:
            fails.append("%s:%d: output directory: expected empty, got %s"
                         % (g.path, g.nooutput[0][0], ", ".join(left)))
    if not g.expects or status != 0:
        return fails
    try:
        report = json.loads(report_text, parse_constant=_reject_constant)
    except ValueError as e:
        fails.append("%s:%d: report: expected JSON, got %s (%s)"
                     % (g.path, g.expects[0][0], _show(report_text[:200]), e))
        return fails
    for num, kernel, keypath, want, _literal in g.expects:
        if kernel == ".":
            obj = report
        else:
            obj, names = find_kernel(report, kernel)
            if obj is None:
                fails.append("%s:%d: %s %s: expected %s, got no kernel %s (kernels: %s)"
                             % (g.path, num, kernel, keypath, _show(want), kernel,
                                ", ".join(str(n) for n in names) or "none"))
                continue
        found, got = lookup(obj, keypath)
        if not found:
            fails.append("%s:%d: %s %s: expected %s, got no such key"
                         % (g.path, num, kernel, keypath, _show(want)))
        elif not values_equal(want, got):
            fails.append("%s:%d: %s %s: expected %s, got %s"
                         % (g.path, num, kernel, keypath, _show(want), _show(got)))
    return fails


def run_one(path, roofline, root):
    """Run one golden file; print the outcome; return True when it passed."""
    full = os.path.abspath(path)
    rel = os.path.relpath(full, root)
    shown = full if rel.startswith("..") else rel
    try:
        with open(full, encoding="utf-8") as f:
            text = f.read()
        g = parse_golden(text, shown)
    except (OSError, GoldenError) as e:
        print("%s: bad golden file: %s" % (shown, e))
        return False
    tmp = tempfile.mkdtemp(prefix="golden-")
    try:
        argv = build_command(g, roofline, tmp)
        try:
            proc = subprocess.run(argv, cwd=root, stdin=subprocess.DEVNULL,
                                  capture_output=True, timeout=RUN_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            print("%s: timed out after %d s: %s" % (shown, RUN_TIMEOUT_S, shlex.join(argv)))
            return False
        except OSError as e:
            print("%s: cannot run %s: %s" % (shown, argv[0], e))
            return False
        stdout = proc.stdout.decode("utf-8", "replace")
        stderr = proc.stderr.decode("utf-8", "replace")
        report_text = stdout
        out_file = _option_value(argv[2:], "-o", "--output")
        if out_file and proc.returncode == 0 and g.expects:
            try:
                with open(os.path.join(root, out_file), encoding="utf-8") as f:
                    report_text = f.read()
            except OSError as e:
                report_text = "<cannot read %s: %s>" % (out_file, e)
        fails = check(g, proc.returncode, stdout, stderr, report_text, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if not fails:
        print("PASS %s (%d expectation%s)" % (shown, _count(g), "" if _count(g) == 1 else "s"))
        return True
    for line in fails:
        print(line)
    print("  command: (cd %s && %s)" % (shlex.quote(root), shlex.join(argv)))
    print("  exit status: %d" % proc.returncode)
    if stderr.strip():
        print("  stderr:\n" + _indent(stderr[-STDERR_SHOWN:]))
    if not os.path.exists(os.path.join(root, DEFAULT_MACHINE)) and DEFAULT_MACHINE in argv:
        print("  note: %s does not exist" % DEFAULT_MACHINE)
    return False


def _count(g):
    return len(g.expects) + len(g.stderr) + len(g.nooutput) + 1


def _indent(text):
    return "\n".join("    " + l for l in text.rstrip().splitlines())


# ---------------------------------------------------------------------------
# Self-test of the parser and the comparison, on inline examples, and of a
# whole run against a stand-in for roofline that prints a fixed report.

SELFTEST_C = """\
/* rules/add.c: one add per element.
 * ARGS: -k f -D n=8
 * EXPECT f int_ops/add 16
 * EXPECT f symbolic/work_ops "2*n"
 */
int f(int *a, int n) { int s = 0; for (int i = 0; i < n; i++) s += a[i] + 1; return s; }
// EXPECT f exact true
// EXPECT f unbound ["L12", "P3"]
int x = 1; /* EXPECT f opaque_calls [] */
/* a comment mentioning EXPECT in passing is not a directive */
/*
   EXPECT f intensity/traffic 0.5
*/
// STDERR: warning
"""

SELFTEST_EXPECTED = """\
# samples/aes.expected
ARGS: samples/aes.c -k aes128_encrypt_block --per 1 --unit block
EXPECT aes128_encrypt_block loads/bytes 176
EXPECT . schema_version 1
"""

FAKE_REPORT = {
    "schema_version": 1,
    "kernels": [{
        "name": "f", "int_ops": {"add": 16, "total": 16}, "symbolic": {"work_ops": "2*n"},
        "exact": True, "unbound": ["L12", "P3"], "opaque_calls": [],
        "intensity": {"traffic": 0.5000000000001}, "loads": {"bytes": 176},
    }],
}

FAKE_ROOFLINE = """\
import json, os, sys
args = sys.argv[1:]
with open(os.environ["FAKE_ARGV"], "w") as f:
    json.dump(args, f)
src = args[1]
if not os.path.exists(src):
    sys.stderr.write("roofline: %s: No such file or directory\\n" % src)
    if "--asan" in args:
        sys.stderr.write("=================\\n==42==ERROR: AddressSanitizer: heap-use-after-free\\n")
    sys.exit(1)
sys.stderr.write("warning: something\\n")
out = json.dumps(REPORT)
if "-o" in args:
    with open(args[args.index("-o") + 1], "w") as f:
        f.write(out)
    if "--fail-after-write" in args:
        sys.exit(1)
else:
    print(out)
"""


def selftest():
    failures = []

    def expect(cond, what):
        if not cond:
            failures.append(what)

    g = parse_golden(SELFTEST_C, "tests/golden/rules/add.c")
    expect(g.args == ["-k", "f", "-D", "n=8"], "ARGS parsed: %r" % g.args)
    got = [(n, k, p, v) for n, k, p, v, _ in g.expects]
    expect(got == [(3, "f", "int_ops/add", 16), (4, "f", "symbolic/work_ops", "2*n"),
                   (7, "f", "exact", True), (8, "f", "unbound", ["L12", "P3"]),
                   (9, "f", "opaque_calls", []), (12, "f", "intensity/traffic", 0.5)],
           "EXPECT lines parsed: %r" % got)
    expect(g.stderr == [(14, "warning")], "STDERR parsed: %r" % g.stderr)
    expect(g.exit == 0 and g.exit_line is None, "EXIT defaults to 0")

    # Directives outside comments in a .c file are code, not directives.
    try:
        parse_golden("EXPECT f exact true\nint f(void);\n", "x.c")
        failures.append("a .c file with directives only outside comments was accepted")
    except GoldenError as e:
        expect("cannot fail" in str(e), "no-expectation message: %s" % e)

    e = parse_golden(SELFTEST_EXPECTED, "tests/golden/samples/aes.expected")
    expect(e.args[0] == "samples/aes.c" and len(e.args) == 7, "expected ARGS: %r" % e.args)
    expect(len(e.expects) == 2 and e.expects[1][1] == ".", ". kernel parsed")

    for bad, why in [("ARGS: -k f\n", "cannot fail"),
                     ("ARGS: a.c\nEXPECT f x\n", "needs <kernel>"),
                     ("ARGS: a.c\nEXPECT f x 2*n\n", "not a JSON literal"),
                     ("ARGS: a.c\nEXPECT f x NaN\n", "not a JSON literal"),
                     ("ARGS: a.c\nEXIT: one\n", "needs a number"),
                     ("ARGS: a.c\nEXIT: 1\nEXPECT f x 1\n", "need EXIT 0"),
                     ("ARGS: 'a.c\nEXIT: 1\n", "ARGS"),
                     ("EXIT: 1\n", "needs an ARGS line")]:
        try:
            parse_golden(bad, "t.expected")
            failures.append("accepted bad golden %r" % bad)
        except GoldenError as err:
            expect(why in str(err), "bad golden %r: message %r lacks %r" % (bad, str(err), why))

    expect(values_equal(0.5, 0.5000000000001), "relative tolerance")
    expect(not values_equal(0.5, 0.50001), "beyond tolerance")
    expect(values_equal(16, 16.0), "int equals its float")
    expect(not values_equal(1, True) and not values_equal(True, 1), "true is not 1")
    expect(not values_equal(0, None), "null is not 0")
    expect(values_equal(["L12"], ["L12"]) and not values_equal(["L12"], ["L12", "P3"]), "lists")
    expect(not values_equal(["a", "b"], ["b", "a"]), "lists keep order")
    expect(not values_equal("16", 16), "a string is not a number")
    expect(lookup({"a": {"b": [1, 2]}}, "a/b/1") == (True, 2), "path into a list")
    expect(lookup({"a": 1}, "a/b") == (False, None), "path through a number")
    expect(lookup({"loads.bytes": 3}, "loads.bytes") == (True, 3), "keys with dots")

    # A whole run against a stand-in roofline.
    work = tempfile.mkdtemp(prefix="golden-selftest-")
    try:
        fake = os.path.join(work, "fake_roofline")
        with open(fake, "w") as f:
            f.write("#!%s\nREPORT = %s\n%s" % (sys.executable, repr(FAKE_REPORT), FAKE_ROOFLINE))
        os.chmod(fake, 0o755)
        os.makedirs(os.path.join(work, "g"))
        os.environ["FAKE_ARGV"] = os.path.join(work, "argv.json")

        log = io.StringIO()

        def run(name, text):
            with open(os.path.join(work, "g", name), "w") as f:
                f.write(text)
            with contextlib.redirect_stdout(log):
                return run_one(os.path.join(work, "g", name), fake, work)

        expect(run("add.c", SELFTEST_C), "the good .c golden passed")
        with open(os.environ["FAKE_ARGV"]) as f:
            argv = json.load(f)
        expect(argv == ["analyze", "g/add.c", "-k", "f", "-D", "n=8", "--format", "json",
                        "--no-plot", "--machine", DEFAULT_MACHINE], "command line: %r" % argv)
        expect(not run("wrong.c", SELFTEST_C.replace("int_ops/add 16", "int_ops/add 17")),
               "a wrong figure failed")
        expect(not run("nokernel.c", "// EXPECT g exact true\n"), "a missing kernel failed")
        expect(run("missing.c", "// ARGS: does/not/exist.c\n// EXIT: 1\n"
                   "// STDERR: does/not/exist.c\n// NOOUTPUT: out.json\n"),
               "the missing-file golden passed")
        with open(os.environ["FAKE_ARGV"]) as f:
            argv = json.load(f)
        expect(argv[1] == "does/not/exist.c" and argv[-2] == "-o", "NOOUTPUT adds -o: %r" % argv)
        expect(not run("left.c", "// ARGS: -o {tmp}/out.json --fail-after-write\n// EXIT: 1\n// NOOUTPUT: out.json\n"),
               "an output file left behind failed")
        expect(run("viaout.c", "// ARGS: -o {tmp}/r.json\n// EXPECT f loads/bytes 176\n"),
               "the report is read from the -o file")
        expect(not run("exit.c", "// EXIT: 2\n"), "a wrong exit status failed")
        expect(not run("asan.c", "// ARGS: does/not/exist.c --asan\n// EXIT: 1\n"),
               "a sanitizer report failed an otherwise passing test")
        for line in ["g/wrong.c:3: f int_ops/add: expected 17, got 16",
                     "g/nokernel.c:1: g exact: expected true, got no kernel g (kernels: f)",
                     "g/left.c:3: output out.json: expected not to exist",
                     "g/left.c:3: output directory: expected empty, got out.json",
                     "g/exit.c:1: exit status: expected 2, got 0",
                     'g/asan.c:2: sanitizer: expected no report, got "==42==ERROR: AddressSanitizer: '
                     'heap-use-after-free"']:
            expect(line in log.getvalue(), "report line missing: %s" % line)
        if failures:
            print(log.getvalue())
    finally:
        shutil.rmtree(work, ignore_errors=True)
        os.environ.pop("FAKE_ARGV", None)

    for f in failures:
        print("selftest: FAIL: %s" % f)
    print("selftest: %s" % ("ok" if not failures else "%d failures" % len(failures)))
    return 0 if not failures else 1


def main():
    ap = argparse.ArgumentParser(description="Run golden tests of `roofline analyze`.")
    ap.add_argument("--roofline", help="the roofline binary")
    ap.add_argument("--root", help="the repository root (paths in golden files are relative to it)")
    ap.add_argument("--selftest", action="store_true", help="test this runner and exit")
    ap.add_argument("files", nargs="*")
    opts = ap.parse_args()
    if opts.selftest:
        return selftest()
    if not opts.roofline or not opts.root or not opts.files:
        ap.error("--roofline, --root and at least one FILE are needed")
    root = os.path.abspath(opts.root)
    roofline = os.path.abspath(opts.roofline)
    ok = True
    for path in opts.files:
        ok = run_one(path, roofline, root) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
