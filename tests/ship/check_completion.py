#!/usr/bin/env python3
"""The bash completion (completion/roofline.bash), run in bash with
bash-completion as a shell would: COMP_WORDS and COMP_CWORD set for a
command line, _roofline called, COMPREPLY read. It completes the commands
and each command's options as `roofline --help` lists them, the values of
--format and --counters (each one the parser takes), and the kinds of file
each option and operand wants.

    check_completion.py ROOFLINE COMPLETION_FILE

Also a module: complete() runs lines through a completion that
bash-completion loads by itself (check_install.py uses it).

Exit 0 pass, 1 fail."""

import os
import re
import sys
import tempfile

from shiplib import commands, expect, main, run, scrubbed_env

BASH_COMPLETION = "/usr/share/bash-completion/bash_completion"

# Sets COMP_* for each line of the file $1 as bash would (words split at
# blanks, and at '=' as COMP_WORDBREAKS does), the cursor at the end, calls
# the completion function bash-completion has for the line's first word
# (loading it on demand, as on a first TAB), and prints the candidates.
DRIVER = r"""
source "$BASH_COMPLETION" || exit 3
[ -n "$COMPLETION" ] && { source "$COMPLETION" || exit 3; }
while IFS= read -r line; do
    words=()
    read -ra blank_words <<<"$line"
    for w in "${blank_words[@]}"; do
        while [[ $w == *=* ]]; do
            [[ -n ${w%%=*} ]] && words+=("${w%%=*}")
            words+=("=")
            w=${w#*=}
        done
        [[ -n $w ]] && words+=("$w")
    done
    [[ $line == *[\ =] ]] && words+=("")
    COMP_LINE=$line
    COMP_POINT=${#line}
    COMP_WORDS=("${words[@]}")
    COMP_CWORD=$((${#words[@]} - 1))
    COMPREPLY=()
    spec=$(complete -p "${words[0]}" 2>/dev/null) || {
        __load_completion "${words[0]}"
        spec=$(complete -p "${words[0]}" 2>/dev/null)
    }
    [[ $spec =~ -F\ ([^ ]+) ]] || { echo "no completion for ${words[0]}" >&2; exit 4; }
    "${BASH_REMATCH[1]}" "${words[0]}" "${words[COMP_CWORD]}" "${words[COMP_CWORD-1]}"
    printf '=== %s\n' "$line"
    printf '%s\n' "${COMPREPLY[@]}"
done <"$1"
"""


def complete(lines, cwd, env, completion=None):
    """{line: set of candidates} for each command line, in bash."""
    with tempfile.TemporaryDirectory() as tmp:
        driver = os.path.join(tmp, "driver.bash")
        with open(driver, "w") as f:
            f.write(DRIVER)
        with open(os.path.join(tmp, "lines"), "w") as f:
            f.write("".join(l + "\n" for l in lines))
        env = dict(env, BASH_COMPLETION=BASH_COMPLETION, COMPLETION=completion or "")
        p = run(
            ["bash", "--norc", "--noprofile", driver, os.path.join(tmp, "lines")],
            cwd=cwd, env=env, check=False,
        )
    expect(p.returncode == 0, "bash completion failed (exit %d):\n%s" % (p.returncode, p.stderr))
    out, line = {}, None
    for l in p.stdout.splitlines():
        if l.startswith("=== "):
            line = l[4:]
            out[line] = set()
        elif l:
            out[line].add(l)
    expect(set(out) == set(lines), "bash printed candidates for %s" % sorted(out))
    return out


def help_options(roofline, command):
    """What `roofline COMMAND -<TAB>` should offer: per option line of
    --help, its long form, else its short one."""
    out = set()
    for line in run([roofline, command, "--help"]).stdout.splitlines():
        if re.match(r"^ +-", line):
            spec = re.split(r"\s{2,}", line.strip())[0]
            names = re.findall(r"(?:^|[ ,])(--?[A-Za-z0-9][\w-]*)", spec)
            longs = [n for n in names if n.startswith("--")]
            out.add(longs[0] if longs else names[0])
    return out


