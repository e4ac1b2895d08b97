#!/usr/bin/env python3
"""outputs.py: what roofline writes, against names and places a hostile or
careless user gives it (docs/reliability.md, "Outputs").

    outputs.py --roofline BIN --root SRC --work DIR CASE
    outputs.py --list

Cases:
  picture_names   every character gnuplot treats specially, in a picture's
                  name (plot -o, analyze --plot): nothing runs, the picture,
                  its script and its data are there under the names asked
                  for, and `gnuplot NAME.gp` run by the user draws it again
                  without running anything either
  overwrite       an output that is an input or another output is refused
                  (exit 2, one line), and no file changes or appears
  full_disk       the picture's file system fills (RLIMIT_FSIZE, as a full
                  disk answers: EFBIG): exit 1, "cut short", no file left
  full_tmpfs      the same on a real 96 KiB tmpfs (root only; skipped, 77,
                  where mount is refused)
"""
import hashlib
import os
import re
import resource
import shutil
import signal
import subprocess
import sys

import harness
from harness import fail

PNG_SIG = b"\x89PNG\r\n\x1a\n"
PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"

OK_C = "#include \"ok.h\"\nint f(int n)\n{\n    int s = 0;\n    for (int i = 0; i < n; i++)\n" \
       "        s += i * K;\n    return s;\n}\n"

# Names that run a command if gnuplot reads them as it reads its own syntax:
# '|' starts an output pipe, '<' a data pipe (the data file takes the
# picture's stem), backquotes substitute a command, '@' expands a macro; the
# rest are quotes, separators, comment starts and gnuplot's special file
# names ('-', '+', '++', '~').
MARKED_NAMES = [
    "|touch MARK1 #.png",
    "<touch MARK2 #.png",
    "`touch MARK3`.png",
    "|touch MARK4.svg",
    "<touch MARK5.svg",
]
ODD_NAMES = ["-.png", "+.png", "++.svg", "~x.png", "@x.png", "$x.png", "a'b.png", 'a"b.png',
             "a;b.png", "#.png", " .png", "x'';'.svg", "a\\b.png", "\u00e9t\u00e9.png"]


def run(argv, cwd, preexec=None, env=None):
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, errors="replace",
                          stdin=subprocess.DEVNULL, timeout=300, preexec_fn=preexec, env=env)


def complete_picture(path):
    with open(path, "rb") as f:
        data = f.read()
    if path.lower().endswith(".svg"):
        return data.rstrip().endswith(b"</svg>")
    return data.startswith(PNG_SIG) and data.endswith(PNG_END)


def snapshot(d):
    """Every file under d with its content's hash."""
    out = {}
    for dirpath, _, files in os.walk(d):
        for f in files:
            p = os.path.join(dirpath, f)
            with open(p, "rb") as fh:
                out[os.path.relpath(p, d)] = hashlib.sha256(fh.read()).hexdigest()
    return out


def setup(a, name):
    work = os.path.join(a.work, name)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    with open(os.path.join(work, "ok.c"), "w") as f:
        f.write(OK_C)
    with open(os.path.join(work, "ok.h"), "w") as f:
        f.write("#define K 3\n")
    shutil.copy(os.path.join(a.root, "tests/data/machine.json"), os.path.join(work, "m.json"))
    p = run([a.roofline, "analyze", "ok.c", "--machine", "m.json", "--format", "json",
             "-o", "rep.json", "--no-plot"], work)
    if p.returncode:
        fail("could not make the report: " + p.stderr)
    return work


def check_no_marks(work, where):
    for d in (work, os.path.dirname(work)):
        marks = [f for f in os.listdir(d) if f.startswith("MARK")]
        if marks:
            fail("%s: a name ran a command (%s made %s)" % (where, d, marks))


