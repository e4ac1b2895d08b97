#!/usr/bin/env python3
"""`roofline analyze -p DIR` takes the file's flags from DIR/compile_commands.json
and parses from the entry's directory: kernel.c compiles only with -DWIDTH=8
and -Iinc. Without -p it fails with clang's error; with -p, sum's loop runs
WIDTH * SCALE = 16 times."""
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
print("compdb: 3 checks passed")
