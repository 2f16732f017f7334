#!/usr/bin/env bash
# Back up rlcoach: the Postgres database (pg_dump, custom format) and the replay originals
# (STORAGE_DIR) into one timestamped archive, with a SHA256SUMS list that restore.sh verifies.
#
#   DATABASE_URL=postgres://… STORAGE_DIR=/data/replays scripts/backup.sh [OUTPUT_DIR]
#
# Prints the archive's path on stdout. The database is dumped first, then the files copied:
# originals are written before the rows that name them and never rewritten, so every replay in
# the dump has its file in the archive (files stored after the dump are harmless extras).
set -euo pipefail

die() { printf 'backup: %s\n' "$*" >&2; exit 1; }

DATABASE_URL="${DATABASE_URL:-postgres://rlcoach:rlcoach@127.0.0.1:5432/rlcoach}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STORAGE_DIR="${STORAGE_DIR:-$ROOT/var/replays}"
OUTPUT_DIR="${1:-$ROOT/var/backups}"

command -v pg_dump >/dev/null || die "pg_dump not found (apt-get install postgresql-client)"
mkdir -p "$OUTPUT_DIR"

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
name="rlcoach-backup-$stamp"
work="$(mktemp -d "$OUTPUT_DIR/.$name.XXXXXX")"
trap 'rm -rf "$work"' EXIT

mkdir "$work/$name"
# No owners or grants: the archive restores under whichever role restore.sh connects as.
pg_dump --format=custom --no-owner --no-privileges --dbname="$DATABASE_URL" --file="$work/$name/database.dump" \
  || die "pg_dump failed"

# No originals yet (a fresh install) backs up as an empty folder.
if [ -d "$STORAGE_DIR" ]; then cp -a "$STORAGE_DIR" "$work/$name/replays"; else mkdir "$work/$name/replays"; fi
(cd "$work/$name/replays" && find . -type f -print0 | sort -z | xargs -0 -r sha256sum) > "$work/$name/SHA256SUMS"
printf 'created %s\nformat 1\n' "$stamp" > "$work/$name/BACKUP"

# Written under a temporary name, then renamed: a half-written archive never has the final name.
tar -C "$work" -cf "$work/$name.tar" "$name"
mv "$work/$name.tar" "$OUTPUT_DIR/$name.tar"
files=$(wc -l < "$work/$name/SHA256SUMS")
printf 'backup: %s (database + %s original files)\n' "$OUTPUT_DIR/$name.tar" "$files" >&2
printf '%s\n' "$OUTPUT_DIR/$name.tar"
