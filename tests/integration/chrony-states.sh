#!/bin/sh
# What the daemon row says when chronyd is not synchronised for the common
# reasons: a client whose server port is dead, a chronyd that is not running,
# a chronyd that serves only its local clock, and a chronyd that is hung.
. "${srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"
require_mibs

DEAD_PORT=$(free_port)
SERVER_NTP=$(free_port)
SERVER_CMD=$(free_port)
CLIENT_CMD=$(free_port)
NOBODY_CMD=$(free_port)
start_snmpd

say "a client pointed at a dead port: never synchronised"
start_chrony_client client "$CLIENT_CMD" "$DEAD_PORT"
start_agent "chronyAddress udp:127.0.0.1:$CLIENT_CMD"
expect_within 10 scoutNtpSyncReason.chrony noReachableSources
expect scoutNtpSyncStatus.chrony unsynchronized
expect scoutNtpDaemonState.chrony running
expect scoutNtpSourcesTotal.chrony 1
expect scoutNtpSourcesReachable.chrony 0
expect scoutNtpSrcState.chrony.1 unreachable
# chronyd knows nothing yet: no reference, no stratum, no last sync
expect_absent scoutNtpRefId.chrony
expect_absent scoutNtpStratum.chrony
expect_absent scoutNtpLastSync.chrony
expect_absent scoutNtpSrcLastRxAge.chrony.1
expect scoutNtpLeapStatus.chrony unsynchronised
stop_agent

say "a chronyd in local mode, with no sources"
start_chrony_server server "$SERVER_NTP" "$SERVER_CMD"
start_agent "chronyAddress udp:127.0.0.1:$SERVER_CMD"
expect_within 10 scoutNtpSyncReason.chrony localClockOnly
expect scoutNtpSyncStatus.chrony unsynchronized
expect scoutNtpRefId.chrony 7F7F0101
expect scoutNtpStratum.chrony 8
expect scoutNtpSourcesTotal.chrony 0
expect_absent scoutNtpSourceAddress.chrony
text=$(get scoutNtpSyncReasonText.chrony)
case "$text" in *"local stratum 8"*) say "ok: $text" ;; *) fail "reason text \"$text\"" ;; esac

say "the same chronyd hung (SIGSTOP): the agent still answers at once"
kill -STOP "$SERVER_PID"
expect_within 10 scoutNtpDaemonState.chrony unreachable
expect scoutNtpSyncReason.chrony daemonNotRunning
# every request during the hang is answered, none times out (-t 1 -r 0)
for i in 1 2 3 4 5 6 7 8 9 10; do
	SNMPCONFPATH=$T/snmpconf MIBS= snmpget -v2c -c public -t 1 -r 0 -OqvU \
	    "127.0.0.1:$SNMP_PORT" SCOUT-NTP-MIB::scoutNtpSyncStatus.chrony > "$T/get.out" 2>&1 ||
		fail "a GET timed out while chronyd was hung: $(cat "$T/get.out")"
	sleep 0.2
done
say "ok: 10 GETs answered while chronyd was hung"
# a hung chronyd is there: the row says it does not answer, and the agent
# does not claim that no time daemon runs
! grep -q "no time daemon runs" "$T/agent.log" ||
	fail "a hung chronyd was logged as no time daemon at all"
grep -q "chronyd does not answer" "$T/agent.log" ||
	fail "the agent did not log that chronyd does not answer"
say "ok: logged as not answering, not as absent"
kill -CONT "$SERVER_PID"
expect_within 10 scoutNtpDaemonState.chrony running
stop_pid "$SERVER_PID"

say "no chronyd at all on the configured address"
expect_within 10 scoutNtpDaemonState.chrony stopped
expect scoutNtpSyncStatus.chrony unsynchronized
expect scoutNtpSyncReason.chrony daemonNotRunning
expect scoutNtpActiveDaemon.0 none
expect scoutNtpDaemonsActive.0 0
expect scoutNtpHostSyncStatus.0 unsynchronized
text=$(get scoutNtpSyncReasonText.chrony)
case "$text" in
*"not running"*"udp:127.0.0.1:$SERVER_CMD"*) say "ok: $text" ;;
*) fail "reason text \"$text\"" ;;
esac
# nothing known, nothing invented
expect_absent scoutNtpOffset.chrony
expect_absent scoutNtpSourcesTotal.chrony

say "the kernel's view is served whatever the daemons do"
maxerror=$(get scoutNtpKernelMaxError.0)
synced=$(get scoutNtpKernelSynced.0)
echo "$maxerror" | grep -Eq '^[0-9]+$' || fail "scoutNtpKernelMaxError \"$maxerror\""
if [ "$maxerror" -lt 16000000 ]; then want=true; else want=false; fi
[ "$synced" = "$want" ] || fail "scoutNtpKernelSynced $synced with maxerror $maxerror us"
get scoutNtpKernelStatus.0 | grep -Eq '^[0-9]+$' || fail "scoutNtpKernelStatus"
say "ok: kernel maxerror $maxerror us, synced $synced"
