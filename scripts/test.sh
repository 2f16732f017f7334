#!/usr/bin/env bash
# `npm test`: the whole suite against real Postgres, Redis, Socket.IO and Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/services.sh

export NODE_ENV=test
export RLCOACH_CORPUS="${RLCOACH_CORPUS:-$(cd .. && pwd)/shared/replays}"
export DATABASE_URL="${TEST_DATABASE_URL:-postgres://rlcoach:rlcoach@127.0.0.1:5432/rlcoach_test}"
export REDIS_URL="${TEST_REDIS_URL:-redis://127.0.0.1:6379}"

ensure_node_modules
ensure_postgres rlcoach_test
ensure_redis
ensure_chromium
ensure_unzip
ensure_nginx
ensure_compose
ensure_pg_client
bash scripts/build.sh
log "lint"
npx eslint . >&2
npx prettier --check . >&2
log "migrating the test database"
npm run -s -w db migrate >&2
log "running the suite"
npx vitest run "$@"
