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
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys

import harness

M = "{root}/tests/data/machine.json"
OK_C = "int f(int n)\n{\n    return n;\n}\n"

class Fifo:
    """A FIFO no one writes to: a reader blocks on it."""


class Sparse:
    """A file of size bytes that takes no room (truncated to its size)."""

    def __init__(self, size):
        self.size = size


class ReadOnlyDir:
    """An empty directory no one may write into (0555)."""


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
    "fifo": Fifo(),
    "big.json": Sparse(17 << 20),
    "noexec.sh": "#!/bin/sh\nexit 0\n",  # not executable (0644)
    "incfifo.c": '#include "pipe.h"\n' + OK_C,
    "pipe.h": Fifo(),
    "db/compile_commands.json": Fifo(),
    "cachefile": "a file where the cache directory should be\n",
    "cachefifo": Fifo(),
    "cache-ro": ReadOnlyDir(),
    "branch.c": "int f(int n, unsigned m)\n{\n    if (n > 0)\n        return 1;\n"
                "    const char *s = \"abc\";\n    int k = 0;\n    while (s[k])\n"
                "        k++;\n    return k + (int)m;\n}\n",
}


def with_figure(base, path, value):
    """A file made at run time from tests/data/BASE with the figure at path
    (keys from the top) set to value, a JSON text: a machine model or a
    report whose model has a figure no machine has."""
    def make(root):
        with open(os.path.join(root, "tests/data", base)) as f:
            doc = json.load(f)
        obj = doc
        for key in path[:-1]:
            obj = obj[key]
        obj[path[-1]] = "@VALUE@"
        return json.dumps(doc, indent=1).replace('"@VALUE@"', value)
    return make


