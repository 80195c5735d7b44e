#!/usr/bin/env bash
# `retort upgrade head --single-transaction` next to each database's own
# client running the same SQL in one transaction, printed side by side.
#   bench/single_txn.sh [--size 1000] [--runs 3] [--backends sqlite,postgresql,mysql]
# Needs a built tree: $RETORT (default build/release/retort, else
# build/dev/retort) and its drivers. PostgreSQL: $BENCH_PG_URL, else
# $RETORT_TEST_PG_URL (ci/servers.sh), else test:test@127.0.0.1:5432/test;
# the reference runs in <db>_ref, created and dropped here. MySQL refuses
# the option (no transactional DDL): its row shows the refusal, timed.
#
# The reference is bench/gen.sh's per-revision SQL (each revision's
# statements and its version-table update) with the per-revision
# BEGIN/COMMIT replaced by one BEGIN ... COMMIT around all of it; retort
# also writes its migration log row per revision. Best of --runs, taken in
# turn.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
n=1000
runs=3
backends=sqlite,postgresql,mysql
while [ $# -gt 0 ]; do
    case $1 in
    --size) n=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --backends) backends=$2; shift 2 ;;
    *) echo "usage: $0 [--size N] [--runs K] [--backends LIST]" >&2; exit 2 ;;
    esac
done
if [ -z "${RETORT:-}" ]; then
    RETORT=$root/build/release/retort
    [ -x "$RETORT" ] || RETORT=$root/build/dev/retort
fi
export RETORT_DRIVER_PATH=${RETORT_DRIVER_PATH:-$(dirname "$RETORT")/drivers}
[ -x "$RETORT" ] || { echo "bench: no binary at $RETORT (build first)" >&2; exit 2; }

PG_URL=${BENCH_PG_URL:-${RETORT_TEST_PG_URL:-postgresql://test:test@127.0.0.1:5432/test}}
MY_URL=${BENCH_MYSQL_URL:-${RETORT_TEST_MYSQL_URL:-mysql://test:test@127.0.0.1:3306/test}}
# scheme://user:pass@host:port/db
url_re='^[a-z+]+://([^:]+):([^@]+)@([^:/]+):([0-9]+)/(.+)$'
[[ $PG_URL =~ $url_re ]] || { echo "bench: cannot read $PG_URL" >&2; exit 2; }
pg_user=${BASH_REMATCH[1]} pg_pass=${BASH_REMATCH[2]} pg_host=${BASH_REMATCH[3]}
pg_port=${BASH_REMATCH[4]} pg_db=${BASH_REMATCH[5]}
pg_ref=${pg_db}_ref

work=$(mktemp -d /tmp/retort-bench-txn-XXXXXX)
pg_sql() { # database sql
    PGPASSWORD=$pg_pass psql -q -X -A -t -h "$pg_host" -p "$pg_port" -U "$pg_user" -d "$1" -c "$2"
}
cleanup() {
    case ",$backends," in *,postgresql,*) pg_sql "$pg_db" "DROP DATABASE IF EXISTS \"$pg_ref\"" >/dev/null 2>&1 || true ;; esac
    rm -rf "$work"
}
trap cleanup EXIT
reset_pg() { # database
    if [ -z "$(pg_sql "$pg_db" "SELECT 1 FROM pg_database WHERE datname = '$1'")" ]; then
        pg_sql "$pg_db" "CREATE DATABASE \"$1\"" >/dev/null
    fi
    pg_sql "$1" "SET client_min_messages = warning; DROP SCHEMA public CASCADE; CREATE SCHEMA public;" >/dev/null
}
# CMD...: "wall cpu" seconds of one run (cpu: user + system of the client
# process tree, which on SQLite is all the work and does not depend on
# what else the machine runs); a failure is fatal.
secs() {
    /usr/bin/time -f "%e %U %S" -o "$work/time" "$@" >/dev/null 2>"$work/err" \
        || { cat "$work/err" >&2; echo "bench: failed: $*" >&2; exit 1; }
    awk '{ printf "%.3f %.3f", $1, $2 + $3 }' "$work/time"
}
# best "wall cpu" of two: each column on its own
best() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "") { print b; exit } split(a, x, " "); split(b, y, " ")
    printf "%.3f %.3f", (y[1] < x[1] ? y[1] : x[1]), (y[2] < x[2] ? y[2] : x[2]) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }'; }
# gen.sh's per-revision script as one transaction.
one_txn() { # in out
    { echo "BEGIN;"; grep -v -e '^BEGIN;$' -e '^COMMIT;$' "$1"; echo "COMMIT;"; } >"$2"
}

proj=$work/p
bash bench/gen.sh "$n" "$proj"
one_txn "$proj/ref_sqlite.sql" "$proj/one_sqlite.sql"
one_txn "$proj/ref_postgresql.sql" "$proj/one_postgresql.sql"

printf '%-11s %6s | %14s %10s %7s | %12s %12s %7s\n' backend N "retort -1tx(s)" "client(s)" ratio "retort cpu" "client cpu" ratio
printf -- '-%.0s' {1..94}; echo
IFS=, read -r -a backend_list <<<"$backends"
for b in "${backend_list[@]}"; do
    best_rt= best_ref=
    case $b in
    sqlite)
        for ((k = 0; k < runs; k++)); do
            rm -f "$proj/ref.db"
            best_ref=$(best "$best_ref" "$(secs sh -c "sqlite3 '$proj/ref.db' <'$proj/one_sqlite.sql'")")
            rm -f "$proj/bench.db"
            best_rt=$(best "$best_rt" "$(secs "$RETORT" -c "$proj/retort.ini" --url "sqlite:///$proj/bench.db" -q upgrade head --single-transaction)")
        done
        ;;
    postgresql)
        for ((k = 0; k < runs; k++)); do
            reset_pg "$pg_ref"
            best_ref=$(best "$best_ref" "$(secs env PGPASSWORD="$pg_pass" psql -q -X -h "$pg_host" -p "$pg_port" -U "$pg_user" -d "$pg_ref" -v ON_ERROR_STOP=1 -f "$proj/one_postgresql.sql")")
            reset_pg "$pg_db"
            best_rt=$(best "$best_rt" "$(secs "$RETORT" -c "$proj/retort.ini" --url "$PG_URL" -q upgrade head --single-transaction)")
        done
        ;;
    mysql)
        t0=$(date +%s%N)
        if "$RETORT" -c "$proj/retort.ini" --url "$MY_URL" -q upgrade head --single-transaction >/dev/null 2>"$work/err"; then
            echo "bench: mysql accepted --single-transaction" >&2; exit 1
        fi
        t1=$(date +%s%N)
        printf '%-11s %6s | %s\n' mysql "$n" "refused in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }') s (no transactional DDL), nothing run"
        continue
        ;;
    *) echo "bench: unknown backend $b" >&2; exit 2 ;;
    esac
    read -r rt_wall rt_cpu <<<"$best_rt"
    read -r ref_wall ref_cpu <<<"$best_ref"
    printf '%-11s %6s | %14s %10s %7s | %12s %12s %7s\n' "$b" "$n" "$rt_wall" "$ref_wall" "$(ratio "$rt_wall" "$ref_wall")" \
        "$rt_cpu" "$ref_cpu" "$(ratio "$rt_cpu" "$ref_cpu")"
done
