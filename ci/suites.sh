#!/usr/bin/env bash
# Every test suite of a build, in two lanes at once, natively or under
# valgrind.
#   ci/suites.sh [--valgrind] BUILD_DIR [SUITE...]
# (the servers of ci/servers.sh running, their env and ci/odbc.sh's
# exported; SUITEs: only those). Each suite runs whole (both of its ctest
# entries, unit and server part); its output goes to
# BUILD_DIR/{test,valgrind}-SUITE.log, printed when it fails.
#
# Why two lanes: one suite at a time leaves a core idle while a suite waits
# on a server, and valgrind runs one process on one core, 20-50x slower
# than native: on CI's two cores that stage alone was 50 of the run's 63
# minutes. The suites of one ctest run share the database `test`; the second
# lane gets a database of its own, `test2` on the same servers, so the two
# lanes never see each other's tables, version tables or locks (every lock
# key derives from the database). Suites that touch what is shared by the
# whole server (roles and users, databases other than their own, the ODBC
# DSNs that name `test`) stay in the first lane: PINNED below.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
mode=test
[ "${1:-}" = --valgrind ] && { mode=valgrind; shift; }
build=$(cd "${1:?usage: ci/suites.sh [--valgrind] BUILD_DIR [SUITE...]}" && pwd)
shift
only=("$@")

vg=(valgrind -q --trace-children=yes --trace-children-skip='*/alembic,*python*,*/dot,*/psql,*/mariadb,*/sqlite3'
    --suppressions="$root/ci/valgrind.supp" --leak-check=full
    --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect --error-exitcode=99)
# Each Criterion test runs in a forked child: --trace-children follows it,
# and an error there fails that test, hence the executable. Alembic (Python),
# which test_import_alembic runs to compare with, Graphviz's dot, which
# test_cli_output feeds, and the databases' own clients, which
# test_offline_sql pipes scripts into, are not ours to check.
#
# The matrix suites run the binary hundreds of times per backend. Under
# valgrind they leave out the ODBC transports (the ODBC driver keeps its own
# suites here: test_driver_odbc, test_driver_conformance, test_odbc_cli,
# test_odbc_password), the application histories and the offline-script
# comparison run on SQLite alone, and
# the lock suite leaves out the 8-runner race and the kill -9 loop, which
# test processes, not memory, and test_cli_run its 60-revision progress
# run; the -Werror and ASan+UBSan passes run every test.
vg_no_odbc='!(*odbc*)'
declare -A FILTER=(
    [test_apps]='*/sqlite'
    [test_lock_log]='!(*odbc*|*/eight_concurrent_runners|*/kill_at_random_points)'
    [test_autogen]=$vg_no_odbc [test_matrix]=$vg_no_odbc [test_matrix_step2]=$vg_no_odbc
    [test_matrix_portable]=$vg_no_odbc [test_matrix_constructs]=$vg_no_odbc
    [test_matrix_ddl]=$vg_no_odbc [test_matrix_tools]=$vg_no_odbc
    [test_schemas_cli]=$vg_no_odbc [test_dialect_sqlite]=$vg_no_odbc
    # The server half runs the code the SQLite half runs, plus a few lines.
    [test_cli_output]='@(cli_json|cli_draw)/*'
    [test_offline_sql]='!(offline/postgresql|offline/mysql)'
    [test_cli_run]='!(*odbc*|*/progress*)'
    [test_matrix_verbatim]='verbatim_sqlite/*'
    [test_copy]='!(*/hundred_thousand_rows)'
)
# Server-wide state: test_autogen creates databases, test_odbc_password
# roles and users, test_schemas_cli other schemas (MariaDB: databases);
# the ODBC and socket suites connect to `test` by DSN or socket.
PINNED=" test_autogen test_odbc_password test_schemas_cli test_odbc_cli test_driver_odbc
 test_driver_libpq test_driver_mysqlclient test_dialect_postgresql_db test_qualified_names "
# The longest suites first (CI minutes), so the lanes end close together;
# the rest follow in name order.
LONG="test_matrix_tools test_matrix_ddl test_apps test_lock_log test_cli_graph test_e2e_sqlite
 test_import_alembic test_cli test_autogen test_matrix test_dialect_conformance
 test_matrix_portable test_matrix_step2 test_driver_conformance test_driver_timeouts"

bash "$here/servers.sh" database test2

queue=$(mktemp -d)
results=$(mktemp -d)
trap 'rm -rf "$queue" "$results"' EXIT
n=0
declare -A queued=()
add() {
    [ -x "$build/tests/$1" ] && [ -z "${queued[$1]:-}" ] || return 0
    queued[$1]=1
    n=$((n + 1))
    : >"$queue/$(printf '%03d' "$n")-$1"
}
if [ ${#only[@]} -gt 0 ]; then
    for t in "${only[@]}"; do
        [ -x "$build/tests/$t" ] || { echo "suites.sh: no suite $build/tests/$t" >&2; exit 2; }
        add "$t"
    done
else
    for t in $LONG; do add "$t"; done
    for t in "$build"/tests/test_*; do [ -f "$t" ] && add "$(basename "$t")"; done
fi

# Natively a suite gets ctest's limit (tests/CMakeLists.txt: 600 s per
# entry, two entries); valgrind's pace has no fixed bound.
if [ "$mode" = valgrind ]; then run=("${vg[@]}") ok=clean; else run=(timeout 1200) ok=passed; fi
run_one() { # lane suite
    local name=$2 start=$SECONDS filter=()
    [ "$mode" = valgrind ] && [ -n "${FILTER[$name]:-}" ] && filter=("--filter=${FILTER[$name]}")
    if (cd "$build/tests" && RETORT_DRIVER_PATH="$build/drivers" "${run[@]}" "./$name" --jobs 1 \
        "${filter[@]}" >"$build/$mode-$name.log" 2>&1); then
        printf '  %-28s %s (%d s, lane %s%s)\n' "$name" "$ok" $((SECONDS - start)) "$1" \
            "${filter:+, ${filter[0]}}"
    else
        printf '  %-28s FAILED (%d s, lane %s; %s)\n' "$name" $((SECONDS - start)) "$1" \
            "$build/$mode-$name.log"
        : >"$results/$name"
    fi
}

# A lane takes the first suite still queued that it may run; mv is atomic,
# so a suite is claimed by exactly one lane.
lane() { # number
    local f name
    while :; do
        local took=
        for f in $(ls "$queue"); do
            name=${f#*-}
            if [ "$1" = 1 ] && [[ $PINNED == *" $name "* ]]; then continue; fi
            if [ "$1" = 0 ] && [[ $PINNED != *" $name "* ]] && pinned_left; then continue; fi
            mv "$queue/$f" "$results/.claimed-$1-$f" 2>/dev/null || continue
            run_one "$1" "$name"
            took=1
            break
        done
        [ -n "$took" ] || return 0
    done
}
# Lane 0 runs the pinned suites first: only it can.
pinned_left() {
    local f
    for f in $(ls "$queue"); do [[ $PINNED == *" ${f#*-} "* ]] && return 0; done
    return 1
}

lane 0 &
lane0=$!
( eval "$(bash "$here/servers.sh" env test2)"; lane 1 ) &
lane1=$!
wait "$lane0" "$lane1"

failed=$(ls "$results")
if [ -n "$failed" ]; then
    for name in $failed; do
        printf '\n---- %s (the end of %s)\n' "$name" "$build/$mode-$name.log"
        tail -n 60 "$build/$mode-$name.log"
    done
    echo "$mode: $(echo "$failed" | wc -w) suites failed: $(echo $failed)"
    exit 1
fi
