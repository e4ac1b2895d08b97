#!/usr/bin/env python3
"""bad_inputs.py: each class of bad input a user can give roofline, the
message it must answer with and the exit status (docs/reliability.md has the
table, made by --markdown).

    bad_inputs.py --roofline BIN --root SRC --work DIR CASE
    bad_inputs.py --list | --markdown

A case passes when roofline exits with the status of the row (never by a
signal), stderr is one line starting "roofline CMD: " matching the row's
pattern (a usage error may add "see 'roofline CMD --help'"), and there is no
sanitizer report.
"""
import argparse
import os
import re
import shutil
import signal
import subprocess
import sys

M = "{root}/tests/data/machine.json"
OK_C = "int f(int n)\n{\n    return n;\n}\n"

# Files written into the work directory before a case runs.
FILES = {
    "ok.c": OK_C,
    "syntax.c": "int f( {\n",
    "binary.c": b"\x00\x01\x02\x7fELF\xff\xfe",
    "empty.c": "",
    "selfinc.c": "#include __FILE__\n" + OK_C,
    "trunc.json": '{"schema_version": 1, "kernels": [',
    "array.json": "[]\n",
    "future.json": None,  # made from the test machine, schema_version 99
    "branch.c": "int f(int n, unsigned m)\n{\n    if (n > 0)\n        return 1;\n"
                "    const char *s = \"abc\";\n    int k = 0;\n    while (s[k])\n"
                "        k++;\n    return k + (int)m;\n}\n",
}

