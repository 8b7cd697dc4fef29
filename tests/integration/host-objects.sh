#!/bin/sh
# The host-level scalars (scoutNtpHostSyncReason .. scoutNtpHostLastSyncAge)
# are the row of scoutNtpActiveDaemon, read without its index: equal to the
# chrony row in one request while synchronised and after the server is
# killed; with no time daemon left the reason is daemonNotRunning, its text
# says so, and the source, offset and age are absent.
. "${srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"
require_mibs

# same HOST-SCALAR COLUMN: both values from one GET, so from one refresh
same() {
	out=$(snmp snmpget -OqvU "SCOUT-NTP-MIB::$1.0" "SCOUT-NTP-MIB::$2.chrony") ||
		fail "snmpget $1 $2 failed"
	host=$(printf '%s\n' "$out" | sed -n 1p)
	row=$(printf '%s\n' "$out" | sed -n 2p)
	if [ -z "$host" ] || [ "$host" != "$row" ]; then
		fail "$1.0 is \"$host\", $2.chrony \"$row\""
	fi
	case "$host" in *"No Such"*) fail "$1.0 is absent" ;; esac
	say "ok: $1.0 = $2.chrony = $host"
}

# the host's view with chronyd synchronised
start_synced_chrony "daemons chrony"
expect scoutNtpActiveDaemon.0 chrony
expect scoutNtpHostSyncStatus.0 synchronized
expect scoutNtpHostSyncReason.0 none
expect scoutNtpHostSourceName.0 127.0.0.1
same scoutNtpHostSyncReason scoutNtpSyncReason
same scoutNtpHostSyncReasonText scoutNtpSyncReasonText
same scoutNtpHostSourceName scoutNtpSourceName
same scoutNtpHostOffset scoutNtpOffset
same scoutNtpHostLastSyncAge scoutNtpLastSyncAge
case "$(get scoutNtpHostOffset.0)" in
-[0-9]* | [0-9]*) ;;
*) fail "scoutNtpHostOffset.0 is not an integer: $(get scoutNtpHostOffset.0)" ;;
esac
# all twelve scalars, and the new ones after the old (sub-ids 8 to 12)
snmp snmpwalk -OqU SCOUT-NTP-MIB::scoutNtpAgent >"$T/walk" || fail "snmpwalk failed"
[ "$(grep -c '^SCOUT-NTP-MIB::scoutNtp.*\.0 ' "$T/walk")" -eq 12 ] ||
	fail "the walk of scoutNtpAgent has not 12 scalars: $(cat "$T/walk")"
tail -n 5 "$T/walk" | cut -d' ' -f1 | tr '\n' ' ' | grep -q \
    "^SCOUT-NTP-MIB::scoutNtpHostSyncReason.0 SCOUT-NTP-MIB::scoutNtpHostSyncReasonText.0 SCOUT-NTP-MIB::scoutNtpHostSourceName.0 SCOUT-NTP-MIB::scoutNtpHostOffset.0 SCOUT-NTP-MIB::scoutNtpHostLastSyncAge.0 $" ||
	fail "the new scalars are not last in the walk, in MIB order: $(cat "$T/walk")"
say "ok: a walk of scoutNtpAgent shows 12 scalars, the host's view last"

say "kill the server chronyd"
stop_pid "$SERVER_PID"
expect_within 20 scoutNtpHostSyncStatus.0 unsynchronized
expect_within 20 scoutNtpHostSyncReason.0 noReachableSources
same scoutNtpHostSyncReason scoutNtpSyncReason
same scoutNtpHostSyncReasonText scoutNtpSyncReasonText

say "kill the client chronyd: no time daemon runs"
stop_pid "$CLIENT_PID"
expect_within 20 scoutNtpActiveDaemon.0 none
expect scoutNtpHostSyncStatus.0 unsynchronized
expect scoutNtpHostSyncReason.0 daemonNotRunning
text=$(get scoutNtpHostSyncReasonText.0)
case "$text" in
"no time daemon runs on this host"*) say "ok: scoutNtpHostSyncReasonText.0 = $text" ;;
*) fail "scoutNtpHostSyncReasonText.0 is \"$text\"" ;;
esac
expect_absent scoutNtpHostSourceName.0
expect_absent scoutNtpHostOffset.0
expect_absent scoutNtpHostLastSyncAge.0
