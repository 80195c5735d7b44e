#!/usr/bin/env bash
# Benchmarks retort against each database's own CLI running the same SQL, in
# one run, and prints the figures side by side.
#   bench/run.sh [--sizes 100,1000,10000] [--backends sqlite,postgresql,mysql]
#                [--runs 2] [--odbc] [--autogen]
# Ports: $RETORT_CI_PG_PORT / $RETORT_CI_MYSQL_PORT (default 5432 / 3306).
# Needs a built tree: $RETORT (default build/release/retort) and its drivers
# ($RETORT_DRIVER_PATH, default next to the binary). Server backends use the
# ci/ servers (ci/servers.sh start), databases $BENCH_DB (default test; it is
# emptied); --odbc needs `eval "$(bash ci/odbc.sh setup)"`.
#
# What is compared:
#   upgrade   `retort upgrade head` from an empty database, vs the CLI
#             (best of --runs runs each, taken in turn: a server's speed
#             drifts by tens of percent from one run to the next, with
#             autovacuum, purge and the VM's neighbours),
#             (sqlite3 / psql / mariadb) running the equivalent statements
#             with one transaction per revision and the version update.
#   current   `retort current` (every revision header + the version table),
#             mean of 20 runs, next to the CLI reading the same version table
#             ("cli cur"): on SQLite any first query parses the whole schema,
#             which with N tables is the floor for both.
#   history   `retort history`, mean of 5 runs.
#   rss       peak resident set size of `retort upgrade head`, and of the
#             CLI running the reference SQL.
#   odbc      (--odbc) the 1000-revision upgrade through ODBC vs native.
#   autogen   (--autogen) `retort check` against a database of N tables.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
sizes=100,1000,10000
runs=2
backends=sqlite,postgresql,mysql
odbc=0
autogen=0
while [ $# -gt 0 ]; do
    case $1 in
    --sizes) sizes=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --backends) backends=$2; shift 2 ;;
    --odbc) odbc=1; shift ;;
    --autogen) autogen=1; shift ;;
    *) echo "usage: $0 [--sizes LIST] [--backends LIST] [--runs K] [--odbc] [--autogen]" >&2; exit 2 ;;
    esac
done
RETORT=${RETORT:-$root/build/release/retort}
export RETORT_DRIVER_PATH=${RETORT_DRIVER_PATH:-$(dirname "$RETORT")/drivers}
[ -x "$RETORT" ] || { echo "bench: no binary at $RETORT (build first: cmake -B build/release -DCMAKE_BUILD_TYPE=Release && cmake --build build/release)" >&2; exit 2; }
# retort runs in $DB, the CLI reference in ${DB}_ref (user and password test,
# as ci/servers.sh sets up). Each run starts by emptying its own database,
# which holds what the same tool made at the previous size: dropping 10,000
# tables leaves a server busy for a while, and it must not be only the
# second contender that pays for the first one's tables.
DB=${BENCH_DB:-test}
REF_DB=${DB}_ref
# The ports of the servers ci/servers.sh started (as bench/verify.sh reads them).
PG_PORT=${RETORT_CI_PG_PORT:-5432}
MY_PORT=${RETORT_CI_MYSQL_PORT:-3306}
PG_URL=postgresql://test:test@127.0.0.1:$PG_PORT/$DB
MY_URL=mysql://test:test@127.0.0.1:$MY_PORT/$DB
work=$(mktemp -d /tmp/retort-bench-XXXXXX)
trap 'drop_ref_dbs; rm -rf "$work"' EXIT

now_ns() { date +%s%N; }
# secs CMD...: wall seconds of one run, output discarded, failure is fatal.
secs() {
    local t0 t1
    t0=$(now_ns)
    "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; echo "bench: failed: $*" >&2; exit 1; }
    t1=$(now_ns)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'
}
# mean_ms RUNS CMD...
mean_ms() {
    local runs=$1 t0 t1; shift
    t0=$(now_ns)
    for ((k = 0; k < runs; k++)); do "$@" >/dev/null 2>&1 || { echo "bench: failed: $*" >&2; exit 1; }; done
    t1=$(now_ns)
    awk -v a="$t0" -v b="$t1" -v r="$runs" 'BEGIN { printf "%.1f", (b - a) / 1e6 / r }'
}
# timed CMD...: one run; sets up_s (wall seconds) and rss (peak MB).
timed() {
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" \
        || { cat "$work/err" >&2; echo "bench: failed: $*" >&2; exit 1; }
    up_s=$(awk '{ printf "%.3f", $1 }' "$work/time")
    rss=$(awk '{ printf "%.1f", $2 / 1024 }' "$work/time")
}
least() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b + 0 < a + 0) print b; else print a }'; }
most() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > a + 0) print b; else print a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }'; }

