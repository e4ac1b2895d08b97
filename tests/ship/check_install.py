#!/usr/bin/env python3
"""What a user gets from `cmake --install` and from the Debian package: a
roofline in PATH that runs (without the build tree), its man pages found by
`man` through PATH, its bash completion loaded by bash-completion, its docs.

    check_install.py cmake ROOFLINE BUILD_DIR SOURCE_DIR CMAKE
    check_install.py deb   ROOFLINE BUILD_DIR SOURCE_DIR CPACK

cmake: `cmake --install BUILD_DIR --prefix` a scratch directory.
deb: `cpack -G DEB` into a scratch directory; the package's Depends name the
Debian package of every shared library the binary links (dpkg-shlibdeps)
plus gnuplot, clang's resource headers and the C library's headers;
Recommends valgrind and llvm-19;
then `dpkg --root` installs it into a scratch root whose package database
is a copy of this system's (so dpkg checks the dependencies and file
conflicts against what is installed here, and nothing outside the scratch
root changes), the installed roofline is run, and `dpkg -r` removes every
file it installed. The real system's dpkg database is only read.

Exit 0 pass, 1 fail."""

import glob
import os
import re
import shutil
import sys
import tempfile

from check_completion import complete
from shiplib import commands, expect, main, run, scrubbed_env


def check_installed(roofline, prefix, source_dir, tmp):
    """prefix: where bin/ and share/ were installed (a scratch /usr)."""
    bindir, share = os.path.join(prefix, "bin"), os.path.join(prefix, "share")
    installed = os.path.join(bindir, "roofline")
    expect(os.access(installed, os.X_OK), "%s is not installed" % installed)
    home = os.path.join(tmp, "home")
    os.makedirs(home, exist_ok=True)
    env = scrubbed_env(
        PATH=bindir + ":/usr/bin:/bin",
        HOME=home,
        XDG_CACHE_HOME=os.path.join(home, ".cache"),
        XDG_DATA_DIRS=share,
        MANPAGER="cat",
        PAGER="cat",
        MANWIDTH="80",
    )
    env.pop("MANPATH", None)

    # In PATH, and it runs on its own: version, an analysis with a picture.
    found = run(["bash", "-c", "type -P roofline"], env=env).stdout.strip()
    expect(found == installed, "roofline in PATH is %r, not %s" % (found, installed))
    built = run([roofline, "--version"]).stdout
    expect(run(["roofline", "--version"], env=env).stdout == built,
           "the installed roofline's --version differs from the build's")
    picture = os.path.join(tmp, "aes.svg")
    run(["roofline", "analyze", os.path.join(source_dir, "samples", "aes.c"),
         "-k", "aes128_encrypt_block_ttable", "--unit", "block",
         "--machine", os.path.join(source_dir, "tests", "data", "machine.json"),
         "--plot", picture], env=env, cwd=tmp)
    expect(os.path.getsize(picture) > 0, "no picture from the installed roofline")

    # man finds every page through PATH (bin/../share/man) and renders it.
    for page in ["roofline"] + ["roofline-" + c for c, _ in commands(roofline)]:
        where = run(["man", "-w", page], env=env).stdout.strip()
        want = os.path.join(share, "man", "man1", page + ".1.gz")
        expect(where == want, "man -w %s: %r, expected %s" % (page, where, want))
        p = run(["man", "--warnings", page], env=env)
        expect(p.stdout.startswith(page.upper() + "(1)") and not p.stderr.strip(),
               "man %s:\n%s%s" % (page, p.stdout[:300], p.stderr))

    # bash-completion loads the installed completion on the first TAB.
    got = complete(["roofline an", "roofline analyze --format "], tmp, env)
    expect(got["roofline an"] == {"analyze"}, "installed completion: %s" % got)
    expect(got["roofline analyze --format "] == {"text", "json", "csv"},
           "installed completion: %s" % got)

    for doc in ("README.md", "docs/spec/counting-model.md", "docs/report-schema.md",
                "docs/img/aes.png"):
        path = os.path.join(share, "doc", "roofline", doc)
        expect(os.path.isfile(path), "%s is not installed" % path)


def test_cmake(roofline, build_dir, source_dir, cmake):
    with tempfile.TemporaryDirectory() as tmp:
        prefix = os.path.join(tmp, "prefix")
        run([cmake, "--install", build_dir, "--prefix", prefix])
        check_installed(roofline, prefix, source_dir, tmp)


def deb_field(deb, field):
    return run(["dpkg-deb", "--field", deb, field]).stdout.strip()


def alternatives(field):
    """'a (>= 1), b | c' -> [[('a', '>=', '1')], [('b', None, None), ('c', ...)]]"""
    groups = []
    for group in filter(None, (g.strip() for g in field.split(","))):
        alts = []
        for alt in group.split("|"):
            m = re.fullmatch(r"\s*([a-z0-9.+-]+)(?::\w+)?\s*(?:\((<<|<=|=|>=|>>)\s*(\S+)\))?\s*", alt)
            expect(m, "cannot read the dependency %r" % alt)
            alts.append(m.groups())
        groups.append(alts)
    return groups