# name: (class of input, argv after the binary, exit status, stderr pattern)
CASES = {
    "missing_file": ("C file does not exist",
                     ["analyze", "nosuch.c", "--machine", M, "--no-plot"], 1,
                     r"nosuch\.c: No such file or directory"),
    "directory": ("C file is a directory", ["analyze", ".", "--machine", M, "--no-plot"], 1,
                  r"not a regular file"),
    "syntax_error": ("C that does not compile",
                     ["analyze", "syntax.c", "--machine", M, "--no-plot"], 1,
                     r"syntax\.c:1:\d+: error: "),
    "binary_file": ("binary junk as C", ["analyze", "binary.c", "--machine", M, "--no-plot"], 1,
                    r"binary\.c:1:\d+: error: "),
    "empty_file": ("empty C file", ["analyze", "empty.c", "--machine", M, "--no-plot"], 1,
                   r"no function definitions"),
    "include_cycle": ("a file that includes itself",
                      ["analyze", "selfinc.c", "--machine", M, "--no-plot"], 1,
                      r"#include nested too deeply"),
    "unknown_kernel": ("-k names no function of the file",
                       ["analyze", "ok.c", "-k", "nosuch", "--machine", M, "--no-plot"], 1,
                       r"no function 'nosuch' defined here; the file defines: f"),
    "param_not_number": ("--param value not a number",
                         ["analyze", "ok.c", "-D", "n=abc", "--machine", M, "--no-plot"], 2,
                         r"--param n=abc: the value must be a number"),
    "per_div_zero": ("--per dividing by zero",
                     ["analyze", "ok.c", "--per", "n/0", "--machine", M, "--no-plot"], 2,
                     r"--per 'n/0': division by zero at column 4"),
    "per_unbalanced": ("--per with an unclosed parenthesis",
                       ["analyze", "ok.c", "--per", "((n", "--machine", M, "--no-plot"], 2,
                       r"expected '\)' at column 4"),
    "per_deep": ("--per nested 1,000 deep",
                 ["analyze", "ok.c", "--per", "(" * 1000 + "n" + ")" * 1000, "--machine", M,
                  "--no-plot"], 2, r"expression nested too deeply"),
    "bad_format": ("unknown --format",
                   ["analyze", "ok.c", "--format", "xml", "--machine", M, "--no-plot"], 2,
                   r"--format 'xml': expected text, json or csv"),
    "machine_missing": ("--machine file does not exist",
                        ["analyze", "ok.c", "--machine", "nosuch.json", "--no-plot"], 1,
                        r"nosuch\.json: cannot read machine model: No such file or directory"),
    "machine_truncated": ("--machine file truncated JSON",
                          ["analyze", "ok.c", "--machine",
                           "{root}/tests/data/machines/truncated.json", "--no-plot"], 1,
                          r"truncated\.json:\d+: not a machine model: "),
    "machine_not_object": ("--machine file not a JSON object",
                           ["analyze", "ok.c", "--machine", "array.json", "--no-plot"], 1,
                           r"array\.json: not a machine model: expected a JSON object"),
    "machine_not_model": ("--machine file another JSON document",
                          ["analyze", "ok.c", "--machine",
                           "{root}/tests/data/machines/not-a-model.json", "--no-plot"], 1,
                          r"not-a-model\.json: not a machine model"),
    "machine_future_schema": ("--machine file of another schema version",
                              ["analyze", "ok.c", "--machine", "future.json", "--no-plot"], 1,
                              r"future\.json: machine model schema_version 99, this roofline "
                              r"reads 1"),
    "machine_broken_topology": ("hwloc topology that does not parse",
                                ["machine", "--no-cache", "--quick", "--topology",
                                 "{root}/tests/data/machines/broken.xml"], 1,
                                r"broken\.xml: hwloc cannot read this topology"),
    "output_unwritable": ("-o into a missing directory",
                          ["analyze", "ok.c", "-o", "nodir/out.json", "--machine", M,
                           "--no-plot"], 1, r"nodir/out\.json: cannot create"),
    "run_shell_operator": ("--run with a shell operator",
                           ["analyze", "ok.c", "--run", "prog {N}; rm -rf x", "--machine", M,
                            "--no-plot"], 2, r"unquoted ';' in command: it runs without a shell"),
    "run_no_units": ("--run without {N}",
                     ["analyze", "ok.c", "--run", "prog", "--machine", M, "--no-plot"], 2,
                     r"command has no \{N\}"),
    "run_unterminated_quote": ("--run with an unterminated quote",
                               ["analyze", "ok.c", "--run", "prog 'x {N}", "--machine", M,
                                "--no-plot"], 2, r"unterminated single quote in command"),
    "run_not_found": ("--run program not found",
                      ["analyze", "ok.c", "--run", "nosuchprog-rl {N}", "--machine", M,
                       "--no-plot"], 1, r"nosuchprog-rl: command not found"),
    "plot_missing": ("plot: report does not exist", ["plot", "nosuch.json"], 1,
                     r"nosuch\.json: cannot read: No such file or directory"),
    "plot_not_json": ("plot: report truncated JSON", ["plot", "trunc.json"], 1,
                      r"trunc\.json: line 1, column \d+: not valid JSON"),
    "plot_not_report": ("plot: JSON that is not a report", ["plot", "array.json"], 1,
                        r"array\.json: not a roofline report"),
    "plot_machine_model": ("plot: a machine model instead of a report", ["plot", M], 1,
                           r"a machine model, not a report"),
    "unknown_command": ("unknown subcommand", ["nosuchcmd"], 2,
                        r"^roofline: 'nosuchcmd' is not a command"),
    "param_huge": ("--param value past what counts hold",
                   ["analyze", "ok.c", "-D", "n=1e30", "--machine", M, "--no-plot"], 2,
                   r"--param n=1e30: .*number out of range \(-9e15 to 9e15\)"),
    "param_type_range": ("--param value outside the parameter's type",
                         ["analyze", "ok.c", "-D", "n=3e9", "--machine", M, "--no-plot"], 2,
                         r"--param n=3000000000: out of range: n is a parameter of f of type "
                         r"int, from -2147483648 to 2147483647"),
    "param_unsigned_negative": ("--param negative for an unsigned parameter",
                                ["analyze", "branch.c", "-D", "m=-5", "--machine", M,
                                 "--no-plot"], 2,
                                r"--param m=-5: out of range: m is a parameter of f of type "
                                r"unsigned int, from 0 to 4294967295"),
    "param_not_whole": ("--param fraction for an integer parameter",
                        ["analyze", "ok.c", "-D", "n=2.5", "--machine", M, "--no-plot"], 2,
                        r"--param n=2\.5: n is a parameter of f of type int: its value must be "
                        r"a whole number"),
    "prob_negative": ("--param probability below 0",
                      ["analyze", "branch.c", "-D", "P3=-0.5", "--machine", M, "--no-plot"], 2,
                      r"--param P3=-0\.5: a branch probability is between 0 and 1"),
    "prob_above_one": ("--param probability above 1",
                       ["analyze", "branch.c", "-D", "P3=2", "--machine", M, "--no-plot"], 2,
                       r"--param P3=2: a branch probability is between 0 and 1"),
    "trip_negative": ("--param trip count below 0",
                      ["analyze", "branch.c", "-D", "L7=-3", "--machine", M, "--no-plot"], 2,
                      r"--param L7=-3: a trip count cannot be negative"),
    "per_negative": ("--per a negative number",
                     ["analyze", "ok.c", "--per", "-1", "--machine", M, "--no-plot"], 2,
                     r"--per -1: a unit of work must be a positive amount"),
    "per_negative_bound": ("--per negative once bound",
                           ["analyze", "ok.c", "--per", "n", "-D", "n=-4", "--machine", M,
                            "--no-plot"], 1,
                           r"--per n: evaluates to -4 for f; a unit of work must be a positive "
                           r"amount"),
    "measure_timeout_nan": ("measure --timeout not a number",
                            ["measure", "--timeout", "nan", "--", "true", "{N}"], 2,
                            r"--timeout nan: need a number of seconds >= 0 \(0: no limit\)"),
    "measure_timeout_inf": ("measure --timeout infinite",
                            ["measure", "--timeout", "inf", "--", "true", "{N}"], 2,
                            r"--timeout inf: need a number of seconds >= 0"),
    "measure_timeout_negative": ("measure --timeout negative",
                                 ["measure", "--timeout", "-1", "--", "true", "{N}"], 2,
                                 r"--timeout -1: need a number of seconds >= 0"),
    "analyze_timeout_inf": ("analyze --timeout infinite",
                            ["analyze", "ok.c", "--timeout", "inf", "--machine", M, "--no-plot"],
                            2, r"--timeout 'inf': expected a number of seconds"),
}


