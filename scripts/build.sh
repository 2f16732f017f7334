#!/usr/bin/env bash
# Compile every package: TypeScript project references for the Node packages, Vite for the web app.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/services.sh
log "building parser, db, worker, realtime"
npx tsc -b parser db worker realtime
log "building web"
npm run -s -w web build >&2
