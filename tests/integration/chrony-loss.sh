#!/bin/sh
# Losing the only source: killing the server chronyd turns the client's row
# unsynchronized, with reason noReachableSources or noSelectableSource, within
# a few refresh cycles; restarting the server brings synchronized back.
. "${srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"
require_mibs

start_synced_chrony

stop_pid "$SERVER_PID"
say "killed the server chronyd"
# chronyd notices within a few polls of 1/8 s; the agent refreshes every 1 s
expect_within 10 scoutNtpSyncStatus.chrony unsynchronized
reason=$(get scoutNtpSyncReason.chrony)
case "$reason" in
noReachableSources | noSelectableSource) say "ok: reason $reason" ;;
*) fail "reason $reason, expected noReachableSources or noSelectableSource" ;;
esac
# chronyd itself keeps leap Normal and its old reference: the agent must not
expect scoutNtpLeapStatus.chrony normal
expect scoutNtpHostSyncStatus.0 unsynchronized
expect scoutNtpDaemonState.chrony running
# once the reach register is empty, the text says what to check
expect_within 10 scoutNtpSyncReason.chrony noReachableSources
text=$(get scoutNtpSyncReasonText.chrony)
case "$text" in
*"UDP port 123 may be blocked"*) say "ok: $text" ;;
*) fail "reason text \"$text\"" ;;
esac
expect scoutNtpSourcesReachable.chrony 0
expect scoutNtpSrcState.chrony.1 unreachable

start_chrony_server server "$NTP_PORT"
say "restarted the server chronyd"
expect_within 20 scoutNtpSyncStatus.chrony synchronized
expect scoutNtpSyncReason.chrony none
expect scoutNtpSrcState.chrony.1 selected
