# One image for both processes; docker-compose.yml picks the command:
#   worker: node dist/worker/main.js (the default CMD)
#   API:    node dist/api/main.js    (listens on API_PORT, 3000)
# Configuration comes from the environment variables read by config/env.ts.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: install every dependency, compile TypeScript, then drop the dev dependencies ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app

# Dependencies first, so editing sources does not reinstall them.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

COPY . .
RUN npm run build \
  && npm prune --omit=dev --no-audit --no-fund --loglevel=error

# ---- runtime: compiled code and production dependencies only, as a non-root user ----
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
  DATA_DIR=/data \
  API_HOST=0.0.0.0 \
  API_PORT=3000
WORKDIR /app

# Owned by root and not writable by the app user; only /data is.
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The default CLINIC_CONFIG (/app/config/clinics.json, found from dist/config/env.js).
COPY --from=build /app/config/clinics.json ./config/clinics.json
# The staff console's browser files (served from the source tree, found from dist/api/console).
COPY --from=build /app/api/console/assets ./api/console/assets

# The dev outbox (OUTBOX_FILE defaults to $DATA_DIR/outbox.jsonl). A named volume mounted here
# starts out with this ownership, so the `node` user (uid 1000) can write to it.
RUN mkdir -p /data && chown node:node /data

USER node
EXPOSE 3000
# Exec form, so SIGTERM reaches node (directly, or through the init process that compose's
# `init: true` adds): the worker drains in-flight tasks and the API closes its server.
CMD ["node", "dist/worker/main.js"]
