#!/bin/bash
# fuzz.sh: builds and runs the libFuzzer harnesses of fuzz/.
#
#   scripts/fuzz.sh check                 exit 0 when clang-19 can build fuzzers, else 77
#   scripts/fuzz.sh build [DIR]           build them into DIR (default build-fuzz)
#   scripts/fuzz.sh run TARGET [ARGS...]  fuzz TARGET on its corpus, growing it
#   scripts/fuzz.sh smoke TARGET [ARGS...] a short run (seed 1) that leaves the corpus as it is
#   scripts/fuzz.sh all [ARGS...]         run every target, two at a time
#
# TARGET is one of: expr machine_json report_json split_words cachegrind.
# ARGS go to libFuzzer (default for run/all: -runs=1000000; for smoke:
# -runs=20000). FUZZ_BUILD names the build directory. A crash leaves its
# input in fuzz/findings/ (TARGET-crash-*, -leak-*, -timeout-*, -oom-*; for
# smoke, in FUZZ_BUILD/findings/).
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${FUZZ_BUILD:-$ROOT/build-fuzz}
CC_FUZZ=${CC_FUZZ:-clang-19}
TARGETS="expr machine_json report_json split_words cachegrind"
# Where a crashing input is saved: fuzz/findings for run/all; the build
# directory for smoke, so a CI run never writes into the source tree.
ARTIFACTS=$ROOT/fuzz/findings

usage() {
    sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

check() {
    command -v "$CC_FUZZ" >/dev/null 2>&1 || { echo "fuzz.sh: $CC_FUZZ not found" >&2; return 77; }
    tmp=$(mktemp -d)
    printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' >"$tmp/t.c"
    if ! "$CC_FUZZ" -fsanitize=fuzzer,address,undefined "$tmp/t.c" -o "$tmp/t" >/dev/null 2>&1; then
        rm -rf "$tmp"
        echo "fuzz.sh: $CC_FUZZ cannot link -fsanitize=fuzzer,address,undefined" >&2
        return 77
    fi
    rm -rf "$tmp"
}

build() {
    dir=${1:-$BUILD}
    check
    CC=$CC_FUZZ cmake -S "$ROOT/fuzz" -B "$dir" >/dev/null
    cmake --build "$dir" -j2 >/dev/null
}

target_ok() {
    for t in $TARGETS; do [ "$t" = "$1" ] && return 0; done
    echo "fuzz.sh: unknown target '$1' (one of: $TARGETS)" >&2
    exit 2
}

# Options a target always runs with. expr: inputs up to 128 bytes, since
# longer products of sums are known to take seconds to minutes (finding
# expr-product-blowup in docs/reliability.md) and would stall the run.
target_opts() {
    case $1 in
    expr) echo "-max_len=128" ;;
    esac
}

# fuzz TARGET ARGS... CORPUS_DIRS...: the binary, findings kept in fuzz/findings.
fuzz() {
    t=$1
    shift
    bin=$BUILD/fuzz_$t
    [ -x "$bin" ] || { echo "fuzz.sh: $bin not built (scripts/fuzz.sh build)" >&2; exit 1; }
    mkdir -p "$ARTIFACTS"
    # shellcheck disable=SC2046
    "$bin" -artifact_prefix="$ARTIFACTS/$t-" -print_final_stats=1 $(target_opts "$t") "$@"
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case $cmd in
check) check ;;
build) build "$@" ;;
run)
    [ $# -ge 1 ] || usage
    t=$1
    shift
    target_ok "$t"
    [ $# -gt 0 ] || set -- -runs=1000000
    fuzz "$t" "$@" "$ROOT/fuzz/corpus/$t"
    ;;
smoke)
    [ $# -ge 1 ] || usage
    t=$1
    shift
    target_ok "$t"
    check || exit 77
    [ $# -gt 0 ] || set -- -runs=20000
    # New inputs go to a scratch directory (the first one named), so a
    # test run leaves the committed corpus alone. A fixed seed makes a CI
    # run repeatable (a later -seed=N overrides it).
    scratch=$(mktemp -d)
    trap 'rm -rf "$scratch"' EXIT
    ARTIFACTS=$BUILD/findings
    fuzz "$t" -seed=1 "$@" "$scratch" "$ROOT/fuzz/corpus/$t"
    ;;
all)
    [ $# -gt 0 ] || set -- -runs=1000000
    mkdir -p "$BUILD/logs"
    running=0
    status=0
    for t in $TARGETS; do
        echo "fuzz.sh: $t (log $BUILD/logs/$t.log)" >&2
        "$0" run "$t" "$@" >"$BUILD/logs/$t.log" 2>&1 &
        running=$((running + 1))
        if [ $running -ge 2 ]; then
            wait -n || status=1
            running=$((running - 1))
        fi
    done
    while [ $running -gt 0 ]; do
        wait -n || status=1
        running=$((running - 1))
    done
    for t in $TARGETS; do
        printf '%-14s %s\n' "$t" "$(grep -E 'stat::number_of_executed_units' "$BUILD/logs/$t.log" || echo 'no stats (see log)')"
    done
    exit $status
    ;;
*) usage ;;
esac
