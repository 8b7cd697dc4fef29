#!/bin/sh
# snmpd restarts: the agent notices, reconnects and registers again on its
# own, every time, and a hung master (SIGSTOP) does not kill it.
. "${srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"
require_mibs

start_synced_chrony

for round in 1 2 3; do
	stop_snmpd
	rm -f "$T/agentx.sock"
	say "round $round: snmpd stopped"
	sleep 1.5
	start_snmpd
	# agentxPingInterval 1: the agent retries every second
	wait_until 10 agent_registered || fail "round $round: the agent did not register again"
	expect scoutNtpSyncStatus.chrony synchronized
done
kill -0 "$AGENT_PID" || fail "the agent died"
[ "$(grep -c 'subagent connected' "$T/agent.log")" -ge 4 ] ||
	fail "expected 4 connections in the agent log"

say "snmpd hung for 3 s (SIGSTOP), then resumed"
kill -STOP "$SNMPD_PID"
sleep 3
kill -CONT "$SNMPD_PID"
wait_until 15 agent_registered || fail "the agent did not come back after the master hung"
kill -0 "$AGENT_PID" || fail "the agent died while the master was hung"
expect scoutNtpSyncStatus.chrony synchronized
