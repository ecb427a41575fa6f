#!/usr/bin/env bash
# ensure-chromium.sh — make sure Debian's Chromium is installed; print its path.
#
# The browser tests drive /usr/bin/chromium through playwright-core (no browser
# download). When it is missing it is installed with apt-get (as root, or through
# sudo). SWITCHBOARD_CHROMIUM names another browser binary to use instead.

set -euo pipefail
# shellcheck source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [ -n "${SWITCHBOARD_CHROMIUM:-}" ]; then
	[ -x "$SWITCHBOARD_CHROMIUM" ] || die "SWITCHBOARD_CHROMIUM=$SWITCHBOARD_CHROMIUM is not an executable"
	echo "$SWITCHBOARD_CHROMIUM"
	exit 0
fi

CHROMIUM=/usr/bin/chromium
if [ ! -x "$CHROMIUM" ]; then
	log "$CHROMIUM is missing"
	apt_install chromium
	[ -x "$CHROMIUM" ] || die "chromium was installed but $CHROMIUM is still missing"
fi
echo "$CHROMIUM"
