#!/usr/bin/env bash
# Every test, as CI runs it: installs what is missing, starts the real
# servers, builds with -Werror and runs the suite, then again under
# AddressSanitizer + UndefinedBehaviorSanitizer, then under valgrind, then
# the walkthrough under valgrind, then the libFuzzer targets for a bounded
# time (ci/fuzz.sh), then the installed binary finding its drivers.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
jobs=$(nproc 2>/dev/null || echo 2)

step() { printf '\n==== %s (at %d s)\n' "$*" "$SECONDS"; }

step "packages"
bash ci/deps.sh

step "servers"
bash ci/servers.sh start
eval "$(bash ci/servers.sh env)"
if [ -f ci/odbc.sh ]; then
    eval "$(bash ci/odbc.sh setup)"
fi

step "build (-Werror)"
cmake -S . -B build/ci -DRETORT_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/ci -j"$jobs"

step "tests"
ctest --test-dir build/ci --output-on-failure -j1

step "build (-fsanitize=address,undefined)"
cmake -S . -B build/asan -DRETORT_WERROR=ON -DRETORT_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build/asan -j"$jobs"

step "tests under ASan+UBSan"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build/asan --output-on-failure -j1

step "tests under valgrind"
# Each Criterion test runs in a forked child: --trace-children follows it,
# and an error there fails that test, hence the executable. Alembic (Python),
# which test_import_alembic runs to compare with, is not ours to check.
vg=(valgrind -q --trace-children=yes --trace-children-skip='*/alembic,*python*'
    --suppressions="$root/ci/valgrind.supp" --leak-check=full
    --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect --error-exitcode=99)
# valgrind makes every run of the binary 20-50x slower, and the matrix
# suites run it hundreds of times per backend. Under valgrind they leave
# out the ODBC transports (the ODBC driver keeps its own suites here:
# test_driver_odbc, test_driver_conformance, test_odbc_cli,
# test_odbc_password), the application histories and the backend-only
# blocks (test_matrix_verbatim: 4 min for all three) run on SQLite alone, and
# the lock suite leaves out the 8-runner race and the kill -9 loop, which
# test processes, not memory; the -Werror and ASan+UBSan passes above run
# every test.
vg_no_odbc='!(*odbc*)'
declare -A vg_filter=(
    [test_apps]='*/sqlite'
    [test_matrix_verbatim]='verbatim_sqlite/*'
    [test_lock_log]='!(*odbc*|*/eight_concurrent_runners|*/kill_at_random_points)'
    [test_autogen]=$vg_no_odbc [test_matrix]=$vg_no_odbc [test_matrix_step2]=$vg_no_odbc
    [test_matrix_portable]=$vg_no_odbc [test_matrix_constructs]=$vg_no_odbc
    [test_matrix_ddl]=$vg_no_odbc [test_matrix_tools]=$vg_no_odbc
    [test_schemas_cli]=$vg_no_odbc [test_dialect_sqlite]=$vg_no_odbc
)
failed=()
for t in "$root"/build/ci/tests/test_*; do
    [ -x "$t" ] || continue
    name=$(basename "$t")
    filter=(); [ -n "${vg_filter[$name]:-}" ] && filter=("--filter=${vg_filter[$name]}")
    start=$SECONDS
    if (cd "$root/build/ci/tests" && RETORT_DRIVER_PATH="$root/build/ci/drivers" "${vg[@]}" "$t" --jobs 1 \
        "${filter[@]}" >"$root/build/ci/valgrind-$name.log" 2>&1); then
        printf '  %-28s clean (%d s%s)\n' "$name" $((SECONDS - start)) "${filter:+, ${filter[0]}}"
    else
        printf '  %-28s FAILED (build/ci/valgrind-%s.log)\n' "$name" "$name"
        tail -n 30 "$root/build/ci/valgrind-$name.log"
        failed+=("$name")
    fi
done
[ ${#failed[@]} -eq 0 ] || { echo "valgrind: ${#failed[@]} suites failed: ${failed[*]}"; exit 1; }

step "walkthrough under valgrind"
RETORT="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect $root/build/ci/retort" \
    RETORT_DRIVER_PATH="$root/build/ci/drivers" bash examples/seed/run.sh

step "fuzzing (libFuzzer, 60 s per target)"
bash ci/fuzz.sh 60

step "installed binary finds its drivers; a driver built outside the tree"
(cd "$(mktemp -d)" && bash "$root/ci/install_test.sh" "$root/build/ci")

step "Debian packages: build, install into an empty root, seed walkthrough"
bash ci/package_test.sh

printf '\nall tests passed\n'
