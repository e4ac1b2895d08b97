#!/usr/bin/env bash
# bootstrap.sh: the README's two quick-start commands on a fresh Debian 12
# machine, and what CI runs (.ci/run calls `scripts/bootstrap.sh test`).
#
#   scripts/bootstrap.sh demo   install what is missing, build, analyze samples/aes.c
#   scripts/bootstrap.sh test   install what is missing, build, run the whole test
#                               suite, then again built with ASan + UBSan, then
#                               the analyzer's tests built with TSan
#
# Safe to re-run: installs only missing packages and reuses the build trees.
# Environment:
#   ROOFLINE_NO_SANITIZE=1      skip the sanitizer build and test run
#   ROOFLINE_BUILD_DIR          build tree (default: build)
#   ROOFLINE_ASAN_BUILD_DIR     sanitizer build tree (default: build-asan)
#   ROOFLINE_TSAN_BUILD_DIR     ThreadSanitizer build tree (default: build-tsan)
set -euo pipefail

# Debian packages the build, the tests and the demo need. python3 runs the
# golden tests; gnuplot-nox draws the pictures; valgrind, likwid and hwloc
# are what the measurement and machine-model code call; libclang-rt-19-dev
# holds libFuzzer for the reliability tests' fuzzers. help2man makes the man
# pages, man-db renders them in their test; bash-completion has the helpers
# the completion uses; dpkg-dev (dpkg-shlibdeps) and file are what
# `cpack -G DEB` needs to name the package's dependencies; git names the
# commit in `roofline --version` and clones the tree for the README's test.
PACKAGES=(
    build-essential cmake pkg-config
    clang-19 libclang-19-dev llvm-19-dev libclang-rt-19-dev
    libhwloc-dev hwloc libjansson-dev libpfm4-dev
    gnuplot-nox valgrind likwid python3
    help2man man-db bash-completion dpkg-dev file git
)

die() {
    echo "bootstrap: $*" >&2
    exit 1
}

usage() {
    echo "usage: scripts/bootstrap.sh demo|test" >&2
    exit 2
}

[ $# -eq 1 ] || usage
mode=$1
case "$mode" in
demo | test) ;;
*) usage ;;
esac

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd -P)
build_dir=${ROOFLINE_BUILD_DIR:-build}
asan_dir=${ROOFLINE_ASAN_BUILD_DIR:-build-asan}
tsan_dir=${ROOFLINE_TSAN_BUILD_DIR:-build-tsan}

missing_packages() {
    local p status
    for p in "${PACKAGES[@]}"; do
        status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
        [ "$status" = installed ] || echo "$p"
    done
}

