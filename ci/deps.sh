#!/usr/bin/env bash
# Installs Debian packages that are missing, running `apt-get update` at most
# once per machine boot-to-boot session (a stamp file records it).
#   ci/deps.sh            the build + test set
#   ci/deps.sh PKG...     just these
set -euo pipefail

BUILD_PKGS=(build-essential cmake pkg-config libinih-dev libcriterion-dev
    libsqlite3-dev sqlite3 libpq-dev postgresql-client-15 libmariadb-dev mariadb-client
    unixodbc unixodbc-dev odbc-postgresql odbc-mariadb libsqliteodbc valgrind graphviz
    zsh
    alembic python3-psycopg2 python3-pymysql)

if [ $# -gt 0 ]; then pkgs=("$@"); else pkgs=("${BUILD_PKGS[@]}"); fi

missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
    echo "deps: missing packages: ${missing[*]} (run as root to install them)" >&2
    exit 1
fi
stamp=/tmp/retort-apt-updated
if [ ! -f "$stamp" ]; then
    apt-get update -qq
    touch "$stamp"
fi
echo "deps: installing ${missing[*]}"
# Keep the packaged services from starting (they would take ports 5432 and
# 3306): ci/servers.sh runs its own throw-away instances. A policy-rc.d that
# exits 101 is Debian's switch for that; put one in place for this install
# only when the machine has none.
own_policy=
if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    own_policy=1
fi
trap '[ -n "$own_policy" ] && rm -f /usr/sbin/policy-rc.d' EXIT
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
