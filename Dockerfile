# One image for web, realtime and worker; the compose file picks the command.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY parser/package.json parser/
COPY db/package.json db/
COPY worker/package.json worker/
COPY realtime/package.json realtime/
COPY web/package.json web/
RUN npm ci --no-audit --no-fund
COPY . .
# A failed build of any package fails the image (no silent parser build failures).
RUN npx tsc -b parser db worker realtime && npm run -w web build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app /app
USER node
