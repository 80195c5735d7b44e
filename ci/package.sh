#!/usr/bin/env bash
# Builds the Debian packages with dpkg-deb (docs/packaging.md):
#   retort                    the binary, the sqlite3 driver, man page,
#                             completion, rt_driver.h + retort-driver.pc
#   retort-driver-postgresql  the libpq driver
#   retort-driver-mysql       the MariaDB Connector/C driver
#   retort-driver-odbc        the unixODBC driver
# Dependencies come from dpkg-shlibdeps on each package's own files; a
# driver package depends on retort (= version) and its client library only
# (retort already pulls libc6).
#   ci/package.sh [OUTDIR]     (default: build/deb)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out=$(mkdir -p "${1:-build/deb}" && cd "${1:-build/deb}" && pwd)
arch=$(dpkg --print-architecture)
version=$(sed -n 's/^project(retort VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
[ -n "$version" ] || { echo "package: no version in CMakeLists.txt" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A release build of its own, installed under /usr into a staging folder.
cmake -S . -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DRETORT_TESTS=OFF -DRETORT_DRIVERS=all -DRETORT_PACKAGE_BUILD=ON \
    -DCMAKE_INSTALL_PREFIX=/usr >/dev/null
cmake --build "$work/build" -j"$(nproc 2>/dev/null || echo 2)" >/dev/null
stage=$work/stage
DESTDIR=$stage cmake --install "$work/build" >/dev/null
drivers=$(cd "$stage" && find usr -name 'retort_driver_*.so' -printf '%h\n' | sort -u)
[ -n "$drivers" ] || { echo "package: no driver modules were installed" >&2; exit 1; }

# take PKG FILE...: moves FILEs (relative to the stage) into PKG's tree.
take() {
    local pkg=$1; shift
    for f in "$@"; do
        mkdir -p "$work/pkg/$pkg/$(dirname "$f")"
        mv "$stage/$f" "$work/pkg/$pkg/$f"
    done
}

# shlibdeps PKG: "libc6 (>= 2.34), libpq5 (>= 9.0~)" for the ELF files of PKG.
shlibdeps() {
    local dir=$work/pkg/$1 elf=()
    while IFS= read -r f; do
        file -b "$f" | grep -q '^ELF' && elf+=("-e$f")
    done < <(find "$dir" -type f)
    mkdir -p "$work/shl/debian"
    printf 'Source: retort\n\nPackage: %s\nArchitecture: any\n' "$1" >"$work/shl/debian/control"
    (cd "$work/shl" && dpkg-shlibdeps -O "${elf[@]}" 2>/dev/null) | sed -n 's/^shlibs:Depends=//p'
}

# build PKG DEPENDS DESCRIPTION...
build() {
    local pkg=$1 depends=$2; shift 2
    local dir=$work/pkg/$pkg
    mkdir -p "$dir/DEBIAN" "$dir/usr/share/doc/$pkg"
    cp "$root/README.md" "$dir/usr/share/doc/$pkg/README.md"
    local size
    size=$(du -sk --exclude=DEBIAN "$dir" | cut -f1)
    {
        echo "Package: $pkg"
        echo "Version: $version"
        echo "Architecture: $arch"
        echo "Maintainer: retort developers <retort@localhost>"
        echo "Installed-Size: $size"
        echo "Depends: $depends"
        echo "Section: database"
        echo "Priority: optional"
        echo "Description: $1"
        shift
        for line in "$@"; do echo " $line"; done
    } >"$dir/DEBIAN/control"
    dpkg-deb --root-owner-group -Zxz --build "$dir" "$out/${pkg}_${version}_${arch}.deb" >/dev/null
    echo "$out/${pkg}_${version}_${arch}.deb: Depends: $depends"
}

gzip -9n "$stage/usr/share/man/man1/retort.1"
take retort usr/bin/retort "$drivers/retort_driver_sqlite3.so" \
    usr/share/man/man1/retort.1.gz usr/share/bash-completion usr/share/zsh \
    usr/include/retort "$(cd "$stage" && find usr -name retort-driver.pc)"
take retort-driver-postgresql "$drivers/retort_driver_libpq.so"
take retort-driver-mysql "$drivers/retort_driver_mysqlclient.so"
take retort-driver-odbc "$drivers/retort_driver_odbc.so"
left=$(cd "$stage" && find . -type f)
[ -z "$left" ] || { echo "package: installed files in no package: $left" >&2; exit 1; }

build retort "$(shlibdeps retort)" \
    "database schema migrations in portable SQL (Alembic's workflow)" \
    "One history of revisions in portable SQL, run on SQLite, PostgreSQL," \
    "MySQL/MariaDB and ODBC: init, revision, upgrade, downgrade," \
    "revision --autogenerate, check. Includes the SQLite driver."
for p in postgresql:libpq mysql:mysqlclient odbc:odbc; do
    pkg=retort-driver-${p%%:*}
    # Drop libc6: retort depends on it already.
    deps=$(shlibdeps "$pkg" | tr ',' '\n' | sed 's/^ *//' | grep -v '^libc6\b' | paste -sd, | sed 's/,/, /g')
    build "$pkg" "retort (= $version), $deps" \
        "${p%%:*} driver for retort" \
        "The retort driver module for ${p%%:*} through its client library."
done
