# Switchboard — build, run and test. `make help` lists the targets.
#
# Needs Go and Node.js (npm); everything else (PostgreSQL when none answers,
# Chromium, the MinIO test binary) is installed on first use by the scripts in
# backend/scripts. Steps whose inputs did not change are skipped.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build
.DELETE_ON_ERROR:
MAKEFLAGS += --no-print-directory

GO      ?= go
NPM     ?= npm
SCRIPTS := backend/scripts
BIN     := bin/switchboard
STAMPS  := .tools/stamps

# Extra arguments: `make bench BENCH_ARGS="..."`.
BENCH_ARGS ?=

# Inputs of each step (file names with spaces are not supported).
GO_SRC := go.mod go.sum $(wildcard frontend/*.go) \
	$(shell find backend migrations -type f -not -name '*_test.go' \
		-not -path '*/testdata/*' -not -path '$(SCRIPTS)/*' 2>/dev/null)
FRONTEND_SRC := package.json $(wildcard package-lock.json) \
	$(shell find frontend -type f -not -path 'frontend/node_modules/*' \
		-not -path 'frontend/dist/*' -not -path 'frontend/test-results/*' \
		-not -path 'frontend/playwright-report/*' -not -name '*.go' 2>/dev/null)
NODE_STAMP := node_modules/.package-lock.json
DIST_INDEX := frontend/dist/index.html

.PHONY: help deps build frontend run dev test vet test-unit test-e2e test-go \
	bench bench-go db-url db-status db-stop minio chromium clean distclean

help:
	@echo 'make build       build the frontend and bin/switchboard (the default)'
	@echo 'make run         build, find or start PostgreSQL, migrate, load the demo, serve on :8080'
	@echo 'make test        go vet, frontend unit tests, build, browser tests, Go tests (installs what they need)'
	@echo '                 single suites: make vet | test-unit | test-e2e | test-go'
	@echo 'make bench       run `switchboard bench` against the local database (BENCH_ARGS=...)'
	@echo 'make bench-go    run the Go benchmarks once each'
	@echo 'make dev         how to work on the frontend with live reload'
	@echo 'make db-url      print the PostgreSQL superuser URL the other targets use'
	@echo 'make db-stop     stop the local PostgreSQL cluster in storage/postgres (if one was started)'
	@echo 'make clean       remove build output (keeps node_modules, .tools and storage)'
	@echo 'make distclean   also remove node_modules and .tools (the MinIO test binary)'

# ---- dependencies ----------------------------------------------------------

deps: $(NODE_STAMP) $(STAMPS)/go-mod

$(NODE_STAMP): package.json frontend/package.json $(wildcard package-lock.json)
	@echo '==> installing npm packages'
	if [ -f package-lock.json ]; then $(NPM) ci --no-audit --no-fund; else $(NPM) install --no-audit --no-fund; fi
	touch $@

$(STAMPS)/go-mod: go.mod go.sum
	@echo '==> downloading Go modules'
	$(GO) mod download
	mkdir -p $(@D)
	touch $@

# ---- build -----------------------------------------------------------------

frontend: $(DIST_INDEX)

$(DIST_INDEX): $(NODE_STAMP) $(FRONTEND_SRC)
	@echo '==> building the frontend'
	$(NPM) run build
	test -f $@ && touch $@

build: $(BIN)

$(BIN): $(STAMPS)/go-mod $(DIST_INDEX) $(GO_SRC)
	@echo '==> building $@'
	$(GO) build -o $@ ./backend/cmd/switchboard

# ---- run -------------------------------------------------------------------

run: build
	$(SCRIPTS)/run.sh

dev:
	@echo 'Frontend work with live reload, in two terminals:'
	@echo '  1. SWITCHBOARD_ALLOWED_ORIGINS=http://localhost:5173 make run'
	@echo '                     # API, websockets and the built UI on http://localhost:8080'
	@echo '  2. npm run dev     # Vite on http://localhost:5173; forwards /api, /webhooks and'
	@echo '                     # /healthz to SWITCHBOARD_DEV_BACKEND (default http://localhost:8080)'
	@echo 'Backend work: edit, then `make run` again; it rebuilds only what changed.'
	@echo 'Database: `make db-url` prints the server URL; `psql "$$(make -s db-url)"` opens it;'
	@echo '`make db-stop` stops the local cluster in storage/postgres if one was started.'

# ---- test ------------------------------------------------------------------

# Every suite runs even when an earlier one failed; the Go tests come last.
test: deps
	MAKE='$(MAKE)' $(SCRIPTS)/test.sh

vet: $(STAMPS)/go-mod
	$(SCRIPTS)/test.sh vet

test-unit: $(NODE_STAMP)
	$(SCRIPTS)/test.sh unit

test-e2e: build
	$(SCRIPTS)/test.sh e2e

test-go: $(STAMPS)/go-mod
	$(SCRIPTS)/test.sh go

# ---- benchmarks --------------------------------------------------------------

bench: build
	server_url="$$($(SCRIPTS)/ensure-postgres.sh)"; \
	bench_url="$$(SWITCHBOARD_DB_NAME=switchboard_bench $(SCRIPTS)/ensure-database.sh "$$server_url")"; \
	SWITCHBOARD_DATABASE_URL="$$bench_url" SWITCHBOARD_TEST_DATABASE_URL="$$server_url" \
		$(BIN) bench $(BENCH_ARGS)

bench-go: build
	server_url="$$($(SCRIPTS)/ensure-postgres.sh)"; \
	minio_bin="$$($(SCRIPTS)/ensure-minio.sh)"; \
	SWITCHBOARD_TEST_DATABASE_URL="$$server_url" SWITCHBOARD_TEST_MINIO_BIN="$$minio_bin" \
		$(GO) test -run '^$$' -bench . -benchtime 1x ./backend/...

# ---- helpers -----------------------------------------------------------------

db-url:
	@$(SCRIPTS)/ensure-postgres.sh

db-status:
	@$(SCRIPTS)/ensure-postgres.sh status || true

db-stop:
	@$(SCRIPTS)/ensure-postgres.sh stop

minio:
	@$(SCRIPTS)/ensure-minio.sh

chromium:
	@$(SCRIPTS)/ensure-chromium.sh

clean:
	rm -rf bin $(STAMPS) frontend/test-results frontend/playwright-report
	find frontend/dist -mindepth 1 -not -name .gitkeep -delete 2>/dev/null || true

distclean: clean
	rm -rf node_modules frontend/node_modules .tools
