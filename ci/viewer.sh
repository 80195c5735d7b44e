#!/usr/bin/env bash
# The seed's "go and check localhost:18080" without Docker: Debian's adminer
# package served by PHP's built-in web server on 127.0.0.1:18080.
#   ci/viewer.sh          install when missing, serve in the foreground
#   ci/viewer.sh start    serve in the background (pid in /tmp/retort-ci/viewer.pid)
#   ci/viewer.sh stop
# Log in with System "PostgreSQL" / Server 127.0.0.1 / test / test / test,
# or "MySQL" / 127.0.0.1 / test / test / test (ci/servers.sh start), or
# "SQLite 3" with the database file's absolute path.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
STATE=${RETORT_CI_STATE:-/tmp/retort-ci}
PORT=${RETORT_VIEWER_PORT:-18080}
ROOT=/usr/share/adminer/adminer

bash "$here/deps.sh" adminer php-cli php-pgsql php-mysql php-sqlite3
mkdir -p "$STATE"

case "${1:-run}" in
run)
    echo "viewer: http://127.0.0.1:$PORT/ (Ctrl-C to stop)"
    exec php -S "127.0.0.1:$PORT" -t "$ROOT"
    ;;
start)
    setsid php -S "127.0.0.1:$PORT" -t "$ROOT" >"$STATE/viewer.log" 2>&1 </dev/null &
    echo $! >"$STATE/viewer.pid"
    for _ in $(seq 50); do
        if php -r "exit(@fsockopen('127.0.0.1', $PORT) ? 0 : 1);"; then
            echo "viewer: http://127.0.0.1:$PORT/"
            exit 0
        fi
        sleep 0.1
    done
    echo "viewer: did not start, see $STATE/viewer.log" >&2
    exit 1
    ;;
stop)
    [ -f "$STATE/viewer.pid" ] && kill "$(cat "$STATE/viewer.pid")" 2>/dev/null || true
    rm -f "$STATE/viewer.pid"
    ;;
*) echo "usage: $0 [run|start|stop]" >&2; exit 2 ;;
esac