def prepare(work, root):
    os.makedirs(work, exist_ok=True)
    for name, text in FILES.items():
        if text is None:
            with open(os.path.join(root, "tests/data/machine.json")) as f:
                text = re.sub(r'"schema_version":\s*1', '"schema_version": 99', f.read(), count=1)
        mode = "wb" if isinstance(text, bytes) else "w"
        with open(os.path.join(work, name), mode) as f:
            f.write(text)


def shown_args(argv):
    """The arguments as the table shows them: the test machine and --no-plot
    left out, long ones cut."""
    out, skip = [], False
    for x in argv:
        if skip:
            skip = False
            continue
        if x == "--machine" and argv[argv.index(x) + 1] == M:
            skip = True
            continue
        if x == "--no-plot":
            continue
        x = x.replace("{root}/", "")
        if len(x) > 30:
            x = x[:12] + "..." + x[-6:]
        out.append("'%s'" % x if " " in x else x)
    return " ".join(out)


def run_case(roofline, root, work, name):
    """Runs one case; returns (status, stderr)."""
    what, argv, status, pattern = CASES[name]
    work = os.path.join(work, name)
    shutil.rmtree(work, ignore_errors=True)
    prepare(work, root)
    argv = [x.replace("{root}", root) for x in argv]
    env = dict(os.environ, XDG_CACHE_HOME=os.path.join(work, "cache"))
    p = subprocess.run([roofline] + argv, cwd=work, capture_output=True, text=True,
                       errors="replace", stdin=subprocess.DEVNULL, timeout=120, env=env)
    return p.returncode, p.stderr


def markdown(roofline, root, work):
    """The table of docs/reliability.md; with a binary, the messages it gives."""
    print("| Bad input | Command | Exit | Message |")
    print("|---|---|---|---|")
    for name, (what, argv, status, pattern) in CASES.items():
        msg = "matches `%s`" % pattern.replace("|", "\\|")
        if roofline:
            got, err = run_case(roofline, root, work, name)
            line = err.splitlines()[0] if err else ""
            line = line.replace(root + "/", "")
            msg = "`%s`" % line.replace("|", "\\|") if got == status else "(exit %d)" % got
        print("| %s | `roofline %s` | %d | %s |" % (what, shown_args(argv), status, msg))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--roofline")
    ap.add_argument("--root")
    ap.add_argument("--work")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("case", nargs="?")
    a = ap.parse_args()
    if a.list:
        print("\n".join(CASES))
        return 0
    if a.markdown:
        markdown(a.roofline and os.path.abspath(a.roofline), a.root and os.path.abspath(a.root),
                 os.path.abspath(a.work or "."))
        return 0
    if not (a.roofline and a.root and a.work and a.case in CASES):
        ap.error("need --roofline, --root, --work and a CASE (--list)")
    roofline, root = os.path.abspath(a.roofline), os.path.abspath(a.root)
    what, argv, status, pattern = CASES[a.case]
    print("$ roofline " + shown_args(argv))
    try:
        returncode, stderr = run_case(roofline, root, os.path.abspath(a.work), a.case)
    except subprocess.TimeoutExpired:
        print("FAIL: still running after 120 s")
        return 1

    class P:
        pass
    p = P()
    p.returncode, p.stderr = returncode, stderr
    sys.stdout.write(p.stderr)
    fails = []
    if p.returncode < 0:
        fails.append("killed by signal %s" % signal.Signals(-p.returncode).name)
    elif p.returncode != status:
        fails.append("exit status %d, want %d" % (p.returncode, status))
    if re.search(r"Sanitizer|runtime error:", p.stderr):
        fails.append("sanitizer report")
    lines = [ln for ln in p.stderr.splitlines() if ln.strip()]
    if lines and re.match(r"^see 'roofline( \w+)? --help'$", lines[-1]) and status == 2:
        lines.pop()
    cmdname = "roofline" if argv[0] not in ("analyze", "plot", "machine", "measure") \
        else "roofline " + argv[0]
    if len(lines) != 1:
        fails.append("want one line on stderr, got %d" % len(lines))
    elif not lines[0].startswith(cmdname + ": ") and not lines[0].startswith("roofline: "):
        fails.append("message does not start with '%s: '" % cmdname)
    elif not re.search(pattern, lines[0]):
        fails.append("message does not match /%s/" % pattern)
    elif lines[0].rstrip().endswith("."):
        fails.append("message ends with a period")
    for f in fails:
        print("FAIL: " + f)
    if not fails:
        print("ok")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
