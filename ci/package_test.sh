#!/usr/bin/env bash
# Builds the Debian packages (ci/package.sh), checks their dependencies,
# installs all four with dpkg into an empty root (dpkg --root: no package
# of the host is touched; the client libraries are the host's), and runs the
# seed walkthrough with the installed binary only: no build tree, no
# RETORT_DRIVER_PATH. SQLite through the core package, PostgreSQL and MariaDB
# through their driver packages (needs the servers: source ci/servers.sh env).
set -euo pipefail
cd "$(dirname "$0")/.."
src=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "package_test: $*" >&2; exit 1; }

bash ci/package.sh "$work/deb"
version=$(sed -n 's/^project(retort VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
depends() { dpkg-deb -f "$work/deb/$1_${version}_$(dpkg --print-architecture).deb" Depends; }
[[ "$(depends retort-driver-postgresql)" =~ ^retort\ \(=\ $version\),\ libpq5(\ \([^,]*\))?$ ]] ||
    fail "retort-driver-postgresql must depend on retort and libpq5 only: $(depends retort-driver-postgresql)"
[[ "$(depends retort-driver-mysql)" =~ ^retort\ \(=\ $version\),\ libmariadb3(\ \([^,]*\))?$ ]] ||
    fail "retort-driver-mysql: $(depends retort-driver-mysql)"
[[ "$(depends retort-driver-odbc)" =~ ^retort\ \(=\ $version\),\ libodbc2(\ \([^,]*\))?$ ]] ||
    fail "retort-driver-odbc: $(depends retort-driver-odbc)"
for lib in libsqlite3-0 libinih1; do
    depends retort | grep -q "$lib" || fail "retort does not depend on $lib: $(depends retort)"
done

root=$work/root
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/var/lib/dpkg/triggers"
touch "$root/var/lib/dpkg/status" "$root/var/lib/dpkg/available"
# The empty root has no libc6 or client libraries registered: those are the
# host's, hence --force-depends.
dpkg --root="$root" --log=/dev/null --force-depends --force-script-chrootless \
    -i "$work"/deb/*.deb >/dev/null 2>&1 || fail "dpkg -i into $root failed"
dpkg --root="$root" -l | grep -q '^ii  retort-driver-postgresql' || fail "not installed"

bin=$root/usr/bin/retort
unset RETORT_DRIVER_PATH
export PATH=/usr/local/bin:/usr/bin:/bin
out=$("$bin" drivers) || fail "retort drivers: a packaged module does not load:
$out"
[ "$(grep -c "^  [a-z0-9_]*: $root/usr/lib/" <<<"$out")" = 4 ] ||
    fail "retort drivers does not list the four packaged modules:
$out"
grep -q "/build/drivers" <<<"$out" && fail "the packaged binary searches its build tree:
$out"
man -l "$root/usr/share/man/man1/retort.1.gz" 2>/dev/null | grep -q 'EXIT STATUS' ||
    fail "the packaged man page does not render"
bash -c "source '$root/usr/share/bash-completion/completions/retort' && complete -p retort" \
    >/dev/null || fail "the packaged bash completion does not load"

cd "$work"
RETORT=$bin bash "$src/examples/seed/run.sh" >"$work/seed.log" 2>&1 ||
    { tail -20 "$work/seed.log"; fail "seed walkthrough on SQLite failed"; }
for url in "${RETORT_TEST_PG_URL:?source ci/servers.sh env}" "${RETORT_TEST_MYSQL_URL:?}"; do
    RETORT=$bin bash "$src/examples/seed/run.sh" --url "$url" >"$work/seed.log" 2>&1 ||
        { tail -20 "$work/seed.log"; fail "seed walkthrough on ${url%%:*} failed"; }
done
echo "package_test: ok (4 packages, seed walkthrough on sqlite, postgresql, mysql)"
