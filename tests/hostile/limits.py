#!/usr/bin/env python3
"""limits.py: roofline at the edges of memory and of numbers, and what it
tells the user on the way.

    limits.py --roofline BIN --root SRC --work DIR CASE
    limits.py --list

Cases:
  plot_extremes    `roofline plot` of a report whose figures are 1e308,
                   1e-300, subnormal and negative (a count that overflowed,
                   a hand-made file), under a 2 GB address-space limit: a
                   picture in seconds, the points it cannot place named
                   under it (was: 23.6 GB and the OOM killer)
  oom_json_output  `analyze --format json -o` of 60,000 functions under a
                   400 MB address-space limit: exit 1 in seconds with one
                   line, "out of memory (limit N MB ...)", no core dump, no
                   -o file or temporary beside it (was: SIGABRT after up to
                   117 s, a 43 MB temporary left)
  progress_forced  the same analysis with --progress, stderr a pipe: the
                   counting shown in place ("analyze: counting kernels:
                   N/60000" after a carriage return), cleared at the end,
                   nothing else on stderr, nothing of it in the report
                   (12,000 functions on a sanitizer build)
  progress_quiet   without --progress, stderr a pipe: nothing on stderr

The memory limit is RLIMIT_AS; a binary with AddressSanitizer (which needs
terabytes of address space) skips the memory case (77) and has its peak
resident size checked instead in plot_extremes.
"""
import json
import os
import re
import resource
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen  # noqa: E402
import harness  # noqa: E402

PLOT_LIMIT = 2_000_000_000     # bytes of address space
ANALYZE_LIMIT = 400 * 1024 * 1024  # too little for 60,000 functions (~350 MB resident)
NKERNELS = 60000
# Under AddressSanitizer the counting is several times slower: fewer
# kernels still count for far longer than the progress line's first second.
NKERNELS_ASAN = 12000


def has_asan(binary):
    with open(binary, "rb") as f:
        data = f.read()
    return b"__asan_init" in data or b"__tsan_init" in data


def limited(nbytes):
    def set_limit():
        resource.setrlimit(resource.RLIMIT_AS, (nbytes, nbytes))
    return set_limit


def many_functions(work, n=NKERNELS):
    path = os.path.join(work, "many_functions_%d.c" % n)
    if not os.path.exists(path):
        tmp = path + ".tmp%d" % os.getpid()
        with open(tmp, "w") as f:
            f.write(gen.many_functions(n))
        os.replace(tmp, path)
    return path


def run(cmd, cwd, timeout, preexec=None):
    print("$ " + " ".join(cmd))
    t0 = time.monotonic()
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, timeout=timeout, preexec_fn=preexec,
                       stdin=subprocess.DEVNULL)
    secs = time.monotonic() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    print("exit %d, %.2f s, peak RSS %.0f MB" % (p.returncode, secs, peak / 1e6))
    return p, secs, peak


def plot_extremes(a, asan):
    with open(os.path.join(a.root, "tests/data/reports/minimal.json")) as f:
        rep = json.load(f)
    proto = rep["kernels"][0]
    figures = [("huge", 1e308, 1.4e10), ("tiny", 1e-300, 1e-291), ("subnormal", 5e-324, 1.4e10),
               ("negative", -5.0, 1.4e10), ("slow", 0.08, 1e-300), ("big_rate", 1e3, 1e300)]
    for name, intensity, rate in figures:
        k = json.loads(json.dumps(proto))
        k["name"] = name
        k["intensity"]["dram"] = intensity
        k["attainable_ops_per_s"] = rate
        rep["kernels"].append(k)
    src = os.path.join(a.work, "extremes.json")
    with open(src, "w") as f:
        json.dump(rep, f)
    png = os.path.join(a.work, "extremes.png")
    for stale in (png, png[:-4] + ".gp"):
        if os.path.exists(stale):
            os.remove(stale)
    p, secs, peak = run([a.roofline, "plot", src, "-o", png], a.work, 60,
                        None if asan else limited(PLOT_LIMIT))
    err = p.stderr.decode(errors="replace")
    fails = []
    if p.returncode != 0:
        fails.append("exit %d: %s" % (p.returncode, err.strip()[-500:]))
    if asan and peak > PLOT_LIMIT:
        fails.append("peak RSS %.0f MB over %.0f MB" % (peak / 1e6, PLOT_LIMIT / 1e6))
    if secs > 30:
        fails.append("took %.0f s" % secs)
    if not fails:
        with open(png, "rb") as f:
            if f.read(8) != b"\x89PNG\r\n\x1a\n":
                fails.append("no PNG written")
        with open(png[:-4] + ".gp") as f:
            script = f.read()
        for want in ("huge (intensity 1e+308 ops/B, off the scale)",
                     "tiny (intensity 1e-300 ops/B, off the scale)",
                     "negative (intensity -5, not a positive number)"):
            if want not in script:
                fails.append("the caption does not say %r" % want)
        for axis in "xy":
            m = re.search(r"set %srange \[([^:]+):([^\]]+)\]" % axis, script)
            lo, hi = float(m.group(1)), float(m.group(2))
            if not (1e-30 < lo < hi < 1e30):
                fails.append("%s range [%g:%g]" % (axis, lo, hi))
    return fails


