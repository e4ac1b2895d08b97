#!/bin/sh
# bench/machine_vs_likwid.sh: `roofline machine` against likwid-bench (the
# reference) on this machine, in the same run. For every memory level the
# same working set (the one roofline chose, per thread count) through
# likwid's load, copy and triad kernels of the same ISA, one thread and all
# cores; the peak-flops kernels against roofline's matching compute kernels.
# likwid runs are short (~2 ms, best of 7) like roofline's samples, since on
# a busy machine long runs measure the scheduler; each level's likwid runs
# sit between two fresh roofline measurements (co-tenants move the rates
# from minute to minute) and roofline's figure is the better of the two, as
# likwid's is its best run. Prints ours / likwid per roof (target >= 0.95), ours / the
# theoretical peak where the model knows it, and how long `roofline
# machine` took (target < 10 s; --quick much less).
#
# usage: bench/machine_vs_likwid.sh [ROOFLINE_BINARY]
#   (default: build/src/roofline, else build-hw/src/roofline)
# Needs likwid-bench (Debian package likwid) and python3.
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-}
if [ -z "$bin" ]; then
    for b in "$here/build/src/roofline" "$here/build-hw/src/roofline"; do
        [ -x "$b" ] && bin=$b && break
    done
fi
[ -n "$bin" ] && [ -x "$bin" ] || { echo "machine_vs_likwid: no roofline binary; build first" >&2; exit 2; }
command -v likwid-bench >/dev/null || { echo "machine_vs_likwid: likwid-bench not installed" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

now() { date +%s.%N; }

# Full and quick runs, timed from outside, without reading or writing the
# user's cache.
load0=$(cut -d' ' -f1 /proc/loadavg)
t0=$(now)
"$bin" machine --no-cache --format json -o "$tmp/full.json"
t1=$(now)
"$bin" machine --no-cache --quick --format json -o "$tmp/quick.json"
t2=$(now)

python3 - "$tmp/full.json" "$t0" "$t1" "$t2" "$load0" "$bin" <<'PY'
import json, re, subprocess, sys

model = json.load(open(sys.argv[1]))
load0 = sys.argv[5]
binary = sys.argv[6]

def fresh_model():
    """A new measurement, so each group of likwid runs is compared with
    roofline figures taken moments before (the VM's co-tenants change the
    rates from minute to minute)."""
    out = subprocess.run([binary, "machine", "--no-cache", "--format", "json"],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)
t0, t1, t2 = map(float, sys.argv[2:5])

# roofline's ISA suffix -> likwid's kernel name per measure
LIKWID = {
    ("load", "avx512f"): "load_avx512", ("load", "avx2"): "load_avx",
    ("load", "sse2"): "load_sse", ("load", "scalar"): "load",
    ("store", "avx512f"): "store_avx512", ("store", "avx2"): "store_avx",
    ("store", "sse2"): "store_sse", ("store", "scalar"): "store",
    ("copy", "avx512f"): "copy_avx512", ("copy", "avx2"): "copy_avx",
    ("copy", "sse2"): "copy_sse", ("copy", "scalar"): "copy",
    ("triad", "avx512f"): "triad_avx512_fma", ("triad", "avx2"): "triad_avx_fma",
    ("triad", "sse2"): "triad_sse", ("triad", "scalar"): "triad",
}
# likwid peak-flops kernels and the roofline kernel that does the same work
PEAKS = [
    ("peakflops_avx512_fma", "fp64_fma_avx512"),
    ("peakflops_sp_avx512_fma", "fp32_fma_avx512"),
    ("peakflops_avx_fma", "fp64_fma_avx2"),
    ("peakflops_sp_avx_fma", "fp32_fma_avx2"),
    ("peakflops", "fp64_addmul_scalar"),
]

available = subprocess.run(["likwid-bench", "-a"], capture_output=True, text=True).stdout
available = {l.split(" - ")[0].strip() for l in available.splitlines() if " - " in l}

def props(test):
    """likwid's own description of a kernel: flops and bytes per element."""
    out = subprocess.run(["likwid-bench", "-l", test], capture_output=True, text=True).stdout
    get = lambda k: float(re.search(rf"{k}:\s*([0-9.]+)", out).group(1))
    return get("Flops per element"), get("Bytes per element")

def likwid(test, ws_bytes, threads, expect_rate, flops=False, seconds=0.002, runs=7):
    """Best of `runs` short likwid-bench runs of about `seconds` each (short,
    as roofline's samples, so a busy machine rarely preempts them), sized from
    the rate roofline measured (likwid-bench costs ~1 s per start, so no
    probing runs). Returns bytes/s, or flop/s with flops=True."""
    kb = max(1, int(ws_bytes // 1000))
    per_iter = kb * 1000.0  # bytes per iteration over all threads
    if flops:
        fl, by = props(test)
        per_iter = kb * 1000.0 / by * fl
    iters = max(1, int(seconds * expect_rate / per_iter))
    best = 0.0
    for _ in range(runs):
        out = subprocess.run(["likwid-bench", "-t", test, "-W", f"N:{kb}kB:{threads}",
                              "-i", str(iters)], capture_output=True, text=True).stdout
        m = re.search(rf"^{'MFlops/s' if flops else 'MByte/s'}:\s*([0-9.e+-]+)", out, re.M)
        if m:
            best = max(best, float(m.group(1)) * 1e6)
    return best or None

def fmt(v, unit):
    return "-" if v is None else f"{v / 1e9:7.1f} G{unit}"

def key(b):
    return (b["name"], b["level"], b["threads"])

rows = []
for level in ("L1", "L2", "L3", "DRAM"):
    # roofline just before and just after this level's likwid runs; the
    # better of the two, as likwid's figure is its best run
    before = model if level == "L1" else fresh_model()
    pending = []
    for b in before["benchmarks"]:
        if b["level"] != level or b["value"] is None:
            continue
        measures, isa = b["measures"], b["isa"]
        test = LIKWID.get((measures, isa))
        if measures == "store" or test not in available:
            continue  # the issue compares load, copy and triad
        ref = likwid(test, b["working_set_bytes"], b["threads"], b["value"])
        pending.append((b, test, ref))
    after = {key(b): b for b in fresh_model()["benchmarks"]}
    for b, test, ref in pending:
        ours = max(b["value"], (after.get(key(b)) or {}).get("value") or 0)
        rows.append((f'{level} {b["measures"]} {b["threads"]}t', b["name"],
                     b["working_set_bytes"], ours, test, ref, "B/s"))

by_name = {b["name"]: b for b in fresh_model()["benchmarks"]}
for test, ours in PEAKS:
    if test not in available or ours not in by_name or by_name[ours]["value"] is None:
        continue
    ref = likwid(test, 16000, 1, by_name[ours]["value"], flops=True)
    rows.append((test, ours, 16000, by_name[ours]["value"], test, ref, "F/s"))

print(f'machine: {model["cpu"]} ({model.get("uarch") or "?"}), clock '
      f'{(model["clock"]["hz"] or 0) / 1e9:.2f} GHz measured; load average before: {load0}, '
      f'after: {open("/proc/loadavg").read().split()[0]}')
print()
print(f'{"roof":<18} {"roofline":>12} {"likwid":>12} {"ratio":>6}  working set, kernels')
low = []
for roof, ours_k, ws, ours, test, ref, unit in rows:
    ratio = ours / ref if ref else float("nan")
    if not ratio >= 0.95:
        low.append((roof, ratio))
    print(f'{roof:<18} {fmt(ours, unit):>12} {fmt(ref, unit):>12} {ratio:6.3f}  '
          f'{ws / 1024:.0f} KiB, {ours_k} / {test}')

print()
print("theoretical peaks (clock x width x ports) where the model knows them:")
roofs = [(f"compute {k}", v) for k, v in model["compute"].items()]
roofs += [(f"{k} bw 1 thread", v["bw"]) for k, v in model["levels"].items()]
roofs += [(f"{k} bw all cores", v["bw_all_cores"]) for k, v in model["levels"].items()]
for name, r in roofs:
    if r.get("peak") and r.get("value"):
        print(f'  {name:<20} {r["value"] / r["peak"]:6.3f}  ({r["kernel"]}; peak {r["peak"] / 1e9:.1f} G, {r["peak_why"]})')

print()
print(f"roofline machine: {t1 - t0:.2f} s full (target < 10 s), {t2 - t1:.2f} s --quick")
if low:
    print(f"below 0.95: " + ", ".join(f"{r} {x:.3f}" for r, x in low))
else:
    print("every roof at >= 0.95 of likwid-bench")
PY
