#!/usr/bin/env python3
"""The man pages say what the binary says: one page for roofline and one per
command of `roofline --help`; each renders with `man -l` without a groff
warning; its NAME is the command's summary; every option of the command's
--help is in it, and every word of the --help text, in order.

    check_man.py ROOFLINE MAN_DIR

Exit 0 pass, 1 fail."""

import gzip
import os
import re
import sys

from shiplib import commands, expect, main, options, run, scrubbed_env


def render(page):
    """man's rendering of page at 80 columns, unhyphenated and unjustified,
    in ASCII; a groff warning on stderr is a failure."""
    env = scrubbed_env(MANWIDTH="80", MANPAGER="cat", PAGER="cat")
    p = run(["man", "--warnings", "--nh", "--nj", "-l", page], env=env)
    expect(not p.stderr.strip(), "%s: man -l warns:\n%s" % (page, p.stderr))
    expect(p.stdout.strip(), "%s: man -l renders nothing" % page)
    return p.stdout


def words(text):
    return re.findall(r"\S+", text)


def in_order(needles, haystack):
    """The first word of needles not found in haystack after the previous
    one, or None when all are there in order."""
    i = 0
    for w in needles:
        try:
            i = haystack.index(w, i) + 1
        except ValueError:
            return w
    return None


def check_page(roofline, man_dir, page, help_args, name_line):
    path = os.path.join(man_dir, page + ".1")
    expect(os.path.isfile(path), "no man page %s" % path)
    with open(path, "rb") as f, gzip.open(path + ".gz") as g:
        expect(f.read() == g.read(), "%s.gz is not %s compressed" % (path, path))
    text = render(path)
    name = re.search(r"^NAME\n((?: +\S.*\n)+)", text, re.M)
    name = " ".join(words(name.group(1))) if name else ""
    expect(name_line(name), "%s: wrong NAME '%s'" % (page, name))
    for section in ("SYNOPSIS", "DESCRIPTION", "EXIT STATUS", "SEE ALSO"):
        expect(re.search(r"^%s$" % section, text, re.M), "%s: no %s section" % (page, section))

    help_text = run([roofline] + help_args).stdout
    # The usage lines become the SYNOPSIS; the rest is the page's body.
    usage = [l for l in help_text.splitlines() if re.match(r"^(Usage:|  or:)", l)]
    expect(usage, "%s: roofline %s has no Usage: line" % (page, " ".join(help_args)))
    synopsis = text.split("SYNOPSIS", 1)[1].split("DESCRIPTION", 1)[0]
    for u in usage:
        u = re.sub(r"^(Usage:|  or:) +", "", u)
        missing = in_order(words(u), words(synopsis))
        expect(missing is None, "%s: SYNOPSIS lacks '%s' of '%s'" % (page, missing, u))
    body = [l for l in help_text.splitlines() if l not in usage]
    # help2man makes section titles of "Options:" and "Examples:".
    body = [l for l in body if l not in ("Options:", "Examples:")]
    missing = in_order(words("\n".join(body)), words(text))
    expect(missing is None, "%s: the --help word '%s' is not in the page (in order)" % (page, missing))
    return text


def test(roofline, man_dir):
    cmds = commands(roofline)
    pages = {"roofline"} | {"roofline-" + c for c, _ in cmds}
    made = {f[:-2] for f in os.listdir(man_dir) if f.endswith(".1")}
    expect(made == pages, "man pages %s, expected %s" % (sorted(made), sorted(pages)))

    top = check_page(roofline, man_dir, "roofline", ["--help"], lambda n: n.startswith("roofline - "))
    for c, summary in cmds:
        text = check_page(
            roofline, man_dir, "roofline-" + c, [c, "--help"],
            lambda n: n == "roofline-%s - %s" % (c, summary),
        )
        opts = text.split("\nOPTIONS\n", 1)
        expect(len(opts) == 2, "roofline-%s: no OPTIONS section" % c)
        for o in options(roofline, c):
            expect(
                re.search(r"(^|[ ,])%s([ ,=]|$)" % re.escape(o), opts[1], re.M),
                "roofline-%s: OPTIONS lacks %s" % (c, o),
            )
        see_also = text.split("\nSEE ALSO\n", 1)[1]
        for other in pages - {"roofline-" + c}:
            expect(other + "(1)" in see_also, "roofline-%s: SEE ALSO lacks %s(1)" % (c, other))
    for c, _ in cmds:
        expect("roofline-%s(1)" % c in top, "roofline(1) does not name roofline-%s(1)" % c)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(test, sys.argv[1:]))
