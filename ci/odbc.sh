#!/usr/bin/env bash
# unixODBC for the tests: installs the driver manager and the PostgreSQL,
# MariaDB and SQLite ODBC drivers, and registers them with odbcinst in a
# private folder (ODBCSYSINI), so neither /etc/odbc*.ini nor the user's own
# ~/.odbc.ini is touched. Also defines two DSNs for the `@DSN` URL form:
# retort_pg and retort_mysql (the ci/servers.sh servers).
#   eval "$(ci/odbc.sh setup)"    prints the exports the tests need
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
STATE=${RETORT_CI_STATE:-/tmp/retort-ci}
DIR=$STATE/odbc
PG_PORT=${RETORT_CI_PG_PORT:-5432}
MY_PORT=${RETORT_CI_MYSQL_PORT:-3306}

bash "$here/deps.sh" unixodbc odbc-postgresql odbc-mariadb libsqliteodbc >&2

lib() { # package file-name -> absolute path of the driver library
    dpkg -L "$1" | grep -m1 "/$2\$" || { echo "odbc: $2 not found in package $1" >&2; exit 1; }
}

mkdir -p "$DIR"
: >"$DIR/odbcinst.ini"
: >"$DIR/odbc.ini"
tmpl=$(mktemp)
cat >"$tmpl" <<INI
[PostgreSQL Unicode]
Description=PostgreSQL ODBC driver (Unicode)
Driver=$(lib odbc-postgresql psqlodbcw.so)

[PostgreSQL ANSI]
Description=PostgreSQL ODBC driver (ANSI)
Driver=$(lib odbc-postgresql psqlodbca.so)

[MariaDB Unicode]
Description=MariaDB Connector/ODBC (Unicode)
Driver=$(lib odbc-mariadb libmaodbc.so)

[SQLite3]
Description=SQLite3 ODBC driver
Driver=$(lib libsqliteodbc libsqlite3odbc.so)
INI
ODBCSYSINI=$DIR odbcinst -i -d -r <"$tmpl" >/dev/null
cat >"$tmpl" <<INI
[retort_pg]
Driver=PostgreSQL Unicode
Servername=127.0.0.1
Port=$PG_PORT
Database=test

[retort_mysql]
Driver=MariaDB Unicode
Server=127.0.0.1
Port=$MY_PORT
Database=test
INI
ODBCSYSINI=$DIR odbcinst -i -s -l -r <"$tmpl" >/dev/null
rm -f "$tmpl"

case "${1:-setup}" in
setup)
    echo "export ODBCSYSINI=$DIR"
    echo "export ODBCINI=$DIR/odbc.ini"
    ;;
*) echo "usage: $0 setup" >&2; exit 2 ;;
esac
