#!/usr/bin/env bash
# The cost of the migration lock and log (issue #14), in one run, side by
# side: `retort upgrade head` of N revisions (default 1000, bench/gen.sh: a
# CREATE TABLE and an ADD COLUMN each) from an empty database
#   bare       without the lock and the log (RETORT_BENCH_NO_LOCK_LOG=1, an
#              environment variable read by core/engine.c for this script
#              alone: not a setting, the protection is what it removes),
#   lock+log   as every user runs it,
#   cli        the database's own client running the same statements (one
#              transaction per revision with the version update),
# each best of --runs wall-clock runs, taken in turn, then one more run of
# each that counts round trips:
#   PostgreSQL  the client's sendto() calls under strace (one per statement:
#               libpq and psql send each in one call; pg_stat_statements is
#               not there to count them on the server);
#   MySQL       the server's own count of statements, SHOW GLOBAL STATUS
#               'Questions', before and after (less the two SHOWs);
#   SQLite      in-process: no round trips; the statements are not counted.
#   bench/lock_log.sh [--retort BIN] [--n 1000] [--runs 3] [--backends sqlite,postgresql,mysql]
# Server URLs: $RETORT_TEST_PG_URL and $RETORT_TEST_MYSQL_URL (user and
# password test); retort's database and the client's (<db>_ref) are emptied.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bin=$root/build/release/retort
n=1000
runs=3
backends=sqlite,postgresql,mysql
while [ $# -gt 0 ]; do
    case $1 in
    --retort) bin=$2; shift 2 ;;
    --n) n=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --backends) backends=$2; shift 2 ;;
    *) echo "usage: $0 [--retort BIN] [--n N] [--runs K] [--backends LIST]" >&2; exit 2 ;;
    esac
