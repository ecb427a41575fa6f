#!/usr/bin/env bash
# ensure-minio.sh — make sure the pinned MinIO server binary exists; print its path.
#
# The Go tests start their own MinIO from this binary (SWITCHBOARD_TEST_MINIO_BIN).
# It is built from source with `go install` into .tools/bin (git-ignored); the
# first build takes several minutes, later runs reuse it. A copy is kept in the
# user's cache folder (SWITCHBOARD_CACHE_DIR, default ~/.cache/switchboard), so
# that a fresh clone on the same machine need not build it again.

set -euo pipefail
# shellcheck source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MINIO_MODULE=github.com/minio/minio
MINIO_VERSION=v0.0.0-20260212201848-7aac2a2c5b7c
GOBIN_DIR="$SB_ROOT/.tools/bin"
BIN="$GOBIN_DIR/minio"
CACHE_DIR="${SWITCHBOARD_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/switchboard}"
CACHED="$CACHE_DIR/minio-$MINIO_VERSION"

# is_pinned FILE: whether FILE is a MinIO binary built from the pinned version.
is_pinned() {
	[ -x "$1" ] || return 1
	go version -m "$1" 2>/dev/null | grep -q "^[[:space:]]*mod[[:space:]]*${MINIO_MODULE}[[:space:]]*${MINIO_VERSION}\b"
}

# save_to_cache: keep a copy of the binary for later clones (best effort).
save_to_cache() {
	is_pinned "$CACHED" && return 0
	if mkdir -p "$CACHE_DIR" 2>/dev/null && cp "$BIN" "$CACHED.tmp" 2>/dev/null; then
		mv -f "$CACHED.tmp" "$CACHED"
	else
		rm -f "$CACHED.tmp" 2>/dev/null || true
	fi
}

done_with() {
	save_to_cache
	echo "$BIN"
	exit 0
}

is_pinned "$BIN" && done_with

take_lock "$SB_ROOT/.tools/minio.lock"
is_pinned "$BIN" && done_with # built by the run we waited for

# A build of exactly this started by hand (or by another tree) may be under way:
# wait for it instead of starting a second one.
while pgrep -f "go install $MINIO_MODULE@$MINIO_VERSION" >/dev/null 2>&1; do
	log "waiting for a running 'go install $MINIO_MODULE@$MINIO_VERSION' to finish"
	sleep 10
	is_pinned "$BIN" && done_with
done
is_pinned "$BIN" && done_with

mkdir -p "$GOBIN_DIR"
if is_pinned "$CACHED"; then
	log "reusing $CACHED"
	cp "$CACHED" "$BIN.tmp"
	mv -f "$BIN.tmp" "$BIN"
	done_with
fi

log "building MinIO $MINIO_VERSION into $GOBIN_DIR (takes a few minutes the first time)"
start=$SECONDS
GOBIN="$GOBIN_DIR" go install "$MINIO_MODULE@$MINIO_VERSION" >&2 9>&- ||
	die "go install $MINIO_MODULE@$MINIO_VERSION failed"
is_pinned "$BIN" || die "go install finished but $BIN is not the pinned MinIO"
log "built $BIN in $((SECONDS - start))s"
done_with