FILES = ["a.c", "with space.c", "b.h", "r.json", "m.json", "p.png", "q.svg", "t.xml",
         "x.txt", "sub/inner.c"]
JSON = {"m.json", "r.json", "sub"}
PICTURES = {"p.png", "q.svg", "sub"}

VALUES = {
    ("analyze", "--format"): {"text", "json", "csv"},
    ("machine", "--format"): {"text", "json"},
    ("measure", "--format"): {"text", "json"},
    ("analyze", "--counters"): {"auto", "perf", "cachegrind"},
    ("measure", "--counters"): {"auto", "perf", "cachegrind"},
}


def test(roofline, completion):
    completion = os.path.abspath(completion)
    bindir = os.path.dirname(os.path.abspath(roofline))
    env = scrubbed_env(PATH=bindir + os.pathsep + os.environ["PATH"])
    cmds = [c for c, _ in commands(roofline)]
    want = {
        "roofline ": set(cmds),
        "roofline me": {"measure"},
        "roofline -": {"--help", "--version"},
        "roofline analyze --format=j": {"json"},
        "roofline measure --counters c": {"cachegrind"},
        "roofline analyze ": {"a.c", "with space.c", "sub"},
        "roofline analyze wi": {"with space.c"},
        "roofline analyze sub/": {"sub/inner.c"},
        "roofline analyze --machine ": JSON,
        "roofline measure --machine ": JSON,
        "roofline machine --load ": JSON,
        "roofline plot ": JSON,
        "roofline analyze --plot ": PICTURES,
        "roofline plot -o ": PICTURES,
        "roofline plot --output ": PICTURES,
        "roofline machine --topology ": {"t.xml", "sub"},
        "roofline analyze -p ": {"sub"},
        "roofline analyze a.c -o ": {f for f in FILES if "/" not in f} | {"sub"},
        "roofline analyze a.c -- b": {"b.h"},
        "roofline analyze --kernel ": set(),
        "roofline plot --size ": set(),
        "roofline measure --repeats ": set(),
    }
    for (c, opt), values in VALUES.items():
        want["roofline %s %s " % (c, opt)] = values
    for c in cmds:
        want["roofline %s -" % c] = help_options(roofline, c)
    lines = list(want) + ["roofline measure --units 1,2 -- pytho"]

    with tempfile.TemporaryDirectory() as tmp:
        for f in FILES:
            os.makedirs(os.path.join(tmp, os.path.dirname(f)), exist_ok=True)
            open(os.path.join(tmp, f), "w").close()
        got = complete(lines, tmp, env, completion)

    for line, expected in want.items():
        expect(got[line] == expected, "'%s': completes %s, expected %s"
               % (line, sorted(got[line]), sorted(expected)))
    measured = got["roofline measure --units 1,2 -- pytho"]
    expect("python3" in measured, "after 'measure --', commands: got %s" % sorted(measured))

    # Every value offered is one the parser takes (all of a command's in one
    # run, then one by one to name a refused one), and the parser refuses
    # what is not offered.
    for c in sorted({c for c, _ in VALUES}):
        given = [(opt, v) for (cc, opt), values in VALUES.items() if cc == c for v in values]
        args = [a for opt, v in given for a in (opt, v)]
        if run([roofline, c] + args + ["--help"], check=False, env=env).returncode != 0:
            for opt, v in given:
                p = run([roofline, c, opt, v, "--help"], check=False, env=env)
                expect(p.returncode == 0, "roofline %s %s %s refused: %s" % (c, opt, v, p.stderr))
    for c, opt in VALUES:
        p = run([roofline, c, opt, "nosuch", "--help"], check=False, env=env)
        expect(p.returncode == 2, "roofline %s %s nosuch: exit %d" % (c, opt, p.returncode))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(test, sys.argv[1:]))