done
[ -x "$bin" ] || { echo "bench: no binary at $bin (--retort BIN)" >&2; exit 2; }
export RETORT_DRIVER_PATH=${RETORT_DRIVER_PATH:-$(dirname "$bin")/drivers}
PG_URL=${RETORT_TEST_PG_URL:-postgresql://test:test@127.0.0.1:5432/test}
MY_URL=${RETORT_TEST_MYSQL_URL:-mysql://test:test@127.0.0.1:3306/test}
hostport() { local hp=${1#*@}; echo "${hp%%/*}"; }
PG_HP=$(hostport "$PG_URL") MY_HP=$(hostport "$MY_URL")
PG_DB=${PG_URL##*/} MY_DB=${MY_URL##*/}
work=$(mktemp -d /tmp/retort-bench-lock-XXXXXX)
trap 'rm -rf "$work"' EXIT
bash bench/gen.sh "$n" "$work/proj" >/dev/null
proj=$work/proj

pg() { # database sql...
    local db=$1; shift
    PGPASSWORD=test psql -q -X -A -t -h "${PG_HP%%:*}" -p "${PG_HP##*:}" -U test -d "$db" "$@"
}
my() { # database args...
    local db=$1; shift
    mariadb --no-defaults -h "${MY_HP%%:*}" -P "${MY_HP##*:}" -utest -ptest "$db" "$@"
}
url_of() {
    case $1 in
    sqlite) echo "sqlite:///$proj/bench.db" ;;
    postgresql) echo "$PG_URL" ;;
    mysql) echo "$MY_URL" ;;
    esac
}
# Empties what one contender writes to: retort's database or the client's.
reset() { # backend retort|cli
    local db
    case $1 in
    sqlite) rm -f "$proj/bench.db" "$proj/bench.db.retort-lock" "$proj/ref.db" ;;
    postgresql)
        db=$PG_DB; [ "$2" = cli ] && db=${PG_DB}_ref
        if [ -z "$(pg "$PG_DB" -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
            pg "$PG_DB" -c "CREATE DATABASE \"$db\"" >/dev/null
        fi
        pg "$db" -c "SET client_min_messages = warning; DROP SCHEMA public CASCADE; CREATE SCHEMA public" >/dev/null ;;
    mysql)
        db=$MY_DB; [ "$2" = cli ] && db=${MY_DB}_ref
        my "" -e "DROP DATABASE IF EXISTS \`$db\`; CREATE DATABASE \`$db\` CHARACTER SET utf8mb4" ;;
    esac
}
# The command line of one contender (bare, log, cli), for `env`/strace.
cmd_of() { # backend contender
    case $2 in
    bare) echo "env RETORT_BENCH_NO_LOCK_LOG=1 $bin -c $proj/retort.ini --url $(url_of "$1") upgrade head" ;;
    log) echo "$bin -c $proj/retort.ini --url $(url_of "$1") upgrade head" ;;
    cli)
        case $1 in
        sqlite) echo "sh -c 'sqlite3 $proj/ref.db < $proj/ref_sqlite.sql'" ;;
        postgresql) echo "sh -c 'PGPASSWORD=test psql -q -X -h ${PG_HP%%:*} -p ${PG_HP##*:} -U test -d ${PG_DB}_ref -v ON_ERROR_STOP=1 -f $proj/ref_postgresql.sql'" ;;
        mysql) echo "sh -c 'mariadb --no-defaults -h ${MY_HP%%:*} -P ${MY_HP##*:} -utest -ptest ${MY_DB}_ref < $proj/ref_mysql.sql'" ;;
        esac ;;
    esac
}
ms_of() { # backend contender: one timed run, milliseconds
    local t0 t1
    reset "$1" "$([ "$2" = cli ] && echo cli || echo retort)"
    t0=$(date +%s%N)
    eval "$(cmd_of "$1" "$2")" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; echo "bench: $2 failed on $1" >&2; exit 1; }
    t1=$(date +%s%N)
    echo $(((t1 - t0) / 1000000))
}
questions() { my "" -N -e "SHOW GLOBAL STATUS LIKE 'Questions'" | awk '{ print $2 }'; }
trips_of() { # backend contender: one counted run
    local before after
    reset "$1" "$([ "$2" = cli ] && echo cli || echo retort)"
    case $1 in
    sqlite) eval "$(cmd_of "$1" "$2")" >/dev/null 2>&1; echo - ;;
    postgresql)
        eval "strace -f -qq -c -e trace=sendto -o $work/strace $(cmd_of "$1" "$2")" >/dev/null 2>&1
        awk '$NF == "sendto" { print $4 }' "$work/strace" ;;
    mysql)
        before=$(questions)
        eval "$(cmd_of "$1" "$2")" >/dev/null 2>&1
        after=$(questions)
        echo $((after - before - 2)) ;;
    esac
}
pct() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0 && a != "-") printf "%+.1f%%", (a - b) * 100.0 / b; else print "-" }'; }

printf '%-11s %5s | %9s %11s %8s %8s | %8s %9s %8s %8s\n' backend N "bare ms" "lock+log ms" overhead "cli ms" \
    "bare rt" "lock+log rt" "extra" "cli rt"
printf -- '-%.0s' {1..100}; echo
IFS=, read -ra list <<<"$backends"
for b in "${list[@]}"; do
    best_bare=0 best_log=0 best_cli=0
    for ((r = 0; r < runs; r++)); do
        t=$(ms_of "$b" bare); { [ "$best_bare" = 0 ] || [ "$t" -lt "$best_bare" ]; } && best_bare=$t
        t=$(ms_of "$b" log); { [ "$best_log" = 0 ] || [ "$t" -lt "$best_log" ]; } && best_log=$t
        t=$(ms_of "$b" cli); { [ "$best_cli" = 0 ] || [ "$t" -lt "$best_cli" ]; } && best_cli=$t
    done
    rt_bare=$(trips_of "$b" bare) rt_log=$(trips_of "$b" log) rt_cli=$(trips_of "$b" cli)
    reset "$b" retort; reset "$b" cli
    printf '%-11s %5d | %9d %11d %8s %8d | %8s %11s %8s %8s\n' "$b" "$n" "$best_bare" "$best_log" \
        "$(pct "$best_log" "$best_bare")" "$best_cli" "$rt_bare" "$rt_log" "$(pct "$rt_log" "$rt_bare")" "$rt_cli"
done
