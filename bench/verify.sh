#!/usr/bin/env bash
# `retort verify` on SQLite, PostgreSQL and MariaDB at once, next to running
# `retort upgrade head` on each of them one after the other: the parallel
# run should take no longer than the slowest single one.
#   bench/verify.sh [--sizes 100,1000] [--runs 3]
# Needs a built tree ($RETORT, default build/release/retort) and the ci/
# servers; their ports come from $RETORT_CI_PG_PORT / $RETORT_CI_MYSQL_PORT
# (default 5432 / 3306), database $BENCH_DB (default test; it is emptied).
# The project is bench/gen.sh's: N linear revisions, one table each.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=100,1000
runs=3
while [ $# -gt 0 ]; do
    case $1 in
    --sizes) sizes=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    *) echo "usage: $0 [--sizes LIST] [--runs K]" >&2; exit 2 ;;
    esac
done
RETORT=${RETORT:-$(pwd)/build/release/retort}
export RETORT_DRIVER_PATH=${RETORT_DRIVER_PATH:-$(dirname "$RETORT")/drivers}
[ -x "$RETORT" ] || { echo "bench: no binary at $RETORT" >&2; exit 2; }
DB=${BENCH_DB:-test}
PG_PORT=${RETORT_CI_PG_PORT:-5432}
MY_PORT=${RETORT_CI_MYSQL_PORT:-3306}
PG_URL=postgresql://test:test@127.0.0.1:$PG_PORT/$DB
MY_URL=mysql://test:test@127.0.0.1:$MY_PORT/$DB
work=$(mktemp -d /tmp/retort-bench-verify-XXXXXX)
trap 'rm -rf "$work"' EXIT

reset_all() { # project-dir
    rm -f "$1/bench.db"
    PGPASSWORD=test psql -q -X -h 127.0.0.1 -p "$PG_PORT" -U test -d "$DB" \
        -c "SET client_min_messages = warning; DROP SCHEMA public CASCADE; CREATE SCHEMA public;" >/dev/null
    mariadb --no-defaults -h 127.0.0.1 -P "$MY_PORT" -utest -ptest \
        -e "DROP DATABASE IF EXISTS \`$DB\`; CREATE DATABASE \`$DB\` CHARACTER SET utf8mb4;"
}
# secs CMD...: wall seconds of one run; a failure is fatal.
secs() {
    local t0 t1
    t0=$(date +%s%N)
    "$@" >"$work/out" 2>&1 || { cat "$work/out" >&2; echo "bench: failed: $*" >&2; exit 1; }
    t1=$(date +%s%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'
}
least() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b + 0 < a + 0) print b; else print a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }'; }

printf '%6s | %9s %9s %9s | %9s %9s | %9s %13s\n' N "sqlite" "postgres" "mariadb" "slowest" "sum" "verify(s)" "verify/slowest"
printf -- '-%.0s' {1..92}; echo
IFS=, read -r -a size_list <<<"$sizes"
for n in "${size_list[@]}"; do
    proj=$work/p$n
    bash bench/gen.sh "$n" "$proj"
    sq_url="sqlite:///$proj/bench.db"
    best_sq= best_pg= best_my= best_sum= best_vf=
    # Best of --runs, the contenders taken in turn: a server's speed drifts
    # from one run to the next.
    for ((k = 0; k < runs; k++)); do
        reset_all "$proj"
        sq=$(secs "$RETORT" -c "$proj/retort.ini" --url "$sq_url" upgrade head)
        pg=$(secs "$RETORT" -c "$proj/retort.ini" --url "$PG_URL" upgrade head)
        my=$(secs "$RETORT" -c "$proj/retort.ini" --url "$MY_URL" upgrade head)
        sum=$(awk -v a="$sq" -v b="$pg" -v c="$my" 'BEGIN { printf "%.3f", a + b + c }')
        best_sq=$(least "$best_sq" "$sq") best_pg=$(least "$best_pg" "$pg") best_my=$(least "$best_my" "$my")
        best_sum=$(least "$best_sum" "$sum")
        reset_all "$proj"
        vf=$(secs "$RETORT" -c "$proj/retort.ini" verify "$sq_url" "$PG_URL" "$MY_URL")
        best_vf=$(least "$best_vf" "$vf")
    done
    slowest=$(awk -v a="$best_sq" -v b="$best_pg" -v c="$best_my" 'BEGIN { m = a; if (b > m) m = b; if (c > m) m = c; print m }')
    printf '%6s | %9s %9s %9s | %9s %9s | %9s %13s\n' "$n" "$best_sq" "$best_pg" "$best_my" "$slowest" "$best_sum" "$best_vf" "$(ratio "$best_vf" "$slowest")"
done
reset_all "$work" >/dev/null 2>&1 || true
