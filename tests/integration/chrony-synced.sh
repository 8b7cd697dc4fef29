#!/bin/sh
# A chronyd client synchronised to a chronyd server on loopback: the agent's
# daemon row says synchronized, to 127.0.0.1 at stratum 9, with an offset and
# a last sync, its source row is selected, and the values agree with chronyc.
. "${srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"
require_mibs

start_synced_chrony
expect scoutNtpSyncReason.chrony none
expect scoutNtpDaemonName.chrony chronyd
expect scoutNtpDaemonState.chrony running
expect scoutNtpSourceAddress.chrony 127.0.0.1
expect scoutNtpSourceName.chrony 127.0.0.1
expect scoutNtpStratum.chrony 9
expect scoutNtpRefId.chrony 7F000001
expect scoutNtpLeapStatus.chrony normal
expect scoutNtpSourcesTotal.chrony 1
expect scoutNtpSourcesReachable.chrony 1
expect scoutNtpHostSyncStatus.0 synchronized
expect scoutNtpActiveDaemon.0 chrony
expect scoutNtpDaemonsActive.0 1
expect scoutNtpRefreshInterval.0 1
expect scoutNtpSrcAddress.chrony.1 127.0.0.1
expect scoutNtpSrcMode.chrony.1 server
expect scoutNtpSrcState.chrony.1 selected
expect scoutNtpSrcStratum.chrony.1 8
expect scoutNtpSrcPoll.chrony.1 "$CHRONY_POLL"

reason=$(get scoutNtpSyncReasonText.chrony)
# no live value in it: the same text from one poll to the next
[ "$reason" = "synchronised to 127.0.0.1, stratum 9" ] || fail "reason text \"$reason\""
sleep 2
[ "$(get scoutNtpSyncReasonText.chrony)" = "$reason" ] || fail "the reason text changed while synchronised"
say "ok: reason text: $reason (unchanged a poll later)"

# The offset is an integer number of microseconds, and the text form is the
# same number in seconds: both present, and consistent with each other.
offset=$(get scoutNtpOffset.chrony)
text=$(get scoutNtpOffsetText.chrony)
echo "$offset" | grep -Eq '^-?[0-9]+$' || fail "scoutNtpOffset \"$offset\""
echo "$text" | grep -Eq '^[+-][0-9]+\.[0-9]{9}$' || fail "scoutNtpOffsetText \"$text\""
awk -v o="$offset" -v t="$text" 'BEGIN { d = o - t * 1e6; exit !(d < 1.5 && d > -1.5) }' ||
	fail "scoutNtpOffset $offset us disagrees with scoutNtpOffsetText $text s"
say "ok: offset $offset us, $text s"

# Last sync: a DateAndTime within a few seconds of now, as chronyc's Ref time.
last=$(get scoutNtpLastSync.chrony)
age=$(get scoutNtpLastSyncAge.chrony)
[ "$age" -le 5 ] || fail "scoutNtpLastSyncAge $age s"
ref=$(chronyc_at "$CMD_PORT" tracking | cut -d, -f4)
ref_date=$(date -u -d "@${ref%.*}" +%Y-%-m-%-d,%-H:%-M)
case "$last" in
"$ref_date"*) say "ok: scoutNtpLastSync $last agrees with chronyc's $ref_date" ;;
*)
	# a refresh may fall between the two reads: allow the next second
	now=$(date -u +%Y-%-m-%-d,%-H:%-M)
	case "$last" in "$now"*) say "ok: scoutNtpLastSync $last" ;; *) fail "scoutNtpLastSync $last, chronyc $ref_date" ;; esac
	;;
esac

# Stratum, refid, and leap exactly as chronyc reports them.
tracking=$(chronyc_at "$CMD_PORT" tracking)
[ "$(echo "$tracking" | cut -d, -f1)" = "$(get scoutNtpRefId.chrony)" ] ||
	fail "refid differs from chronyc: $tracking"
[ "$(echo "$tracking" | cut -d, -f3)" = "$(get scoutNtpStratum.chrony)" ] ||
	fail "stratum differs from chronyc: $tracking"
say "ok: agrees with chronyc tracking: $tracking"

# The walk a user would do shows both tables.
snmp snmpwalk SCOUT-NTP-MIB::scoutNtpMIB > "$T/walk.txt"
grep -q 'scoutNtpSyncStatus.chrony = INTEGER: synchronized(1)' "$T/walk.txt" ||
	fail "walk lacks the daemon row: $(cat "$T/walk.txt")"
grep -q 'scoutNtpSrcState.chrony.1 = INTEGER: selected(1)' "$T/walk.txt" ||
	fail "walk lacks the source row: $(cat "$T/walk.txt")"
# unknown values are absent, never 0: chronyd does not tell its version
! grep -q scoutNtpDaemonVersion "$T/walk.txt" || fail "scoutNtpDaemonVersion is not absent"
say "ok: walk of $(wc -l < "$T/walk.txt") objects"
