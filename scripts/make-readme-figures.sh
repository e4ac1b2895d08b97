#!/bin/sh
# make-readme-figures.sh: regenerates the roofline pictures of the README
# (docs/img/) from the samples, so that they stay current with the analyzer
# and the renderer. Each picture comes with its JSON report (redraw it with
# `roofline plot docs/img/NAME.json`) and its gnuplot script and data.
#
# The roofs come from the saved machine model tests/data/machine.json, not
# from the machine that runs this, so the static pictures are the same
# everywhere. The measured ones (--run) time real runs on this machine.
#
# Usage: scripts/make-readme-figures.sh [--static]
#   --static   only the static pictures (no measurement: fast, no valgrind)
# Environment: ROOFLINE (default build/src/roofline), MACHINE (default
# tests/data/machine.json), SAMPLES_BIN (default build/samples, where
# aes_driver and json_driver are built). Needs gnuplot (gnuplot-nox).
set -eu

cd "$(dirname "$0")/.."
ROOFLINE=${ROOFLINE:-build/src/roofline}
MACHINE=${MACHINE:-tests/data/machine.json}
SAMPLES_BIN=${SAMPLES_BIN:-build/samples}
OUT=docs/img
MEASURE=yes

case "${1:-}" in
--static) MEASURE=no ;;
"") ;;
*)
    echo "usage: scripts/make-readme-figures.sh [--static]" >&2
    exit 2
    ;;
esac

if [ ! -x "$ROOFLINE" ]; then
    echo "make-readme-figures: $ROOFLINE is not built (cmake -S . -B build && cmake --build build)" >&2
    exit 1
fi
mkdir -p "$OUT"

# The reference record of samples/json_encode.c: the bindings listed above
# json_encode_record (docs/samples-derivation.md).
JSON_BINDINGS="-D nitems=5 -D P148=0.8 -D P157=0.6 -D P159=0.5 -D P161=1
 -D L56=4.25 -D P63=1 -D L65=4.25 -D L69=0 -D P72=0.5 -D P75=0.5
 -D P102=0 -D L108=1 -D L113=1"

# figure NAME ANALYZE_ARGS...: the report as JSON and its picture.
figure() {
    name=$1
    shift
    echo "make-readme-figures: $OUT/$name.png" >&2
    "$ROOFLINE" analyze "$@" --machine "$MACHINE" --format json -o "$OUT/$name.json" \
        --plot "$OUT/$name.png"
}

# Static: both AES kernels, one block per call; the JSON encoder, one record.
figure aes samples/aes.c -k aes128_encrypt_block_bytes -k aes128_encrypt_block_ttable \
    --unit block
# shellcheck disable=SC2086 # the bindings are words on purpose
figure json samples/json_encode.c -k json_encode_record --unit record $JSON_BINDINGS

if [ "$MEASURE" = yes ]; then
    # Static beside measured: the compiled driver and pure Python.
    figure aes-measured samples/aes.c -k aes128_encrypt_block_ttable --unit block \
        --run "$SAMPLES_BIN/aes_driver {N} ttable" \
        --run "python3 samples/aes.py {N}" --units 2000,12000
    # shellcheck disable=SC2086
    figure json-measured samples/json_encode.c -k json_encode_record --unit record \
        $JSON_BINDINGS \
        --run "$SAMPLES_BIN/json_driver {N}" \
        --run "python3 samples/json_dumps.py {N}" \
        --run "python3 samples/json_dumps.py --pure {N}" --units 2000,12000
fi
echo "make-readme-figures: done; look at every picture before committing it" >&2
