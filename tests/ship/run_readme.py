#!/usr/bin/env python3
"""Runs every command block of the README as written, so that it stays true.

    run_readme.py SOURCE_DIR BUILD_DIR CMAKE SEED_CACHE

The convention (README.md, "Tests and benchmarks"): a command block is a
```sh fence; each runs with `bash -e -o pipefail`, in README order, at the
top of a fresh copy of the tracked files, with the tested build installed
(`cmake --install` into a scratch prefix, first in PATH, so `roofline` and
`man roofline-analyze` work as after the install section) and reachable as
build/src and build/samples, HOME a scratch directory whose cache holds the
saved test machine model as this machine's (seed_cache), so that nothing
measures the machine. A block whose first line is `# not run in tests:
REASON` is skipped. Output blocks are plain ``` fences; a ```bash,
```shell or ```console fence is refused, so that no command block is
silently left out.

Exit 0 pass, 1 fail."""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

from shiplib import Failure, expect, main, run, scrubbed_env

SKIP = re.compile(r"^# not run in tests: (\S.*)$")
BLOCK_TIMEOUT = 120


def tracked_copy(source_dir, dest):
    """The files git tracks in source_dir, as they are in the work tree
    (what a clone of the committed state plus the edits under test has);
    outside git, the tree less its build directories."""
    p = run(["git", "-C", source_dir, "ls-files", "-z"], check=False)
    if p.returncode == 0 and os.path.exists(os.path.join(source_dir, ".git")):
        for rel in filter(None, p.stdout.split("\0")):
            src = os.path.join(source_dir, rel)
            if not os.path.lexists(src):
                continue  # deleted in the work tree
            os.makedirs(os.path.join(dest, os.path.dirname(rel)), exist_ok=True)
            shutil.copy2(src, os.path.join(dest, rel), follow_symlinks=False)
    else:
        shutil.copytree(source_dir, dest, symlinks=True,
                        ignore=lambda d, names: [n for n in names if n.startswith("build")
                                                 and d == source_dir])


def blocks(readme):
    """[(line number, language, text)] of every fenced block."""
    out, lines, i = [], readme.split("\n"), 0
    while i < len(lines):
        m = re.match(r"^```(\S*)\s*$", lines[i])
        if m:
            start, lang, body = i + 1, m.group(1), []
            i += 1
            while i < len(lines) and lines[i].rstrip() != "```":
                body.append(lines[i])
                i += 1
            expect(i < len(lines), "README.md:%d: the block never ends" % start)
            out.append((start, lang, "\n".join(body) + "\n"))
        i += 1
    return out


def test(source_dir, build_dir, cmake, seed_cache):
    with tempfile.TemporaryDirectory() as tmp:
        clone = os.path.join(tmp, "roofline")
        tracked_copy(source_dir, clone)
        prefix, home = os.path.join(tmp, "prefix"), os.path.join(tmp, "home")
        run([cmake, "--install", build_dir, "--prefix", prefix])
        os.makedirs(os.path.join(clone, "build"))
        for d in ("src", "samples", "man"):
            os.symlink(os.path.join(build_dir, d), os.path.join(clone, "build", d))
        os.makedirs(home)
        env = scrubbed_env(
            PATH=os.path.join(prefix, "bin") + ":/usr/local/bin:/usr/bin:/bin",
            HOME=home,
            XDG_CACHE_HOME=os.path.join(home, ".cache"),
            TMPDIR=tmp,
            MANPAGER="cat",
            PAGER="cat",
        )
        for var in ("ROOFLINE_TOPOLOGY", "MANPATH", "XDG_DATA_DIRS"):
            env.pop(var, None)
        run([seed_cache, os.path.join(clone, "tests", "data", "machine.json")], env=env)

        with open(os.path.join(clone, "README.md")) as f:
            found = blocks(f.read())
        ran, skipped = 0, []
        for line, lang, text in found:
            expect(lang not in ("bash", "shell", "console", "zsh"),
                   "README.md:%d: a ```%s block: command blocks are ```sh" % (line, lang))
            if lang != "sh":
                continue
            first = text.split("\n", 1)[0]
            m = SKIP.match(first)
            if m:
                skipped.append((line, m.group(1)))
                continue
            script = os.path.join(tmp, "block-%d.sh" % line)
            with open(script, "w") as f:
                f.write(text)
            start = time.monotonic()
            try:
                p = run(["bash", "-e", "-o", "pipefail", script], cwd=clone, env=env,
                        check=False, timeout=BLOCK_TIMEOUT)
            except subprocess.TimeoutExpired:
                raise Failure("README.md:%d: the block ran over %d s; mark it "
                              "'# not run in tests: ...' or make it quicker:\n%s"
                              % (line, BLOCK_TIMEOUT, text))
            secs = time.monotonic() - start
            expect(p.returncode == 0, "README.md:%d: the block fails (exit %d):\n%s\n"
                   "stdout:\n%s\nstderr:\n%s" % (line, p.returncode, text, p.stdout[-3000:],
                                                 p.stderr[-3000:]))
            print("README.md:%d: ran in %.1f s" % (line, secs))
            ran += 1
        for line, why in skipped:
            print("README.md:%d: not run: %s" % (line, why))
        expect(ran > 0, "README.md has no command block that runs")


if __name__ == "__main__":
    if len(sys.argv) != 5:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(test, [os.path.abspath(a) for a in sys.argv[1:3]] + sys.argv[3:]))
