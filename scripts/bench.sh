#!/usr/bin/env bash
# `npm run bench`: printed figures for the parser and the upload→done pipeline.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/services.sh
export RLCOACH_CORPUS="${RLCOACH_CORPUS:-$(cd .. && pwd)/shared/replays}"
ensure_node_modules
bash scripts/build.sh
for b in bench/*.bench.mjs */bench/*.bench.mjs; do
  [ -e "$b" ] || continue
  log "bench: $b"
  node --expose-gc "$b"
done
