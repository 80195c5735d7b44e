#!/usr/bin/env bash
# Throw-away PostgreSQL 15 and MariaDB servers on 127.0.0.1 for the tests,
# started from Debian's packages with their own data directories (never the
# system services), each with user test / password test / database test.
#
#   ci/servers.sh start    install when missing, initialise, start, wait
#   ci/servers.sh stop     stop both
#   ci/servers.sh status   exit 0 when both answer
#   ci/servers.sh env [DB] print the URLs the tests read (database DB, default test)
#   ci/servers.sh database NAME   create database NAME on both (idempotent)
#
# Re-running start is safe: a server already answering is left alone, an
# existing data directory is reused.
set -euo pipefail

STATE=${RETORT_CI_STATE:-/tmp/retort-ci}
PG_PORT=${RETORT_CI_PG_PORT:-5432}
MY_PORT=${RETORT_CI_MYSQL_PORT:-3306}
PG_BIN=/usr/lib/postgresql/15/bin
PG_DATA=$STATE/pg/data
PG_SOCK=$STATE/pg/sock
MY_DATA=$STATE/mariadb/data
MY_SOCK=$STATE/mariadb/mysqld.sock
MY_PID=$STATE/mariadb/mysqld.pid

here=$(cd "$(dirname "$0")" && pwd)

log() { printf 'servers: %s\n' "$*"; }
die() { printf 'servers: error: %s\n' "$*" >&2; exit 1; }

need_packages() {
    local missing=()
    [ -x "$PG_BIN/postgres" ] || missing+=(postgresql-15)
    command -v mariadbd >/dev/null || missing+=(mariadb-server)
    command -v mariadb >/dev/null || missing+=(mariadb-client)
    if [ ${#missing[@]} -gt 0 ]; then
        bash "$here/deps.sh" "${missing[@]}"
    fi
}

pg_ready() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" 2>/dev/null; }
my_ready() { mariadb-admin --no-defaults --socket="$MY_SOCK" -uroot ping >/dev/null 2>&1; }
# A server of another state folder already serving the port with the test
# account is as good as ours (and a second one could not bind the port).
my_ready_tcp() {
    mariadb-admin --no-defaults -h 127.0.0.1 -P "$MY_PORT" -utest -ptest ping >/dev/null 2>&1
}

wait_for() { # name probe seconds logfile
    local i
    for ((i = 0; i < $3 * 10; i++)); do
        if $2; then return 0; fi
        sleep 0.1
    done
    [ -f "$4" ] && tail -n 20 "$4" >&2
    die "$1 did not accept connections within $3 s"
}

as_pg() { runuser -u postgres -- "$@"; }

pg_start() {
    if pg_ready; then log "postgresql already up on 127.0.0.1:$PG_PORT"; return; fi
    mkdir -p "$STATE/pg" "$PG_SOCK"
    chmod 755 "$STATE" "$STATE/pg"
    chown postgres:postgres "$STATE/pg" "$PG_SOCK"
    if [ ! -f "$PG_DATA/PG_VERSION" ]; then
        log "initialising postgresql in $PG_DATA"
        rm -rf "$PG_DATA"
        local pw; pw=$(mktemp); chmod 644 "$pw"; echo postgres >"$pw"
        as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --pwfile="$pw" \
            --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
        rm -f "$pw"
    fi
    # A server killed with its session leaves postmaster.pid behind; once
    # that pid belongs to another process PostgreSQL refuses to start.
    if [ -f "$PG_DATA/postmaster.pid" ]; then
        local pid; pid=$(head -n 1 "$PG_DATA/postmaster.pid")
        if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" != postgres ]; then
            log "removing stale postmaster.pid (pid $pid is not a postgres server)"
            rm -f "$PG_DATA/postmaster.pid"
        fi
    fi
    # max_locks_per_transaction: the benchmark's reset drops 10,000 tables
    # (with their keys and identity sequences) in one DROP SCHEMA ... CASCADE.
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$STATE/pg/server.log" -w -t 60 start \
        -o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$PG_SOCK -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_locks_per_transaction=1024" >/dev/null \
        || { tail -n 20 "$STATE/pg/server.log" >&2; die "postgresql failed to start"; }
    wait_for postgresql pg_ready 60 "$STATE/pg/server.log"
    as_pg psql -q -h "$PG_SOCK" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 <<'SQL' >/dev/null
SELECT 'CREATE ROLE test LOGIN PASSWORD ''test'''
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'test')\gexec
ALTER ROLE test PASSWORD 'test' CREATEDB;
SELECT 'CREATE DATABASE test OWNER test'
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'test')\gexec
SQL
    log "postgresql up on 127.0.0.1:$PG_PORT (socket dir $PG_SOCK)"
}