install_packages() {
    local missing log try
    if ! command -v dpkg-query >/dev/null 2>&1; then
        echo "bootstrap: not a Debian system; make sure the equivalents of these are installed:" >&2
        echo "  ${PACKAGES[*]}" >&2
        return 0
    fi
    mapfile -t missing < <(missing_packages)
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "bootstrap: missing Debian packages: ${missing[*]}" >&2
        echo "bootstrap: install them as root, then run this again:" >&2
        echo "sudo apt-get update" >&2
        echo "sudo apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
    log=$(mktemp "${TMPDIR:-/tmp}/roofline-apt.XXXXXX.log")
    echo "bootstrap: installing ${missing[*]} (log: $log)"
    # Three tries: a mirror that fails once should not fail the build.
    for try in 1 2 3; do
        if { apt-get -o DPkg::Lock::Timeout=600 update &&
            DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
                -o Dpkg::Use-Pty=0 install -y "${missing[@]}"; } >>"$log" 2>&1; then
            break
        fi
        if [ $try -eq 3 ]; then
            cat "$log" >&2
            die "apt-get failed; its output is above and in $log"
        fi
        echo "bootstrap: apt-get failed, trying again" >&2
        sleep 15
    done
    mapfile -t missing < <(missing_packages)
    [ ${#missing[@]} -eq 0 ] || die "still missing after apt-get: ${missing[*]}"
}

# A build tree made from another checkout cannot be reconfigured here; it
# only holds build products, so start it afresh.
reuse_or_clear() {
    local dir=$1 home
    [ -f "$dir/CMakeCache.txt" ] || return 0
    home=$(sed -n 's/^CMAKE_HOME_DIRECTORY:INTERNAL=//p' "$dir/CMakeCache.txt")
    if [ "$home" != "$root" ]; then
        echo "bootstrap: $dir was configured for $home; starting it afresh"
        rm -rf "$dir"
    fi
}

configure() {
    local dir=$1
    shift
    reuse_or_clear "$dir"
    cmake -S . -B "$dir" -DROOFLINE_WERROR=ON "$@"
}

configure_and_build() {
    configure "$@"
    cmake --build "$1" -j"$(nproc)"
}

# LeakSanitizer needs to stop the process's threads with ptrace; some
# containers forbid that and LSan then aborts every test. Check with a
# program that leaks on purpose, and leave leak detection on where it works.
leak_detection_works() {
    local dir out
    dir=$(mktemp -d "${TMPDIR:-/tmp}/roofline-lsan.XXXXXX")
    printf '#include <stdlib.h>\nvoid *volatile p;\nint main(void) { p = malloc(42); p = 0; return 0; }\n' >"$dir/leak.c"
    if ! "${CC:-cc}" -fsanitize=address -g -o "$dir/leak" "$dir/leak.c" 2>/dev/null; then
        rm -rf "$dir"
        return 1
    fi
    out=$(ASAN_OPTIONS=detect_leaks=1 "$dir/leak" 2>&1 || true)
    rm -rf "$dir"
    [[ "$out" == *"detected memory leaks"* ]]
}

install_packages

configure_and_build "$build_dir"

if [ "$mode" = demo ]; then
    # The two AES kernels, per block; the picture goes beside the build.
    demo_args=(analyze samples/aes.c -k aes128_encrypt_block_bytes
               -k aes128_encrypt_block_ttable --unit block
               --plot "$build_dir/aes-roofline.png")
    echo "bootstrap: $build_dir/src/roofline ${demo_args[*]}"
    exec "$build_dir/src/roofline" "${demo_args[@]}"
fi

status=0
# Two tests at a time (those that time runs or kill processes are
# RUN_SERIAL and run alone).
ctest --test-dir "$build_dir" -j"$(nproc)" --output-on-failure --no-tests=error || status=1

if [ "${ROOFLINE_NO_SANITIZE:-0}" != 1 ]; then
    if leak_detection_works; then
        leaks=1
    else
        leaks=0
        echo "bootstrap: LeakSanitizer does not work here; sanitizer run without leak detection" >&2
    fi
    configure_and_build "$asan_dir" -DROOFLINE_SANITIZE=ON
    if [ $status -ne 0 ]; then
        echo "bootstrap: the plain test run failed; running the sanitizer tests as well" >&2
    fi
    ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=$leaks:abort_on_error=0:strict_string_checks=1} \
        UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
        ctest --test-dir "$asan_dir" -j"$(nproc)" --output-on-failure --no-tests=error || status=1
    # analyze binds and renders JSON on a second thread: the golden and
    # bad-input tests (which read JSON, and fail writes), and 301 kernels
    # bound beside counting (per_many), once more under ThreadSanitizer.
    # Only the roofline binary is built, which is all they run. (The other
    # hostile inputs' 50,000-deep recursion takes tens of GB of TSan shadow;
    # SQLite, minutes.)
    configure "$tsan_dir" -DROOFLINE_TSAN=ON
    cmake --build "$tsan_dir" -j"$(nproc)" --target roofline
    TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1} \
        ctest --test-dir "$tsan_dir" -j"$(nproc)" --output-on-failure --no-tests=error \
        -R '^(golden|reliability/bad_input)/|^reliability/hostile/per_many$' || status=1
fi

if [ $status -ne 0 ]; then
    echo "bootstrap: tests failed" >&2
fi
exit $status
