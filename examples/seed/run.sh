#!/usr/bin/env bash
# The seed walkthrough (shared/seed/README.md) in retort form, printing each
# command before it runs.
#
#   examples/seed/run.sh [--url URL] [--manual] [--keep]
#
#   --url URL  database to migrate (default: sqlite:///app.db inside the
#              temporary project). A server database must not hold tables
#              "A"/"B" or a retort_version table yet; the walkthrough ends with
#              'downgrade base', leaving it as it was found.
#   --manual   write the "add thing" revisions by hand (ALTER TABLE) instead
#              of with 'revision --autogenerate'
#   --keep     keep the temporary project folder and print where it is
#
# The retort binary: $RETORT (a path, or a command line such as
# "valgrind -q /path/retort"), else build/retort or build/release/retort
# (what ci/walkthrough.sh builds) under the repository root. Builds nothing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [ -z "${RETORT:-}" ]; then
    RETORT="$root/build/retort"
    [ -x "$RETORT" ] || [ ! -x "$root/build/release/retort" ] || RETORT="$root/build/release/retort"
fi
url=""
manual=0
keep=0
while [ $# -gt 0 ]; do
    case "$1" in
        --url) url="${2:?--url needs a value}"; shift 2 ;;
        --url=*) url="${1#--url=}"; shift ;;
        --manual) manual=1; shift ;;
        --keep) keep=1; shift ;;
        -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
read -r -a retort_cmd <<< "$RETORT"
if [ ${#retort_cmd[@]} -eq 1 ]; then
    if [ ! -x "$RETORT" ]; then
        echo "run.sh: no retort binary at $RETORT: build first (bash ci/walkthrough.sh) or set RETORT" >&2
        exit 2
    fi
    # The walkthrough runs in a temporary folder: make a relative path absolute.
    case "$RETORT" in /*) ;; *) retort_cmd=("$(cd "$(dirname "$RETORT")" && pwd)/$(basename "$RETORT")") ;; esac
fi

# Only --url chooses the database here, never the caller's environment.
unset DATABASE_URL
if [ -n "$url" ]; then export RETORT_URL="$url"; else unset RETORT_URL; fi

project="$(mktemp -d "${TMPDIR:-/tmp}/retort-seed-XXXXXX")"
cleanup() {
    if [ "$keep" = 1 ]; then echo "Project kept in $project"; else rm -rf "$project"; fi
}
trap cleanup EXIT
cd "$project"

step() { printf '\n=== %s ===\n' "$*"; }
say() { printf '$ %s\n' "$*"; }
# The command line as one would type it: arguments with spaces in quotes.
quoted() {
    local a out=""
    for a in "$@"; do
        if [[ "$a" =~ ^[A-Za-z0-9_./:+=@%,-]+$ ]]; then out+=" $a"; else out+=" \"$a\""; fi
    done
    printf '%s' "${out# }"
}
retort() { say "retort $(quoted "$@")"; "${retort_cmd[@]}" "$@"; }
# Runs `retort revision ...` and sets $rev_file to the file it generated.
revision() {
    local out
    say "retort revision $(quoted "$@")"
    out="$("${retort_cmd[@]}" revision "$@")"
    printf '%s\n' "$out"
    rev_file="$(printf '%s\n' "$out" | sed -n 's/^  Generating \(.*\) \.\.\.  done$/\1/p')"
    [ -n "$rev_file" ] || { echo "run.sh: no file path in the output above" >&2; exit 1; }
}
# Replaces the sections of $rev_file, keeping its header.
write_sections() { # upgrade-sql downgrade-sql
    local header
    header="$(sed '/^-- upgrade/,$d' "$rev_file")"
    printf '%s\n\n-- upgrade\n%s\n\n-- downgrade\n%s\n' "$header" "$1" "$2" > "$rev_file"
    say "edit $rev_file"
    sed 's/^/    /' "$rev_file"
}

if [ -n "$url" ]; then
    shown="$(printf '%s' "$url" | sed -E 's#(://[^:/@]*:)[^@]*@#\1***@#')"
    echo "Database: $shown"
else
    echo "Database: sqlite:///app.db in $project"
fi

step "Step 1: initialize"
retort init migrations
mkdir models
cp "$here/models/a.sql" "$here/models/a.sql.1" "$here/models/b.sql" "$here/models/b.sql.1" models/
say "enable 'models = models/*.sql' in retort.ini"
sed -i 's|^# models = .*|models = models/*.sql|' retort.ini
grep -q '^models = ' retort.ini || printf 'models = models/*.sql\n' >> retort.ini

revision -m "baseline"
write_sections "$(sed -n '/^-- upgrade/,/^-- downgrade/p' "$here/baseline.sql" | sed '1d;$d' | sed '/^$/d')" \
               "$(sed -n '/^-- downgrade/,$p' "$here/baseline.sql" | sed '1d' | sed '/^$/d')"
retort upgrade head
retort current

step "Step 2: track changes in the models"
for t in A B; do
    lower="$(printf '%s' "$t" | tr 'A-Z' 'a-z')"
    say "cp models/$lower.sql.1 models/$lower.sql"
    cp "models/$lower.sql.1" "models/$lower.sql"
    if [ "$manual" = 1 ]; then
        revision -m "Adds new thing to $t"
        write_sections "ALTER TABLE \"$t\" ADD COLUMN thing VARCHAR(50);" \
                       "ALTER TABLE \"$t\" DROP COLUMN thing;"
    else
        revision --autogenerate -m "Adds new thing to $t"
        sed 's/^/    /' "$rev_file"
    fi
    retort upgrade head
    retort current
done
retort check

step "From now on"
retort downgrade -1
retort current
retort downgrade -2
retort current
retort upgrade +1
retort current
retort history
retort heads

step "Leave the database as it was found"
retort downgrade base
retort current
echo
echo "Walkthrough complete."
