#!/usr/bin/env bash
# run.sh — what `make run` does once the binary is built: find PostgreSQL, make
# sure the database exists, migrate, load the demo account and serve.
#
# Reads SWITCHBOARD_DATABASE_URL / DATABASE_URL (see ensure-database.sh and
# ensure-postgres.sh), SWITCHBOARD_HTTP_ADDR or PORT (default 8080),
# SWITCHBOARD_PUBLIC_URL (the address shown), SWITCHBOARD_DEMO_PASSWORD
# (default switchboard) and SWITCHBOARD_BIN (default bin/switchboard).

set -euo pipefail
# shellcheck source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BIN="${SWITCHBOARD_BIN:-$SB_ROOT/bin/switchboard}"
[ -x "$BIN" ] || die "$BIN is missing: run 'make build' first"
cd "$SB_ROOT"

SWITCHBOARD_DATABASE_URL="$("$SB_ROOT/backend/scripts/ensure-database.sh")"
export SWITCHBOARD_DATABASE_URL
log "database: $SWITCHBOARD_DATABASE_URL"

# Where serve listens (its own defaults: SWITCHBOARD_HTTP_ADDR, else :$PORT, else :8080).
addr="${SWITCHBOARD_HTTP_ADDR:-:${PORT:-8080}}"
port="${addr##*:}"
host="${addr%:*}"
case "$host" in "" | 0.0.0.0 | "[::]" | "::") host=127.0.0.1 ;; esac
host="${host#[}"
host="${host%]}"
# The address people open (and links in the app point to): follow the port.
export SWITCHBOARD_PUBLIC_URL="${SWITCHBOARD_PUBLIC_URL:-http://localhost:$port}"
url="$SWITCHBOARD_PUBLIC_URL"
password="${SWITCHBOARD_DEMO_PASSWORD:-switchboard}"

if tcp_open "$host" "$port"; then
	die "port $port is already taken by another program: stop it, or choose another port with PORT=... (or SWITCHBOARD_HTTP_ADDR)"
fi

"$BIN" migrate up
"$BIN" demo

"$BIN" serve &
pid=$!
# Ctrl-C reaches serve directly too; forward TERM in case it came from elsewhere.
trap 'kill -TERM "$pid" 2>/dev/null || true' INT TERM

ready=""
for _ in $(seq 1 240); do
	if ! kill -0 "$pid" 2>/dev/null; then
		break
	fi
	if tcp_open "$host" "$port"; then
		ready=1
		break
	fi
	sleep 0.5
done

if [ -n "$ready" ]; then
	cat <<EOF

────────────────────────────────────────────────────────────
 Switchboard is running (stop it with Ctrl-C).
 Database:  $SWITCHBOARD_DATABASE_URL

 Open       $url
 Log in as  admin@demo.test  /  $password   (administrator)
            agent@demo.test  /  $password   (agent)
────────────────────────────────────────────────────────────

EOF
elif kill -0 "$pid" 2>/dev/null; then
	log "warning: serve has not opened $host:$port after 2 minutes; still waiting for it"
fi

rc=0
while :; do
	wait "$pid" && rc=0 || rc=$?
	kill -0 "$pid" 2>/dev/null || break
done
exit "$rc"
