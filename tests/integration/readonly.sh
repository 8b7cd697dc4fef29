#!/bin/sh
# Every object is read-only: snmpset with a read-write community gets
# notWritable on scalars and on both tables, and changes nothing.
. "${srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"
require_mibs
require snmpset

start_synced_chrony

# set OBJECT TYPE VALUE: must fail with notWritable
set_refused() {
	if SNMPCONFPATH=$T/snmpconf MIBS= snmpset -v2c -c private "127.0.0.1:$SNMP_PORT" \
	    "SCOUT-NTP-MIB::$1" "$2" "$3" > "$T/set.out" 2>&1; then
		fail "SET of $1 succeeded: $(cat "$T/set.out")"
	fi
	grep -q "notWritable" "$T/set.out" || fail "SET of $1: $(cat "$T/set.out")"
	say "ok: SET $1 -> notWritable"
}

set_refused scoutNtpRefreshInterval.0 u 60
set_refused scoutNtpAgentVersion.0 s hacked
set_refused scoutNtpSyncStatus.chrony i 2
set_refused scoutNtpSourceName.chrony s evil.example
set_refused scoutNtpSrcState.chrony.1 i 5
# a row that does not exist cannot be created either
set_refused scoutNtpSyncStatus.timesyncd i 1

expect scoutNtpRefreshInterval.0 1
expect scoutNtpSyncStatus.chrony synchronized
expect scoutNtpSourceName.chrony 127.0.0.1
