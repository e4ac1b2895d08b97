#!/usr/bin/env python3
"""`roofline --version` says the version and the commit it was built from,
and cmake/version.cmake, which writes that commit into the build, names the
right one: `git describe --always --dirty` at the top of a checkout,
"unknown" elsewhere, rewriting its file only when the commit changes.

    check_version.py ROOFLINE SOURCE_DIR VERSION CMAKE

Exit 0 pass, 1 fail."""

import os
import re
import shutil
import sys
import tempfile

from shiplib import expect, main, run

GIT_ENV = dict(
    os.environ,
    GIT_AUTHOR_NAME="t",
    GIT_AUTHOR_EMAIL="t@localhost",
    GIT_COMMITTER_NAME="t",
    GIT_COMMITTER_EMAIL="t@localhost",
    GIT_CONFIG_NOSYSTEM="1",
    GIT_CONFIG_GLOBAL=os.devnull,
)


def git(repo, *args):
    return run(["git", "-C", repo] + list(args), env=GIT_ENV).stdout.strip()


def described(cmake, source_dir, out):
    run([cmake, "-DSOURCE_DIR=" + source_dir, "-DOUT=" + out, "-P", VERSION_SCRIPT])
    with open(out) as f:
        text = f.read()
    m = re.search(r'const char roofline_commit\[\] = "([^"]*)";', text)
    expect(m, "%s: no roofline_commit in\n%s" % (out, text))
    return m.group(1)


def check_binary(roofline, source_dir, version):
    out = run([roofline, "--version"]).stdout
    m = re.fullmatch(r"roofline (\S+) \(commit (\S+)\)\n", out)
    expect(m, "roofline --version says %r" % out)
    expect(m.group(1) == version, "version %s, the project's is %s" % (m.group(1), version))
    expect(run([roofline, "version"]).stdout == out, "roofline version differs from --version")
    commit = m.group(2)
    if shutil.which("git") and os.path.exists(os.path.join(source_dir, ".git")):
        # Built from this checkout: the commit is HEAD's (the tree may have
        # been edited since the build, so "-dirty" is not compared).
        head = git(source_dir, "rev-parse", "HEAD")
        m = re.fullmatch(r"(?:.*-g)?([0-9a-f]{7,40})(-dirty)?", commit)
        expect(m, "commit %r is not what git describe --always --dirty prints" % commit)
        expect(head.startswith(m.group(1)), "built from %s, but HEAD is %s: rebuild" % (commit, head))
    else:
        expect(commit == "unknown", "not built from a git checkout, yet commit %r" % commit)


def check_script(cmake):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "version.c")
        plain = os.path.join(tmp, "plain")
        os.mkdir(plain)
        expect(described(cmake, plain, out) == "unknown", "a directory outside git is not 'unknown'")

        repo = os.path.join(tmp, "repo")
        os.mkdir(repo)
        git(repo, "init", "-q")
        with open(os.path.join(repo, "a.c"), "w") as f:
            f.write("int a;\n")
        git(repo, "add", "a.c")
        git(repo, "commit", "-q", "-m", "one")
        head = git(repo, "rev-parse", "--short", "HEAD")
        expect(described(cmake, repo, out) == head, "clean checkout: not %s" % head)

        # Unchanged commit: the file is not rewritten (no rebuild).
        os.utime(out, (1, 1))
        described(cmake, repo, out)
        expect(os.stat(out).st_mtime == 1, "version.c rewritten although the commit is the same")

        with open(os.path.join(repo, "a.c"), "a") as f:
            f.write("int b;\n")
        expect(described(cmake, repo, out) == head + "-dirty", "edited checkout: not -dirty")
        expect(os.stat(out).st_mtime != 1, "version.c not rewritten for a new commit")

        # A copy of the sources inside another repository is not that one.
        sub = os.path.join(repo, "roofline-0.1.0")
        os.mkdir(sub)
        expect(described(cmake, sub, out) == "unknown", "a subdirectory of another checkout")


def test(roofline, source_dir, version, cmake):
    check_binary(roofline, source_dir, version)
    check_script(cmake)


if __name__ == "__main__":
    if len(sys.argv) != 5:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    VERSION_SCRIPT = os.path.join(sys.argv[2], "cmake", "version.cmake")
    sys.exit(main(test, sys.argv[1:]))
