#!/bin/sh
# A hung master (snmpd stopped with SIGSTOP for 40 s, agentxPingInterval 1)
# does not stall the agent: after a few reconnections snmpd's listen queue is
# full and a blocking connect() would sleep until snmpd runs again; the
# agent's does not, so it keeps reading chronyd and notices, while snmpd is
# still stopped, that the chronyd it reads has gone. Once snmpd runs again the
# agent registers within seconds and its data is fresh.
. "${srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"
require_mibs

start_synced_chrony

# grep -c LINE in the agent's log, 0 when none
log_count() { grep -c "$1" "$T/agent.log" || true; }
log_has() { grep -q "$1" "$T/agent.log"; }

kill -STOP "$SNMPD_PID"
stopped=$(date +%s)
say "snmpd stopped (SIGSTOP) for 40 s"

# about 7 connections fill snmpd's queue (8 s here); from then on a blocking
# connect() would sleep in the kernel until snmpd runs again
sleep 25
kill -0 "$AGENT_PID" || fail "the agent died while snmpd was stopped"
stop_pid "$CLIENT_PID"
killed=$(date +%s)
say "killed the chronyd the agent reads, snmpd still stopped"
# the agent logs the row's change from its loop: refreshInterval 1
wait_until 5 log_has "^chronyd: not synchronised" ||
	fail "the agent's loop did not notice chronyd going within 5 s: it is stalled"
noticed=$(date +%s)
[ "$noticed" -lt $((stopped + 40)) ] || fail "noticed only after the hang was over"
say "ok: the loop runs while snmpd is stopped (noticed after $((noticed - killed)) s)"
log_has "not accepting connections (its queue is full)" ||
	fail "the agent did not say that snmpd's queue is full"
[ "$(log_count 'queue is full')" -eq 1 ] || fail "the queue-full message was logged more than once"
say "ok: one line says snmpd's queue is full"

now=$(date +%s)
[ "$now" -ge $((stopped + 40)) ] || sleep $((stopped + 40 - now))
kill -CONT "$SNMPD_PID"
resumed=$(date +%s)
say "snmpd resumed"
wait_until 10 agent_registered || fail "the agent did not register again within 10 s"
say "ok: registered again $(($(date +%s) - resumed)) s after snmpd resumed"
expect scoutNtpSyncStatus.chrony unsynchronized
state=$(get scoutNtpDaemonState.chrony)
[ "$state" != running ] || fail "scoutNtpDaemonState.chrony still says running"
age=$(get scoutNtpDataAge.0)
[ "$age" -le 2 ] || fail "scoutNtpDataAge.0 is $age s right after the hang"
say "ok: scoutNtpDataAge.0 = $age"
wait_until 10 log_has "registered with snmpd at unix:$T/agentx.sock" ||
	fail "no \"registered with snmpd\" line"
kill -0 "$AGENT_PID" || fail "the agent died"