FILES.update({
    "dram-zero.json": with_figure("machine.json", ["levels", "DRAM", "bw", "value"], "0"),
    "l1-subnormal.json": with_figure("machine.json", ["levels", "L1", "bw", "value"], "1e-310"),
    "l2-huge.json": with_figure("machine.json", ["levels", "L2", "bw_all_cores", "value"],
                                "1e20"),
    "peak-negative.json": with_figure("machine.json", ["compute", "fp_simd", "value"], "-1.4e11"),
    "peak-tiny.json": with_figure("machine.json", ["compute", "int_scalar", "value"], "1000"),
    "peak-huge.json": with_figure("machine.json", ["compute", "fp_scalar", "peak"], "1e300"),
    "peak-nan.json": with_figure("machine.json", ["compute", "int_simd", "value"], "NaN"),
    "clock-tiny.json": with_figure("machine.json", ["clock", "hz"], "1e-300"),
    "l3-size.json": with_figure("machine.json", ["levels", "L3", "nominal_bytes"], "7"),
    "line-size.json": with_figure("machine.json", ["levels", "L1", "line_bytes"], "48"),
    "report-dram-zero.json": with_figure("reports/minimal.json",
                                         ["machine", "levels", "DRAM", "bw", "value"], "0"),
})

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
    # Inputs that are not regular files, or too large: refused at once,
    # never read (a FIFO blocked, /dev/zero was read for 5 GB).
    "machine_dev_zero": ("--machine /dev/zero",
                         ["analyze", "ok.c", "--machine", "/dev/zero", "--no-plot"], 1,
                         r"/dev/zero: cannot read machine model: not a regular file"),
    "machine_urandom": ("--machine /dev/urandom",
                        ["analyze", "ok.c", "--machine", "/dev/urandom", "--no-plot"], 1,
                        r"/dev/urandom: cannot read machine model: not a regular file"),
    "machine_fifo": ("--machine a FIFO no one writes to",
                     ["analyze", "ok.c", "--machine", "fifo", "--no-plot"], 1,
                     r"fifo: cannot read machine model: not a regular file"),
    "machine_directory": ("--machine a directory",
                          ["analyze", "ok.c", "--machine", ".", "--no-plot"], 1,
                          r"\.: cannot read machine model: is a directory"),
    "machine_too_big": ("--machine file over 16 MiB",
                        ["analyze", "ok.c", "--machine", "big.json", "--no-plot"], 1,
                        r"big\.json: cannot read machine model: larger than the limit of 16 MiB"),
    "machine_load_fifo": ("machine --load a FIFO", ["machine", "--load", "fifo"], 1,
                          r"fifo: cannot read machine model: not a regular file"),
    "measure_machine_dev_zero": ("measure --machine /dev/zero",
                                 ["measure", "--machine", "/dev/zero", "--", "true", "{N}"], 1,
                                 r"/dev/zero: cannot read machine model: not a regular file"),
    "topology_dev_zero": ("--topology /dev/zero",
                          ["machine", "--no-cache", "--quick", "--topology", "/dev/zero"], 1,
                          r"/dev/zero: cannot read topology: not a regular file"),
    "plot_dev_zero": ("plot: report /dev/zero", ["plot", "/dev/zero"], 1,
                      r"/dev/zero: cannot read: not a regular file"),
    "plot_fifo": ("plot: report a FIFO", ["plot", "fifo"], 1,
                  r"fifo: cannot read: not a regular file"),
    "plot_directory": ("plot: report a directory", ["plot", "."], 1,
                       r"\.: cannot read: is a directory"),
    "compdb_fifo": ("-p DIR whose compile_commands.json is a FIFO",
                    ["analyze", "ok.c", "-p", "db", "--machine", M, "--no-plot"], 1,
                    r"db/compile_commands\.json: not a regular file"),
    "include_fifo": ("#include of a FIFO", ["analyze", "incfifo.c", "--machine", M, "--no-plot"],
                     1, r"incfifo\.c:1:10: error: cannot open file '.*pipe\.h': "
                        r"not a regular file \(a FIFO\)"),
    # Messages that said the wrong thing.
    "stdout_full": ("standard output a full device",
                    ["analyze", "ok.c", "--format", "json", "--machine", M, "--no-plot"], 1,
                    r"cannot write to standard output: No space left on device"),
    "run_not_executable": ("--run program without execute permission",
                           ["analyze", "ok.c", "--run", "./noexec.sh {N}", "--machine", M,
                            "--no-plot"], 1, r"\./noexec\.sh: not executable \(permission denied\)"),
    "measure_not_executable": ("measure: program without execute permission",
                               ["measure", "--machine", M, "--", "./noexec.sh", "{N}"], 1,
                               r"\./noexec\.sh: not executable \(permission denied\)"),
    "measure_directory": ("measure: a directory as the program",
                          ["measure", "--machine", M, "--", "{root}/tests", "{N}"], 1,
                          r"tests: is a directory, not a program"),
    "param_out_of_range": ("--param value past 9e15",
                           ["analyze", "ok.c", "-D", "n=1e30", "--machine", M, "--no-plot"], 2,
                           r"number out of range \(at most 9e15 in magnitude\)"),
    "param_too_small": ("--param value that strtod rounds to 0",
                        ["analyze", "ok.c", "-D", "n=1e-400", "--machine", M, "--no-plot"], 2,
                        r"number out of range \(a nonzero number is at least 1e-9"),
    "echo_long_value": ("a 100 KB option value",
                        ["analyze", "ok.c", "--format", "A" * 100000, "--machine", M,
                         "--no-plot"], 2, r"--format 'A{80}\.\.\.': expected text, json or csv$"),
    "echo_control_chars": ("an option value with a newline and a terminal escape",
                           ["analyze", "ok.c", "--format", "x\ny\x1b[31m", "--machine", M,
                            "--no-plot"], 2, r"--format 'x\\ny\\x1b\[31m': expected"),
    "file_control_chars": ("a file name with a newline",
                           ["analyze", "a\nb.c", "--machine", M, "--no-plot"], 1,
                           r"a\\nb\.c: No such file or directory"),
    "kernel_long_name": ("-k a 100 KB name",
                         ["analyze", "ok.c", "-k", "k" * 100000, "--machine", M, "--no-plot"], 1,
                         r"no function 'k{80}\.\.\.' defined here; the file defines: f$"),
    # The machine cache where it cannot be written: the model is measured
    # and printed, and a warning says once that it is not cached and why.
    "cache_home_file": ("XDG_CACHE_HOME is a file",
                        ["machine", "--quick", "--topology", "{root}/tests/data/machines/"
                         "two-packages.xml", "--format", "json"], 0,
                        r"warning: the machine model cannot be cached \(.*/cachefile/roofline: "
                        r"Not a directory\): it is measured again on every run"),
    "cache_home_fifo": ("XDG_CACHE_HOME is a FIFO",
                        ["machine", "--quick", "--topology", "{root}/tests/data/machines/"
                         "two-packages.xml", "--format", "json"], 0,
                        r"warning: the machine model cannot be cached \(.*/cachefifo/roofline: "
                        r"Not a directory\)"),
    "cache_readonly": ("XDG_CACHE_HOME read-only",
                       ["machine", "--quick", "--topology", "{root}/tests/data/machines/"
                        "two-packages.xml", "--format", "json"], 0,
                       r"warning: the machine model cannot be cached \(.*/cache-ro/roofline: "
                       r"Permission denied\)"),
    "cache_full": ("cache on a full disk (RLIMIT_FSIZE 0)",
                   ["machine", "--quick", "--topology", "{root}/tests/data/machines/"
                    "two-packages.xml", "--format", "json"], 0,
                   r"warning: the machine model cannot be cached \(.*/roofline/machine-.*\.json: "
                   r"write failed: File too large\)"),
    "param_huge": ("--param value past what counts hold",
                   ["analyze", "ok.c", "-D", "n=1e30", "--machine", M, "--no-plot"], 2,
                   r"--param n=1e30: .*number out of range \(at most 9e15 in magnitude\)"),
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
    "measure_timeout_inf": ("measure --timeout infinite",
                            ["measure", "--timeout", "inf", "--", "true", "{N}"], 2,
                            r"--timeout 'inf': expected "),
    "analyze_timeout_inf": ("analyze --timeout infinite",
                            ["analyze", "ok.c", "--timeout", "inf", "--machine", M, "--no-plot"],
                            2, r"--timeout 'inf': expected "),
}

