#!/bin/sh
# The agent reading the real systemd-timesyncd (private namespaces, private
# bus; see timesyncd-lib.sh): synchronised to a chronyd server on
# 127.0.0.1:123 with the right server, offset and last sync; chrony and
# timesyncd at once are two rows, two active daemons and a conflict
# notification; losing the server turns the row unsynchronized, with a
# notification, within 2 polls + 10 s; no servers is noServersConfigured; and
# with no time daemon at all the agent still serves the kernel's view.
. "${srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"
. "$srcdir/tests/integration/timesyncd-lib.sh"
require_mibs
timesyncd_require
timesyncd_enter_namespace "$@"

# 16 s polls: the smallest timesyncd allows, so a loss shows within 42 s
TIMESYNCD_POLL_MAX=16
CMD_PORT=$(free_port)
TRAP_PORT=$(free_port)
start_chrony_server ntp 123
wait_udp_port 123
start_dbus
start_timesyncd 127.0.0.1
start_snmptrapd
start_snmpd
start_agent "startupGrace 0
lossHoldoff 2
restoreHoldoff 2"

say "timesyncd synchronised to the chronyd server"
expect_within 30 scoutNtpSyncStatus.timesyncd synchronized
expect scoutNtpDaemonName.timesyncd systemd-timesyncd
expect scoutNtpDaemonState.timesyncd running
expect scoutNtpSyncReason.timesyncd none
expect scoutNtpSourceName.timesyncd 127.0.0.1
expect scoutNtpSourceAddress.timesyncd 127.0.0.1
expect scoutNtpStratum.timesyncd 9
expect scoutNtpLeapStatus.timesyncd normal
expect scoutNtpPollInterval.timesyncd 16
expect scoutNtpActiveDaemon.0 timesyncd
expect scoutNtpDaemonsActive.0 1
expect scoutNtpHostSyncStatus.0 synchronized
expect scoutNtpSrcName.timesyncd.1 127.0.0.1
expect scoutNtpSrcState.timesyncd.1 selected
expect scoutNtpSourcesTotal.timesyncd 1
offset=$(get scoutNtpOffset.timesyncd)
echo "$offset" | grep -Eq '^-?[0-9]+$' || fail "scoutNtpOffset.timesyncd \"$offset\""
# the offset timesyncd measured, from its own NTPMessage (µs, our sign)
msg=$(timesyncd_property NTPMessage)
want=$(echo "$msg" | awk '{ printf "%.0f", (($9 - $10) + ($12 - $11)) / 2 }')
[ "$offset" -ge $((want - 1)) ] && [ "$offset" -le $((want + 1)) ] ||
	fail "scoutNtpOffset.timesyncd $offset us, NTPMessage says $want us ($msg)"
say "ok: offset $offset us, as NTPMessage says"
last=$(get scoutNtpLastSync.timesyncd)
synced=$(date -u -r /run/systemd/timesync/synchronized +%Y-%-m-%-d,%-H:%-M:%-S)
case "$last" in "$synced"*) say "ok: last sync $last" ;; *) fail "scoutNtpLastSync $last, file says $synced" ;; esac
expect_absent scoutNtpLastOffset.timesyncd
expect_absent scoutNtpSrcReach.timesyncd.1

say "chronyd and timesyncd at once: a conflict"
start_chrony_client client "$CMD_PORT" 123
stop_agent
start_agent "startupGrace 0
lossHoldoff 2
chronyAddress udp:127.0.0.1:$CMD_PORT"
expect_within 20 scoutNtpDaemonsActive.0 2
expect scoutNtpDaemonState.chrony running
expect scoutNtpDaemonState.timesyncd running
expect_traps 10 scoutNtpDaemonConflict 1
grep scoutNtpDaemonConflict "$T/traps.log" | grep -q "scoutNtpDaemonsActive.0 2" ||
	fail "the conflict notification does not say 2 daemons"
stop_pid "$CLIENT_PID"
expect_within 10 scoutNtpDaemonsActive.0 1
stop_agent
start_agent "startupGrace 0
lossHoldoff 2
restoreHoldoff 2"
expect_within 30 scoutNtpSyncStatus.timesyncd synchronized

say "the server goes away: lost within 2 polls + 10 s"
stop_pid "$SERVER_PID"
lost_at=$(date +%s)
expect_within 60 scoutNtpSyncStatus.timesyncd unsynchronized
took=$(($(date +%s) - lost_at))
expect scoutNtpSyncReason.timesyncd noReachableSources
[ "$took" -le 45 ] || fail "noticed after $took s, more than 2 x 16 s + 10 s + a refresh"
say "ok: noticed after $took s: $(get scoutNtpSyncReasonText.timesyncd)"
expect scoutNtpSrcState.timesyncd.1 unreachable
expect_traps 10 scoutNtpSyncLost 1
grep "scoutNtpSyncLost" "$T/traps.log" | grep -q "scoutNtpDaemonName.timesyncd systemd-timesyncd" ||
	fail "scoutNtpSyncLost is not about timesyncd"

say "and back"
start_chrony_server ntp 123
wait_udp_port 123
# timesyncd retries on its own schedule, up to a minute
expect_within 90 scoutNtpSyncStatus.timesyncd synchronized
expect_traps 10 scoutNtpSyncRestored 1

say "no servers configured"
stop_timesyncd
start_timesyncd
expect_within 15 scoutNtpSyncReason.timesyncd noServersConfigured
expect scoutNtpSyncStatus.timesyncd unsynchronized
expect scoutNtpSourcesTotal.timesyncd 0
text=$(get scoutNtpSyncReasonText.timesyncd)
case "$text" in *"NTP="*) say "ok: $text" ;; *) fail "reason text \"$text\"" ;; esac

say "no time daemon at all"
stop_timesyncd
stop_pid "$SERVER_PID"
expect_within 15 scoutNtpDaemonsActive.0 0
expect scoutNtpActiveDaemon.0 none
expect scoutNtpHostSyncStatus.0 unsynchronized
get scoutNtpKernelMaxError.0 | grep -Eq '^[0-9]+$' || fail "no kernel scalars"
kill -0 "$AGENT_PID" || fail "the agent died"
say "ok: the agent runs on, and serves the kernel's view"
grep -q "no time daemon runs on this host" "$T/agent.log" || fail "the agent did not say no daemon runs"
say "ok: $(grep 'no time daemon' "$T/agent.log" | tail -n 1)"
