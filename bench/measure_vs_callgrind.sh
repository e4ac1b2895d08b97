#!/bin/sh
# measure_vs_callgrind: checks roofline measure's per-unit instruction counts
# against an independent measurement of the same unit: callgrind collecting
# only inside the kernel function (--toggle-collect), divided by the number
# of units. The two differ by what the driver does per unit outside the
# kernel (its loop and checksum), which is why the kernel named is the one
# the driver calls once per unit or per chunk of units.
#
#   bench/measure_vs_callgrind.sh [BUILD_DIR] [N1,N2]
#
# BUILD_DIR (default: build) holds src/roofline and samples/aes_driver,
# samples/json_driver. Prints one line per driver with both figures and their
# ratio; exits 1 when a ratio is outside 1 +- 2%, 2 when something is missing.
set -eu

build=${1:-build}
units=${2:-20000,60000}
target_pct=2
roofline=$build/src/roofline

for tool in valgrind python3; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "measure_vs_callgrind: $tool not found (install the Debian package $tool)" >&2
        exit 2
    fi
done
if [ ! -x "$roofline" ]; then
    echo "measure_vs_callgrind: $roofline not built" >&2
    exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/measure-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

n2=${units#*,}
status=0

# One driver: NAME, kernel FUNCTION collected by callgrind, then the driver's
# arguments after N.
bench() {
    name=$1 fn=$2
    shift 2
    driver=$build/samples/$name
    if [ ! -x "$driver" ]; then
        echo "measure_vs_callgrind: $driver not built" >&2
        status=2
        return
    fi
    "$roofline" measure --counters cachegrind --units "$units" --repeats 1 --format json \
        -o "$tmp/$name.json" -- "$driver" '{N}' "$@"
    valgrind --tool=callgrind -q --toggle-collect="$fn" \
        --callgrind-out-file="$tmp/$name.callgrind" "$driver" "$n2" "$@" >/dev/null
    python3 - "$tmp/$name.json" "$tmp/$name.callgrind" "$n2" "$name $*" "$fn" "$target_pct" <<'EOF' || status=1
import json, sys
report, cg, n, what, fn, target = sys.argv[1:7]
measured = json.load(open(report))["runs"][0]["instructions"]
events, total = None, None
for line in open(cg):
    if line.startswith("events:"):
        events = line.split()[1:]
    elif line.startswith(("summary:", "totals:")):
        total = float(line.split()[1 + events.index("Ir")])
per_unit = total / int(n)
ratio = measured / per_unit
ok = abs(ratio - 1) * 100 <= float(target)
print("%-22s measure %10.1f  callgrind(%s) %10.1f  ratio %.4f  %s"
      % (what.strip(), measured, fn, per_unit, ratio,
         "ok" if ok else "OUTSIDE %s%%" % target))
sys.exit(0 if ok else 1)
EOF
}

echo "instructions per unit: roofline measure (cachegrind, units $units) vs callgrind --toggle-collect (N=$n2)"
bench aes_driver aes128_encrypt_ecb_ttable ttable
bench aes_driver aes128_encrypt_ecb_bytes bytes
bench json_driver json_encode_record
exit $status