# Machine models with figures no machine has (docs/machine-schema.md,
# "Plausible figures"): refused where they are read, never placed under.
CASES.update({
    "machine_zero_bandwidth": ("--machine with a DRAM bandwidth of 0",
                               ["analyze", "ok.c", "--machine", "dram-zero.json", "--no-plot"], 1,
                               r"dram-zero\.json: levels\.DRAM\.bw\.value: 0 bytes/s is not a "
                               r"plausible bandwidth \(expected 1e\+06 to 1e\+16 bytes/s\)"),
    "machine_subnormal_bandwidth": ("--machine with a subnormal L1 bandwidth",
                                    ["analyze", "ok.c", "--machine", "l1-subnormal.json",
                                     "--no-plot"], 1,
                                    r"levels\.L1\.bw\.value: 1e-310 bytes/s is not a plausible "
                                    r"bandwidth"),
    "machine_huge_bandwidth": ("--machine with an all-cores bandwidth of 1e20 B/s",
                               ["analyze", "ok.c", "--machine", "l2-huge.json", "--no-plot"], 1,
                               r"levels\.L2\.bw_all_cores\.value: 1e\+20 bytes/s is not a "
                               r"plausible bandwidth"),
    "machine_negative_peak": ("--machine with a negative compute roof",
                              ["analyze", "ok.c", "--machine", "peak-negative.json", "--no-plot"],
                              1, r"compute\.fp_simd\.value: -1\.4e\+11: expected a number >= 0"),
    "machine_tiny_peak": ("--machine with a compute roof of 1000 op/s",
                          ["analyze", "ok.c", "--machine", "peak-tiny.json", "--no-plot"], 1,
                          r"compute\.int_scalar\.value: 1000 ops/s is not a plausible compute "
                          r"rate \(expected 1e\+06 to 1e\+16 ops/s\)"),
    "machine_huge_peak": ("--machine with a theoretical peak of 1e300 op/s",
                          ["analyze", "ok.c", "--machine", "peak-huge.json", "--no-plot"], 1,
                          r"compute\.fp_scalar\.peak: 1e\+300 ops/s is not a plausible compute "
                          r"rate"),
    "machine_nan_peak": ("--machine with NaN for a compute roof",
                         ["analyze", "ok.c", "--machine", "peak-nan.json", "--no-plot"], 1,
                         r"peak-nan\.json:\d+: not a machine model: invalid token"),
    "machine_subnormal_clock": ("--machine with a clock of 1e-300 Hz",
                                ["analyze", "ok.c", "--machine", "clock-tiny.json", "--no-plot"],
                                1, r"clock\.hz: 1e-300 Hz is not a plausible clock"),
    "machine_tiny_cache": ("--machine with a 7-byte L3",
                           ["analyze", "ok.c", "--machine", "l3-size.json", "--no-plot"], 1,
                           r"levels\.L3\.nominal_bytes: 7 bytes is not a plausible cache size"),
    "machine_odd_line": ("--machine with a 48-byte cache line",
                         ["machine", "--load", "line-size.json"], 1,
                         r"levels\.L1\.line_bytes: 48 bytes is not a cache line size"),
    "plot_nonsense_machine": ("plot: a report whose model has a DRAM bandwidth of 0",
                              ["plot", "report-dram-zero.json"], 1,
                              r"report-dram-zero\.json: machine: levels\.DRAM\.bw\.value: 0 "
                              r"bytes/s is not a plausible bandwidth"),
})

