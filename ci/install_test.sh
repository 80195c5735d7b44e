#!/usr/bin/env bash
# `cmake --install` of a build into a fresh prefix, then, with only the
# prefix: the binary finds its installed drivers, the man page, completion,
# header and pkg-config file are where docs/packaging.md says, and a driver
# built outside the tree from the installed header (the sqlite3 driver's own
# source, compiled with `pkg-config --cflags retort-driver`) is loaded by the
# installed binary and runs a migration.
#   ci/install_test.sh BUILD_DIR
set -euo pipefail
build=$(cd "${1:?usage: ci/install_test.sh BUILD_DIR}" && pwd)
src=$(cd "$(dirname "$0")/.." && pwd)
prefix=$(mktemp -d)
work=$(mktemp -d)
trap 'rm -rf "$prefix" "$work"' EXIT
fail() { echo "install_test: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$prefix" >/dev/null
unset RETORT_DRIVER_PATH RETORT_URL DATABASE_URL
for f in bin/retort share/man/man1/retort.1 share/bash-completion/completions/retort \
    share/zsh/site-functions/_retort include/retort/rt_driver.h \
    include/retort/rt_driver_placeholders.h; do
    [ -f "$prefix/$f" ] || fail "$f is not installed"
done
pc=$(find "$prefix" -name retort-driver.pc)
[ -n "$pc" ] || fail "retort-driver.pc is not installed"
man -l "$prefix/share/man/man1/retort.1" 2>/dev/null | grep -q 'EXIT STATUS' ||
    fail "the installed man page does not render"

export PKG_CONFIG_PATH=$(dirname "$pc")
driverdir=$(pkg-config --variable=driverdir retort-driver)
[ -f "$driverdir/retort_driver_sqlite3.so" ] ||
    fail "pkg-config's driverdir $driverdir is not where the drivers are installed"

# The out-of-tree build replaces the installed sqlite3 module.
# shellcheck disable=SC2046
cc $(pkg-config --cflags retort-driver) -std=c11 -Wall -Wextra -Werror -shared \
    -o "$work/retort_driver_sqlite3.so" "$src/drivers/sqlite3/sqlite3.c" -lsqlite3
cp "$work/retort_driver_sqlite3.so" "$driverdir/"

cd "$work"
out=$("$prefix/bin/retort" drivers)
grep -qF "  sqlite3: $(cd "$driverdir" && pwd -P)/retort_driver_sqlite3.so" <<<"$out" ||
    fail "retort drivers does not list the out-of-tree module in $driverdir:
$out"
"$prefix/bin/retort" init migrations >/dev/null
"$prefix/bin/retort" revision -m "first table" --rev-id a1 >/dev/null
rev=migrations/versions/a1_first_table.sql
awk '{ print } /^-- upgrade$/ { print "CREATE TABLE t (id INTEGER PRIMARY KEY);" }
     /^-- downgrade$/ { print "DROP TABLE t;" }' "$rev" >"$rev.new" && mv "$rev.new" "$rev"
"$prefix/bin/retort" upgrade head 2>/dev/null
[ "$("$prefix/bin/retort" current 2>/dev/null)" = "a1 (head)" ] ||
    fail "the installed binary with the out-of-tree driver did not upgrade"
[ "$(sqlite3 app.db "SELECT name FROM sqlite_master WHERE name = 't'")" = t ] ||
    fail "the upgrade did not create table t"
echo "install_test: ok ($prefix)"
