#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The real OpenNTPD 6.2p3 of Debian 12 (unpacked, never installed), in a
# private network namespace, without CAP_SYS_TIME, LD_PRELOADed with the
# adjtime shim (adjustments report success, change nothing; see
# adjtime-shim.c), synchronised to a chronyd -x server in a second namespace
# (openntpd-lib.sh). What a user checks:
#   - synchronised: the openntpd row says so, and agrees with `ntpctl -s all`
#     (stratum, peer address, peer stratum, offset, peers valid/total)
#   - the server killed: OpenNTPD gets ICMP port unreachable, goes into its
#     error back-off and still says "1/1 peers valid, clock synced"; the row
#     says noReachableSources at the first failed query, while ntpctl still
#     says synced (the agent sees the loss sooner than OpenNTPD does)
#   - OpenNTPD stopped: daemonNotRunning
# It takes as long as OpenNTPD needs to call itself synced (2-6 min).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/openntpd-lib.sh"

openntpd_require
require_mibs
require snmpget
start_snmpd
openntpd_start_world
start_agent "daemons openntpd" $OPENNTPD_ENTER

# before OpenNTPD trusts its peer the row is not synchronised
reason=$(get scoutNtpSyncReason.openntpd)
case "$reason" in
noReachableSources | noSelectableSource) say "ok: before sync the reason is $reason" ;;
*) fail "before sync the reason is \"$reason\" ($(openntpd_ctl -s status))" ;;
esac
expect scoutNtpSyncStatus.openntpd unsynchronized

began=$(date +%s)
wait_until 480 openntpd_synced || fail "OpenNTPD did not sync within 480 s: $(openntpd_ctl -s all)"
say "OpenNTPD synced after $(($(date +%s) - began)) s"
expect_within 10 scoutNtpSyncStatus.openntpd synchronized
expect scoutNtpSyncReason.openntpd none
expect scoutNtpDaemonState.openntpd running
expect scoutNtpSourceAddress.openntpd "$OPENNTPD_SERVER_ADDR"
expect scoutNtpSrcAddress.openntpd.1 "$OPENNTPD_SERVER_ADDR"
expect scoutNtpSrcState.openntpd.1 selected
expect scoutNtpSourcesTotal.openntpd 1
expect scoutNtpSourcesReachable.openntpd 1
expect scoutNtpLeapStatus.openntpd normal
# OpenNTPD tells no root delay, dispersion or reference id: absent, not 0
expect_absent scoutNtpRootDelay.openntpd
expect_absent scoutNtpRootDispersion.openntpd
expect_absent scoutNtpRefId.openntpd

# agree with ntpctl -s all, read before and after the MIB and unchanged
# between (the peer's figures move at each of its replies; "next" counts
# down every second, so it is left out)
ctl_all() { openntpd_ctl -s all | awk '/^ \*/ { $5 = "-" } { print }'; }
agree() {
	before=$(ctl_all)
	stratum=$(get scoutNtpStratum.openntpd)
	src_stratum=$(get scoutNtpSrcStratum.openntpd.1)
	src_offset=$(get scoutNtpSrcOffset.openntpd.1)
	offset=$(get scoutNtpOffset.openntpd)
	after=$(ctl_all)
	# wait_until hides the output: keep the last try for the failure
	exec 4> "$T/agree.log"
	printf 'before:\n%s\nafter:\n%s\nMIB: stratum %s, peer stratum %s, peer offset %s, offset %s\n' \
	    "$before" "$after" "$stratum" "$src_stratum" "$src_offset" "$offset" >&4
	[ "$before" = "$after" ] || return 1
	echo "$before" > "$T/ntpctl-all"
	want_stratum=$(sed -n 's/.*clock synced, stratum \([0-9]*\).*/\1/p' "$T/ntpctl-all")
	# the peer line: "* wt tl st - poll offset delay jitter"
	want_src_stratum=$(awk '/^ *\* / { print $4 }' "$T/ntpctl-all")
	want_ms=$(awk '/^ *\* / { sub("ms", "", $7); print $7 }' "$T/ntpctl-all")
	# ntpctl: ms, 3 decimals, positive when the peer is ahead; the MIB: us,
	# positive when the local clock is ahead
	want_us=$(echo "$want_ms" | awk '{ printf "%d", -$1 * 1000 + ($1 > 0 ? -0.5 : 0.5) }')
	echo "ntpctl: stratum $want_stratum, peer stratum $want_src_stratum, offset $want_ms ms -> $want_us us" >&4
	[ "$stratum" = "$want_stratum" ] && [ "$src_stratum" = "$want_src_stratum" ] &&
	    [ $((src_offset - want_us)) -le 1 ] && [ $((want_us - src_offset)) -le 1 ] &&
	    [ "$offset" = "$src_offset" ]
}
wait_until 30 agree || fail "the row does not agree with ntpctl -s all: $(cat "$T/agree.log")"
say "ok: the row agrees with ntpctl -s all: $(tail -2 "$T/agree.log" | tr '\n' ' ')"

# the server killed: the next query meets ICMP port unreachable
poll=$(openntpd_ctl -s peers | awk '/^ \*/ { sub("s", "", $6); print $6 }')
openntpd_stop_server
killed=$(date +%s)
expect_within $((poll + 20)) scoutNtpSyncReason.openntpd noReachableSources
seen=$(($(date +%s) - killed))
status=$(openntpd_ctl -s status)
say "the agent saw the loss after $seen s (poll $poll s); ntpctl then: $status"
case "$status" in
*"1/1 peers valid"*"clock synced"*) say "ok: OpenNTPD itself still counts its peer valid and synced" ;;
*) fail "OpenNTPD itself already says \"$status\": the agent was not sooner" ;;
esac
expect scoutNtpSourcesReachable.openntpd 0
expect scoutNtpSrcState.openntpd.1 unreachable
text=$(get scoutNtpSyncReasonText.openntpd)
case "$text" in *ICMP*) say "ok: the reason says why: $text" ;; *) fail "reason text: $text" ;; esac

openntpd_stop_ntpd
expect_within 10 scoutNtpSyncReason.openntpd daemonNotRunning
expect scoutNtpDaemonState.openntpd stopped
say "PASS"
