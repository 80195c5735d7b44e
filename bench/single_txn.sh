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
secs() { # CMD...: wall seconds of one run; a failure is fatal
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; echo "bench: failed: $*" >&2; exit 1; }
    t1=$(date +%s%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'
}
least() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b + 0 < a + 0) print b; else print a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }'; }
# gen.sh's per-revision script as one transaction.
one_txn() { # in out
    { echo "BEGIN;"; grep -v -e '^BEGIN;$' -e '^COMMIT;$' "$1"; echo "COMMIT;"; } >"$2"
}

proj=$work/p
bash bench/gen.sh "$n" "$proj"
one_txn "$proj/ref_sqlite.sql" "$proj/one_sqlite.sql"
one_txn "$proj/ref_postgresql.sql" "$proj/one_postgresql.sql"

printf '%-11s %6s | %14s %10s %7s\n' backend N "retort -1tx(s)" "client(s)" ratio
printf -- '-%.0s' {1..56}; echo
IFS=, read -r -a backend_list <<<"$backends"
for b in "${backend_list[@]}"; do
    best_rt= best_ref=
    case $b in
    sqlite)
        for ((k = 0; k < runs; k++)); do
            rm -f "$proj/ref.db"
            best_ref=$(least "$best_ref" "$(secs sh -c "sqlite3 '$proj/ref.db' <'$proj/one_sqlite.sql'")")
            rm -f "$proj/bench.db"
            best_rt=$(least "$best_rt" "$(secs "$RETORT" -c "$proj/retort.ini" --url "sqlite:///$proj/bench.db" -q upgrade head --single-transaction)")
        done
        ;;
    postgresql)
        for ((k = 0; k < runs; k++)); do
            reset_pg "$pg_ref"
            best_ref=$(least "$best_ref" "$(secs env PGPASSWORD="$pg_pass" psql -q -X -h "$pg_host" -p "$pg_port" -U "$pg_user" -d "$pg_ref" -v ON_ERROR_STOP=1 -f "$proj/one_postgresql.sql")")
            reset_pg "$pg_db"
            best_rt=$(least "$best_rt" "$(secs "$RETORT" -c "$proj/retort.ini" --url "$PG_URL" -q upgrade head --single-transaction)")
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
    printf '%-11s %6s | %14s %10s %7s\n' "$b" "$n" "$best_rt" "$best_ref" "$(ratio "$best_rt" "$best_ref")"
done