# Every numeric option with an empty, a huge, a negative, a NaN and a
# non-ASCII value: one message naming the option and its range, exit 2.
# (option, argv up to the value, argv after it, the value's place, pattern)
NUMERIC_OPTIONS = [
    ("analyze_units", ["analyze", "ok.c", "--units"], ["--machine", M, "--no-plot"], "1,{}",
     r"--units '.*': expected N1,N2: whole numbers with 0 <= N1 < N2 <= 1e15$"),
    ("analyze_timeout", ["analyze", "ok.c", "--timeout"], ["--machine", M, "--no-plot"], "{}",
     r"--timeout '.*': expected seconds: 0 \(no limit\) or a number up to 1e6$"),
    ("measure_units", ["measure", "--units"], ["--", "true", "{N}"], "1,{}",
     r"--units '.*': expected N1,N2: whole numbers with 0 <= N1 < N2 <= 1e15$"),
    ("measure_timeout", ["measure", "--timeout"], ["--", "true", "{N}"], "{}",
     r"--timeout '.*': expected seconds: 0 \(no limit\) or a number up to 1e6$"),
    ("measure_repeats", ["measure", "--repeats"], ["--", "true", "{N}"], "{}",
     r"--repeats '.*': expected a whole number from 1 to 1000$"),
    ("plot_size", ["plot", "--size"], ["nosuch.json"], "{}x200",
     r"--size '.*': expected WxH in pixels, 200x150 to 20000x20000$"),
]
BAD_NUMBERS = [("empty", ""), ("huge", "1e30"), ("negative", "-1"), ("nan", "nan"),
               ("unicode", "\uff15")]  # a fullwidth 5
for _opt, _before, _after, _place, _pattern in NUMERIC_OPTIONS:
    for _kind, _value in BAD_NUMBERS:
        CASES["%s_%s" % (_opt, _kind)] = (
            "%s: %s value" % (" ".join(_before[:1] + _before[-1:]), _kind),
            _before + [_place.format(_value) if _value else ""] + _after, 2, _pattern)

