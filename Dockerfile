# syntax=docker/dockerfile:1
# One multi-stage build, one image per service: pick it with --target (web, realtime, worker,
# migrate); docker-compose.prod.yml does. Build stages hold the compilers and dev dependencies;
# the runtime stages hold only production dependencies and compiled output, and run as `node`.

ARG NODE_IMAGE=node:20-bookworm-slim

# --- dependencies: every workspace's manifest first, so source edits keep the npm ci layer cached.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /app
COPY package.json package-lock.json ./
COPY parser/package.json parser/
COPY db/package.json db/
COPY worker/package.json worker/
COPY realtime/package.json realtime/
COPY web/package.json web/

FROM manifests AS build-deps
RUN npm ci --no-audit --no-fund

FROM manifests AS prod-deps
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# --- compile: a failing build of any package fails the image.
FROM build-deps AS build
COPY . .
RUN npx tsc -b parser db worker realtime && npm run -s -w web build

# --- runtime base: production node_modules + compiled packages, no sources, no compilers.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=prod-deps --chown=root:root /app /app
COPY --from=build /app/parser/dist parser/dist
COPY --from=build /app/db/dist db/dist
COPY --from=build /app/worker/dist worker/dist
COPY --from=build /app/realtime/dist realtime/dist
# Originals live on a volume mounted here; the app user must own it.
RUN mkdir -p /data/replays && chown node:node /data/replays
USER node

FROM runtime AS migrate
CMD ["node", "db/dist/cli/migrate.js"]

FROM runtime AS worker
CMD ["node", "worker/dist/main.js"]

FROM runtime AS realtime
EXPOSE 3001
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.REALTIME_PORT||3001)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "realtime/dist/main.js"]

FROM runtime AS web
COPY --from=build /app/web/build web/build
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "web/build/index.js"]
