#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang (ASan + UBSan) and
# runs each for a bounded time from its seed corpus. Fails on any crash,
# leak, timeout or sanitizer report; the input that caused it is kept in
# build/fuzz/artifacts/ (turn it into a regression test in the normal suite).
#   ci/fuzz.sh [SECONDS]        seconds per target (default 60)
#   ci/fuzz.sh SECONDS TARGET   one target: sql_parse, script, url, config, alembic
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
secs=${1:-60}
targets=(sql_parse script url config alembic)
[ $# -ge 2 ] && targets=("$2")

bash ci/deps.sh clang libclang-rt-dev

build=$root/build/fuzz
CC=clang cmake -S . -B "$build" -DRETORT_FUZZ=ON -DRETORT_TESTS=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc 2>/dev/null || echo 2)" \
    $(printf -- '--target fuzz_%s ' "${targets[@]}") >/dev/null

mkdir -p "$build/artifacts"
failed=()
for t in "${targets[@]}"; do
    # New inputs go to a scratch folder, never into the seeds in the tree.
    work=$(mktemp -d)
    log=$build/fuzz_$t.log
    dict=()
    [ -f "tests/fuzz/$t.dict" ] && dict=(-dict="tests/fuzz/$t.dict")
    # The SQL target also starts from every model file of the suite.
    seeds=("tests/fuzz/corpus/$t")
    [ "$t" = sql_parse ] && seeds+=(tests/resources/models examples/seed)
    # The Alembic reader starts from the histories of its suite.
    [ "$t" = alembic ] && seeds+=(tests/resources/alembic/*/versions)
    if ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        "$build/tests/fuzz/fuzz_$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
        -max_len=8192 -print_final_stats=1 "${dict[@]}" -artifact_prefix="$build/artifacts/$t-" \
        "$work" "${seeds[@]}" >"$log" 2>&1; then
        printf '  fuzz_%-10s clean (%s)\n' "$t" \
            "$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$') runs"
    else
        printf '  fuzz_%-10s FAILED (%s)\n' "$t" "$log"
        grep -A 30 -m 1 -E 'ERROR: |runtime error|deadly signal' "$log" || tail -n 30 "$log"
        failed+=("$t")
    fi
    rm -rf "$work"
done
[ ${#failed[@]} -eq 0 ] || { echo "fuzz: ${#failed[@]} targets failed: ${failed[*]}"; exit 1; }
