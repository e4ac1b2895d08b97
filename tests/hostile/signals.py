#!/usr/bin/env python3
"""signals.py: roofline stopped by a signal, and measured commands that
misbehave (docs/reliability.md, "Signals and measured commands").

    signals.py --roofline BIN --root SRC --work DIR CASE
    signals.py --list

A case fails when a temporary file or directory is left, a process of the
measured program outlives roofline, or the exit status or message is not
the expected one. Programs are built in the work directory with cc
(-gdwarf-4 -march=x86-64-v3: valgrind reads and runs them).
"""
import glob
import os
import shutil
import signal
import subprocess
import sys
import time

import harness
from harness import fail

PROGRAMS = {
    # Forks a child that stays in its group; both spin until killed.
    "spin": r"""
#include <unistd.h>
int main(void) { volatile unsigned long x = 0; fork(); for (;;) x++; }
""",
    # N units of 200 million increments, beside a child doing the same: a
    # fraction of a second natively, much longer under cachegrind.
    "work": r"""
#include <stdlib.h>
#include <unistd.h>
int main(int argc, char **argv)
{
    volatile unsigned long x = 0;
    long n = argc > 1 ? atol(argv[1]) : 1;
    fork();
    for (long i = 0; i < n * 200000000L; i++) x++;
    return 0;
}
""",
    # Does N units of work, forks a child that stays in the group and
    # sleeps, and exits: a daemon left behind.
    "leaves_child": r"""
#include <stdlib.h>
#include <unistd.h>
int main(int argc, char **argv)
{
    volatile unsigned long x = 0;
    long n = argc > 1 ? atol(argv[1]) : 1;
    for (long i = 0; i < n * 100000; i++) x++;
    if (fork() == 0) { sleep(600); _exit(0); }
    return 0;
}
""",
    # The same, but the child leaves the process group (setsid): a kill of
    # the group does not reach it.
    "escapes": r"""
#include <stdlib.h>
#include <unistd.h>
int main(int argc, char **argv)
{
    volatile unsigned long x = 0;
    long n = argc > 1 ? atol(argv[1]) : 1;
    for (long i = 0; i < n * 100000; i++) x++;
    if (fork() == 0) { setsid(); if (fork() == 0) { sleep(600); _exit(0); } sleep(600); _exit(0); }
    return 0;
}
""",
    # Ignores SIGTERM and never ends.
    "stubborn": r"""
#include <signal.h>
int main(void) { signal(SIGTERM, SIG_IGN); volatile unsigned long x = 0; for (;;) x++; }
""",
    # Writes 64 MiB to stdout and to stderr per unit, then exits.
    "flood": r"""
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
int main(int argc, char **argv)
{
    static char buf[1 << 16];
    memset(buf, 'x', sizeof buf);
    long n = argc > 1 ? atol(argv[1]) : 1;
    for (long i = 0; i < n * 1024; i++) {
        if (write(1, buf, sizeof buf) < 0 || write(2, buf, sizeof buf) < 0)
            return 1;
    }
    return 0;
}
""",
}


def build(work, name):
    src = os.path.join(work, name + ".c")
    exe = os.path.join(work, name)
    with open(src, "w") as f:
        f.write(PROGRAMS[name])
    cc = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang-19")
    subprocess.run([cc, "-O1", "-gdwarf-4", "-march=x86-64-v3", "-o", exe, src], check=True)
    return exe


def procs_of(marker):
    """Live processes whose command line names marker (zombies left out)."""
    out = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                cmd = f.read().split(b"\0")
            with open("/proc/%s/stat" % pid) as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z" and any(marker.encode() in c for c in cmd):
            out.append((int(pid), b" ".join(cmd[:4]).decode(errors="replace")))
    return out


def settle(marker, seconds=5.0):
    """What is still running of marker once processes had time to die."""
    t = time.time()
    while time.time() - t < seconds:
        left = procs_of(marker)
        if not left:
            return []
        time.sleep(0.05)
    return procs_of(marker)


