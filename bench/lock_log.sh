#!/usr/bin/env bash
# The cost of the migration lock and log (issue #14): `retort upgrade head`
# of N revisions (default 1000, bench/gen.sh) from an empty database, by this
# tree's binary and by one built from a commit before the lock and log
# existed, side by side, best of --runs runs each, taken in turn.
#   bench/lock_log.sh --old OLD_RETORT [--new NEW_RETORT] [--n 1000] [--runs 3]
#                     [--backends sqlite,postgresql,mysql]
# The lock and log have no switch to turn them off (a setting that disables
# the protection would be one more way to lose data), so the baseline is the
# previous commit's binary, built e.g. with
#   git archive 6a9f9a5 | tar -x -C /tmp/base && cmake -S /tmp/base -B /tmp/base/build \
#     -DCMAKE_BUILD_TYPE=Release -DRETORT_TESTS=OFF && cmake --build /tmp/base/build --target retort
# Both use the drivers of $RETORT_DRIVER_PATH (default: next to --new): the
# driver ABI did not change. Server URLs: $RETORT_TEST_PG_URL and
# $RETORT_TEST_MYSQL_URL (their databases are emptied).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
old=
new=$root/build/release/retort
n=1000
runs=3
backends=sqlite,postgresql,mysql
while [ $# -gt 0 ]; do
    case $1 in
    --old) old=$2; shift 2 ;;
    --new) new=$2; shift 2 ;;
    --n) n=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --backends) backends=$2; shift 2 ;;
    *) echo "usage: $0 --old OLD_RETORT [--new NEW_RETORT] [--n N] [--runs K] [--backends LIST]" >&2; exit 2 ;;
    esac
done
[ -x "$old" ] || { echo "bench: --old must name a built retort binary" >&2; exit 2; }
[ -x "$new" ] || { echo "bench: no binary at $new" >&2; exit 2; }
export RETORT_DRIVER_PATH=${RETORT_DRIVER_PATH:-$(dirname "$new")/drivers}
PG_URL=${RETORT_TEST_PG_URL:-postgresql://test:test@127.0.0.1:5432/test}
MY_URL=${RETORT_TEST_MYSQL_URL:-mysql://test:test@127.0.0.1:3306/test}
work=$(mktemp -d /tmp/retort-bench-lock-XXXXXX)
trap 'rm -rf "$work"' EXIT
bash bench/gen.sh "$n" "$work/proj" >/dev/null

url_of() {
    case $1 in
    sqlite) echo "sqlite:///$work/proj/bench.db" ;;
    postgresql) echo "$PG_URL" ;;
    mysql) echo "$MY_URL" ;;
    esac
}

# Empties the database with the tree's own test helper SQL, per backend.
reset() {
    case $1 in
    sqlite) rm -f "$work/proj/bench.db" "$work/proj/bench.db.retort-lock" ;;
    postgresql)
        PGPASSWORD=test psql -q "$(echo "$PG_URL" | sed 's|^postgresql://|postgres://|')" \
            -c 'DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public' >/dev/null 2>&1 ;;
    mysql)
        local hostport=${MY_URL#*@}; hostport=${hostport%%/*}
        local db=${MY_URL##*/}
        mariadb -h "${hostport%%:*}" -P "${hostport##*:}" -utest -ptest -N -e \
            "SELECT CONCAT('DROP TABLE \`', table_name, '\`;') FROM information_schema.tables WHERE table_schema = '$db'" \
            | mariadb -h "${hostport%%:*}" -P "${hostport##*:}" -utest -ptest "$db" ;;
    esac
}

now_ns() { date +%s%N; }

# One upgrade; prints milliseconds.
one() {
    local bin=$1 url=$2
    local t0 t1
    t0=$(now_ns)
    (cd "$work/proj" && "$bin" --url "$url" upgrade head >/dev/null 2>&1)
    t1=$(now_ns)
    echo $(((t1 - t0) / 1000000))
}

printf '%-11s %6s %12s %12s %9s\n' backend N "before ms" "lock+log ms" overhead
IFS=, read -ra list <<<"$backends"
for b in "${list[@]}"; do
    url=$(url_of "$b")
    best_old=0 best_new=0
    for ((r = 0; r < runs; r++)); do
        reset "$b"; t=$(one "$old" "$url")
        if [ "$best_old" = 0 ] || [ "$t" -lt "$best_old" ]; then best_old=$t; fi
        reset "$b"; t=$(one "$new" "$url")
        if [ "$best_new" = 0 ] || [ "$t" -lt "$best_new" ]; then best_new=$t; fi
    done
    reset "$b"
    awk -v b="$b" -v n="$n" -v o="$best_old" -v w="$best_new" \
        'BEGIN { printf "%-11s %6d %12d %12d %+8.1f%%\n", b, n, o, w, (w - o) * 100.0 / o }'
done