def oom_json_output(a, asan):
    if asan:
        print("oom_json_output: skipped: needs an address-space limit, which ASan cannot run under")
        return None
    src = many_functions(a.work)
    out = os.path.join(a.work, "oom", "report.json")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    for f in os.listdir(os.path.dirname(out)):
        os.remove(os.path.join(os.path.dirname(out), f))
    p, secs, _ = run([a.roofline, "analyze", src, "--format", "json", "-o", out, "--no-plot",
                      "--machine", os.path.join(a.root, "tests/data/machine.json")],
                     a.work, 300, limited(ANALYZE_LIMIT))
    err = p.stderr.decode(errors="replace")
    lines = [ln for ln in err.splitlines() if ln.strip()]
    fails = []
    if p.returncode != 1:
        fails.append("exit %d, want 1 (%s)" % (p.returncode, "killed by a signal"
                                                 if p.returncode < 0 else "no failure"))
    if len(lines) != 1:
        fails.append("want one line on stderr, got %d: %s" % (len(lines), err[-800:]))
    elif not re.match(r"roofline analyze: out of memory \(limit \d+ MB of address space, set "
                      r"before roofline started, as by ulimit -v\): ", lines[0]):
        fails.append("message: %s" % lines[0])
    left = os.listdir(os.path.dirname(out))
    if left:
        fails.append("left behind: %s" % ", ".join(left))
    if secs > 60:
        fails.append("took %.0f s to fail" % secs)
    return fails


def progress(a, asan, forced):
    nkernels = NKERNELS_ASAN if asan else NKERNELS
    src = many_functions(a.work, nkernels)
    out = os.path.join(a.work, "progress-%s.json" % ("forced" if forced else "quiet"))
    cmd = [a.roofline, "analyze", src, "--format", "json", "-o", out, "--no-plot",
           "--machine", os.path.join(a.root, "tests/data/machine.json")]
    p, secs, _ = run(cmd + (["--progress"] if forced else []), a.work, 600)
    err = p.stderr.decode(errors="replace")
    fails = []
    if p.returncode != 0:
        return ["exit %d: %s" % (p.returncode, err[-500:])]
    with open(out) as f:
        text = f.read()
    if "analyze:" in text or "\r" in text:
        fails.append("progress in the report")
    if len(json.loads(text)["kernels"]) != nkernels:
        fails.append("not every kernel in the report")
    if not forced:
        if err:
            fails.append("stderr not empty on a pipe without --progress: %r" % err[:200])
        return fails
    if "\n" in err:
        fails.append("a line feed on stderr: %r" % err[:300])
    parts = err.split("\r")
    shown = [s for s in parts if s.strip()]
    counts = [int(m.group(1)) for s in shown
              for m in [re.fullmatch(r"analyze: counting kernels: (\d+)/%d *" % nkernels, s)] if m]
    others = [s for s in shown if not re.fullmatch(r"analyze: (counting kernels: \d+/\d+|"
                                                   r"parsing \S+: \d+ s) *", s)]
    if not counts:
        fails.append("no 'analyze: counting kernels: N/%d' shown: %r" % (nkernels, err[:300]))
    elif counts != sorted(counts) or counts[-1] > nkernels:
        fails.append("counts not rising: %s" % counts)
    if others:
        fails.append("other text on stderr: %r" % others[:3])
    # At most a few redraws a second (4 planned, plus the clearing).
    if len(shown) > 5 * secs + 5:
        fails.append("%d redraws in %.1f s" % (len(shown), secs))
    # Cleared at the end: the last thing written is blanks between
    # carriage returns, over the last line shown.
    if not (err.endswith("\r") and parts[-2].strip() == "" and
            len(parts[-2]) >= len(shown[-1].rstrip())):
        fails.append("the line is not cleared at the end: %r" % err[-120:])
    return fails


CASES = {
    "plot_extremes": plot_extremes,
    "oom_json_output": oom_json_output,
    "progress_forced": lambda a, asan: progress(a, asan, True),
    "progress_quiet": lambda a, asan: progress(a, asan, False),
}


def main():
    a = harness.parse(CASES)
    harness.require(a, CASES)
    os.makedirs(a.work, exist_ok=True)
    try:
        fails = CASES[a.case](a, has_asan(a.roofline))
    except subprocess.TimeoutExpired as e:
        fails = ["still running after %d s" % e.timeout]
    if fails is None:
        return 77
    for f in fails:
        print("FAIL: " + f)
    if not fails:
        print("ok")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