def wait_for(pred, seconds=60.0):
    t = time.time()
    while time.time() - t < seconds:
        if pred():
            return True
        time.sleep(0.005)
    return False


def setup(a, name):
    work = os.path.join(a.work, name)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(os.path.join(work, "tmp"))
    env = dict(os.environ, TMPDIR=os.path.join(work, "tmp"),
               XDG_CACHE_HOME=os.path.join(work, "cache"))
    return work, env


def check_clean(work, marker=None):
    left = [f for f in os.listdir(os.path.join(work, "tmp"))]
    if left:
        fail("temporary files left in $TMPDIR: %s" % left)
    tmps = glob.glob(os.path.join(work, "*.tmp.*")) + glob.glob(os.path.join(work, ".roofline-*"))
    if tmps:
        fail("temporary files left beside the outputs: %s" % tmps)
    if marker:
        procs = settle(marker)
        if procs:
            for pid, _ in procs:
                os.kill(pid, signal.SIGKILL)
            fail("processes of the measured program outlived roofline: %s" % procs)


def case_stream_write(a):
    work, env = setup(a, "stream_write")
    big = os.path.join(work, "chain.c")
    subprocess.run([sys.executable, os.path.join(a.root, "tests/hostile/gen.py"), "call_chain",
                    big], check=True)
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        out = os.path.join(work, "out.json")
        p = subprocess.Popen([a.roofline, "analyze", big, "--machine", a.machine, "--format",
                              "json", "--no-plot", "-o", out], cwd=work, env=env,
                             stderr=subprocess.DEVNULL, restore_signals=True)
        if not wait_for(lambda: glob.glob(out + ".tmp.*") or p.poll() is not None):
            fail("no temporary output appeared")
        if p.poll() is not None:
            fail("analyze ended (%d) before the signal: make the input larger" % p.returncode)
        p.send_signal(sig)
        rc = p.wait(timeout=120)
        if rc != -sig:
            fail("%s during the write: expected death by the signal, got %d" % (sig.name, rc))
        if os.path.exists(out):
            fail("%s during the write: %s was written" % (sig.name, out))
        check_clean(work)
        print("%s during a streamed -o: died by it, nothing left" % sig.name)


def case_cachegrind_term(a):
    if not shutil.which("valgrind"):
        print("SKIP: valgrind is not installed")
        sys.exit(77)
    work, env = setup(a, "cachegrind_term")
    exe = build(work, "work")
    p = subprocess.Popen([a.roofline, "measure", "--units", "1,2", "--repeats", "1",
                          "--counters", "cachegrind", "--machine",
                          a.machine, "--", exe, "{N}"], cwd=work, env=env, stderr=subprocess.PIPE)
    # The native timing runs first; wait for cachegrind's directory.
    if not wait_for(lambda: glob.glob(os.path.join(work, "tmp", "roofline-cg.*")) or
                    p.poll() is not None, 120):
        p.terminate()
        fail("cachegrind never started")
    if p.poll() is not None:
        fail("measure ended (%d) before the signal: %s" % (p.returncode, p.stderr.read()))
    wait_for(lambda: len(procs_of(exe)) >= 2, 10)
    p.send_signal(signal.SIGTERM)
    rc = p.wait(timeout=60)
    if rc != -signal.SIGTERM:
        fail("SIGTERM under cachegrind: expected death by it, got %d" % rc)
    check_clean(work, exe)
    print("SIGTERM under cachegrind: died by it, no temporary directory, no process left")


def case_outer_timeout(a):
    work, env = setup(a, "outer_timeout")
    exe = build(work, "spin")
    for counters in ("cachegrind", "auto"):
        if counters == "cachegrind" and not shutil.which("valgrind"):
            continue
        p = subprocess.run(["timeout", "-s", "TERM", "2", a.roofline, "measure", "--counters",
                            counters, "--machine", a.machine, "--", exe, "{N}"], cwd=work, env=env,
                           capture_output=True, text=True, timeout=120)
        if p.returncode != 124:
            fail("timeout 2 roofline measure --counters %s: expected 124, got %d: %s"
                 % (counters, p.returncode, p.stderr))
        check_clean(work, exe)
        print("timeout -s TERM 2 roofline measure --counters %s: 124, nothing left" % counters)