def case_picture_names(a):
    work = setup(a, "picture_names")
    names = MARKED_NAMES + ODD_NAMES
    for i, name in enumerate(names):
        stem = name.rsplit(".", 1)[0]
        if i % 2 == 0:
            argv = [a.roofline, "plot", "rep.json", "-o", name]
        else:
            argv = [a.roofline, "analyze", "ok.c", "--machine", "m.json", "-o", "out.txt",
                    "--plot", name]
        p = run(argv, work)
        if p.returncode != 0:
            fail("%r: exit %d: %s" % (name, p.returncode, p.stderr))
        check_no_marks(work, "roofline with %r" % name)
        for f in (name, stem + ".gp", stem + ".dat"):
            if not os.path.isfile(os.path.join(work, f)):
                fail("%r: %r was not written (%s)" % (name, f, sorted(os.listdir(work))))
        if not complete_picture(os.path.join(work, name)):
            fail("%r: the picture is not whole" % name)
        # The user's own run of the script, in its directory.
        os.unlink(os.path.join(work, name))
        p = run(["gnuplot", "./" + stem + ".gp"], work)
        if p.returncode != 0:
            fail("gnuplot on the script of %r: exit %d: %s" % (name, p.returncode, p.stderr))
        check_no_marks(work, "gnuplot %r" % (stem + ".gp"))
        if not os.path.isfile(os.path.join(work, name)) or \
                not complete_picture(os.path.join(work, name)):
            fail("gnuplot on the script of %r did not draw %r again" % (name, name))
    left = [f for f in os.listdir(work) if f.startswith(".roofline-plot-")]
    if left:
        fail("private directories left: %s" % left)
    print("%d names drawn, none ran anything, each script draws its picture again" % len(names))


# (argv after the binary, pattern of the one line of stderr)
OVERWRITES = [
    (["analyze", "ok.c", "--machine", "m.json", "-o", "ok.c"],
     r"-o ok\.c is the C file analyzed \(ok\.c\): refusing to overwrite an input"),
    (["analyze", "ok.c", "--machine", "m.json", "-o", "./sub/../ok.c", "--no-plot"],
     r"is the C file analyzed"),
    (["analyze", "ok.c", "--machine", "m.json", "-o", "hard.c", "--no-plot"],
     r"-o hard\.c is the C file analyzed"),
    (["analyze", "ok.c", "--machine", "m.json", "-o", "link.c", "--no-plot"],
     r"-o link\.c is the C file analyzed"),
    (["analyze", "ok.c", "--machine", "m.json", "-o", "ok.h", "--no-plot"],
     r"-o ok\.h is a file the C file includes"),
    (["analyze", "ok.c", "--machine", "rep.dat", "--plot", "rep.png"],
     r"the picture's data file \(rep\.dat\) is the machine model \(rep\.dat\)"),
    (["analyze", "ok.c", "--machine", "m.json", "-o", "m.json", "--no-plot"],
     r"-o m\.json is the machine model \(m\.json\)"),
    (["analyze", "ok.c", "--machine", "m.json", "-o", "res.dat", "--plot", "res.png"],
     r"the picture's data file \(res\.dat\) is -o res\.dat: refusing to overwrite one output "
     r"with another"),
    (["analyze", "ok.c", "--machine", "m.json", "-o", "X.png", "--plot", "X.png"],
     r"--plot X\.png is -o X\.png"),
    (["analyze", "ok.c", "--machine", "m.json", "-o", "rep.gp", "--plot", "rep.svg"],
     r"the picture's gnuplot script \(rep\.gp\) is -o rep\.gp"),
    (["analyze", "ok.c", "--machine", "m.json", "-o", "ok-roofline.gp"],
     r"the picture's gnuplot script \(ok-roofline\.gp\) is -o ok-roofline\.gp"),
    (["plot", "rep.png", "-o", "rep.png"], r"-o rep\.png is the report \(rep\.png\)"),
    (["plot", "rep.gp", "-o", "rep.png"], r"the picture's gnuplot script \(rep\.gp\) is the report"),
    (["plot", "rep.dat"], r"the picture's data file \(rep\.dat\) is the report \(rep\.dat\)"),
    (["plot", "rep.json", "-o", "rep.json.png"], None),  # rep.json.gp, .dat: no conflict
    (["machine", "--load", "m.json", "-o", "m.json"], r"-o m\.json is --load m\.json"),
    (["measure", "--machine", "m.json", "-o", "./m.json", "--", "true", "{N}"],
     r"-o \./m\.json is --machine m\.json"),
]


