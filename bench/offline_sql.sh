#!/usr/bin/env bash
# `retort upgrade head --sql` (offline: parses and renders every revision,
# connects to nothing) for histories of N linear revisions (bench/gen.sh),
# per dialect, best of --runs runs after one warm-up run that builds the
# header cache (versions/.retort-cache); the cold first run is printed too.
# Targets (issue #15): 20 ms for 1000 revisions, 200 ms for 10,000. Wall
# time and CPU time (user + sys, /usr/bin/time) are both printed: on a
# machine shared with other jobs (load above its core count) the wall time
# is mostly waiting for a core, and only the CPU time says what retort costs.
#   bench/offline_sql.sh [--sizes 1000,10000] [--runs 5] [--dialects sqlite,postgresql,mysql]
# Needs a built tree: $RETORT (default build/release/retort).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
sizes=1000,10000
runs=5
dialects=sqlite,postgresql,mysql
while [ $# -gt 0 ]; do
    case $1 in
    --sizes) sizes=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --dialects) dialects=$2; shift 2 ;;
    *) echo "usage: $0 [--sizes LIST] [--runs K] [--dialects LIST]" >&2; exit 2 ;;
    esac
done
RETORT=${RETORT:-$root/build/release/retort}
[ -x "$RETORT" ] || { echo "bench: no binary at $RETORT" >&2; exit 2; }
RETORT=$(realpath "$RETORT")
work=$(mktemp -d /tmp/retort-bench-offline-XXXXXX)
trap 'rm -rf "$work"' EXIT

now_ns() { date +%s%N; }
# Runs retort once in $dir; sets ms (wall) and cpu (user + sys, ms).
run_once() {
    local t0
    t0=$(now_ns)
    (cd "$dir" && /usr/bin/time -f '%U %S' -o "$work/time" "$RETORT" --url "$d://" upgrade head --sql >"$work/out.sql" 2>/dev/null)
    ms=$(( ($(now_ns) - t0) / 1000000 ))
    cpu=$(awk '{ printf "%d", ($1 + $2) * 1000 }' "$work/time")
}
target_ms() { case $1 in 1000) echo 20 ;; 10000) echo 200 ;; *) echo "" ;; esac; }

printf '%-7s %-11s %8s %8s %8s %7s %10s  %s\n' revs dialect cold_ms best_ms best_cpu target script_kb verdict
for n in ${sizes//,/ }; do
    dir=$work/h$n
    bash "$root/bench/gen.sh" "$n" "$dir" >/dev/null
    for d in ${dialects//,/ }; do
        run_once
        cold=$ms
        best=
        best_cpu=
        for _ in $(seq "$runs"); do
            run_once
            if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
            if [ -z "$best_cpu" ] || [ "$cpu" -lt "$best_cpu" ]; then best_cpu=$cpu; fi
        done
        kb=$(( $(stat -c %s "$work/out.sql") / 1024 ))
        tgt=$(target_ms "$n")
        verdict=""
        if [ -n "$tgt" ]; then
            if [ "$best" -le "$tgt" ]; then verdict="meets the target"
            elif [ "$best_cpu" -le "$tgt" ]; then
                verdict="wall time over the $tgt ms target ($best ms), CPU time within it ($best_cpu ms): load $(cut -d' ' -f1 /proc/loadavg)"
            else verdict="MISSES the target of $tgt ms (measured $best ms wall, $best_cpu ms CPU)"; fi
        fi
        printf '%-7s %-11s %8s %8s %8s %7s %10s  %s\n' "$n" "$d" "$cold" "$best" "$best_cpu" "${tgt:--}" "$kb" "$verdict"
    done
done
