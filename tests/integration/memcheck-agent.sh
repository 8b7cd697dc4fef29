#!/bin/sh
# The agent under a memory checker through a day in its life, compressed:
# chronyd synchronised, lost and back, walks of the MIB (and of NTPv4-MIB, with
# its notifications on), an snmpd restart, a notification, SIGTERM. No memory error, and nothing definitely or
# indirectly lost. The checker is valgrind, or, for a build with
# --enable-sanitizers (which valgrind cannot run), ASan with LeakSanitizer.
. "${srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"
require_mibs

if ldd "$SCOUT_NTP_AGENT" | grep -q libasan; then
	checker=ASan
	# the sanitizers report into $T/memcheck.PID and exit 9 on any finding
	ASAN_OPTIONS=detect_leaks=1:exitcode=9:log_path=$T/memcheck
	UBSAN_OPTIONS=halt_on_error=1:exitcode=9:log_path=$T/memcheck
	export ASAN_OPTIONS UBSAN_OPTIONS
	set --
else
	require valgrind
	checker=valgrind
	set -- valgrind -q --error-exitcode=9 --leak-check=full \
	    --errors-for-leak-kinds=definite,indirect --log-file="$T/memcheck.valgrind"
fi
say "memory checker: $checker"

TRAP_PORT=$(free_port)
start_snmptrapd
start_synced_chrony "startupGrace 0
lossHoldoff 2
ntpv4Notifications all
ntpv4HeartbeatInterval 1" "$@"
for i in 1 2 3 4 5; do
	snmp snmpwalk SCOUT-NTP-MIB::scoutNtpMIB > /dev/null
	# NTPv4-MIB (RFC 5907), by number: lib.sh's clients load only ours
	snmp snmpwalk -On .1.3.6.1.2.1.197 > /dev/null
	snmp snmpbulkwalk -On .1.3.6.1.2.1.197 > /dev/null
done
stop_pid "$SERVER_PID"
expect_traps 20 scoutNtpSyncLost 1
start_chrony_server server "$NTP_PORT"
expect_within 30 scoutNtpSyncStatus.chrony synchronized
stop_snmpd
rm -f "$T/agentx.sock"
start_snmpd
wait_until 15 agent_registered || fail "the agent did not register again"
snmp snmpwalk SCOUT-NTP-MIB::scoutNtpMIB > /dev/null

kill "$AGENT_PID"
status=0
wait "$AGENT_PID" || status=$?
untrack "$AGENT_PID"
cat "$T"/memcheck.* 2>/dev/null || true
[ "$status" -eq 0 ] || fail "the agent exited $status under $checker (9: it found errors)"
for f in "$T"/memcheck.*; do
	[ ! -s "$f" ] || fail "$checker reported the above"
done
say "ok: $checker is silent"