def case_overwrite(a):
    work = setup(a, "overwrite")
    for src, dst in (("rep.json", "rep.png"), ("rep.json", "rep.gp"), ("rep.json", "rep.dat")):
        shutil.copy(os.path.join(work, src), os.path.join(work, dst))
    os.link(os.path.join(work, "ok.c"), os.path.join(work, "hard.c"))
    os.symlink("ok.c", os.path.join(work, "link.c"))
    os.makedirs(os.path.join(work, "sub"))
    for argv, pattern in OVERWRITES:
        before = snapshot(work)
        p = run([a.roofline] + argv, work, env=dict(os.environ,
                                                     XDG_CACHE_HOME=os.path.join(work, "cache")))
        shown = "roofline " + " ".join(argv)
        if pattern is None:
            if p.returncode != 0:
                fail("%s: exit %d: %s" % (shown, p.returncode, p.stderr))
            continue
        lines = p.stderr.splitlines()
        if p.returncode != 2 or len(lines) != 1 or not re.search(pattern, lines[0]):
            fail("%s: expected exit 2 and one line matching %r, got exit %d: %r"
                 % (shown, pattern, p.returncode, p.stderr))
        after = snapshot(work)
        if after != before:
            changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
            fail("%s: files changed although it was refused: %s" % (shown, changed))
        print("%s -> %s" % (shown, lines[0]))


def fsize_limit(limit):
    def pre():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return pre


def expect_cut_short(a, work, out_dir, pre=None):
    for name in ("full.png", "full.svg"):
        stem = name.rsplit(".", 1)[0]
        p = run([a.roofline, "plot", "rep.json", "-o", os.path.join(out_dir, name)], work, pre)
        lines = p.stderr.splitlines()
        if p.returncode != 1 or len(lines) != 1 or "cut short" not in lines[0]:
            # An SVG is small: under the limit it is whole, and that is fine.
            if name.endswith(".svg") and p.returncode == 0 and \
                    complete_picture(os.path.join(out_dir, name)):
                continue
            fail("%s on a full disk: expected exit 1 and 'cut short', got %d: %r"
                 % (name, p.returncode, p.stderr))
        left = [f for f in os.listdir(out_dir) if f.startswith(stem) or f.startswith(".roofline")]
        if left:
            fail("%s on a full disk left %s" % (name, left))
        print("%s: %s" % (name, lines[0]))


def case_full_disk(a):
    work = setup(a, "full_disk")
    # The script and data fit (a few KB), the picture (over 100 KB) does not.
    expect_cut_short(a, work, work, fsize_limit(40000))


def case_full_tmpfs(a):
    work = setup(a, "full_tmpfs")
    mnt = os.path.join(work, "mnt")
    os.makedirs(mnt)
    if os.geteuid() != 0 or shutil.which("mount") is None:
        print("SKIP: needs root to mount a tmpfs")
        sys.exit(77)
    p = run(["mount", "-t", "tmpfs", "-o", "size=96k", "tmpfs", mnt], work)
    if p.returncode:
        print("SKIP: cannot mount a tmpfs here: " + p.stderr.strip())
        sys.exit(77)
    try:
        expect_cut_short(a, work, mnt)
    finally:
        run(["umount", mnt], work)


CASES = {"picture_names": case_picture_names, "overwrite": case_overwrite,
         "full_disk": case_full_disk, "full_tmpfs": case_full_tmpfs}


def main():
    a = harness.parse(CASES)
    harness.require(a, CASES)
    if shutil.which("gnuplot") is None:
        print("SKIP: gnuplot is not installed")
        return 77
    CASES[a.case](a)
    return 0


if __name__ == "__main__":
    sys.exit(main())
