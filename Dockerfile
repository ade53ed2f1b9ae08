# syntax=docker/dockerfile:1
# One image for the four services (and the migration job); docker-compose.yml picks the
# command per service. Services run their TypeScript with tsx, as `pnpm start` does.

FROM node:20-bookworm-slim AS base
RUN npm install -g pnpm@10 && npm cache clean --force
WORKDIR /app

# Dependencies first, keyed on the lockfile only, so code changes reuse this layer.
FROM base AS deps
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
RUN pnpm fetch

# Full install and a typecheck: the image is never built from code that does not compile.
FROM deps AS build
COPY . .
RUN pnpm install --offline --frozen-lockfile && pnpm typecheck

# Runtime: production dependencies only, unprivileged user.
FROM deps AS runtime
ENV NODE_ENV=production LOG_FORMAT=json
COPY --from=build /app /app
RUN rm -rf node_modules */*/node_modules \
  && pnpm install --offline --frozen-lockfile --prod \
  && chown -R node:node /app
USER node
# Each service sets its own working_dir and command, e.g. services/gateway + `node --import tsx src/server.ts`.
CMD ["node", "--import", "tsx", "src/server.ts"]
