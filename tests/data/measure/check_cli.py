#!/usr/bin/env python3
"""Checks of `roofline measure` on the command line: one clear message and
no output file for each kind of failure, the JSON and text reports.

    check_cli.py CASE ROOFLINE MEASURE_PROG SRCDIR MACHINE_JSON

Exit 0 pass, 1 fail, 77 skip."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

SKIP = 77


def run(args, env=None, timeout=600):
    start = time.monotonic()
    p = subprocess.run(args, capture_output=True, text=True, env=env, timeout=timeout)
    return p.returncode, p.stdout, p.stderr, time.monotonic() - start


class Failure(Exception):
    pass


def expect(cond, what):
    if not cond:
        raise Failure(what)


def expect_failure(roofline, args, status, message, env=None):
    """roofline measure ARGS -o OUT fails with status and one line of stderr
    containing message, and leaves no OUT behind."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.json")
        rc, stdout, stderr, secs = run([roofline, "measure", "-o", out] + args, env=env)
        print("exit %d after %.1f s, stderr: %s" % (rc, secs, stderr.strip()))
        expect(rc == status, "exit status %d, want %d" % (rc, status))
        lines = [l for l in stderr.splitlines() if l.strip()]
        expect(len(lines) == 1, "want one line on stderr, got %d" % len(lines))
        expect(lines[0].startswith("roofline measure: "), "message not prefixed")
        expect(message in lines[0], "message lacks %r" % message)
        expect(not lines[0].endswith("."), "message ends with a period")
        expect(stdout == "", "output on stdout")
        expect(os.listdir(tmp) == [], "files left behind: %s" % os.listdir(tmp))
        return secs


def main(argv):
    case, roofline, prog, srcdir, machine = argv[1:6]
    common = ["--machine", machine, "--repeats", "1", "--units", "1,2"]
    if case == "help":
        rc, out, err, _ = run([roofline, "measure", "--help"])
        expect(rc == 0 and err == "", "--help failed")
        expect(out.startswith("Usage: roofline measure"), "--help text")
        expect(max(len(l) for l in out.splitlines()) <= 80, "--help wider than 80 columns")
    elif case == "usage":
        expect_failure(roofline, ["--units", "5,1", "--", prog, "loads", "{N}"], 2, "--units '5,1'")
        expect_failure(roofline, ["--counters", "pmu", "--", prog, "loads", "{N}"], 2,
                       "expected auto, perf or cachegrind")
        expect_failure(roofline, ["--format", "xml", "--", prog, "loads", "{N}"], 2, "--format")
        expect_failure(roofline, ["--timeout", "soon", "--", prog, "loads", "{N}"], 2, "--timeout")
        rc, _, err, _ = run([roofline, "measure"])
        expect(rc == 2 and "no command given" in err, "no command: exit %d" % rc)
    elif case == "not_found":
        expect_failure(roofline, common + ["--", "no-such-command-rl", "{N}"], 1,
                       "no-such-command-rl: command not found")
    elif case == "no_n":
        expect_failure(roofline, common + ["--", prog, "loads", "100"], 2, "command has no {N}")
    elif case == "exit_status":
        expect_failure(roofline, common + ["--", prog, "fail", "{N}"], 1,
                       "failed with exit status 3: measure_prog: failing on purpose")
    elif case == "crash":
        expect_failure(roofline, common + ["--", prog, "crash", "{N}"], 1,
                       "crashed: killed by signal SIGSEGV")
    elif case == "hang":
        secs = expect_failure(roofline, common + ["--timeout", "1", "--", prog, "hang", "{N}"], 1,
                              "timed out after 1 s (its process group was killed)")
        expect(secs < 10, "took %.1f s to give up" % secs)
    elif case == "valgrind_missing":
        env = dict(os.environ, PATH="/nonexistent-roofline-path")
        expect_failure(roofline, common + ["--counters", "cachegrind", "--", prog, "loads", "{N}"],
                       1, "install the Debian package valgrind", env=env)
    elif case in ("cachegrind_json", "cachegrind_text", "python_aes"):
        if not shutil.which("valgrind"):
            print("SKIP: valgrind not installed")
            return SKIP
        fmt = "text" if case == "cachegrind_text" else "json"
        if case == "python_aes":
            cmd = ["--units", "20,60", "--", sys.executable, os.path.join(srcdir, "samples/aes.py"),
                   "{N}"]
        else:
            cmd = ["--units", "1000,11000", "--", prog, "loads", "{N}"]
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "out")
            rc, stdout, err, secs = run([roofline, "measure", "--machine", machine, "--repeats",
                                         "3", "--counters", "cachegrind", "--format", fmt, "-o",
                                         out] + cmd)
            print("exit %d after %.1f s; stderr: %s" % (rc, secs, err.strip()))
            expect(rc == 0, "measure failed")
            expect(stdout == "", "stdout not empty with -o")
            with open(out) as f:
                text = f.read()
        print(text)
        if fmt == "text":
            expect(max(len(l) for l in text.splitlines()) <= 80, "text wider than 80 columns")
            expect("cachegrind" in text, "counter source not named")
            return 0
        report = json.loads(text)
        expect(report["schema_version"] == 1, "schema_version")
        expect(report["tool"]["name"] == "roofline", "tool")
        r = report["runs"][0]
        for key in ("label", "command", "counters", "instructions", "cycles", "ipc", "loads",
                    "stores", "l1_misses", "llc_misses", "mpki", "seconds", "achieved_ops_per_s",
                    "measured_dram_bytes", "instructions_per_static_op", "static_falls_short"):
            expect(key in r, "run lacks %s" % key)
        expect(r["counters"] == "cachegrind", "counters")
        expect(r["cycles"] is None and r["ipc"] is None, "cycles under cachegrind")
        expect("cycles" in r["null_reasons"], "no reason for null cycles")
        expect("{N}" in r["command"], "command keeps {N}")
        if case == "python_aes":
            expect(r["interpreter"] == "python3" or r["interpreter"].startswith("python"),
                   "interpreter %r" % r["interpreter"])
            expect(r["instructions"] > 5000, "python AES block: %s instructions" % r["instructions"])
            print("python AES: %.0f instructions, %.0f loads, %.0f stores per block"
                  % (r["instructions"], r["loads"], r["stores"]))
        else:
            expect(r["interpreter"] is None, "interpreter of a C program")
            expect(abs(r["loads"] - 16) < 0.05, "loads per unit %s" % r["loads"])
            expect(abs(r["stores"] - 4) < 0.05, "stores per unit %s" % r["stores"])
    elif case == "perf_flag":
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "out.json")
            rc, stdout, err, _ = run([roofline, "measure", "--counters", "perf", "--format", "json",
                                      "-o", out] + common + ["--", prog, "spin", "{N}"])
            print("exit %d; stderr: %s" % (rc, err.strip()))
            if rc == 0:
                with open(out) as f:
                    r = json.load(f)["runs"][0]
                expect(r["counters"] == "perf" and r["instructions"] is not None, "perf run")
            else:
                # No hardware counters: a clear message, and nothing written.
                expect(rc == 1, "exit status %d" % rc)
                expect("hardware counters are not available" in err, "message")
                expect(os.listdir(tmp) == [], "file left behind")
    else:
        print("unknown case %s" % case, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except Failure as e:
        print("FAIL: %s" % e, file=sys.stderr)
        sys.exit(1)