my_start() {
    if my_ready || my_ready_tcp; then log "mariadb already up on 127.0.0.1:$MY_PORT"; return; fi
    mkdir -p "$STATE/mariadb"
    chmod 755 "$STATE" "$STATE/mariadb"
    chown mysql:mysql "$STATE/mariadb"
    if [ ! -d "$MY_DATA/mysql" ]; then
        log "initialising mariadb in $MY_DATA"
        rm -rf "$MY_DATA"
        mariadb-install-db --no-defaults --user=mysql --datadir="$MY_DATA" \
            --auth-root-authentication-method=socket --skip-test-db >"$STATE/mariadb/install.log" 2>&1 \
            || { tail -n 20 "$STATE/mariadb/install.log" >&2; die "mariadb-install-db failed"; }
    fi
    # setsid: the server must outlive this script and the test runner's
    # process group.
    setsid mariadbd --no-defaults --user=mysql --datadir="$MY_DATA" \
        --socket="$MY_SOCK" --pid-file="$MY_PID" --port="$MY_PORT" --bind-address=127.0.0.1 \
        --log-error="$STATE/mariadb/server.log" --innodb-flush-log-at-trx-commit=0 \
        --innodb-buffer-pool-size=128M --skip-name-resolve </dev/null >/dev/null 2>&1 &
    wait_for mariadb my_ready 60 "$STATE/mariadb/server.log"
    mariadb --no-defaults --socket="$MY_SOCK" -uroot <<'SQL'
CREATE DATABASE IF NOT EXISTS test CHARACTER SET utf8mb4;
CREATE USER IF NOT EXISTS 'test'@'%' IDENTIFIED BY 'test';
CREATE USER IF NOT EXISTS 'test'@'localhost' IDENTIFIED BY 'test';
GRANT ALL PRIVILEGES ON *.* TO 'test'@'%';
GRANT ALL PRIVILEGES ON *.* TO 'test'@'localhost';
FLUSH PRIVILEGES;
SQL
    log "mariadb up on 127.0.0.1:$MY_PORT (socket $MY_SOCK)"
}

pg_stop() {
    if [ -f "$PG_DATA/postmaster.pid" ]; then
        as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
    fi
    log "postgresql stopped"
}

my_stop() {
    if my_ready; then
        mariadb-admin --no-defaults --socket="$MY_SOCK" -uroot shutdown >/dev/null 2>&1 || true
    elif [ -f "$MY_PID" ]; then
        kill "$(cat "$MY_PID")" 2>/dev/null || true
    fi
    log "mariadb stopped"
}

print_env() { # [database]
    local db=${1:-test}
    cat <<EOF
export RETORT_TEST_PG_URL=postgresql://test:test@127.0.0.1:$PG_PORT/$db
export RETORT_TEST_MYSQL_URL=mysql://test:test@127.0.0.1:$MY_PORT/$db
export RETORT_TEST_PG_SOCKET_DIR=$PG_SOCK
export RETORT_TEST_MYSQL_SOCKET=$MY_SOCK
export RETORT_TEST_PG_ODBC_URL='postgresql+odbc://test:test@127.0.0.1:$PG_PORT/$db?driver=PostgreSQL+Unicode'
export RETORT_TEST_MYSQL_ODBC_URL='mysql+odbc://test:test@127.0.0.1:$MY_PORT/$db?driver=MariaDB+Unicode'
EOF
}

# A second database on both servers, owned by test, so that two test runs
# can share the servers without sharing tables (ci/valgrind.sh's lanes).
create_database() { # name
    [[ $1 =~ ^[a-z][a-z0-9_]*$ ]] || die "database name '$1': lower-case letters, digits, _"
    PGPASSWORD=test psql -q -h 127.0.0.1 -p "$PG_PORT" -U test -d postgres -v ON_ERROR_STOP=1 \
        -c "SELECT 'CREATE DATABASE $1' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$1')" \
        -tA | grep -q . && { PGPASSWORD=test psql -q -h 127.0.0.1 -p "$PG_PORT" -U test -d postgres \
        -v ON_ERROR_STOP=1 -c "CREATE DATABASE $1" >/dev/null || die "postgresql: cannot create database $1"; }
    mariadb --no-defaults -h 127.0.0.1 -P "$MY_PORT" -utest -ptest \
        -e "CREATE DATABASE IF NOT EXISTS $1 CHARACTER SET utf8mb4" || die "mariadb: cannot create database $1"
}

case "${1:-start}" in
start)
    [ "$(id -u)" = 0 ] || die "run as root (the servers run as the postgres and mysql users)"
    need_packages
    pg_start
    my_start
    ;;
stop) pg_stop; my_stop ;;
status) pg_ready && my_ready ;;
env) print_env "${2:-}" ;;
database) create_database "${2:?usage: $0 database NAME}" ;;
*) die "usage: $0 start|stop|status|env [DATABASE]|database NAME" ;;
esac
