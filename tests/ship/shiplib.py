"""What the tests of tests/ship.cmake share: running a command, and reading
the commands and options out of roofline's own --help (the one list the
man pages and the bash completion are checked against)."""

import os
import re
import subprocess
import sys


class Failure(Exception):
    pass


def expect(cond, what):
    if not cond:
        raise Failure(what)


def run(args, check=True, timeout=300, **kw):
    """Runs args; returns the CompletedProcess (text). With check, a non-zero
    exit is a Failure that shows the command and its stderr."""
    p = subprocess.run(args, capture_output=True, text=True, timeout=timeout, **kw)
    if check and p.returncode != 0:
        raise Failure(
            "%s: exit %d\n%s%s" % (" ".join(map(str, args)), p.returncode, p.stdout, p.stderr)
        )
    return p


def commands(roofline):
    """The (name, summary) pairs of the "Commands:" list of roofline --help."""
    help_text = run([roofline, "--help"]).stdout
    m = re.search(r"^Commands:\n((?: +\S.*\n)+)", help_text, re.M)
    expect(m, "roofline --help has no Commands: list:\n" + help_text)
    out = []
    for line in m.group(1).splitlines():
        name, summary = re.match(r"^  ([a-z][a-z0-9-]*)  +(\S.*)$", line).groups()
        out.append((name, summary))
    return out


def options(roofline, command):
    """Every option `roofline COMMAND --help` lists ("-k", "--kernel", ...)."""
    help_text = run([roofline, command, "--help"]).stdout
    out = []
    for line in help_text.splitlines():
        if not re.match(r"^ +-", line):
            continue
        spec = re.split(r"\s{2,}", line.strip())[0]
        out += re.findall(r"(?:^|[ ,])(--?[A-Za-z0-9][\w-]*)", spec)
    expect(out, "roofline %s --help lists no options" % command)
    return out


def main(test, argv):
    """Runs test(*argv): exit 0 when it returns, 1 with the reason when it
    raises Failure."""
    try:
        test(*argv)
    except Failure as e:
        print("FAIL: %s" % e, file=sys.stderr)
        return 1
    print("PASS")
    return 0


def scrubbed_env(**extra):
    """The environment for a child, with a locale that renders ASCII."""
    env = dict(os.environ, LC_ALL="C", LANG="C")
    env.update(extra)
    return env