pg_sql() { # database sql
    PGPASSWORD=test psql -q -X -A -t -h 127.0.0.1 -p "$PG_PORT" -U test -d "$1" -c "$2"
}
reset_pg() { # database
    if [ -z "$(pg_sql "$DB" "SELECT 1 FROM pg_database WHERE datname = '$1'")" ]; then
        pg_sql "$DB" "CREATE DATABASE \"$1\"" >/dev/null
    fi
    pg_sql "$1" "SET client_min_messages = warning; DROP SCHEMA public CASCADE; CREATE SCHEMA public;" >/dev/null
}
reset_my() { # database
    mariadb --no-defaults -h 127.0.0.1 -P "$MY_PORT" -utest -ptest -e "DROP DATABASE IF EXISTS \`$1\`; CREATE DATABASE \`$1\` CHARACTER SET utf8mb4;"
}
drop_ref_dbs() { # best effort, at exit
    case ",$backends," in *,postgresql,*) pg_sql "$DB" "DROP DATABASE IF EXISTS \"$REF_DB\"" >/dev/null 2>&1 ;; esac
    case ",$backends," in *,mysql,*) mariadb --no-defaults -h 127.0.0.1 -P "$MY_PORT" -utest -ptest -e "DROP DATABASE IF EXISTS \`$REF_DB\`" >/dev/null 2>&1 ;; esac
    return 0
}

url_for() { # backend project-dir
    case $1 in
    sqlite) echo "sqlite:///$2/bench.db" ;;
    postgresql) echo "$PG_URL" ;;
    mysql) echo "$MY_URL" ;;
    esac
}
reset_for() { # backend project-dir database (retort's $DB or the CLI's $REF_DB)
    case $1 in
    sqlite) if [ "$3" = "$REF_DB" ]; then rm -f "$2/ref.db"; else rm -f "$2/bench.db"; fi ;;
    postgresql) reset_pg "$3" ;;
    mysql) reset_my "$3" ;;
    esac
}
cur_cmd() { # backend project-dir -> the CLI reads the version table
    local q="SELECT version_num FROM retort_version"
    case $1 in
    sqlite) sqlite3 "$2/bench.db" "$q" ;;
    postgresql) pg_sql "$DB" "$q" ;;
    mysql) mariadb --no-defaults -h 127.0.0.1 -P "$MY_PORT" -utest -ptest "$DB" -N -e "$q" ;;
    esac
}
ref_cmd() { # backend project-dir -> runs the CLI on the reference SQL
    case $1 in
    sqlite) sqlite3 "$2/ref.db" <"$2/ref_sqlite.sql" ;;
    postgresql) PGPASSWORD=test psql -q -X -h 127.0.0.1 -p "$PG_PORT" -U test -d "$REF_DB" -v ON_ERROR_STOP=1 -f "$2/ref_postgresql.sql" ;;
    mysql) mariadb --no-defaults -h 127.0.0.1 -P "$MY_PORT" -utest -ptest "$REF_DB" <"$2/ref_mysql.sql" ;;
    esac
}

