#!/bin/sh
# The agent under valgrind through a day in its life, compressed: chronyd
# synchronised, lost and back, walks of the MIB, an snmpd restart, a
# notification, SIGTERM. No memory error, and nothing definitely or
# indirectly lost.
. "${srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"
require_mibs
require valgrind

TRAP_PORT=$(free_port)
start_snmptrapd
start_synced_chrony "startupGrace 0
lossHoldoff 2" valgrind -q --error-exitcode=9 --leak-check=full \
    --errors-for-leak-kinds=definite,indirect --log-file="$T/valgrind.log"
for i in 1 2 3 4 5; do
	snmp snmpwalk SCOUT-NTP-MIB::scoutNtpMIB > /dev/null
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
cat "$T/valgrind.log"
[ "$status" -eq 0 ] || fail "the agent exited $status under valgrind (9: valgrind found errors)"
[ ! -s "$T/valgrind.log" ] || fail "valgrind reported the above"
say "ok: valgrind is silent"
