"""harness: the command line the reliability scripts share.

    SCRIPT --roofline BIN --root SRC --work DIR CASE
    SCRIPT --list

parse() returns the arguments with absolute paths (a.roofline, a.root,
a.work, a.case), after printing the cases for --list; more options are
added by the caller's extra(ap). fail() ends a case with one line."""
import argparse
import os
import sys


def parse(cases, extra=None, listing=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--roofline")
    ap.add_argument("--root")
    ap.add_argument("--work")
    ap.add_argument("--list", action="store_true")
    if extra:
        extra(ap)
    ap.add_argument("case", nargs="?")
    a = ap.parse_args()
    if a.list:
        print("\n".join(listing(c) if listing else c for c in cases))
        sys.exit(0)
    for key in ("roofline", "root", "work"):
        if getattr(a, key):
            setattr(a, key, os.path.abspath(getattr(a, key)))
    return a


def require(ap_args, cases):
    """Exits with a usage message unless every path and a known case were
    given."""
    a = ap_args
    if not (a.roofline and a.root and a.work and a.case in cases):
        sys.exit("usage: %s --roofline BIN --root SRC --work DIR CASE (--list names them)"
                 % os.path.basename(sys.argv[0]))


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)
