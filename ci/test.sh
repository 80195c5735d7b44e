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
cmake -S . -B build/ci -DRETORT_WERROR=ON -DRETORT_DRIVERS=all -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/ci -j"$jobs"

step "tests"
ctest --test-dir build/ci --output-on-failure -j1

step "build (-fsanitize=address,undefined)"
cmake -S . -B build/asan -DRETORT_WERROR=ON -DRETORT_DRIVERS=all -DRETORT_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build/asan -j"$jobs"

# ctest ran the suites one at a time above; the two slower passes run them
# in two lanes, each on its own database (ci/suites.sh says why and how).
step "tests under ASan+UBSan (two lanes)"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    bash ci/suites.sh build/asan

step "tests under valgrind (two lanes)"
bash ci/suites.sh --valgrind build/ci

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
