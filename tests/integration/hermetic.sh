#!/bin/sh
# The tests are hermetic: a time daemon of the host never shows in what the
# agent under test reports. Simulated here by a root process named "ntpd"
# (a copy of sleep: its comm is "ntpd"), started on the host before lib.sh
# moves the test into its own PID namespace, and a system bus address of the
# host's that the agent must not use. The agent then reports the test's
# chronyd alone: one active daemon, chrony, no ntpd row, no conflict.
if [ -z "${SCOUT_TEST_PIDNS:-}" ]; then
	fake_dir=$(mktemp -d "${TMPDIR:-/tmp}/scout-hostntpd.XXXXXX")
	cp /bin/sleep "$fake_dir/ntpd"
	"$fake_dir/ntpd" 300 &
	FAKE_NTPD=$!
	trap 'kill $FAKE_NTPD 2>/dev/null; rm -rf "$fake_dir"' EXIT
	i=0
	until [ "$(cat /proc/$FAKE_NTPD/comm 2>/dev/null)" = ntpd ]; do
		i=$((i + 1))
		[ $i -lt 50 ] || { echo "hermetic.sh: FAIL: the fake host ntpd did not start"; exit 1; }
		sleep 0.1
	done
	echo "hermetic.sh: a fake ntpd runs on the host as pid $FAKE_NTPD, user $(ps -o user= -p $FAKE_NTPD)"
fi
. "${srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"
require_mibs

[ "$SCOUT_TEST_PIDNS" != none ] || fail "lib.sh made no PID namespace"
for p in /proc/[0-9]*; do
	[ "$(cat "$p/comm" 2>/dev/null)" != ntpd ] || fail "the host's ntpd is visible in the test: ${p#/proc/}"
done
say "ok: the host's ntpd is not in this test's /proc"

start_snmptrapd
start_synced_chrony "startupGrace 0"
expect scoutNtpDaemonsActive.0 1
expect scoutNtpActiveDaemon.0 chrony
expect_absent scoutNtpDaemonName.ntpd
# a conflict would be sent at the first refresh that saw two daemons
sleep 3
[ "$(traps scoutNtpDaemonConflict)" -eq 0 ] || fail "a scoutNtpDaemonConflict was sent"
[ "$(traps scoutNtpSyncLost)" -eq 0 ] || fail "a scoutNtpSyncLost was sent"
! grep -q '^ntpd' "$T/agent.log" || fail "the agent logged an ntpd row: $(grep '^ntpd' "$T/agent.log")"
say "ok: only the test's chronyd: no ntpd row, no conflict, no loss"