def case_leaves_child(a):
    work, env = setup(a, "leaves_child")
    for name in ("leaves_child", "escapes"):
        exe = build(work, name)
        p = subprocess.run([a.roofline, "measure", "--units", "1,3", "--repeats", "1",
                            "--counters", "cachegrind" if shutil.which("valgrind") else "auto",
                            "--machine", a.machine, "--format", "json", "--", exe, "{N}"],
                           cwd=work, env=env, capture_output=True, text=True, timeout=300)
        if p.returncode != 0:
            fail("%s: exit %d: %s" % (name, p.returncode, p.stderr))
        check_clean(work, exe)
        if name == "escapes" and "outside its process group" not in p.stdout:
            fail("escapes: the report does not say that processes were killed: %s" % p.stdout)
        print("%s: measured, exit 0, nothing of it left running" % name)


def case_stubborn(a):
    work, env = setup(a, "stubborn")
    exe = build(work, "stubborn")
    p = subprocess.run([a.roofline, "measure", "--timeout", "1", "--machine", a.machine, "--",
                        exe, "{N}"], cwd=work, env=env, capture_output=True, text=True, timeout=120)
    lines = p.stderr.splitlines()
    if p.returncode != 1 or len(lines) != 1 or "timed out after 1 s" not in lines[0]:
        fail("a command that ignores SIGTERM, --timeout 1: expected exit 1, 'timed out', got "
             "%d: %r" % (p.returncode, p.stderr))
    check_clean(work, exe)
    print("ignores SIGTERM, --timeout 1: %s" % lines[0])


def case_flood(a):
    work, env = setup(a, "flood")
    exe = build(work, "flood")
    # roofline's own peak (VmHWM), read while it runs: cachegrind's
    # valgrind is a child of it and weighs more.
    p = subprocess.Popen([a.roofline, "measure", "--units", "1,2", "--repeats", "1",
                          "--counters", "auto", "--machine", a.machine, "--", exe, "{N}"],
                         cwd=work, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak_kb = 0
    while p.poll() is None:
        try:
            with open("/proc/%d/status" % p.pid) as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        peak_kb = max(peak_kb, int(line.split()[1]))
        except (OSError, ValueError):
            pass
        time.sleep(0.01)
    err = p.stderr.read().decode(errors="replace")
    if p.returncode != 0:
        fail("flood: exit %d: %s" % (p.returncode, err))
    # 128 MiB to stdout and to stderr at the larger count: roofline keeps a
    # few KiB of stderr, so it stays far below that above what the binary
    # takes doing nothing (libclang's pages: some 60 MiB).
    code = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], "
            "stdout=subprocess.DEVNULL); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    idle_kb = int(subprocess.run([sys.executable, "-c", code, a.roofline, "--version"],
                                 capture_output=True, text=True, check=True).stdout)
    if peak_kb > idle_kb + 16 * 1024:
        fail("flood: roofline grew to %d KiB (%d KiB doing nothing)" % (peak_kb, idle_kb))
    check_clean(work, exe)
    print("floods stdout and stderr (128 MiB each): exit 0, roofline's peak RSS %d KiB "
          "(%d KiB doing nothing)" % (peak_kb, idle_kb))


CASES = {"stream_write": case_stream_write, "cachegrind_term": case_cachegrind_term,
         "outer_timeout": case_outer_timeout, "leaves_child": case_leaves_child,
         "stubborn": case_stubborn, "flood": case_flood}


def main():
    a = harness.parse(CASES)
    harness.require(a, CASES)
    a.machine = os.path.join(a.root, "tests/data/machine.json")
    CASES[a.case](a)
    return 0


if __name__ == "__main__":
    sys.exit(main())
