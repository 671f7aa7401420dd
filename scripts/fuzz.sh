#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, -fsanitize=fuzzer,address,undefined) and runs each for a
# bounded time on a corpus seeded from the test data. Any crash, leak, UB report or timeout of a
# target fails. Prints, per target, the executions and coverage (cov = edges, ft = features).
# Usage: scripts/fuzz.sh SECONDS_PER_TARGET [BUILD_DIR [MIN_TOTAL_SECONDS]]
# With MIN_TOTAL_SECONDS, each target runs longer if needed so that all together run that long.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
build="${2:-build-fuzz}"
min_total="${3:-0}"
jobs="$(nproc)"

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ -DDGL_FUZZ=ON \
      -DDGL_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j"$jobs" >/dev/null
/usr/bin/python3 scripts/fuzz_seeds.py "$build/seeds" 2>/dev/null

targets=("$build"/fuzz/fuzz_*)
if [ "$min_total" -gt 0 ] && [ $((seconds * ${#targets[@]})) -lt "$min_total" ]; then
    seconds=$(( (min_total + ${#targets[@]} - 1) / ${#targets[@]} ))
fi

summary=()
status=0
for exe in "${targets[@]}"; do
    [ -x "$exe" ] || continue
    name="$(basename "$exe")"; name="${name#fuzz_}"
    corpus="$build/corpus/$name"; mkdir -p "$corpus"
    seeds="$build/seeds/$name"; mkdir -p "$seeds"
    log="$build/fuzz-$name.log"
    echo "fuzz: $name for ${seconds}s" >&2
    # The corpus directory keeps what each run found, so later runs start further on.
    if ! "$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
            -artifact_prefix="$build/crash-$name-" "$corpus" "$seeds" >"$log" 2>&1; then
        echo "fuzz: $name FAILED; the report and the input are in $log and $build/crash-$name-*" >&2
        grep -E "ERROR|runtime error|SUMMARY|Test unit written" "$log" >&2 || tail -30 "$log" >&2
        status=1
    fi
    runs="$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo '?')"
    last="$(grep -E '^#[0-9]+' "$log" | tail -1)"
    cov="$(grep -oE 'cov: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || echo '?')"
    ft="$(grep -oE 'ft: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || echo '?')"
    summary+=("$(printf '%-16s %10s execs  %6s edges (cov)  %7s features (ft)  corpus %s' \
                 "$name" "$runs" "$cov" "$ft" "$(ls "$corpus" | wc -l)")")
done
printf 'fuzz summary (%ss per target):\n' "$seconds"
printf '  %s\n' "${summary[@]}"
exit "$status"
