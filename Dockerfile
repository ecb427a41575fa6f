# syntax=docker/dockerfile:1
# Switchboard: one binary with the web app and the SQL migrations embedded.
#   docker build -t switchboard .
#   docker compose up          (PostgreSQL + MinIO + Switchboard, see docker-compose.yml)

ARG NODE_VERSION=20
ARG GO_VERSION=1.26
ARG DEBIAN_VERSION=bookworm

# ---- frontend: Vite build into frontend/dist ----------------------------------
FROM node:${NODE_VERSION}-${DEBIAN_VERSION}-slim AS frontend
WORKDIR /src
COPY package.json package-lock.json* ./
COPY frontend/package.json frontend/
RUN if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; \
    else npm install --no-audit --no-fund; fi
COPY frontend/ frontend/
RUN npm run build

# ---- backend: the Go binary, embedding the frontend build ---------------------
FROM golang:${GO_VERSION}-${DEBIAN_VERSION} AS backend
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY backend/ backend/
COPY migrations/ migrations/
COPY frontend/ frontend/
COPY --from=frontend /src/frontend/dist/ frontend/dist/
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/switchboard ./backend/cmd/switchboard

# ---- runtime -------------------------------------------------------------------
FROM debian:${DEBIAN_VERSION}-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --home-dir /var/lib/switchboard \
        --create-home --shell /usr/sbin/nologin switchboard
COPY --from=backend /out/switchboard /usr/local/bin/switchboard
USER switchboard
WORKDIR /var/lib/switchboard
ENV PORT=8080
EXPOSE 8080
ENTRYPOINT ["switchboard"]
CMD ["serve"]