def linked_packages(binary):
    """The Debian packages of the shared libraries binary links (its NEEDED
    entries, where ldd finds them), from this system's dpkg database."""
    dynamic = run(["readelf", "--dynamic", binary]).stdout
    needed = set(re.findall(r"\(NEEDED\)\s+Shared library: \[(\S+)\]", dynamic))
    expect(needed, "%s links no shared library?" % binary)
    paths = {}  # a path dpkg may know the library by -> its soname
    for line in run(["ldd", binary]).stdout.splitlines():
        m = re.match(r"\s*(\S+) => (/\S+)", line)
        if m and m.group(1) in needed:
            real = os.path.realpath(m.group(2))
            # /lib is /usr/lib here; dpkg knows either, as the package has it.
            for p in {m.group(2), real, re.sub(r"^/usr/lib/", "/lib/", real),
                      re.sub(r"^/lib/", "/usr/lib/", real)}:
                paths[p] = m.group(1)
    found = run(["dpkg-query", "--search"] + sorted(paths), check=False).stdout
    out, owned = set(), set()
    for line in found.splitlines():
        owners, path = line.split(": ", 1)
        if path in paths:
            owned.add(paths[path])
            out |= {o.split(":")[0] for o in owners.split(", ")}
    expect(owned == needed, "no Debian package owns %s" % sorted(needed - owned))
    return out


def prepare_root(root, drop=None, file_lists=True):
    """A scratch root whose dpkg database is a copy of this system's (the
    package list and, with file_lists, each package's file list; not the
    triggers, so no other package's scripts run), less the package drop."""
    admin = os.path.join(root, "var", "lib", "dpkg")
    for d in ("info", "updates", "triggers"):
        os.makedirs(os.path.join(admin, d))
    with open("/var/lib/dpkg/status") as f:
        stanzas = f.read().split("\n\n")
    if drop:
        stanzas = [s for s in stanzas if not re.match(r"Package: %s\n" % re.escape(drop), s)]
    with open(os.path.join(admin, "status"), "w") as f:
        f.write("\n\n".join(stanzas))
    open(os.path.join(admin, "available"), "w").close()
    lists = glob.glob("/var/lib/dpkg/info/*.list") if file_lists else []
    for path in lists + ["/var/lib/dpkg/info/format"]:
        if os.path.exists(path):
            shutil.copy(path, os.path.join(admin, "info"))


def dpkg(root, *args, check=True):
    return run(["dpkg", "--root=" + root, "--log=" + os.path.join(root, "dpkg.log"),
                "--force-not-root"] + list(args), check=check)


def test_deb(roofline, build_dir, source_dir, cpack):
    with tempfile.TemporaryDirectory() as tmp:
        run([cpack, "--config", os.path.join(build_dir, "CPackConfig.cmake"), "-G", "DEB",
             "-B", os.path.join(tmp, "pkg")])
        debs = glob.glob(os.path.join(tmp, "pkg", "*.deb"))
        expect(len(debs) == 1, "cpack made %s" % debs)
        deb = debs[0]
        version = run([roofline, "--version"]).stdout.split()[1]
        expect(deb_field(deb, "Package") == "roofline", "Package is not roofline")
        expect(deb_field(deb, "Version") == version, "Version is not %s" % version)

        depends = alternatives(deb_field(deb, "Depends"))
        named = {a[0] for g in depends for a in g}
        for package in linked_packages(roofline) | {"libclang-common-19-dev", "libc6-dev",
                                                     "gnuplot-nox"}:
            expect(package in named, "Depends lacks %s: %s" % (package, sorted(named)))
        recommends = {a[0] for g in alternatives(deb_field(deb, "Recommends")) for a in g}
        expect({"valgrind", "llvm-19"} <= recommends, "Recommends: %s" % sorted(recommends))

        # Without a dependency, dpkg refuses it: Depends is checked for real.
        # (No file lists: dpkg then says each package has none, and is quick.)
        lib = next(a[0] for g in depends for a in g if a[0].startswith("libclang1"))
        bare = os.path.join(tmp, "bare")
        prepare_root(bare, drop=lib, file_lists=False)
        p = dpkg(bare, "--install", deb, check=False)
        expect(p.returncode != 0 and lib in p.stderr,
               "dpkg installed it without %s:\n%s" % (lib, p.stderr))

        root = os.path.join(tmp, "root")
        prepare_root(root)
        dpkg(root, "--install", deb)
        status = dpkg(root, "--status", "roofline").stdout
        expect("Status: install ok installed" in status, "dpkg --status:\n" + status)
        files = dpkg(root, "--listfiles", "roofline").stdout.split()
        expect("/usr/bin/roofline" in files, "the package has no /usr/bin/roofline")
        check_installed(roofline, os.path.join(root, "usr"), source_dir, tmp)

        dpkg(root, "--remove", "roofline")
        left = [f for f in files if os.path.isfile(root + f)]
        expect(not left, "dpkg --remove left %s" % left)


if __name__ == "__main__":
    if len(sys.argv) != 6 or sys.argv[1] not in ("cmake", "deb"):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    paths = [os.path.abspath(a) for a in sys.argv[2:5]]
    tool = sys.argv[5]
    sys.exit(main(test_cmake if sys.argv[1] == "cmake" else test_deb, paths + [tool]))
