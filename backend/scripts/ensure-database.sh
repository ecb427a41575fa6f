#!/usr/bin/env bash
# ensure-database.sh — make sure Switchboard's database exists; print its URL.
#
#   backend/scripts/ensure-database.sh [SERVER_URL]
#
# The database URL is SWITCHBOARD_DATABASE_URL when set (used as given), else
# SERVER_URL — or, without it, the URL printed by ensure-postgres.sh — with its
# database replaced by SWITCHBOARD_DB_NAME (default: switchboard).
# The database is created when missing by `bin/switchboard db create`
# (SWITCHBOARD_BIN overrides the binary), falling back to psql when the binary
# cannot do it. Prints the URL on stdout; logs go to stderr.

set -euo pipefail
# shellcheck source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BIN="${SWITCHBOARD_BIN:-$SB_ROOT/bin/switchboard}"
NAME="${SWITCHBOARD_DB_NAME:-switchboard}"

if [ -n "${SWITCHBOARD_DATABASE_URL:-}" ]; then
	app_url="$SWITCHBOARD_DATABASE_URL"
	NAME="$(url_db "$app_url")"
	[ -n "$NAME" ] || die "SWITCHBOARD_DATABASE_URL names no database"
	admin_url="$(url_with_db "$app_url" postgres)"
else
	server_url="${1:-}"
	[ -n "$server_url" ] || server_url="$("$SB_ROOT/backend/scripts/ensure-postgres.sh")"
	app_url="$(url_with_db "$server_url" "$NAME")"
	admin_url="$server_url"
fi

create_with_psql() {
	command -v psql >/dev/null 2>&1 || return 1
	[[ "$NAME" =~ ^[A-Za-z0-9_-]+$ ]] || die "database name '$NAME' needs quoting; create it yourself"
	local exists
	exists="$(PGCONNECT_TIMEOUT=5 psql "$admin_url" -w -X -A -t -q -v ON_ERROR_STOP=1 \
		-c "select 1 from pg_database where datname = '$NAME'")" || return 1
	if [ "$exists" != 1 ]; then
		log "creating database $NAME"
		psql "$admin_url" -w -X -q -v ON_ERROR_STOP=1 -c "create database \"$NAME\"" >&2 || return 1
	fi
}

if [ -x "$BIN" ] && SWITCHBOARD_DATABASE_URL="$app_url" "$BIN" db create >&2; then
	:
elif create_with_psql; then
	[ -x "$BIN" ] && log "note: '$BIN db create' failed; created the database with psql instead"
else
	die "could not make sure the database $NAME exists (no working '$BIN db create', and psql could not do it either)"
fi
echo "$app_url"
