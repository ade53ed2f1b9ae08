# syntax=docker/dockerfile:1
# One Dockerfile, one image per service: `docker build --target <service> .`, where <service> is
# gateway, user-service, event-service, worker or migrate (docker-compose.yml builds each).
# `docker build .` builds the gateway (the last stage), and `docker run` of any of them needs no
# arguments. Each runs compiled JavaScript (scripts/build.ts: esbuild) with production
# dependencies only (pnpm deploy --prod), on Node 24 LTS, as the unprivileged `node` user, with
# its code owned by root and read-only.

FROM node:24-bookworm-slim AS build
RUN npm install -g pnpm@10.34.9 && npm cache clean --force
WORKDIR /src
# Dependencies first, keyed on the lockfile only, so code changes reuse this layer.
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
RUN pnpm fetch
COPY . .
# Never an image of code that does not compile: typecheck, then build every deployable into /out.
RUN pnpm install --offline --frozen-lockfile \
  && pnpm typecheck \
  && pnpm exec tsx scripts/build.ts /out

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production LOG_FORMAT=json
WORKDIR /app
# Readiness of the service in this image (PORT, or the worker's METRICS_PORT).
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||process.env.METRICS_PORT)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

FROM runtime AS migrate
COPY --from=build --chown=root:root --chmod=a-w /out/migrate /app
USER node
HEALTHCHECK NONE
CMD ["node", "dist/migrate.mjs", "latest"]

FROM runtime AS user-service
COPY --from=build --chown=root:root --chmod=a-w /out/user-service /app
ENV PORT=3001 HOST=0.0.0.0
EXPOSE 3001
USER node
CMD ["node", "dist/server.mjs"]

FROM runtime AS event-service
COPY --from=build --chown=root:root --chmod=a-w /out/event-service /app
ENV PORT=3002 HOST=0.0.0.0
EXPOSE 3002
USER node
CMD ["node", "dist/server.mjs"]

FROM runtime AS worker
COPY --from=build --chown=root:root --chmod=a-w /out/worker /app
ENV METRICS_PORT=3003 HOST=0.0.0.0
EXPOSE 3003
USER node
# Parked batches are committed on SIGTERM; give it time (docker-compose: stop_grace_period).
STOPSIGNAL SIGTERM
CMD ["node", "dist/main.mjs"]

FROM runtime AS gateway
COPY --from=build --chown=root:root --chmod=a-w /out/gateway /app
ENV PORT=3000
EXPOSE 3000
USER node
CMD ["node", "dist/server.mjs"]
