# syntax=docker/dockerfile:1
# The AI-HTTP server, for docker-compose.yml (see README, "Self-host"). Build from the repo root:
#   docker build -t ai-http-server .
# The server runs its TypeScript directly on Node 24 (type stripping), as `npm start` and the tests
# do, so there is no compile stage: one stage installs the production dependencies, the last one
# only copies them and the sources and runs as an unprivileged user.
ARG NODE_VERSION=24.21.0
ARG PNPM_VERSION=12.21.0

FROM node:${NODE_VERSION}-bookworm-slim AS pnpm
ARG PNPM_VERSION
# pnpm from the npm registry, as scripts/lib/toolchain.mjs does (corepack is not used).
RUN npm install --global --no-audit --no-fund pnpm@${PNPM_VERSION}
WORKDIR /app

FROM pnpm AS deps
# The store is filled from the lockfile alone, so this layer is reused until the lockfile changes.
COPY pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store pnpm fetch --prod --store-dir /pnpm/store
COPY package.json ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY extension/package.json extension/
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm install --offline --frozen-lockfile --prod --ignore-scripts --store-dir /pnpm/store --filter @ai-http/server...

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8787 \
    AIHTTP_DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules node_modules
COPY --from=deps /app/shared/node_modules shared/node_modules
COPY --from=deps /app/server/node_modules server/node_modules
COPY package.json ./
COPY shared/package.json shared/
COPY shared/src shared/src
COPY server/package.json server/
COPY server/src server/src
# The admin command line: `docker compose exec server node scripts/ai-http.mjs <command>`.
COPY scripts/ai-http.mjs scripts/
COPY scripts/lib/toolchain.mjs scripts/lib/
# The image's own user (uid 1000 in the node images); it owns only the data folder.
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 8787
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8787) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The same entry as `npm start` (scripts/start.mjs calls main() from it) and the tests.
CMD ["node", "server/src/main.ts"]
