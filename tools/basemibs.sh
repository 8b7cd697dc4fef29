#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# tools/basemibs.sh DIR
#
# Put the SMIv2 base MIBs (SNMPv2-SMI, SNMPv2-TC, SNMPv2-CONF, SNMPv2-MIB)
# into DIR, for tests/mib-lint.sh and tests/mib-oids.sh (BASEMIBS=DIR).
# Debian ships them only in the non-free snmp-mibs-downloader, so they are
# taken from the npm package net-snmp (MIT licensed; the MIB texts themselves
# are the IETF's, from RFC 2578/2579/2580/3418). Idempotent: does nothing when
# the files are already there.
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
files="SNMPv2-SMI SNMPv2-TC SNMPv2-CONF SNMPv2-MIB"

missing=
for f in $files; do
	[ -s "$dir/$f.mib" ] || missing="$missing $f"
done
[ -n "$missing" ] || exit 0

mkdir -p "$dir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

if ! (cd "$tmp" && "$npm" pack --silent "net-snmp@$version" >/dev/null); then
	echo "basemibs: npm pack net-snmp@$version failed" >&2
	exit 1
fi
tgz=$(ls "$tmp"/net-snmp-*.tgz)
members=
for f in $missing; do
	members="$members package/lib/mibs/$f.mib"
done
# shellcheck disable=SC2086 # word splitting of the member list is intended
tar -xzf "$tgz" -C "$tmp" $members
for f in $missing; do
	# copy then rename, so an interrupted run leaves no half-written file
	cp "$tmp/package/lib/mibs/$f.mib" "$dir/.$f.mib.tmp"
	mv "$dir/.$f.mib.tmp" "$dir/$f.mib"
done
echo "basemibs: put$missing into $dir (npm net-snmp@$version)"
