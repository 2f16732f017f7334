#!/usr/bin/env bash
# Restore an archive made by backup.sh into an EMPTY database (created when missing) and an
# empty storage directory. Refuses, changing nothing, when either already holds data.
#
#   DATABASE_URL=postgres://… STORAGE_DIR=/data/replays scripts/restore.sh ARCHIVE.tar
#
# The database is created through the same server's `postgres` database with the same
# credentials (the role needs CREATEDB), or through RESTORE_ADMIN_URL when set.
set -euo pipefail

die() { printf 'restore: %s\n' "$*" >&2; exit 1; }

[ $# -eq 1 ] || die "usage: scripts/restore.sh ARCHIVE.tar"
archive="$1"
[ -f "$archive" ] || die "no such archive: $archive"
DATABASE_URL="${DATABASE_URL:-postgres://rlcoach:rlcoach@127.0.0.1:5432/rlcoach}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STORAGE_DIR="${STORAGE_DIR:-$ROOT/var/replays}"
command -v pg_restore >/dev/null || die "pg_restore not found (apt-get install postgresql-client)"

# 1. Unpack and verify every original before touching anything.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar -C "$work" -xf "$archive" || die "cannot read $archive"
dirs=("$work"/rlcoach-backup-*/)
[ ${#dirs[@]} -eq 1 ] && [ -f "${dirs[0]}BACKUP" ] || die "$archive is not an rlcoach backup"
src="${dirs[0]%/}"
(cd "$src/replays" && sha256sum --quiet --check --strict "$src/SHA256SUMS") \
  || die "original files in $archive do not match their SHA256SUMS"

# 2. The targets must be empty.
if [ -d "$STORAGE_DIR" ] && [ -n "$(ls -A "$STORAGE_DIR")" ]; then
  die "STORAGE_DIR $STORAGE_DIR is not empty"
fi
base="${DATABASE_URL%%\?*}"
query="${DATABASE_URL#"$base"}"
dbname="${base##*/}"
[[ "$dbname" =~ ^[A-Za-z0-9_]+$ ]] || die "unexpected database name in DATABASE_URL: $dbname"
admin_url="${RESTORE_ADMIN_URL:-${base%/*}/postgres$query}"
exists="$(psql "$admin_url" -v ON_ERROR_STOP=1 -tAc "select 1 from pg_database where datname = '$dbname'")" \
  || die "cannot reach the Postgres server of DATABASE_URL"
if [ "$exists" = 1 ]; then
  tables="$(psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -tAc \
    "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind in ('r','p','v','m','S') and n.nspname not in ('pg_catalog','information_schema')
       and n.nspname not like 'pg_toast%'")"
  [ "$tables" = 0 ] || die "database $dbname is not empty ($tables relations): restore only into an empty one"
else
  printf 'restore: creating database %s\n' "$dbname" >&2
  psql "$admin_url" -v ON_ERROR_STOP=1 -qc "create database \"$dbname\"" || die "cannot create database $dbname"
fi

# 3. Database in one transaction (all or nothing), then the files.
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
  --dbname="$DATABASE_URL" "$src/database.dump" || die "pg_restore failed; the database was left empty"
mkdir -p "$STORAGE_DIR"
cp -a "$src/replays/." "$STORAGE_DIR/"
files=$(wc -l < "$src/SHA256SUMS")
printf 'restore: database %s and %s original files restored from %s\n' "$dbname" "$files" "$archive" >&2
