#!/usr/bin/env bash
# ensure-postgres.sh — find or start a PostgreSQL server and print a superuser URL.
#
#   backend/scripts/ensure-postgres.sh          print a URL (stdout); logs go to stderr
#   backend/scripts/ensure-postgres.sh stop     stop the local cluster, if it runs
#   backend/scripts/ensure-postgres.sh status   tell whether the local cluster runs
#
# The URL's user may create databases; its database is the server's maintenance
# database. Where it comes from, first match wins:
#   1. DATABASE_URL, when set and reachable;
#   2. the server at SWITCHBOARD_PG_PROBE_URL
#      (default postgres://postgres@localhost:5432/postgres?sslmode=disable);
#   3. a local cluster under storage/postgres (SWITCHBOARD_PG_DIR), data in data/,
#      log in log/, listening on 127.0.0.1:5433 (SWITCHBOARD_PG_PORT) and a unix
#      socket in that folder, trust authentication. It is created on first use from
#      the installed PostgreSQL server binaries (SWITCHBOARD_PG_BIN, else the newest
#      /usr/lib/postgresql/*/bin, else initdb on PATH; apt-get installs the package
#      postgresql when none is found), reused afterwards, and started when stopped.
#      As root the server runs as the system user postgres (created when missing).
# Idempotent: run it as often as you like.

set -euo pipefail
# shellcheck source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PROBE_URL="${SWITCHBOARD_PG_PROBE_URL:-postgres://postgres@localhost:5432/postgres?sslmode=disable}"
PG_DIR="${SWITCHBOARD_PG_DIR:-$SB_ROOT/storage/postgres}"
PG_PORT="${SWITCHBOARD_PG_PORT:-5433}"
PG_USER=postgres # the cluster's superuser, and its OS owner when run as root
ACTION="${1:-ensure}"

PGBIN=""

find_pgbin() {
	local d
	if [ -n "${SWITCHBOARD_PG_BIN:-}" ]; then
		if [ ! -x "$SWITCHBOARD_PG_BIN/initdb" ] || [ ! -x "$SWITCHBOARD_PG_BIN/pg_ctl" ]; then
			die "SWITCHBOARD_PG_BIN=$SWITCHBOARD_PG_BIN holds no initdb and pg_ctl"
		fi
		PGBIN="$SWITCHBOARD_PG_BIN"
		return 0
	fi
	# Newest major version first.
	# shellcheck disable=SC2012 # the paths are plain
	while read -r d; do
		if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
			PGBIN="$d"
			return 0
		fi
	done < <(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r)
	if command -v initdb >/dev/null 2>&1; then
		d="$(dirname "$(readlink -f "$(command -v initdb)")")"
		if [ -x "$d/pg_ctl" ]; then
			PGBIN="$d"
			return 0
		fi
	fi
	return 1
}

# tool NAME: path of a PostgreSQL client tool (PATH first, then the server's bin dir).
tool() {
	if command -v "$1" >/dev/null 2>&1; then
		command -v "$1"
	elif [ -n "$PGBIN" ] && [ -x "$PGBIN/$1" ]; then
		echo "$PGBIN/$1"
	elif find_pgbin && [ -x "$PGBIN/$1" ]; then
		echo "$PGBIN/$1"
	else
		return 1
	fi
}

# can_connect URL: whether URL accepts a real login (psql), else whether the
# server answers (pg_isready), else whether its port is open.
can_connect() {
	local url="$1" bin rest hostport host port
	if bin="$(tool psql)"; then
		PGCONNECT_TIMEOUT=5 "$bin" "$url" -w -X -A -t -q -c 'select 1' </dev/null >/dev/null 2>&1
		return
	fi
	if bin="$(tool pg_isready)"; then
		"$bin" -q -t 5 -d "$url" >/dev/null 2>&1
		return
	fi
	rest="${url#*://}"
	rest="${rest##*@}"
	hostport="${rest%%[/?]*}"
	if [[ "$hostport" == \[*\]* ]]; then
		host="${hostport%%]*}"
		host="${host#[}"
		port="${hostport##*]}"
		port="${port#:}"
	else
		host="${hostport%%:*}"
		port=""
		[[ "$hostport" == *:* ]] && port="${hostport##*:}"
	fi
	[ -n "$host" ] || return 0 # a unix socket URL: nothing to probe without psql
	tcp_open "$host" "${port:-5432}"
}

# as_owner CMD...: run CMD as the cluster's OS owner, from a directory it may
# enter, without the lock's file descriptor (the server must not inherit it).
as_owner() {
	if is_root; then
		if command -v runuser >/dev/null 2>&1; then
			(cd / && runuser -u "$PG_USER" -- "$@" 9>&-)
		else
			(cd / && su -s /bin/sh "$PG_USER" -c "$(printf '%q ' "$@")" 9>&-)
		fi
	else
		(cd / && "$@" 9>&-)
	fi
}

ensure_os_user() {
	is_root || return 0
	getent passwd "$PG_USER" >/dev/null && return 0
	log "creating the system user $PG_USER"
	getent group "$PG_USER" >/dev/null || groupadd --system "$PG_USER"
	useradd --system --gid "$PG_USER" --home-dir /var/lib/postgresql --no-create-home \
		--shell /bin/bash --comment "PostgreSQL administrator" "$PG_USER"
}

