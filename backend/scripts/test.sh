#!/usr/bin/env bash
# test.sh — run the test suites; `make test` calls it.
#
#   backend/scripts/test.sh [STEP...]   steps: vet unit build e2e go (default: all, in that order)
#
# build is `make build` (the frontend's production build, then bin/switchboard);
# the browser tests need it, the other steps do not.
# Every step runs even when an earlier one failed; the script fails when any did.
# The Go tests run last, so that their ok/FAIL lines close the output.
# Prerequisites are installed on the way (ensure-*.sh): PostgreSQL, the pinned
# MinIO binary (built in the background while the first steps run) and Chromium.
#
# Reads: SWITCHBOARD_TEST_DATABASE_URL (else ensure-postgres.sh finds a server),
# SWITCHBOARD_TEST_MINIO_BIN (else ensure-minio.sh), GO_TEST_FLAGS (default
# "-count=1 -p 2 -timeout 15m"), GO_TEST_PKGS (default ./...), SWITCHBOARD_BIN.

set -euo pipefail
# shellcheck source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$SB_ROOT"

scripts="$SB_ROOT/backend/scripts"
steps=("$@")
[ "${#steps[@]}" -gt 0 ] || steps=(vet unit build e2e go)
wants() {
	local s
	for s in "${steps[@]}"; do [ "$s" = "$1" ] && return 0; done
	return 1
}
for s in "${steps[@]}"; do
	case "$s" in vet | unit | build | e2e | go) ;; *) die "unknown step '$s' (steps: vet unit build e2e go)" ;; esac
done

export SWITCHBOARD_BIN="${SWITCHBOARD_BIN:-$SB_ROOT/bin/switchboard}"
tmp="$(mktemp -d)"
minio_pid=""
cleanup() {
	[ -z "$minio_pid" ] || kill "$minio_pid" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

# The MinIO build can take minutes: start it now, collect it when needed.
if (wants go || wants e2e) && [ -z "${SWITCHBOARD_TEST_MINIO_BIN:-}" ]; then
	"$scripts/ensure-minio.sh" >"$tmp/minio.path" 2>"$tmp/minio.log" &
	minio_pid=$!
fi

minio_failed=""
need_minio() {
	[ -z "${SWITCHBOARD_TEST_MINIO_BIN:-}" ] || return 0
	[ -z "$minio_failed" ] || return 1
	local rc=0
	wait "$minio_pid" || rc=$?
	minio_pid=""
	cat "$tmp/minio.log" >&2
	if [ "$rc" -ne 0 ] || [ ! -s "$tmp/minio.path" ]; then
		minio_failed=1
		return 1
	fi
	SWITCHBOARD_TEST_MINIO_BIN="$(cat "$tmp/minio.path")"
	export SWITCHBOARD_TEST_MINIO_BIN
}

need_postgres() {
	[ -z "${SWITCHBOARD_TEST_DATABASE_URL:-}" ] || return 0
	SWITCHBOARD_TEST_DATABASE_URL="$("$scripts/ensure-postgres.sh")" || return 1
	export SWITCHBOARD_TEST_DATABASE_URL
}

need_chromium() {
	[ -z "${SWITCHBOARD_CHROMIUM:-}" ] || return 0
	SWITCHBOARD_CHROMIUM="$("$scripts/ensure-chromium.sh")" || return 1
	export SWITCHBOARD_CHROMIUM
}

failed=()
banner() { printf '\n==> %s\n' "$*" >&2; }
record() { # record NAME EXIT_CODE
	if [ "$2" -ne 0 ]; then
		failed+=("$1")
		printf '==> %s FAILED (exit %s)\n' "$1" "$2" >&2
	fi
}

if wants vet; then
	banner "go vet ./..."
	rc=0
	go vet ./... || rc=$?
	record "go vet" "$rc"
fi

if wants unit; then
	banner "npm run test:unit"
	rc=0
	npm run test:unit || rc=$?
	record "frontend unit tests" "$rc"
fi

build_failed=""
if wants build; then
	banner "make build"
	rc=0
	"${MAKE:-make}" --no-print-directory build || rc=$?
	[ "$rc" -eq 0 ] || build_failed=1
	record "build" "$rc"
fi

if wants e2e; then
	banner "npm run test:e2e"
	rc=0
	if [ -n "$build_failed" ]; then
		log "skipped: the build failed"
		rc=1
	elif ! need_postgres || ! need_chromium || ! need_minio; then
		rc=1
	elif [ ! -x "$SWITCHBOARD_BIN" ]; then
		log "$SWITCHBOARD_BIN is missing: run 'make build' first"
		rc=1
	else
		log "SWITCHBOARD_TEST_DATABASE_URL=$SWITCHBOARD_TEST_DATABASE_URL"
		npm run test:e2e || rc=$?
	fi
	record "browser tests" "$rc"
fi

if wants go; then
	# shellcheck disable=SC2206 # word splitting of the flags is intended
	flags=(${GO_TEST_FLAGS:--count=1 -p 2 -timeout 15m})
	# shellcheck disable=SC2206
	pkgs=(${GO_TEST_PKGS:-./...})
	banner "go test ${flags[*]} ${pkgs[*]}"
	rc=0
	if ! need_postgres || ! need_minio; then
		rc=1
	else
		log "SWITCHBOARD_TEST_DATABASE_URL=$SWITCHBOARD_TEST_DATABASE_URL"
		log "SWITCHBOARD_TEST_MINIO_BIN=$SWITCHBOARD_TEST_MINIO_BIN"
		go test "${flags[@]}" "${pkgs[@]}" || rc=$?
	fi
	record "go test" "$rc"
fi

if [ "${#failed[@]}" -gt 0 ]; then
	list="$(printf '%s, ' "${failed[@]}")"
	printf '\n==> make test: failed: %s\n' "${list%, }" >&2
	exit 1
fi
