# syntax=docker/dockerfile:1
# The rfid image: one image, every role — `docker run IMAGE api|ingest|worker|migrate|topics ensure|…`.
# Build: docker build -t rfid-pipeline .
# Server code is TypeScript run by Node's type stripping: there is no build step for it, so the
# runtime stage holds the source itself. Only the web console is built (Vite), in the builder.

# ── builder: all dependencies, the console's static assets ──
FROM node:24-slim AS builder
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build:console

# ── runtime: production dependencies, the source, the built console; not root ──
FROM node:24-slim AS runtime
# Only variables rfid reads (test/deploy/dockerfile.test.ts checks): listen on every interface,
# JSON log lines, and the ingest worker's /metrics + /health on 9464 (its health check asks there).
ENV HOST=0.0.0.0 \
    PORT=8080 \
    RFID_METRICS_PORT=9464 \
    LOG_FORMAT=json
WORKDIR /app
COPY package.json package-lock.json ./
# The hidden lock file npm ci writes (node_modules/.package-lock.json) is newer than the copied
# package-lock.json, so bin/rfid's "dependencies out of date?" check never runs npm at start.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY bin ./bin
COPY scripts/lib ./scripts/lib
COPY src ./src
COPY --from=builder /app/console/dist ./console/dist
RUN ln -s /app/bin/rfid /usr/local/bin/rfid
# node:24-slim's unprivileged user (uid 1000); the app files stay root-owned and read-only to it.
USER node
EXPOSE 8080 9464
# `rfid health` checks the container's own role: api → GET /health, ingest → /health on
# RFID_METRICS_PORT, worker → Postgres answers, a one-shot command → healthy while it runs.
# Each check starts a Node process that loads only that command: ~0.2 s of CPU, ~90 MB peak RSS.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 CMD ["rfid", "health"]
ENTRYPOINT ["rfid"]
CMD ["api"]
