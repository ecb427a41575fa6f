# Shared helpers for the scripts in backend/scripts. Source it; do not run it.
# Every helper logs to stderr so that a script's stdout carries only its result.

# shellcheck shell=bash

# shellcheck disable=SC2034 # used by the scripts that source this file
SB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SB_SCRIPT="$(basename "$0" .sh)"

log() { printf '[%s] %s\n' "$SB_SCRIPT" "$*" >&2; }
die() { printf '[%s] error: %s\n' "$SB_SCRIPT" "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# as_root CMD...: run CMD as root (directly, or through sudo), or fail clearly.
as_root() {
	if is_root; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		die "'$*' needs root, and sudo is not available: run it as root, or install what it installs yourself"
	fi
}

# apt_install PKG...: install Debian packages (non-interactive).
apt_install() {
	command -v apt-get >/dev/null 2>&1 || die "apt-get not found: install $* with your system's package manager"
	log "installing $* with apt-get"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >&2
}

# url_with_db URL NAME: URL with its database (path) replaced by NAME; the query is kept.
url_with_db() {
	local url="$1" name="$2" scheme rest query="" hostpart
	scheme="${url%%://*}"
	rest="${url#*://}"
	if [[ "$rest" == *\?* ]]; then
		query="?${rest#*\?}"
		rest="${rest%%\?*}"
	fi
	hostpart="${rest%%/*}"
	printf '%s://%s/%s%s\n' "$scheme" "$hostpart" "$name" "$query"
}

# url_db URL: the database name of URL (empty when the URL names none).
url_db() {
	local rest="${1#*://}"
	rest="${rest%%\?*}"
	if [[ "$rest" == */* ]]; then
		printf '%s\n' "${rest#*/}"
	fi
}

# tcp_open HOST PORT: whether something accepts TCP connections there.
tcp_open() {
	# shellcheck disable=SC2016 # expanded by the inner bash
	timeout 3 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$1" "$2" 2>/dev/null
}

# take_lock FILE: hold an exclusive lock on FILE until this script exits (when
# flock exists), so that two runs at once do not trip over each other.
take_lock() {
	mkdir -p "$(dirname "$1")"
	command -v flock >/dev/null 2>&1 || return 0
	exec 9>>"$1"
	if ! flock -n 9; then
		log "waiting for another run that holds $1"
		flock 9
	fi
}
