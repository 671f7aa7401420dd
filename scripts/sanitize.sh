#!/usr/bin/env bash
# The whole test suite (unit, corpus, differential, behaviour) once more against a build with
# AddressSanitizer + UndefinedBehaviorSanitizer (DGL_SANITIZE, cmake/Settings.cmake). A report
# fails the run twice over: the sanitized process exits non-zero (UB aborts: no recovery), and
# every report is also written under BUILD/sanitizer-reports, which must stay empty.
# Usage: scripts/sanitize.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build-asan}"
jobs="$(nproc)"

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDGL_SANITIZE=address,undefined >/dev/null
cmake --build "$build" -j"$jobs" >/dev/null

reports="$PWD/$build/sanitizer-reports"
rm -rf "$reports" && mkdir -p "$reports"
# The behaviour tests pass these through to the launcher (tests/integration/conftest.py).
export ASAN_OPTIONS="detect_leaks=1:detect_stack_use_after_return=1:strict_string_checks=1:log_path=$reports/asan"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$reports/ubsan"
export LSAN_OPTIONS="log_path=$reports/lsan"

status=0
(cd "$build" && ctest --output-on-failure -j"$jobs") || status=1
if [ -n "$(ls -A "$reports")" ]; then
    echo "sanitizers: reports found:" >&2
    for f in "$reports"/*; do echo "== $f" >&2; head -40 "$f" >&2; done
    status=1
fi
[ "$status" -eq 0 ] && echo "sanitizers: the whole suite passed under address,undefined with no report"
exit "$status"