# Cases run with something of their own: the environment ({work}: the
# case's directory), standard output, limits.
ENV = {"cache_home_file": {"XDG_CACHE_HOME": "{work}/cachefile"},
       "cache_home_fifo": {"XDG_CACHE_HOME": "{work}/cachefifo"},
       "cache_readonly": {"XDG_CACHE_HOME": "{work}/cache-ro"}}
STDOUT = {"stdout_full": "/dev/full"}
UNPRIVILEGED = {"cache_readonly"}  # as root, run as nobody: root writes anywhere
FILE_SIZE_ZERO = {"cache_full"}    # RLIMIT_FSIZE 0, SIGXFSZ ignored: writes fail


def prepare(work, root):
    os.makedirs(work, exist_ok=True)
    for name, text in FILES.items():
        path = os.path.join(work, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if isinstance(text, Fifo):
            os.mkfifo(path)
            continue
        if isinstance(text, ReadOnlyDir):
            os.mkdir(path, 0o555)
            os.chmod(path, 0o555)
            continue
        if isinstance(text, Sparse):
            with open(path, "wb") as f:
                f.truncate(text.size)
            continue
        if text is None:
            with open(os.path.join(root, "tests/data/machine.json")) as f:
                text = re.sub(r'"schema_version":\s*1', '"schema_version": 99', f.read(), count=1)
        elif callable(text):
            text = text(root)
        mode = "wb" if isinstance(text, bytes) else "w"
        with open(path, mode) as f:
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
        x = re.sub(r"[\x00-\x1f\x7f]", lambda m: "\\x%02x" % ord(m.group()), x)
        out.append("'%s'" % x if " " in x or not x else x)
    return " ".join(out)


def run_case(roofline, root, work, name):
    """Runs one case; returns (status, stderr)."""
    what, argv, status, pattern = CASES[name]
    work = os.path.join(work, name)
    shutil.rmtree(work, ignore_errors=True)
    prepare(work, root)
    argv = [x.replace("{root}", root) for x in argv]
    env = dict(os.environ, XDG_CACHE_HOME=os.path.join(work, "cache"))
    env.update({k: v.replace("{work}", work) for k, v in ENV.get(name, {}).items()})

    def limits():
        if name in FILE_SIZE_ZERO:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
        if name in UNPRIVILEGED and os.geteuid() == 0:
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
    out = open(STDOUT[name], "w") if name in STDOUT else subprocess.PIPE
    try:
        p = subprocess.run([roofline] + argv, cwd=work, stdout=out, stderr=subprocess.PIPE,
                           text=True, errors="replace", stdin=subprocess.DEVNULL, timeout=120,
                           env=env, preexec_fn=limits)
    finally:
        if out is not subprocess.PIPE:
            out.close()
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
            line = line.replace(root + "/", "").replace(os.path.join(work, name) + "/", "")
            msg = "`%s`" % line.replace("|", "\\|") if got == status else "(exit %d)" % got
        redirect = " > %s" % STDOUT[name] if name in STDOUT else ""
        print("| %s | `roofline %s%s` | %d | %s |" % (what, shown_args(argv), redirect, status, msg))


def main():
    a = harness.parse(CASES, extra=lambda ap: ap.add_argument("--markdown", action="store_true"))
    if a.markdown:
        markdown(a.roofline, a.root, a.work or os.path.abspath("."))
        return 0
    harness.require(a, CASES)
    roofline, root = a.roofline, a.root
    what, argv, status, pattern = CASES[a.case]
    print("$ roofline " + shown_args(argv))
    if a.case in FILE_SIZE_ZERO:
        with open(roofline, "rb") as f:
            if b"__tsan_init" in f.read():  # its runtime dies of SIGBUS under RLIMIT_FSIZE
                print("%s: skipped: ThreadSanitizer cannot run under RLIMIT_FSIZE" % a.case)
                return 77
    try:
        returncode, stderr = run_case(roofline, root, a.work, a.case)
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
