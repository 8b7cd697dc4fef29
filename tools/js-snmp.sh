#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# tools/js-snmp.sh DIR
#
# Install the npm package net-snmp (an SNMP client in JavaScript, MIT
# licensed, sharing no code with the C net-snmp) into DIR, for
# tests/integration/ntpv4-js-walk.sh: a client independent of the agent's
# own library walks the NTPv4-MIB view. Idempotent: does nothing when it is
# already there.
#
# Environment: NPM (default npm), NET_SNMP_NPM_VERSION (default 3.29.2).
set -eu

if [ $# -ne 1 ]; then
	echo "usage: $0 DIR" >&2
	exit 2
fi
dir=$1
version=${NET_SNMP_NPM_VERSION:-3.29.2}
npm=${NPM:-npm}

[ ! -f "$dir/node_modules/net-snmp/package.json" ] || exit 0
mkdir -p "$dir"
tmp=$(mktemp -d "$dir.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
if ! "$npm" install --silent --no-audit --no-fund --prefix "$tmp" "net-snmp@$version" >/dev/null; then
	echo "js-snmp: npm install net-snmp@$version failed" >&2
	exit 1
fi
# whole or not at all: an interrupted run leaves no half-installed tree
rm -rf "$dir"
mv "$tmp" "$dir"
trap - EXIT INT TERM
echo "js-snmp: installed net-snmp@$version (npm) into $dir"
