#!/bin/sh
# run_valgrind.sh: runs one `roofline analyze` under valgrind memcheck; fails
# on any memory error or leak (definite or possible). Exit 77 (skip) when
# valgrind is missing or the binary carries AddressSanitizer (the two do not
# mix).
#   run_valgrind.sh ROOFLINE ARGS...
set -u
bin=$1
shift
command -v valgrind >/dev/null 2>&1 || { echo "valgrind not installed: skipped"; exit 77; }
if grep -q __asan_init "$bin" 2>/dev/null; then
    echo "$bin is built with AddressSanitizer: valgrind skipped"
    exit 77
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
valgrind --leak-check=full --errors-for-leak-kinds=definite,possible --error-exitcode=99 \
    --track-origins=yes -q "$bin" "$@" >"$out"
status=$?
if [ $status -eq 99 ]; then
    echo "FAIL: valgrind memcheck reported errors (above)"
    exit 1
fi
if [ $status -ne 0 ]; then
    echo "FAIL: roofline exited $status under valgrind"
    exit 1
fi
echo "ok: no memcheck error, no leak ($(wc -c <"$out") bytes of output)"