# prepare_dir: create PG_DIR owned by the cluster's owner. When run as root in a
# tree the owner cannot enter (a clone under /root, say), the cluster lives
# under /var/lib/switchboard instead and PG_DIR becomes a symlink to it.
prepare_dir() {
	mkdir -p "$PG_DIR"
	PG_DIR="$(readlink -f "$PG_DIR")"
	is_root || return 0
	chown "$PG_USER:" "$PG_DIR"
	if as_owner test -w "$PG_DIR" -a -x "$PG_DIR"; then
		return 0
	fi
	local link="$PG_DIR" alt
	alt="/var/lib/switchboard/postgres-$(printf '%s' "$link" | cksum | cut -d' ' -f1)"
	if [ -n "$(find "$link" -mindepth 1 -type f -print -quit)" ]; then
		die "$PG_DIR holds files but the user $PG_USER cannot reach it; move it away or make its parent folders searchable (chmod o+x)"
	fi
	log "the user $PG_USER cannot reach $link; keeping the cluster in $alt (symlinked)"
	mkdir -p "$alt"
	chown "$PG_USER:" "$alt"
	rm -rf "$link"
	ln -s "$alt" "$link"
	PG_DIR="$alt"
}

# running_port: the port of the running local cluster (empty when stopped).
running_port() {
	local data="$PG_DIR/data"
	[ -f "$data/PG_VERSION" ] || return 0
	if as_owner "$PGBIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
		sed -n 4p "$data/postmaster.pid"
	fi
}

local_url() { echo "postgres://$PG_USER@127.0.0.1:$1/postgres?sslmode=disable"; }

ensure_local_cluster() {
	if ! find_pgbin; then
		log "no PostgreSQL server binaries found (looked in /usr/lib/postgresql/*/bin and for initdb on PATH)"
		apt_install postgresql
		find_pgbin || die "PostgreSQL was installed but initdb/pg_ctl are still not found; set SWITCHBOARD_PG_BIN"
	fi
	ensure_os_user
	prepare_dir
	take_lock "$PG_DIR/.lock"

	local data="$PG_DIR/data" logdir="$PG_DIR/log" sockdir="$PG_DIR" port
	mkdir -p "$logdir"
	is_root && chown "$PG_USER:" "$logdir" "$PG_DIR/.lock"

	port="$(running_port)"
	if [ -n "$port" ]; then
		log "local cluster in $data is running on port $port"
		echo "$port"
		return 0
	fi

	if [ ! -f "$data/PG_VERSION" ]; then
		if [ -d "$data" ] && [ -n "$(ls -A "$data")" ]; then
			die "$data exists but holds no PostgreSQL cluster; remove it and retry"
		fi
		log "creating a local cluster in $data with $PGBIN/initdb"
		mkdir -p "$data"
		is_root && chown "$PG_USER:" "$data"
		chmod 700 "$data"
		as_owner "$PGBIN/initdb" -D "$data" -U "$PG_USER" --auth=trust -E UTF8 --no-locale >/dev/null
		echo "include_if_exists = 'switchboard.conf'" >>"$data/postgresql.conf"
	fi

	# Rewritten at every start, so that a changed SWITCHBOARD_PG_PORT takes effect.
	# A unix socket path is limited to about 100 bytes: skip the socket when too long.
	[ "${#sockdir}" -le 90 ] || sockdir=""
	[[ "$sockdir" != *\'* ]] || sockdir=""
	cat >"$data/switchboard.conf" <<EOF
# Written by backend/scripts/ensure-postgres.sh at every start; edits are lost.
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$sockdir'
max_connections = 200
EOF
	is_root && chown "$PG_USER:" "$data/switchboard.conf"

	if tcp_open 127.0.0.1 "$PG_PORT"; then
		die "port $PG_PORT on 127.0.0.1 is taken by another program; choose a free one with SWITCHBOARD_PG_PORT"
	fi
	log "starting the local cluster on 127.0.0.1:$PG_PORT (log: $logdir/postgres.log)"
	if ! as_owner "$PGBIN/pg_ctl" -D "$data" -l "$logdir/postgres.log" -w -t 60 start >&2; then
		tail -n 30 "$logdir/postgres.log" >&2 || true
		die "the local cluster did not start; see $logdir/postgres.log"
	fi
	echo "$PG_PORT"
}

stop_local_cluster() {
	local data="$PG_DIR/data"
	[ -e "$PG_DIR" ] && PG_DIR="$(readlink -f "$PG_DIR")" && data="$PG_DIR/data"
	if [ ! -f "$data/PG_VERSION" ]; then
		log "no local cluster in $data"
		return 0
	fi
	find_pgbin || die "no PostgreSQL server binaries found"
	if [ -z "$(running_port)" ]; then
		log "the local cluster in $data is not running"
		return 0
	fi
	as_owner "$PGBIN/pg_ctl" -D "$data" -m fast -w stop >&2
}

case "$ACTION" in
ensure) ;;
stop)
	stop_local_cluster
	exit 0
	;;
status)
	[ -e "$PG_DIR" ] && PG_DIR="$(readlink -f "$PG_DIR")"
	if find_pgbin && [ -n "$(running_port)" ]; then
		log "local cluster running: $(local_url "$(running_port)")"
		exit 0
	fi
	log "local cluster not running"
	exit 3
	;;
*) die "unknown action '$ACTION' (use: ensure, stop, status)" ;;
esac

if [ -n "${DATABASE_URL:-}" ]; then
	if can_connect "$DATABASE_URL"; then
		log "using DATABASE_URL"
		echo "$DATABASE_URL"
		exit 0
	fi
	log "warning: DATABASE_URL is set but does not answer; looking further"
fi

if can_connect "$PROBE_URL"; then
	log "using the server at $PROBE_URL"
	echo "$PROBE_URL"
	exit 0
fi
log "no usable server at $PROBE_URL; using a local cluster in $PG_DIR"

port="$(ensure_local_cluster)"
url="$(local_url "$port")"
for _ in $(seq 1 30); do
	if can_connect "$url"; then
		echo "$url"
		exit 0
	fi
	sleep 1
done
die "the local cluster runs but $url does not accept logins; see $PG_DIR/log/postgres.log"
