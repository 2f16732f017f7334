#!/usr/bin/env bash
# `npm start`: from a fresh Debian box to a running rlcoach in one command.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/services.sh

ensure_node_modules
ensure_postgres rlcoach
ensure_redis
mkdir -p var
# The development stack: dev sign-in and development default secrets (never set this in production).
export RLCOACH_DEV="${RLCOACH_DEV:-1}"
# A stable local secret for signing sessions, generated once, never committed.
if [ -z "${SESSION_SECRET:-}" ]; then
  [ -s var/session-secret ] || node -e "process.stdout.write(require('crypto').randomBytes(32).toString('hex'))" > var/session-secret
  export SESSION_SECRET="$(cat var/session-secret)"
fi
bash scripts/build.sh
log "migrating"
npm run -s -w db migrate >&2
log "seeding the demo account"
npm run -s -w worker seed >&2
exec node scripts/run-all.mjs
