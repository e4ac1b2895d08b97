#!/usr/bin/env python3
"""`roofline analyze -p DIR` takes the file's flags from DIR/compile_commands.json
and parses from the entry's directory: kernel.c compiles only with -DWIDTH=8
and -Iinc. Without -p it fails with clang's error; with -p, sum's loop runs
WIDTH * SCALE = 16 times. An entry's flags that write files, print (-M) or
load plugins are left out; a compile_commands.json that is a FIFO or a
directory is refused at once."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

roofline, src, machine = sys.argv[1:4]
with tempfile.TemporaryDirectory() as tmp:
    proj = os.path.join(tmp, "proj")
    shutil.copytree(src, proj)
    db = os.path.join(tmp, "db")
    os.mkdir(db)
    with open(os.path.join(db, "compile_commands.json"), "w") as f:
        json.dump([{"directory": proj,
                    "arguments": ["cc", "-DWIDTH=8", "-Iinc", "-c", "kernel.c", "-o", "kernel.o"],
                    "file": "kernel.c"}], f)
    kernel = os.path.join(proj, "kernel.c")
    base = [roofline, "analyze", kernel, "--format", "json", "--no-plot", "--machine", machine]
    bad = subprocess.run(base, capture_output=True, text=True, cwd=tmp)
    if bad.returncode != 1 or "width.h" not in bad.stderr:
        sys.exit(f"without -p: expected exit 1 naming width.h, got {bad.returncode}: {bad.stderr}")
    good = subprocess.run(base + ["-p", db], capture_output=True, text=True, cwd=tmp)
    if good.returncode != 0:
        sys.exit(f"with -p: exit {good.returncode}: {good.stderr}")
    k = json.loads(good.stdout)["kernels"][0]
    if k["int_ops"]["add"] != 16 or k["loads"]["count"] != 16:
        sys.exit(f"with -p: expected 16 adds and loads, got {k['int_ops']} {k['loads']}")
    missing = subprocess.run(base + ["-p", tmp], capture_output=True, text=True, cwd=tmp)
    if missing.returncode != 1 or "compile_commands.json" not in missing.stderr:
        sys.exit(f"-p without a database: expected exit 1, got {missing.returncode}: {missing.stderr}")
    # An entry whose flags write files or load code when a compiler runs
    # them: analyze must parse with the entry's meaning (-D, -I) and write
    # and load nothing.
    victims = ["victim.d", "victim2.d", "victim3.d", "victim.o", "victim.json", "victim.dia",
               "kdep.d", "victim.yaml", "victim.dot", "victim.hdrs"]
    for v in victims:  # existing files that must stay as they are
        with open(os.path.join(proj, v), "w") as f:
            f.write("untouched\n")
    entry = ["clang", "-DWIDTH=8", "-Iinc", "-MD", "-MF", "victim.d", "-MMD", "-MT", "t",
             "-MQ", "q", "-MP", "-MFvictim2.d", "-MJ", "victim.json", "-Wp,-MMD,kdep.d",
             "-o", "victim.o", "-ftime-trace", "-ftime-trace-granularity=0",
             "--serialize-diagnostics", "victim.dia", "-fsave-optimization-record",
             "-foptimization-record-file=victim.yaml", "-fplugin=/nonexistent/plugin.so",
             "-fpass-plugin=/nonexistent/pass.so", "-Xclang", "-load", "-Xclang",
             "/nonexistent/load.so", "-Xclang", "-dependency-dot", "-Xclang", "victim.dot",
             "-Xclang", "-header-include-file", "-Xclang", "victim.hdrs",
             "-fprofile-instr-generate", "-save-temps", "-M", "-###", "-c", "kernel.c"]
    with open(os.path.join(db, "compile_commands.json"), "w") as f:
        json.dump([{"directory": proj, "arguments": entry, "file": "kernel.c"}], f)
    before = {n: os.stat(os.path.join(proj, n)).st_mtime_ns for n in os.listdir(proj)}
    before_tmp = sorted(os.listdir(tmp))
    side = subprocess.run(base + ["-p", db], capture_output=True, text=True, cwd=tmp)
    if side.returncode != 0:
        sys.exit(f"entry with output flags: exit {side.returncode}: {side.stderr}")
    k = json.loads(side.stdout)["kernels"][0]
    if k["int_ops"]["add"] != 16:
        sys.exit(f"entry with output flags: expected 16 adds, got {k['int_ops']}")
    after = {n: os.stat(os.path.join(proj, n)).st_mtime_ns for n in os.listdir(proj)}
    if after != before or sorted(os.listdir(tmp)) != before_tmp:
        sys.exit(f"analyze -p wrote files: {sorted(set(after) ^ set(before))}, "
                 f"changed {[n for n in before if after.get(n) != before[n]]}")
    for v in victims:
        with open(os.path.join(proj, v)) as f:
            if f.read() != "untouched\n":
                sys.exit(f"analyze -p overwrote {v}")

    # A compile_commands.json that cannot be read whole: refused, not read
    # (a FIFO would block libclang's load, a directory is no database).
    odd = os.path.join(tmp, "odd")
    os.mkdir(odd)
    for make, why in ((os.mkfifo, "not a regular file"), (os.mkdir, "is a directory")):
        path = os.path.join(odd, "compile_commands.json")
        make(path)
        try:
            p = subprocess.run(base + ["-p", odd], capture_output=True, text=True, cwd=tmp,
                               timeout=30)
        except subprocess.TimeoutExpired:
            sys.exit(f"-p with a compile_commands.json that is {why}: still running after 30 s")
        want = f"{path}: {why}"
        if p.returncode != 1 or want not in p.stderr or len(p.stderr.splitlines()) != 1:
            sys.exit(f"-p with a compile_commands.json that is {why}: expected exit 1 and "
                     f"'{want}', got {p.returncode}: {p.stderr}")
        (os.rmdir if make is os.mkdir else os.unlink)(path)
print("compdb: 6 checks passed")
