#!/bin/sh
# The agent reading the real NTPsec over mode 6 (src/ntpd.c; the world of
# ntpsec-lib.sh, the agent on the ntpd side): the ntpsec row is synchronised
# to the chronyd server with the values ntpq shows; the server lost is
# noReachableSources and one scoutNtpSyncLost; back, synchronised and one
# scoutNtpSyncRestored; ntpd stopped is daemonNotRunning; an ntpd whose
# restrict lines drop mode 6 is accessDenied, not "not running".
# AGENT_WRAPPER (words, e.g. valgrind and its flags) runs the agent under it.
. "${srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"
. "$srcdir/tests/integration/ntpsec-lib.sh"
require_mibs
ntpsec_require
ntpsec_start_world

TRAP_PORT=$(free_port)
start_snmptrapd
start_snmpd
# daemons ntpsec: its row stays while ntpd is down
start_agent "daemons ntpsec
startupGrace 0
lossHoldoff 2
restoreHoldoff 2" $NTPSEC_ENTER ${AGENT_WRAPPER:-}

say "synchronised: the row says what ntpq says"
expect_within 15 scoutNtpSyncStatus.ntpsec synchronized
expect scoutNtpSyncReason.ntpsec none
expect scoutNtpDaemonState.ntpsec running
expect scoutNtpActiveDaemon.0 ntpsec
expect scoutNtpDaemonsActive.0 1
expect scoutNtpHostSyncStatus.0 synchronized
expect_absent scoutNtpDaemonState.ntpd
expect scoutNtpSourceAddress.ntpsec "$NTPSEC_SERVER_ADDR"
expect scoutNtpStratum.ntpsec "$(ntpsec_rv stratum)"
expect scoutNtpLeapStatus.ntpsec normal
expect scoutNtpSourcesTotal.ntpsec 1
expect scoutNtpSrcAddress.ntpsec.1 "$NTPSEC_SERVER_ADDR"
expect scoutNtpSrcState.ntpsec.1 selected
expect scoutNtpSrcStratum.ntpsec.1 8
# seconds: ntpd polls every 2^hpoll = 2 s here
expect scoutNtpPollInterval.ntpsec 2
# ntpd's offset is in ms, source minus local; the row's in us, local minus source
offset=$(get scoutNtpOffset.ntpsec)
want=$(awk -v o="$(ntpsec_rv offset)" 'BEGIN { printf "%.0f", -o * 1000 }')
[ "$offset" -ge $((want - 1)) ] && [ "$offset" -le $((want + 1)) ] ||
	fail "scoutNtpOffset.ntpsec $offset us, ntpq says $want us"
say "ok: offset $offset us, as ntpq says"
get scoutNtpSyncReasonText.ntpsec

say "the server stops: noReachableSources, one scoutNtpSyncLost"
wait_until 30 sh -c "[ \"\$(SNMPCONFPATH=$T/snmpconf MIBS= snmpget -v2c -c public -t 2 -r 1 -OqvU 127.0.0.1:$SNMP_PORT SCOUT-NTP-MIB::scoutNtpSrcReach.ntpsec.1)\" = 255 ]" ||
	fail "reach did not fill up"
ntpsec_stop_server
stopped=$(date +%s)
expect_within 40 scoutNtpSyncReason.ntpsec noReachableSources
say "ok: after $(($(date +%s) - stopped)) s"
expect scoutNtpSyncStatus.ntpsec unsynchronized
expect scoutNtpSrcState.ntpsec.1 unreachable
expect scoutNtpLeapStatus.ntpsec normal
expect_traps 10 scoutNtpSyncLost 1

say "the server is back: synchronised, one scoutNtpSyncRestored"
ntpsec_start_server
expect_within 40 scoutNtpSyncStatus.ntpsec synchronized
expect_traps 10 scoutNtpSyncRestored 1

say "ntpd stops: daemonNotRunning"
ntpsec_stop_ntpd
expect_within 15 scoutNtpSyncReason.ntpsec daemonNotRunning
expect scoutNtpDaemonState.ntpsec stopped

say "ntpd drops mode 6 (no restrict lines): accessDenied"
NTPSEC_RESTRICT="" ntpsec_start_ntpd
expect_within 15 scoutNtpSyncReason.ntpsec accessDenied
expect scoutNtpDaemonState.ntpsec accessDenied
expect scoutNtpSyncStatus.ntpsec unknown
get scoutNtpSyncReasonText.ntpsec | grep -q "restrict 127.0.0.1" ||
	fail "the reason does not say how to fix it: $(get scoutNtpSyncReasonText.ntpsec)"
say "ok: $(get scoutNtpSyncReasonText.ntpsec)"
kill -0 "$AGENT_PID" || fail "the agent died"