printf '%-11s %6s | %10s %10s %7s | %10s %10s %10s | %9s %9s\n' backend N "retort(s)" "cli(s)" ratio "current ms" "cli cur ms" "history ms" "rss MB" "cli rss"
printf -- '-%.0s' {1..108}; echo
IFS=, read -r -a size_list <<<"$sizes"
IFS=, read -r -a backend_list <<<"$backends"
for n in "${size_list[@]}"; do
    proj=$work/p$n
    bash bench/gen.sh "$n" "$proj"
    for b in "${backend_list[@]}"; do
        url=$(url_for "$b" "$proj")
        best_ref= best_rt= ref_rss=0 rt_rss=0
        for ((k = 0; k < runs; k++)); do
            reset_for "$b" "$proj" "$REF_DB"
            # /usr/bin/time runs programs, not shell functions: a bash runs
            # ref_cmd, and its peak RSS is the CLI's (the largest of the tree).
            timed bash -c "REF_DB='$REF_DB'; PG_PORT='$PG_PORT'; MY_PORT='$MY_PORT'; $(declare -f ref_cmd); ref_cmd \"\$@\"" _ "$b" "$proj"
            best_ref=$(least "$best_ref" "$up_s") ref_rss=$(most "$ref_rss" "$rss")
            reset_for "$b" "$proj" "$DB"
            timed "$RETORT" -c "$proj/retort.ini" --url "$url" upgrade head
            best_rt=$(least "$best_rt" "$up_s") rt_rss=$(most "$rt_rss" "$rss")
        done
        cur_ms=$(mean_ms 20 "$RETORT" -c "$proj/retort.ini" --url "$url" current)
        cli_cur_ms=$(mean_ms 20 cur_cmd "$b" "$proj")
        his_ms=$(mean_ms 5 "$RETORT" -c "$proj/retort.ini" --url "$url" history)
        printf '%-11s %6s | %10s %10s %7s | %10s %10s %10s | %9s %9s\n' "$b" "$n" "$best_rt" "$best_ref" "$(ratio "$best_rt" "$best_ref")" "$cur_ms" "$cli_cur_ms" "$his_ms" "$rt_rss" "$ref_rss"
    done
done

if [ "$odbc" = 1 ]; then
    echo
    printf '%-11s %6s | %10s %10s %9s\n' backend N "native(s)" "odbc(s)" overhead
    printf -- '-%.0s' {1..55}; echo
    n=1000
    proj=$work/p$n
    [ -d "$proj" ] || bash bench/gen.sh "$n" "$proj"
    for b in "${backend_list[@]}"; do
        case $b in
        sqlite) ourl="sqlite+odbc:///$proj/bench.db?driver=SQLite3" ;;
        postgresql) ourl="postgresql+odbc://test:test@127.0.0.1:$PG_PORT/$DB?driver=PostgreSQL+Unicode" ;;
        mysql) ourl="mysql+odbc://test:test@127.0.0.1:$MY_PORT/$DB?driver=MariaDB+Unicode" ;;
        esac
        reset_for "$b" "$proj" "$DB"
        nat=$(secs "$RETORT" -c "$proj/retort.ini" --url "$(url_for "$b" "$proj")" upgrade head)
        reset_for "$b" "$proj" "$DB"
        od=$(secs "$RETORT" -c "$proj/retort.ini" --url "$ourl" upgrade head)
        printf '%-11s %6s | %10s %10s %9s\n' "$b" "$n" "$nat" "$od" "$(ratio "$od" "$nat")"
    done
fi

if [ "$autogen" = 1 ]; then
    echo
    printf '%-11s %6s | %12s %14s\n' backend tables "check (s)" "autogen (s)"
    printf -- '-%.0s' {1..52}; echo
    n=1000
    proj=$work/p$n
    [ -d "$proj" ] || bash bench/gen.sh "$n" "$proj"
    for b in "${backend_list[@]}"; do
        url=$(url_for "$b" "$proj")
        reset_for "$b" "$proj" "$DB"
        "$RETORT" -c "$proj/retort.ini" --url "$url" upgrade head >/dev/null 2>"$work/err" \
            || { cat "$work/err" >&2; echo "bench: upgrade for autogenerate failed" >&2; exit 1; }
        chk=$(secs "$RETORT" -c "$proj/retort.ini" --url "$url" check)
        echo "CREATE TABLE bench_extra (id INTEGER PRIMARY KEY);" >"$proj/models/zz_extra.sql"
        ag=$(secs "$RETORT" -c "$proj/retort.ini" --url "$url" revision --autogenerate -m "bench extra")
        rm -f "$proj/models/zz_extra.sql" "$proj"/migrations/versions/*bench_extra*.sql
        printf '%-11s %6s | %12s %14s\n' "$b" "$n" "$chk" "$ag"
    done
fi
